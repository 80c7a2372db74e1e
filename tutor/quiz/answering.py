"""Answering an item: grade it, then record the grade in the learner's progress. The one path
the app and the CLI both take, so an answer is never graded one way and recorded another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tutor.course.grades import Grade
from tutor.course.items import QuizItem
from tutor.progress.learner import Learner
from tutor.quiz.grading import grade_answer

if TYPE_CHECKING:  # LangChain and the embedder load only when a short answer needs them
    from langchain_core.language_models import BaseChatModel

    from tutor.embeddings import Embedder


@dataclass(frozen=True)
class AnswerGrader:
    """Grades answers with the learner's settings and records them. Short answers that do not
    match the key lexically go to ``llm`` (or the configured chat model); with none, to
    embedding similarity (``embedder`` or the tutor's model)."""

    llm: BaseChatModel | None = None
    embedder: Embedder | None = None

    def grade_and_record(
        self, learner: Learner, quiz_id: str, item: QuizItem, response: Any, elapsed_ms: int | None = None
    ) -> Grade:
        """Grade ``response`` to ``item`` and record it for ``learner`` in quiz ``quiz_id``
        (scheduling the item's next review). A second answer to the same item in the same quiz
        is graded but not counted again. ``elapsed_ms``: time from showing the item to the answer."""
        grade = grade_answer(item, response, settings=learner.settings, llm=self.llm, embedder=self.embedder)
        learner.record_answer(quiz_id, item, response, grade, elapsed_ms=elapsed_ms)
        return grade


def answer_item(
    learner: Learner, quiz_id: str, item: QuizItem, response: Any, *, elapsed_ms: int | None = None
) -> Grade:
    """``AnswerGrader().grade_and_record``: the configured chat model, else the tutor's embedder."""
    return AnswerGrader().grade_and_record(learner, quiz_id, item, response, elapsed_ms)
