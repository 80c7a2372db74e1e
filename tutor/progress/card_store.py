"""What the learner model needs from the progress store beyond answers: flashcard review
state and history, and a learner's fitted FSRS parameters.

The SQL store implements these next to its other methods; tests use an in-memory fake.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, Field

from tutor.progress.records import AttemptRecord, CardReviewRecord, CardState, ItemState
from tutor.progress.store import Schedule


class SchedulerParams(BaseModel):
    """FSRS parameters fitted to one learner's review history."""

    learner: str
    parameters: list[float] = Field(description="The 21 FSRS weights.")
    reviews: int = Field(description="Reviews the fit used.")
    log_loss_default: float = Field(description="Log loss of the default parameters on that history.")
    log_loss_fitted: float = Field(description="Log loss of the fitted parameters on that history.")
    fitted_at: datetime


class LearnerModelStore(Protocol):
    """The store methods the learner model reads and writes."""

    def attempts(self, learner: str, module: int | None = None) -> list[AttemptRecord]: ...

    def item_states(self, learner: str, module: int | None = None) -> list[ItemState]: ...

    def due_states(self, learner: str, now: datetime, module: int | None = None) -> list[ItemState]: ...

    def chat_question_counts(self, learner: str) -> dict[int | None, int]: ...

    def card_states(self, learner: str, module: int | None = None) -> list[CardState]:
        """The learner's flashcard states (one per reviewed card)."""
        ...

    def card_reviews(self, learner: str, module: int | None = None) -> list[CardReviewRecord]:
        """Every flashcard review of the learner, oldest first."""
        ...

    def record_card_review(self, review: CardReviewRecord, schedule: Schedule) -> CardState:
        """Store the review and the card's new FSRS state in one transaction; ``schedule``
        maps the card's current JSON (None for a new card) to (new JSON, due, rating)."""
        ...

    def scheduler_params(self, learner: str) -> SchedulerParams | None: ...

    def save_scheduler_params(self, params: SchedulerParams) -> None: ...

    def close(self) -> None: ...
