"""Options a course lays out in a "Choosing ..." table: "Which SageMaker inference option fits a
nightly scoring job?" is answered by the option whose row of the table names the learner's need,
read from that option's own section.

The deployment options are subsections of one section, not services of their own, so the
which-service chooser (``tutor.answer.service_choice``) cannot pick them; the course's own table
of needs and options can.
"""

from __future__ import annotations

import re

from tutor.answer.section_reading import own_section
from tutor.models import Chunk, Passage
from tutor.text import content_terms

_WHICH_OPTION = r"\b(which|what|what's|whats|what is) (the )?(sagemaker |aws )?(option|way)\b"
OPTION_ASKED_RE = re.compile(
    r"\b(inference|deployment|hosting|serving|prediction)s? (option|choice|method|approach)s?\b|"
    r"\bway (of|to) (get|getting|serve|serving|host|hosting|deploy|deploying) (predictions|(the|my|a|our) model)\b|"
    # "Which SageMaker option avoids paying for an always-on endpoint?"
    rf"{_WHICH_OPTION}(?=[^?]*\b(endpoints?|predictions?|scor\w*|inference|hosting|serving)\b)|"
    # the need told first: "I need to score all members once a week ... What's the SageMaker option?"
    rf"\b(scor\w*|predictions?|inference)\b[\s\S]*{_WHICH_OPTION}",
    re.I,
)
_CHOOSING_RE = re.compile(r"^choos\w*\b.*\boptions?\b", re.I)
_MIN_MET = 2
"""Words of the task a row's need must share: one ("need") is every row's."""


def _rows(chunk: Chunk) -> list[tuple[str, str]]:
    """(need, option) for each row of a two-column table in the chunk, without its header."""
    rows = []
    for line in chunk.text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and all(cells) and not set(cells[0]) <= set("-: "):
            rows.append((cells[0], cells[1]))
    return rows[1:]  # the first row names the columns


def option_answer(question: str, library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """The own section of the option whose need shares most words with the question (at least
    ``_MIN_MET``); [] when the question asks for no option or no row meets it."""
    if not OPTION_ASKED_RE.search(question):
        return []
    terms = set(content_terms(question))
    rows = [
        (need, option)
        for chunk in library
        if chunk.section_path and _CHOOSING_RE.search(chunk.section_path[-1])
        for need, option in _rows(chunk)
    ]
    best: tuple[int, str] | None = None
    for need, option in rows:
        met = _met(terms, set(content_terms(need)))
        if met >= _MIN_MET and (best is None or met > best[0]):
            best = (met, option)
    if best is None:
        best = _by_own_sections(terms, rows, library)
    return own_section(best[1], library, limit) if best else []


def _met(asked: set[str], said: set[str]) -> int:
    """Words asked that a row says, in one form or a longer one ("night" of "nightly"): not just
    the same first letters ("internal" app is no "interactive" app)."""
    return sum(
        any(a == w or (min(len(a), len(w)) >= 4 and (a.startswith(w) or w.startswith(a))) for w in said)
        for a in asked
    )


def _by_own_sections(
    asked: set[str], rows: list[tuple[str, str]], library: list[Chunk]
) -> tuple[int, str] | None:
    """ "Churn scores for every customer once per night, nobody needs an instant answer": no
    row's need says it in the learner's words, but one option's own section ("nightly", "whole
    dataset") says more of them than any other's, by ``_MIN_MET`` words."""
    said = []
    for need, option in rows:
        text = " ".join([need, *(s for _, s in own_section(option, library, 50))])
        words = set(content_terms(text))
        said.append((_met(asked, words), option, words))
    if len(said) < 2:
        return None
    # the words every option says ("model", "endpoint") tell none apart
    shared = set.intersection(*(w for _, _, w in said))
    scored = sorted(((_met(asked, w - shared), o) for _, o, w in said), reverse=True)
    (first, option), (second, _) = scored[0], scored[1]
    return (first, option) if first - second >= _MIN_MET else None
