"""Checkpoint quizzes: the question bank, offline and LLM item generators, validation,
quiz building and grading with cited feedback.

Progress (answers, review schedules, mastery) lives in ``tutor.progress``; ``record_answer``
is re-exported here for convenience.
"""

from tutor.quiz.bank import load_bank, load_bank_report
from tutor.quiz.feedback import CitedPassage, cited_passage
from tutor.quiz.generation import generate_for_module, generate_items
from tutor.quiz.grading import Grade, expected_text, grade_answer
from tutor.quiz.items import Difficulty, Grounding, ItemType, QuizItem
from tutor.quiz.session import Quiz, build_quiz, shuffle_options
from tutor.quiz.validation import dedupe, item_problems, same_question, validate_item


def record_answer(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Store a graded answer and schedule its review: see ``tutor.progress.record_answer``."""
    from tutor.progress import record_answer as _record_answer

    return _record_answer(*args, **kwargs)


__all__ = [
    "CitedPassage",
    "Difficulty",
    "Grade",
    "Grounding",
    "ItemType",
    "Quiz",
    "QuizItem",
    "build_quiz",
    "cited_passage",
    "dedupe",
    "expected_text",
    "generate_for_module",
    "generate_items",
    "grade_answer",
    "item_problems",
    "load_bank",
    "load_bank_report",
    "record_answer",
    "same_question",
    "shuffle_options",
    "validate_item",
]
