"""The reply when the course does not answer a question: plain, with no citations, naming what
the course never mentions, and offering the nearest topics it does cover."""

from __future__ import annotations

from tutor.answer.coverage import Coverage
from tutor.models import Chunk, Passage

NOT_COVERED = "The course material doesn't cover that, so I can't answer it from the course."
IN_ENGLISH = "The course is written in English and I couldn't find this in it; please ask again in English."
MAX_TOPICS = 3


def nearest_topics(passages: list[Passage], limit: int = MAX_TOPICS, floor: float = 0.0) -> list[str]:
    """Section names of the closest passages, closest first, one per section; passages less
    similar than ``floor`` to the question are not offered (they are not near it)."""
    ranked = sorted(
        (p for p in passages if (p.similarity or 0.0) >= floor), key=lambda p: -(p.similarity or 0.0)
    )
    seen: list[str] = []
    sections: set[tuple[str, ...]] = set()
    for p in ranked:
        key = (p.source, *p.section_path[:2])
        label = p.section_path[-1] if p.section_path else p.title
        if p.module is not None and not label.startswith("Module "):
            label = f"{label} (Module {p.module})"
        if key in sections or label in seen:
            continue
        sections.add(key)
        seen.append(label)
    return seen[:limit]


def course_modules(chunks: list[Chunk]) -> list[str]:
    """'Module 1: SageMaker Foundations', ... : what the course covers, when nothing is near."""
    titles = {c.module: c.title for c in chunks if c.module is not None}
    return [f"Module {m}: {titles[m]}" for m in sorted(titles)]


_VENDOR_SPELLING = {"amazon": "Amazon", "aws": "AWS", "sagemaker": "SageMaker"}


def _as_written(name: str) -> str:
    """ "amazon rekognition" as "Amazon rekognition": the vendor as it is spelt, the rest as the
    learner wrote it, so the sentence does not open in lower case."""
    first, _, rest = name.partition(" ")
    return " ".join(w for w in (_VENDOR_SPELLING.get(first, first), rest) if w)


def _and(names: list[str]) -> str:
    names = [_as_written(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def decline_text(coverage: Coverage, topics: list[str], near: bool = True) -> str:
    """``near``: the topics are close to the question; otherwise they are the course's modules."""
    offer = ("the closest topics are: " if near else "the course covers: ") + "; ".join(topics)
    if coverage.reason == "unknown_name" and coverage.names:
        verb = "is" if len(coverage.names) == 1 else "are"
        head = f"{_and(coverage.names)} {verb} not covered in this course"
        text = f"{head}; {offer}." if topics else f"{head}."
        return f"{text} The course is written in English." if coverage.foreign else text
    if coverage.foreign:
        return IN_ENGLISH
    if coverage.reason == "no_detail":
        head = f"The course does not give {coverage.detail} for this, so I can't answer it from the course"
        return f"{head}; {offer}." if topics else f"{head}."
    if not topics:
        return NOT_COVERED
    return NOT_COVERED + (
        f" Nearby topics the course does cover: {'; '.join(topics)}."
        if near
        else f" The course covers: {'; '.join(topics)}."
    )


def unlisted_topics(reply: str, topics: list[str]) -> list[str]:
    """The offered topics the reply does not already name: a page that shows the topics beside
    the reply shows only these, so no topic is listed twice."""
    return [t for t in topics if t not in reply]
