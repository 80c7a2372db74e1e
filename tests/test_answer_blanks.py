"""A fill-in-the-blank prompt is asked as its question: a module, a number or a name."""

from __future__ import annotations

import pytest

from tutor.answer import answer_question
from tutor.answer.blanks import blank_asked
from tutor.retrieval.retriever import Retriever


@pytest.mark.parametrize(
    ("prompt", "asked"),
    [
        (
            "Fill in the blank: drift detection with Model Monitor is taught in Module ___.",
            "drift detection with Model Monitor is taught in which module?",
        ),
        (
            "Fill in the blank: by default, Ground Truth sends each item to ___ annotators.",
            "by default, Ground Truth sends each item to how many annotators?",
        ),
        (
            "Fill in the blank: a SageMaker ___ is the admin-level unit that gives a team access to Studio.",
            "What is the admin-level unit that gives a team access to Studio?",
        ),
        (
            "Fill in the blank: in Python, ___ is the keyword for an anonymous function.",
            "In Python, what is the keyword for an anonymous function?",
        ),
        (
            "Complete the sentence: to mark a model version as approved, you'd use SageMaker ___.",
            "Which SageMaker service would you use to mark a model version as approved?",
        ),
        (
            "___ is what Inference Recommender produces after a load test. What goes in the blank, and how does it work?",
            "What is what Inference Recommender produces after a load test? How does it work?",
        ),
        ("What is a feature group?", "What is a feature group?"),
        (
            "I need to fill blanks in a table without code. Which tool?",
            "I need to fill blanks in a table without code. Which tool?",
        ),
    ],
)
def test_a_blank_is_read_as_the_question_it_asks(prompt: str, asked: str) -> None:
    assert blank_asked(prompt) == asked


def test_a_blank_for_a_module_is_answered_with_the_module(corpus_index: Retriever) -> None:
    answer = answer_question(
        "Fill in the blank: drift detection with Model Monitor is taught in Module ___.",
        retriever=corpus_index,
    )
    assert answer.covered and "Module 4" in answer.answer


@pytest.mark.parametrize(
    "prompt",
    [
        "Fill in the blank: by default, Ground Truth sends each item to ___ annotators.",
        "Fill in the blank: a Model Registry model package group can hold at most ___ versions.",
    ],
)
def test_a_blank_for_a_number_the_course_does_not_give_is_declined(
    corpus_index: Retriever, prompt: str
) -> None:
    answer = answer_question(prompt, retriever=corpus_index)
    assert not answer.covered
    assert "default or limit" in answer.answer
