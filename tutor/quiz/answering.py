"""Answering an item: grade it, then record the grade in the learner's progress. The one path
the app and the CLI both take, so an answer is never graded one way and recorded another."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.course.grades import Grade
from tutor.course.items import QuizItem
from tutor.progress.learner import Learner
from tutor.quiz.grading import grade_answer

if TYPE_CHECKING:  # LangChain and the embedder load only when a short answer needs them
    from langchain_core.language_models import BaseChatModel

    from tutor.embeddings import Embedder


def answer_item(
    learner: Learner,
    quiz_id: str,
    item: QuizItem,
    response: Any,
    *,
    llm: BaseChatModel | None = None,
    embedder: Embedder | None = None,
    elapsed_ms: int | None = None,
) -> Grade:
    """Grade ``response`` to ``item`` and record it for ``learner`` in quiz ``quiz_id``
    (scheduling the item's next review). A second answer to the same item in the same quiz
    is graded but not counted again. ``elapsed_ms``: time from showing the item to the answer."""
    grade = grade_answer(item, response, settings=learner.settings, llm=llm, embedder=embedder)
    learner.record_answer(quiz_id, item, response, grade, elapsed_ms=elapsed_ms)
    return grade
