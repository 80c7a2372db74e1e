"""Questions about a name the vendor changed: "wait, did AWS rename SageMaker? what's it called
now?" The course says so in a sentence of its own ("at the end of 2024 AWS renamed the machine
learning service described in this course to Amazon SageMaker AI"), which shares few words with
the way learners ask ("rename" is not the stemmer's "renamed"), so retrieval by meaning or by
words rarely brings it first.
"""

from __future__ import annotations

import re

from tutor.answer.per_library import per_library
from tutor.answer.question_words import focus_terms
from tutor.answer.shapes import as_passage
from tutor.index.sentence_vectors import quotable_sentences
from tutor.models import Chunk, Passage
from tutor.text import content_terms

RENAME_ASKED_RE = re.compile(
    r"\b(renam\w*|rebrand\w*|new name|name change[ds]?|chang(e|ed|ing) (its|the) name|"
    # "what's it called now?" asks for a new name; "a doc sheet for a model - what's it called?" for a name
    r"called now|(what'?s|whats|what is) it called these days)\b",
    re.I,
)
_RENAMED_RE = re.compile(r"\brenamed\b", re.I)
# "... renamed the machine learning service ... to Amazon SageMaker AI": the new name, vendor aside
_RENAMED_TO_RE = re.compile(r"\brenamed\b[^.;]*?\bto (?:Amazon |AWS )?(?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*)*)")
_SAME_ASKED_RE = re.compile(r"\b(same|diff|different|difference|confus\w*)\b", re.I)
# the words of the asking, not of what was renamed
_ASKING = frozenset(
    {"renam", "rebra", "name", "new", "calle", "sagem", "amazo", "aws", "now", "slide", "someth"}
)


@per_library
def _renaming_sentences(library: list[Chunk]) -> list[tuple[Chunk, str]]:
    """The course's sentences that say something was renamed, read once per library."""
    return [(c, s) for c in library for _, s in quotable_sentences(c.text) if _RENAMED_RE.search(s)]


@per_library
def _new_names(library: list[Chunk]) -> list[re.Pattern[str]]:
    """The names things were renamed to ("sagemaker ai"), each as a pattern, read once per library."""
    names = {
        m.group("name").lower() for _, s in _renaming_sentences(library) for m in _RENAMED_TO_RE.finditer(s)
    }
    return [re.compile(rf"\b{re.escape(n)}\b", re.I) for n in sorted(names)]


def renaming_answer(question: str, library: list[Chunk]) -> list[tuple[Passage, str]]:
    """The course's sentence on the renaming the question asks about: the one that shares most
    of the question's other words ("Studio Classic" for "is Studio Classic renamed?"), else the
    earliest in the course, where the course speaks of itself; [] for other questions."""
    said = _renaming_sentences(library)
    if not said:
        return []
    # a renaming asked, or the new name asked whether it is the same ("is sagemaker ai a diff thing
    # from sagemaker??")
    if not RENAME_ASKED_RE.search(question) and not (
        _SAME_ASKED_RE.search(question) and any(n.search(question) for n in _new_names(library))
    ):
        return []
    asked = {t[:5] for t in focus_terms(question)} - _ASKING

    def rank(x: tuple[Chunk, str]) -> tuple[int, int, str, int]:
        chunk, sentence = x
        shared = len(asked & {t[:5] for t in content_terms(sentence)})
        return (-shared, chunk.module if chunk.module is not None else 99, chunk.source, chunk.position)

    chunk, sentence = min(said, key=rank)
    return [(as_passage(chunk), sentence)]
