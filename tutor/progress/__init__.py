"""Learner progress: answers, per-item FSRS review schedules, per-module mastery, chat history.

Stored in SQLite under the data directory (``settings.progress_db``) behind the
``ProgressStore`` interface.
"""

from tutor.progress.api import (
    add_learner,
    clear_chat,
    due_items,
    due_states,
    export_history,
    get_progress,
    learner_attempts,
    list_learners,
    load_chat,
    record_answer,
    record_chat_question,
    save_chat_turn,
    using_store,
)
from tutor.progress.mastery import LearnerProgress, ModuleProgress, ObjectiveProgress, OverallProgress
from tutor.progress.names import DEFAULT_LEARNER, learner_or_default, validate_learner_name
from tutor.progress.records import AttemptRecord, ChatTurn, ItemState
from tutor.progress.store import ProgressStore, open_progress_store

__all__ = [
    "DEFAULT_LEARNER",
    "AttemptRecord",
    "ChatTurn",
    "ItemState",
    "LearnerProgress",
    "ModuleProgress",
    "ObjectiveProgress",
    "OverallProgress",
    "ProgressStore",
    "add_learner",
    "clear_chat",
    "due_items",
    "due_states",
    "export_history",
    "get_progress",
    "learner_attempts",
    "learner_or_default",
    "list_learners",
    "load_chat",
    "open_progress_store",
    "record_answer",
    "record_chat_question",
    "save_chat_turn",
    "using_store",
    "validate_learner_name",
]
