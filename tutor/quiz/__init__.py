"""Checkpoint quizzes: the question bank, offline and LLM item generators, validation,
quiz building and grading with cited feedback.

Items, the bank and grades are course data (``tutor.course``); a graded answer is recorded in
the learner's progress (``tutor.progress``) by ``answer_item``.
"""

from tutor.quiz.answering import AnswerGrader, answer_item
from tutor.quiz.feedback import CitedPassage, cited_passage
from tutor.quiz.generation import generate_for_module, generate_items
from tutor.quiz.grading import expected_text, grade_answer
from tutor.quiz.session import Quiz, build_quiz, shuffle_options
from tutor.quiz.validation import dedupe, item_problems, same_question, validate_item

__all__ = [
    "AnswerGrader",
    "CitedPassage",
    "Quiz",
    "answer_item",
    "build_quiz",
    "cited_passage",
    "dedupe",
    "expected_text",
    "generate_for_module",
    "generate_items",
    "grade_answer",
    "item_problems",
    "same_question",
    "shuffle_options",
    "validate_item",
]
