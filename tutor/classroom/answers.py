"""The class's answers, read from the progress store, in the shape the teacher views need.

Crosses learners (``all_attempts``): for teacher views only, never on a learner's behalf.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from tutor.course.bank import load_bank
from tutor.course.items import QuizItem
from tutor.progress.factory import open_progress_store
from tutor.progress.records import AttemptRecord
from tutor.progress.store import ProgressStore
from tutor.settings import Settings


class ItemResponse(BaseModel):
    """One learner's answer to one item: what item statistics are computed from."""

    learner: str
    item_id: str
    module: int
    objective: str
    item_type: str
    origin: str = "bank"
    response: Any = Field(description="The learner's response, in the item type's response shape.")
    correct: bool
    score: float = Field(ge=0, le=1)
    elapsed_ms: int | None = Field(default=None, description="Time to answer, when the app recorded it.")
    answered_at: datetime
    order: int = Field(default=0, description="The store's row id: breaks ties of equal timestamps.")

    @classmethod
    def from_attempt(cls, a: AttemptRecord) -> ItemResponse:
        return cls(
            learner=a.learner,
            item_id=a.item_id,
            module=a.module,
            objective=a.objective,
            item_type=a.item_type,
            origin=a.origin,
            response=a.response,
            correct=a.correct,
            score=a.score,
            elapsed_ms=a.elapsed_ms,
            answered_at=a.answered_at,
            order=a.id or 0,
        )


def class_attempts(
    store: ProgressStore, module: int | None = None, learners: list[str] | None = None
) -> list[AttemptRecord]:
    """Every stored answer (of ``learners`` if given, of one module if given), oldest first."""
    if learners is None:
        out = store.all_attempts(module)  # one query across learners: teacher views only
    else:
        out = [a for learner in learners for a in store.attempts(learner, module)]
    return sorted(out, key=lambda a: (a.answered_at, a.id or 0))


def class_responses(
    store: ProgressStore, module: int | None = None, learners: list[str] | None = None
) -> list[ItemResponse]:
    return [ItemResponse.from_attempt(a) for a in class_attempts(store, module, learners)]


def item_catalogue(store: ProgressStore, item_ids: list[str], settings: Settings) -> dict[str, QuizItem]:
    """The items behind ``item_ids``: the bank's current copy first, else the copy the store
    kept when the item was answered (generated items live only there)."""
    bank = {i.id: i for i in load_bank(settings=settings)}
    missing = [i for i in dict.fromkeys(item_ids) if i not in bank]
    stored = store.get_items(missing) if missing else {}
    return {i: bank.get(i) or stored[i] for i in dict.fromkeys(item_ids) if i in bank or i in stored}


@contextmanager
def store_for(settings: Settings, store: ProgressStore | None) -> Iterator[ProgressStore]:
    """The store passed in (left open), or the data directory's store (closed afterwards)."""
    if store is not None:
        yield store
        return
    own = open_progress_store(settings)
    try:
        yield own
    finally:
        own.close()
