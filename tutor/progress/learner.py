"""A learner's handle on the progress store: the one way the CLI and the app read and write a
learner's answers, schedules and chat.

A ``Learner`` is built once per learner (name validated once, store opened once) and every
call on it is keyed by that name, so one learner never reads another's rows.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Any, Literal

from tutor.course.bank import load_bank
from tutor.course.grades import Grade
from tutor.course.items import QuizItem
from tutor.exceptions import QuizError
from tutor.models import Answer, ChatTurn
from tutor.progress.export import render_history
from tutor.progress.factory import open_progress_store
from tutor.progress.learner_model import LearnerModel, load_learner_model
from tutor.progress.mastery import LearnerProgress
from tutor.progress.names import validate_learner_name
from tutor.progress.personal import personal_scheduler
from tutor.progress.recall import CardTopics
from tutor.progress.records import AttemptRecord, ChatMessage, ItemState, utc_now
from tutor.progress.scheduling import review
from tutor.progress.store import ProgressStore
from tutor.settings import Settings, get_settings


class Learner:
    """One learner's progress: answers, FSRS review schedules, mastery and chat history.

    ``store`` is the progress store to use (the app keeps one open per process); without it
    the data directory's store is opened and closed with the handle (``with Learner(...)``).
    """

    def __init__(
        self,
        name: str,
        *,
        store: ProgressStore | None = None,
        settings: Settings | None = None,
        card_topics: CardTopics | None = None,
    ):
        self.settings = settings or get_settings()
        # Which module and objective each flashcard belongs to (the deck is course content):
        # with it, progress counts flashcard reviews exactly as the Progress page does.
        self.card_topics: CardTopics = card_topics or {}
        self.name = validate_learner_name(name)
        self._owns_store = store is None
        self.store = store if store is not None else open_progress_store(self.settings)

    # --- lifetime --------------------------------------------------------------------------
    def close(self) -> None:
        """Close the store if this handle opened it."""
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> Learner:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def register(self) -> str:
        """Record the learner before any activity, so they are listed; returns the valid name."""
        self.store.ensure_learner(self.name)
        return self.name

    # --- answers ---------------------------------------------------------------------------
    def record_answer(
        self,
        quiz_id: str,
        item: QuizItem,
        response: Any,
        grade: Grade,
        *,
        now: datetime | None = None,
        elapsed_ms: int | None = None,
    ) -> bool:
        """Store one graded answer and schedule the item's next review (FSRS), atomically.

        Returns False when this learner already answered this item in this quiz (the first
        answer stands; a resubmission is neither counted nor rescheduled twice).
        """
        if grade.item_id != item.id:
            raise QuizError(
                f"The grade is for item {grade.item_id}, not {item.id}.", "Grade the item that was answered."
            )
        when = now or utc_now()
        graded = {"score": grade.score, "grader": grade.grader, "answered_at": when, "elapsed_ms": elapsed_ms}
        attempt = AttemptRecord.answer_to(item, self.name, quiz_id, response, grade.correct, **graded)
        # The learner's own FSRS weights once fitted (read before the write transaction).
        mine = personal_scheduler(self.name, self.settings)
        return self.store.record_attempt(
            attempt, item, lambda card_json: review(card_json, grade.score, when, mine)
        )

    def attempts(self, module: int | None = None) -> list[AttemptRecord]:
        """Every answer of the learner (to ``module``, if given), oldest first."""
        return self.store.attempts(self.name, module)

    def progress(self, *, now: datetime | None = None) -> LearnerProgress:
        """Per-module answered count, accuracy (all and recent), predicted recall, mastery,
        objective coverage, weak objectives, due reviews and chat questions, plus an overall
        summary: the learner model's own figures, so every page and command agrees."""
        return self.model(now=now).progress

    def model(self, *, now: datetime | None = None, refit: bool = False) -> LearnerModel:
        """Everything the learner model knows: progress with predicted recall, what is due,
        and how reviews are scheduled (refitting personal parameters if ``refit`` and due)."""
        return load_learner_model(
            self.name,
            store=self.store,
            settings=self.settings,
            now=now,
            card_topics=self.card_topics,
            refit=refit,
        )

    def due_states(self, module: int | None = None, *, now: datetime | None = None) -> list[ItemState]:
        """Schedules of the items due for review at ``now``, most overdue first."""
        return self.store.due_states(self.name, now or utc_now(), module)

    def due_items(self, module: int | None = None, *, now: datetime | None = None) -> list[QuizItem]:
        """The items due for review now, most overdue first. Items are read from the store
        (where every answered item is kept), else from the bank."""
        states = self.due_states(module, now=now)
        stored = self.store.get_items([s.item_id for s in states])
        bank = {i.id: i for i in load_bank(settings=self.settings)}
        # A bank item may have been corrected since it was answered: the bank's copy wins.
        found = (bank.get(s.item_id) or stored.get(s.item_id) for s in states)
        return [item for item in found if item is not None]

    def export(self, fmt: Literal["csv", "json"] = "csv") -> str:
        """Every answer as CSV, or answers plus the progress summary as JSON."""
        return render_history(fmt, self.name, self.attempts(), self.progress())

    # --- chat ------------------------------------------------------------------------------
    def chat(self, limit: int = 50) -> list[ChatMessage]:
        """The last ``limit`` stored chat messages, oldest first."""
        return self.store.load_chat(self.name, limit)

    def history(self, limit: int = 20) -> list[ChatTurn]:
        """The last ``limit`` chat messages as the answer chain reads a conversation."""
        return [m.turn() for m in self.chat(limit) if m.role in ("user", "assistant")]

    def remember_exchange(self, question: str, answer: Answer) -> None:
        """Keep one question and its answer (with citations) in the history, and count the
        question toward the module's progress."""
        self.store.save_chat_turn(self.name, "user", question, None)
        self.store.save_chat_turn(self.name, "assistant", answer.answer, answer.model_dump_json())
        self.store.record_chat_question(self.name, answer.module)

    def clear_chat(self) -> int:
        """Delete the chat history (progress is kept); returns the number of messages deleted."""
        return self.store.clear_chat(self.name)


def list_learners(*, store: ProgressStore | None = None, settings: Settings | None = None) -> list[str]:
    """Every learner with stored progress or chat, sorted by name."""
    if store is not None:
        return store.list_learners()
    opened = open_progress_store(settings or get_settings())
    try:
        return opened.list_learners()
    finally:
        opened.close()
