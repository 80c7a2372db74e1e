"""What the learner model needs from the progress store: answers, item schedules and
flashcard review state and history (the SQL store implements all of it; tests may use a fake)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from tutor.course.items import QuizItem
from tutor.progress.records import AttemptRecord, CardReview, CardState, ItemState
from tutor.progress.store import Schedule


class LearnerModelStore(Protocol):
    """The store methods the learner model reads and writes."""

    def attempts(self, learner: str, module: int | None = None) -> list[AttemptRecord]: ...

    def item_states(self, learner: str, module: int | None = None) -> list[ItemState]: ...

    def due_states(self, learner: str, now: datetime, module: int | None = None) -> list[ItemState]: ...

    def get_items(self, ids: list[str]) -> dict[str, QuizItem]: ...

    def chat_question_counts(self, learner: str) -> dict[int | None, int]: ...

    def card_states(self, learner: str) -> list[CardState]:
        """The learner's flashcard schedules (one per reviewed card)."""
        ...

    def card_reviews(self, learner: str, card_id: str | None = None) -> list[CardReview]:
        """The learner's flashcard reviews, oldest first."""
        ...

    def record_card_review(
        self, learner: str, card_id: str, schedule: Schedule, reviewed_at: datetime | None = None
    ) -> CardState:
        """Store one review and the card's new schedule in one transaction; ``schedule`` maps
        the card's current FSRS JSON (None for a new card) to (new JSON, due, rating)."""
        ...

    def close(self) -> None: ...
