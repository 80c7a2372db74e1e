"""The gradebook: per learner and module, mastery, accuracy, answers and last activity.

Mastery and accuracy come from ``tutor.progress.mastery.compute_progress``, the same function
the learner's own progress page uses, so the teacher and the learner never see different
figures.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from pydantic import BaseModel, Field

from tutor.course.objectives import module_titles
from tutor.progress.learner import Learner
from tutor.progress.mastery import LearnerProgress
from tutor.progress.records import utc_now
from tutor.progress.store import ProgressStore
from tutor.settings import Settings


class GradebookRow(BaseModel):
    learner: str
    module: int
    title: str
    mastered: bool
    accuracy: float | None = Field(description="Mean score over every answer of the module.")
    recent_accuracy: float | None = Field(description="Mean score over the recent window mastery uses.")
    answers: int
    objectives_covered: int
    objectives_total: int
    last_activity: datetime | None = Field(description="Last answer in the module.")


_FROM_MODULE = {
    "module",
    "title",
    "mastered",
    "accuracy",
    "recent_accuracy",
    "objectives_covered",
    "objectives_total",
}
"""The row's fields a learner's ModuleProgress has under the same name."""


class Gradebook(BaseModel):
    learners: list[str]
    modules: dict[int, str] = Field(description="Module number -> title.")
    rows: list[GradebookRow]
    mastery_threshold: float
    generated_at: datetime = Field(default_factory=utc_now)


CSV_COLUMNS = [
    "learner",
    "module",
    "module_title",
    "mastered",
    "accuracy",
    "recent_accuracy",
    "answers",
    "objectives_covered",
    "objectives_total",
    "last_activity",
]


def learner_progress(
    store: ProgressStore, learner: str, settings: Settings, now: datetime | None = None
) -> LearnerProgress:
    """One learner's progress, computed exactly as their own progress page computes it."""
    return Learner(learner, store=store, settings=settings).progress(now=now)


def build_gradebook(progress: list[LearnerProgress], settings: Settings) -> Gradebook:
    rows: list[GradebookRow] = []
    modules: dict[int, str] = dict(sorted(module_titles(settings).items()))
    for p in sorted(progress, key=lambda p: p.learner.lower()):
        for m in p.modules:
            modules.setdefault(m.module, m.title)
            same = m.model_dump(include=_FROM_MODULE)
            rows.append(
                GradebookRow(**same, learner=p.learner, answers=m.answered, last_activity=m.last_answered)
            )
    return Gradebook(
        learners=[p.learner for p in sorted(progress, key=lambda p: p.learner.lower())],
        modules=dict(sorted(modules.items())),
        rows=rows,
        mastery_threshold=settings.mastery_threshold,
    )


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a quote mark stops that."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def gradebook_csv(book: Gradebook) -> str:
    """One row per learner and module; empty cells where there is nothing to measure."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in book.rows:
        writer.writerow(
            [
                _csv_safe(r.learner),
                r.module,
                _csv_safe(r.title),
                int(r.mastered),
                _ratio(r.accuracy),
                _ratio(r.recent_accuracy),
                r.answers,
                r.objectives_covered,
                r.objectives_total,
                r.last_activity.isoformat() if r.last_activity else "",
            ]
        )
    return buffer.getvalue()
