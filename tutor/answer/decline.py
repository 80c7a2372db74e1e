"""The reply when the course does not answer a question: plain, with no citations, naming what
the course never mentions, and offering the nearest topics it does cover."""

from __future__ import annotations

from tutor.answer.coverage import Coverage
from tutor.models import Passage

NOT_COVERED = "The course material doesn't cover that, so I can't answer it from the course."
IN_ENGLISH = "The course is written in English and I couldn't find this in it; please ask again in English."
MAX_TOPICS = 3


def nearest_topics(passages: list[Passage], limit: int = MAX_TOPICS) -> list[str]:
    """Section names of the closest passages, closest first, one per section."""
    ranked = sorted(passages, key=lambda p: -(p.similarity or 0.0))
    seen: list[str] = []
    sections: set[tuple[str, ...]] = set()
    for p in ranked:
        key = (p.source, *p.section_path[:2])
        label = p.section_path[-1] if p.section_path else p.title
        if p.module is not None:
            label = f"{label} (Module {p.module})"
        if key in sections or label in seen:
            continue
        sections.add(key)
        seen.append(label)
    return seen[:limit]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def decline_text(coverage: Coverage, topics: list[str]) -> str:
    if coverage.reason == "unknown_name" and coverage.names:
        verb = "is" if len(coverage.names) == 1 else "are"
        head = f"{_and(coverage.names)} {verb} not covered in this course"
        text = f"{head}; the closest topics are: {'; '.join(topics)}." if topics else f"{head}."
        return f"{text} The course is written in English." if coverage.foreign else text
    if coverage.foreign:
        return IN_ENGLISH
    return NOT_COVERED + (f" Nearby topics the course does cover: {'; '.join(topics)}." if topics else "")
