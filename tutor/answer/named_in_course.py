"""Which course names a question uses, and the passages that name them.

Meaning-based retrieval can miss a passage that names the asked thing in one line of a list
("Elastic Fabric Adapter") or a hyphenated term that is no heading ("training-serving skew"): the
named thing must be found in what is used to answer.
"""

from __future__ import annotations

import re

from tutor.answer.asked_of_name import name_pattern
from tutor.answer.vocabulary import VENDORS, CourseVocabulary, chunks_saying, name_runs, vocabulary
from tutor.models import Chunk, Passage
from tutor.text import normalize


def course_names_in(question: str, vocab: CourseVocabulary) -> list[str]:
    """Course names the question uses ("Clarify", "Data Wrangler"), for the together check."""
    found = []
    for run, _ in name_runs(question):
        own = " ".join(w for w in run.split() if w.lower() not in VENDORS)
        if own and vocab.mentions(own) and own.lower() not in {"ml", "ai"}:
            found.append(own)
    return found


def names_in(name: str, text: str) -> bool:
    """The text names it, singular or plural ("a SageMaker job" is named by "processing jobs")."""
    return name_pattern(name).search(normalize(text)) is not None


_HYPHENATED_RE = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b", re.I)
_RARE_TERM_PASSAGES = 3
"""A hyphenated term the course writes in this many passages or fewer is one of its own terms."""


def rare_course_terms(question: str, chunks: list[Chunk]) -> list[str]:
    """ "training-serving skew meaning": hyphenated terms of the question the course writes in a
    few passages, which a search by meaning can miss when the term is no heading ("real-time" is
    written everywhere and names nothing in particular)."""
    found = dict.fromkeys(t.lower() for t in _HYPHENATED_RE.findall(question))
    return [t for t in found if 1 <= len(chunks_saying(t, chunks)) <= _RARE_TERM_PASSAGES]


def named_passages(question: str, passages: list[Passage], chunks: list[Chunk]) -> list[Passage]:
    """``passages``, led by a course passage for each course name of two or more words the
    question uses that no retrieved passage names ("Elastic Fabric Adapter" is in one line of a
    list that meaning-based retrieval can miss): the named thing must be found in what is used."""
    vocab = vocabulary(chunks)
    extra: list[Passage] = []
    for name in [*course_names_in(question, vocab), *rare_course_terms(question, chunks)]:
        if len(name.split()) < 2 and "-" not in name:
            continue
        if any(names_in(name, f"{p.section_label} {p.text}") for p in passages):
            continue
        chunk = next((c for c in chunks if names_in(name, f"{c.section_label} {c.text}")), None)
        if chunk is not None and all(p.id != chunk.id for p in extra):
            extra.append(Passage(**chunk.model_dump(), score=0.0))
    return [*extra, *passages]
