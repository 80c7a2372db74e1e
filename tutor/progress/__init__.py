"""Learner progress: answers, per-item FSRS review schedules, per-module mastery, chat history.

Stored in SQLite under the data directory (``settings.progress_db``) behind the
``ProgressStore`` interface. Callers hold a ``Learner`` (one validated name on one store).
"""

from tutor.progress.factory import open_progress_store
from tutor.progress.learner import Learner, list_learners
from tutor.progress.mastery import LearnerProgress, ModuleProgress, ObjectiveProgress, OverallProgress
from tutor.progress.names import DEFAULT_LEARNER, learner_or_default, validate_learner_name
from tutor.progress.records import AttemptRecord, ChatMessage, ItemState
from tutor.progress.store import ProgressStore

__all__ = [
    "DEFAULT_LEARNER",
    "AttemptRecord",
    "ChatMessage",
    "ItemState",
    "Learner",
    "LearnerProgress",
    "ModuleProgress",
    "ObjectiveProgress",
    "OverallProgress",
    "ProgressStore",
    "learner_or_default",
    "list_learners",
    "open_progress_store",
    "validate_learner_name",
]
