"""Public progress functions the CLI and the app call. Each takes the store as ``progress=``
(the app keeps one open) or opens the data directory's store for the call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal

from tutor.exceptions import QuizError
from tutor.progress.export import render_history
from tutor.progress.mastery import LearnerProgress, compute_progress
from tutor.progress.names import validate_learner_name
from tutor.progress.records import AttemptRecord, ChatTurn, ItemState, utc_now
from tutor.progress.scheduling import review
from tutor.progress.store import ProgressStore, open_progress_store
from tutor.quiz.bank import load_bank
from tutor.quiz.grading import Grade
from tutor.quiz.items import QuizItem
from tutor.quiz.objectives import module_objectives, module_titles
from tutor.settings import Settings, get_settings


@contextmanager
def using_store(settings: Settings | None, progress: ProgressStore | None) -> Iterator[ProgressStore]:
    """The store passed in (left open), or the data directory's store (closed afterwards)."""
    if progress is not None:
        yield progress
        return
    store = open_progress_store(settings or get_settings())
    try:
        yield store
    finally:
        store.close()


def record_answer(
    learner: str,
    quiz_id: str,
    item: QuizItem,
    response: Any,
    grade: Grade,
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
    now: datetime | None = None,
) -> bool:
    """Store one graded answer and schedule the item's next review (FSRS), atomically.

    Returns False when this learner already answered this item in this quiz (the first
    answer stands; a resubmission is neither counted nor rescheduled twice).
    """
    name = validate_learner_name(learner)
    if grade.item_id != item.id:
        raise QuizError(
            f"The grade is for item {grade.item_id}, not {item.id}.", "Grade the item that was answered."
        )
    when = now or utc_now()
    attempt = AttemptRecord(
        learner=name,
        quiz_id=quiz_id,
        item_id=item.id,
        module=item.module,
        objective=item.objective,
        item_type=item.type.value,
        origin=item.origin,
        response=response,
        correct=grade.correct,
        score=grade.score,
        grader=grade.grader,
        answered_at=when,
    )
    with using_store(settings, progress) as store:
        return store.record_attempt(attempt, item, lambda card_json: review(card_json, grade.score, when))


def get_progress(
    learner: str,
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
    now: datetime | None = None,
) -> LearnerProgress:
    """Per-module answered count, accuracy (all and recent), mastery, objective coverage,
    weak objectives, due reviews and chat questions, plus an overall summary."""
    settings = settings or get_settings()
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        attempts = store.attempts(name)
        states = store.item_states(name)
        chats = store.chat_question_counts(name)
    return compute_progress(
        name, attempts, states, chats, module_objectives(settings), module_titles(settings), settings, now
    )


def due_states(
    learner: str,
    module: int | None = None,
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
    now: datetime | None = None,
) -> list[ItemState]:
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        return store.due_states(name, now or utc_now(), module)


def due_items(
    learner: str,
    module: int | None = None,
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
    now: datetime | None = None,
) -> list[QuizItem]:
    """The learner's items due for review now, most overdue first. Items are read from the
    store (where every answered item is kept), else from the bank."""
    settings = settings or get_settings()
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        states = store.due_states(name, now or utc_now(), module)
        stored = store.get_items([s.item_id for s in states])
    bank = {i.id: i for i in load_bank(settings=settings)}
    out = []
    for s in states:
        # A bank item may have been corrected since it was answered: the bank's copy wins.
        item = bank.get(s.item_id) or stored.get(s.item_id)
        if item is not None:
            out.append(item)
    return out


def learner_attempts(
    learner: str,
    module: int | None = None,
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
) -> list[AttemptRecord]:
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        return store.attempts(name, module)


def export_history(
    learner: str,
    fmt: Literal["csv", "json"] = "csv",
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
) -> str:
    """The learner's every answer as CSV, or answers plus progress summary as JSON."""
    settings = settings or get_settings()
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        attempts = store.attempts(name)
        summary = get_progress(name, settings=settings, progress=store)
    return render_history(fmt, name, attempts, summary)


def list_learners(*, settings: Settings | None = None, progress: ProgressStore | None = None) -> list[str]:
    """Every learner with stored progress or chat, sorted by name."""
    with using_store(settings, progress) as store:
        return store.list_learners()


# --------------------------------------------------------------------------- chat


def save_chat_turn(
    learner: str,
    role: str,
    content: str,
    meta_json: str | None = None,
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
) -> int:
    """Append one chat message to the learner's history; returns its id."""
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        return store.save_chat_turn(name, role, content, meta_json)


def load_chat(
    learner: str, limit: int = 50, *, settings: Settings | None = None, progress: ProgressStore | None = None
) -> list[ChatTurn]:
    """The learner's last ``limit`` chat messages, oldest first."""
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        return store.load_chat(name, limit)


def clear_chat(
    learner: str, *, settings: Settings | None = None, progress: ProgressStore | None = None
) -> int:
    """Delete the learner's chat history (progress is kept); returns messages deleted."""
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        return store.clear_chat(name)


def record_chat_question(
    learner: str,
    module: int | None,
    *,
    settings: Settings | None = None,
    progress: ProgressStore | None = None,
) -> None:
    """Count one chat question about ``module`` (None: not tied to a module) for progress."""
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        store.record_chat_question(name, module)


def add_learner(
    learner: str, *, settings: Settings | None = None, progress: ProgressStore | None = None
) -> str:
    """Register a learner before any activity, so they are listed; returns the valid name."""
    name = validate_learner_name(learner)
    with using_store(settings, progress) as store:
        store.ensure_learner(name)
    return name
