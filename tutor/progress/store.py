"""The progress store interface. ``sql_store.SQLProgressStore`` implements it on SQLAlchemy
for SQLite (personal mode) and PostgreSQL (a class); callers never see SQL.
``factory.open_progress_store`` chooses the database from the settings."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from tutor.course.items import QuizItem
from tutor.progress.records import (
    AttemptRecord,
    CardReview,
    CardState,
    ChatMessage,
    ItemReview,
    ItemState,
    SavedQuizSession,
    Schedule,
)

__all__ = ["ProgressStore", "Schedule"]


class ProgressStore(Protocol):
    """Everything the tutor keeps about learners. Every method is keyed by learner name, so
    one learner never sees another's data."""

    # --- learners and items ------------------------------------------------------------
    def ensure_learner(self, learner: str) -> None: ...

    def list_learners(self) -> list[str]: ...

    def save_items(self, items: list[QuizItem]) -> None:
        """Keep items (generated ones especially) so they can be reviewed later."""
        ...

    def get_items(self, ids: list[str]) -> dict[str, QuizItem]: ...

    # --- answers and scheduling --------------------------------------------------------
    def record_attempt(self, attempt: AttemptRecord, item: QuizItem, schedule: Schedule) -> bool:
        """Store the attempt, the item and the item's new schedule in one transaction.

        Returns False (and changes nothing) if this learner already answered this item in
        this quiz, so a resubmitted answer is not counted twice.
        """
        ...

    def attempts(self, learner: str, module: int | None = None) -> list[AttemptRecord]:
        """Every attempt of the learner, oldest first."""
        ...

    def item_states(self, learner: str, module: int | None = None) -> list[ItemState]: ...

    def due_states(self, learner: str, now: datetime, module: int | None = None) -> list[ItemState]:
        """Item states whose review is due at ``now``, most overdue first."""
        ...

    # --- chat ----------------------------------------------------------------------------
    def save_chat_turn(self, learner: str, role: str, content: str, meta_json: str | None = None) -> int: ...

    def load_chat(self, learner: str, limit: int = 50) -> list[ChatMessage]:
        """The learner's last ``limit`` chat turns, oldest first."""
        ...

    def clear_chat(self, learner: str) -> int: ...

    def record_chat_question(self, learner: str, module: int | None) -> None: ...

    def chat_question_counts(self, learner: str) -> dict[int | None, int]: ...

    # --- the in-progress quiz (one per learner) -----------------------------------------
    def save_quiz_session(self, learner: str, payload_json: str) -> None:
        """Keep the learner's in-progress quiz (JSON text), replacing the one kept before."""
        ...

    def load_quiz_session(self, learner: str) -> SavedQuizSession | None: ...

    def clear_quiz_session(self, learner: str) -> bool:
        """Forget the saved quiz; True if there was one."""
        ...

    # --- flashcards ----------------------------------------------------------------------
    def record_card_review(
        self, learner: str, card_id: str, schedule: Schedule, reviewed_at: datetime | None = None
    ) -> CardState:
        """Store one review (the rating ``schedule`` returns) and the card's new schedule in
        one transaction; ``schedule`` gets the card's current JSON (None for a new card)."""
        ...

    def card_states(self, learner: str) -> list[CardState]:
        """The learner's flashcard schedules, soonest due first."""
        ...

    def due_cards(self, learner: str, now: datetime) -> list[CardState]:
        """Flashcards due at ``now``, most overdue first."""
        ...

    def card_reviews(self, learner: str, card_id: str | None = None) -> list[CardReview]:
        """The learner's flashcard reviews (of one card, if given), oldest first."""
        ...

    # --- the teacher's item review queue (not per learner) -------------------------------
    def set_item_review(self, review: ItemReview) -> None:
        """Add an item to the queue or record a decision about it (replaces the last)."""
        ...

    def get_item_review(self, item_id: str) -> ItemReview | None: ...

    def list_item_reviews(self, status: str | None = None) -> list[ItemReview]:
        """Reviews (with one status, if given), by item id."""
        ...

    # --- teacher statistics ---------------------------------------------------------------
    def all_attempts(self, module: int | None = None) -> list[AttemptRecord]:
        """Every learner's attempts, oldest first. Crosses learners: call it only for a
        teacher (class statistics), never on a learner's behalf."""
        ...

    # --- housekeeping --------------------------------------------------------------------
    def applied_migrations(self) -> list[str]: ...

    def integrity_check(self) -> str:
        """'ok' when the database is sound."""
        ...

    def close(self) -> None: ...
