"""Answers to learners' questions, cited to course passages."""

from tutor.answer.pipeline import (
    NOT_COVERED,
    answer_question,
    build_answer_chain,
    describe_mode,
    stream_answer,
)

__all__ = ["NOT_COVERED", "answer_question", "build_answer_chain", "describe_mode", "stream_answer"]
