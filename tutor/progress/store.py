"""The progress store interface. SQLite implements it today (``sqlite_store``); another SQL
database can follow by implementing the same methods (the callers never see SQL).
``factory.open_progress_store`` chooses the implementation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from tutor.course.items import QuizItem
from tutor.progress.records import AttemptRecord, ChatMessage, ItemState

Schedule = Callable[[str | None], tuple[str, datetime, int]]
"""Given the item's current FSRS card as JSON (None for a new item), return (new card JSON,
due date, rating). Called inside the store's write transaction so read-modify-write of the
card cannot race another process answering the same item."""


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

    # --- housekeeping --------------------------------------------------------------------
    def applied_migrations(self) -> list[str]: ...

    def integrity_check(self) -> str:
        """'ok' when the database is sound."""
        ...

    def close(self) -> None: ...
