"""A learner's history as CSV (one row per answer) or JSON (answers plus the progress summary)."""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from tutor.exceptions import ProgressStoreError
from tutor.progress.mastery import LearnerProgress
from tutor.progress.records import AttemptRecord

CSV_COLUMNS = [
    "answered_at",
    "learner",
    "quiz_id",
    "module",
    "objective",
    "item_id",
    "item_type",
    "origin",
    "correct",
    "score",
    "grader",
    "rating",
    "response",
]


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a quote mark stops that."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def history_csv(attempts: list[AttemptRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in attempts:
        writer.writerow(
            [
                a.answered_at.isoformat(),
                _csv_safe(a.learner),
                a.quiz_id,
                a.module,
                a.objective,
                a.item_id,
                a.item_type,
                a.origin,
                int(a.correct),
                f"{a.score:.4g}",
                a.grader or "",
                a.rating if a.rating is not None else "",
                _csv_safe(json.dumps(a.response, ensure_ascii=False)),
            ]
        )
    return buffer.getvalue()


def history_json(learner: str, attempts: list[AttemptRecord], progress: LearnerProgress) -> str:
    return json.dumps(
        {
            "learner": learner,
            "progress": progress.model_dump(mode="json"),
            "attempts": [a.model_dump(mode="json") for a in attempts],
        },
        indent=2,
        ensure_ascii=False,
    )


def render_history(
    fmt: Literal["csv", "json"] | str, learner: str, attempts: list[AttemptRecord], progress: LearnerProgress
) -> str:
    if fmt == "csv":
        return history_csv(attempts)
    if fmt == "json":
        return history_json(learner, attempts, progress)
    raise ProgressStoreError(f"Unknown export format {fmt!r}.", "Use 'csv' or 'json'.")
