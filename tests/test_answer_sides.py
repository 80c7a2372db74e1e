"""A comparison is answered from the course only when it speaks of at least one side: "git
rebase vs git merge" is declined, "an old-school notebook instance vs Studio" is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import course_retriever

from tutor.answer.coverage import decide
from tutor.answer.sides import compared_sides, strange_sides
from tutor.answer.vocabulary import vocabulary
from tutor.retrieval.retriever import Retriever

STUDIO = """---
module: 1
title: "Foundations"
---
# Module 1: Foundations

## Studio versus notebook instances

SageMaker Studio is a web IDE for the whole team. A notebook instance is a single managed Jupyter server on one instance. Code lives in a Git repository on a feature branch.
"""


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"01-found.md": STUDIO})


@pytest.mark.parametrize(
    ("asked", "sides"),
    [
        ("git rebase vs git merge which one should i use?", ("git rebase", "git merge")),
        ("Should I use git rebase or git merge on a feature branch?", ("git rebase", "git merge")),
        ("git rebase or git merge for feature branches? Which is better?", ("git rebase", "git merge")),
        ("What is the difference between Studio and a notebook instance?", ("Studio", "notebook instance")),
        ("How does Studio work?", None),
    ],
)
def test_the_sides_of_a_comparison(asked: str, sides: tuple[str, str] | None) -> None:
    assert compared_sides(asked) == sides


def test_both_sides_unknown_to_the_course_decline(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    asked = "Should I use git rebase or git merge on a feature branch?"
    assert strange_sides(asked, vocab)
    assert not decide(asked, course.search(asked), course.chunks(), 0.0).covered
    # one side in the learner's own words is still a course comparison
    ours = "What's the difference between SageMaker Studio and an old-school notebook instance?"
    assert not strange_sides(ours, vocab)
    assert decide(ours, course.search(ours), course.chunks(), 0.0).covered
