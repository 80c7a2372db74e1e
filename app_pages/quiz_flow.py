"""The quiz in progress, shared by the Quiz and Progress pages: kept server-side per learner
(``tutor.quiz.in_progress``), so a reload or a page change never loses the learner's place.

The browser keeps nothing but the learner's name in the URL; the quiz, the question shown
and the answers given live in the data directory until the learner leaves or finishes.
"""

from __future__ import annotations

import random

from app_pages import common, resources
from tutor.classroom.withhold import quiz_gate
from tutor.course.items import QuizItem
from tutor.quiz import Quiz, build_quiz, shuffle_options
from tutor.quiz.in_progress import QuizInProgress, QuizSessions
from tutor.quiz.session import Reason


def quiz_sessions() -> QuizSessions:
    """Quizzes in progress, kept in the process-wide progress store."""
    return QuizSessions(resources.progress_store())


def load(learner: str) -> QuizInProgress | None:
    return quiz_sessions().load(learner)


def save(state: QuizInProgress) -> None:
    quiz_sessions().save(state)


def clear(learner: str) -> None:
    quiz_sessions().clear(learner)


def _recent_accuracy(learner: str) -> dict[str, float | None]:
    progress = common.learner_handle(learner).progress()
    return {str(m.module): m.recent_accuracy for m in progress.modules}


def begin(learner: str, quiz: Quiz) -> QuizInProgress:
    """Keep ``quiz`` as the learner's quiz in progress, at its first question."""
    state = QuizInProgress(learner=learner, quiz=quiz, before=_recent_accuracy(learner))
    save(state)
    return state


def start(learner: str, module: int | None, count: int, *, review_only: bool) -> QuizInProgress | None:
    """Build a quiz (or a review of the due items) and keep it; None when nothing is due.
    Raises TutorError (shown by the caller)."""
    model, _ = resources.chat_model()
    who = common.learner_handle(learner)
    quiz = build_quiz(
        module,
        count,
        who,
        review_only=review_only,
        retriever=resources.retriever(),
        llm=model,
        item_gate=quiz_gate(who.store, module, who.settings),
    )
    return begin(learner, quiz) if quiz.items else None


def retry_mistakes(state: QuizInProgress) -> QuizInProgress | None:
    """A new quiz of exactly the items the learner missed, options shuffled again."""
    missed: list[QuizItem] = state.missed()
    if not missed:
        return None
    rng = random.Random()
    reasons: dict[str, Reason] = {i.id: "wrong" for i in missed}
    quiz = state.quiz.model_copy(
        update={
            "id": f"{state.quiz.id[:16]}-retry-{rng.getrandbits(32):08x}",
            "items": [shuffle_options(i, rng) for i in missed],
            "reasons": reasons,
            "notices": [],
        }
    )
    return begin(state.learner, quiz)
