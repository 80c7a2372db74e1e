"""A learner's word for a glossary term, written as the course writes it.

The course's glossary (``glossary`` in corpus/course.yaml) lists the other words people use for
its terms: "batch inference" for batch transform, "auto-labelling" for automated data labelling.
A keyword search cannot find a word the course never writes, and the coverage decision counts it
as a stranger; the course's own term finds the passage that answers. Only a variant the course
text never writes is replaced, and only by a term it does write: "ML" stays "ML".
"""

from __future__ import annotations

import functools
import re

from tutor.answer.vocabulary import CourseVocabulary
from tutor.course.data import GlossaryEntry

_SHORT = 2
"""An abbreviation this short is one only in capitals."""


@functools.lru_cache(maxsize=8)
def _replacements(
    glossary: tuple[tuple[str, tuple[str, ...]], ...], vocab: CourseVocabulary
) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One pattern for every variant to replace (longest first) and the term of each, built once
    per glossary and course."""
    term_of = {
        v.lower(): term for term, vs in glossary if vocab.mentions(term) for v in vs if not vocab.mentions(v)
    }
    if not term_of:
        return None
    variants = sorted(term_of, key=len, reverse=True)
    # a two-letter abbreviation only in capitals: "GT", "MM", not "gt" or "mm" (millimetres)
    written = {v.lower(): v for _, vs in glossary for v in vs}
    alternatives = "|".join(
        f"(?-i:{re.escape(written[v])})" if len(v) <= _SHORT and written[v].isupper() else re.escape(v)
        for v in variants
    )
    pattern = re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])", re.I)
    return pattern, term_of


def in_course_terms(question: str, glossary: list[GlossaryEntry], vocab: CourseVocabulary) -> str:
    """``question`` with each glossary variant the course never writes replaced by its term."""
    found = _replacements(tuple((e.term, tuple(e.variants)) for e in glossary), vocab)
    if found is None:
        return question
    pattern, term_of = found
    return pattern.sub(lambda m: _as_written_at(term_of[m.group(1).lower()], m.start() == 0), question)


def _as_written_at(term: str, first: bool) -> str:
    """A term in sentence case ("Automated data labelling") in lower case after the question's
    first word, where a capital would join it to the name before ("GT automated data labeling":
    "Ground Truth automated data labelling", not the name "Ground Truth Automated")."""
    if first or not term[:1].isupper() or any(c.isupper() for c in term[1:]):
        return term
    return term[0].lower() + term[1:]
