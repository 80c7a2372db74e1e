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

OPTION_ASKED_RE = re.compile(
    r"\b(inference|deployment|hosting|serving|prediction)s? (option|choice|method|approach)s?\b|"
    r"\bway (of|to) (get|getting|serve|serving) predictions\b",
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
    asked = {t[:5] for t in content_terms(question)}
    best: tuple[int, str] | None = None
    for chunk in library:
        if not chunk.section_path or not _CHOOSING_RE.search(chunk.section_path[-1]):
            continue
        for need, option in _rows(chunk):
            met = len(asked & {t[:5] for t in content_terms(need)})
            if met >= _MIN_MET and (best is None or met > best[0]):
                best = (met, option)
    return own_section(best[1], library, limit) if best else []
