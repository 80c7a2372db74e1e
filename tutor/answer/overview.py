"""Overview answers: a section that announces its parts is answered with those parts.

"The SageMaker course assumes four kinds of background knowledge." is the best sentence for
"what do I need to know before I start?", but on its own it only says that four kinds exist.
When the best sentence's passage names a count that matches the number of its subsections
("four" and four subsections), or points at "the subsections below", the answer goes on with
the opening sentence of each subsection, each cited to its own passage.
"""

from __future__ import annotations

import re

from tutor.models import Chunk, Passage
from tutor.sentence_vectors import quotable_sentences

MAX_PARTS = 6
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT_RE = re.compile(r"\b(" + "|".join(_COUNTS) + r")\b", re.I)
_POINTS_BELOW_RE = re.compile(r"\b(subsections|sections) below\b", re.I)


def subsection_openings(section: Passage, library: list[Chunk]) -> list[tuple[Passage, str]]:
    """(first passage, opening sentence) of each subsection ``section`` announces, in reading
    order; empty when it announces none."""
    depth = len(section.section_path)
    counts = {_COUNTS[m.lower()] for m in _COUNT_RE.findall(section.text)}
    points_below = bool(_POINTS_BELOW_RE.search(section.text))
    if depth == 0 or not (counts or points_below):
        return []  # announces nothing: no need to look through the library
    children = sorted(
        (
            c
            for c in library
            if c.source_path == section.source_path
            and len(c.section_path) == depth + 1
            and c.section_path[:depth] == section.section_path
        ),
        key=lambda c: (c.page or 0, c.start),
    )
    first: dict[str, Chunk] = {}
    for chunk in children:
        first.setdefault(chunk.section_path[-1], chunk)
    announced = len(first) in counts or points_below
    if not announced or not 2 <= len(first) <= MAX_PARTS:
        return []
    openings = []
    for chunk in first.values():
        sentences = quotable_sentences(chunk.text)
        if sentences:
            passage = Passage(**chunk.model_dump(), score=0.0)
            openings.append((passage, sentences[0][1]))
    return openings
