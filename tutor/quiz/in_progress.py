"""A learner's quiz in progress, kept server-side so a reload, a page change or a new browser
tab finds the learner where they were: which quiz, which question, what they answered.

``QuizSessions`` keeps it in the progress store (the ``quiz_sessions`` table), written in one
transaction, so a crash mid-write never leaves half a quiz.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError

from tutor.course.grades import Grade
from tutor.course.items import QuizItem
from tutor.progress.names import validate_learner_name
from tutor.progress.store import ProgressStore
from tutor.quiz.session import Quiz


class AnsweredItem(BaseModel):
    response: Any = Field(description="What the learner answered, in the item type's response shape.")
    grade: Grade


class QuizInProgress(BaseModel):
    """Everything the quiz page needs to carry on where the learner left off."""

    learner: str
    quiz: Quiz
    index: int = Field(default=0, ge=0, description="The question shown; len(items) means the results.")
    answers: dict[str, AnsweredItem] = Field(default_factory=dict, description="Item id -> answer and grade.")
    before: dict[str, float | None] = Field(
        default_factory=dict, description="Module (as text) -> recent accuracy when the quiz started."
    )

    @property
    def finished(self) -> bool:
        return self.index >= len(self.quiz.items)

    def missed(self) -> list[QuizItem]:
        """The items answered not fully right, in quiz order."""
        return [i for i in self.quiz.items if i.id in self.answers and not self.answers[i.id].grade.correct]


class QuizSessions:
    """Quizzes in progress, one per learner, kept in the progress store beside the learner's
    answers: every app process (and every tab) sees the same one, and it survives restarts.
    A saved quiz that cannot be read any more (an older format) counts as no quiz."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def load(self, learner: str) -> QuizInProgress | None:
        name = validate_learner_name(learner)
        saved = self.store.load_quiz_session(name)
        if saved is None:
            return None
        try:
            state = QuizInProgress.model_validate_json(saved.payload_json)
        except ValidationError:
            return None
        return state if state.learner == name else None

    def save(self, state: QuizInProgress) -> None:
        self.store.save_quiz_session(validate_learner_name(state.learner), state.model_dump_json())

    def clear(self, learner: str) -> None:
        self.store.clear_quiz_session(validate_learner_name(learner))
