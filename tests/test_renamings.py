"""A question about a name the vendor changed is answered by the course's sentence on that renaming."""

from __future__ import annotations

from pathlib import Path

from answer_fixtures import chunk_of, course_retriever

from tutor.answer.extractive import compose_extractive
from tutor.answer.renamings import renaming_answer

OVERVIEW = """---
module: 0
title: "Course Overview"
---
# Module 0: Course Overview

This course explains what SageMaker does at each step of a machine learning project. A note on naming: at the end of 2024 AWS renamed the machine learning service described in this course to Amazon SageMaker AI. The features taught here are the same under either name.
"""

STUDIO = """---
module: 1
title: "Foundations"
---
# Module 1: Foundations

## SageMaker Studio

In late 2023 AWS launched a new SageMaker Studio experience and renamed the original IDE to Studio Classic. Studio Classic still runs inside the new Studio.
"""


def _library(tmp_path: Path, fake_embedder):
    return course_retriever(tmp_path, fake_embedder, {"00-overview.md": OVERVIEW, "01-found.md": STUDIO})


def test_a_renaming_asked_is_the_sentence_that_says_it(tmp_path: Path, fake_embedder) -> None:
    course = _library(tmp_path, fake_embedder)
    question = "wait did aws rename sagemaker?? whats it called now"
    # composed directly: the test embedder finds too little likeness for coverage to pass
    _, sentences, _ = compose_extractive(
        question, course.search(question), course.embedder, library=course.chunks()
    )
    assert sentences[0].text.startswith("A note on naming: at the end of 2024 AWS renamed")
    assert sentences[1].text.startswith("The features taught here"), "the paragraph goes on"
    # the renaming whose other words the question shares
    studio = renaming_answer("was the old studio IDE renamed to classic?", course.chunks())
    assert studio[0][1].startswith("In late 2023 AWS launched a new SageMaker Studio")
    # "new" asks for the name now, it names no renamed thing ("a new SageMaker Studio experience")
    now = renaming_answer("what's the new name of sagemaker", course.chunks())
    assert now[0][1].startswith("A note on naming")
    changed = renaming_answer("did they change the name of sagemaker or something", course.chunks())
    assert changed and changed[0][1].startswith("A note on naming")


def test_a_question_for_a_name_is_no_question_about_a_renaming() -> None:
    note = chunk_of("At the end of 2024 AWS renamed the service to Amazon SageMaker AI.", ["Naming"])
    assert renaming_answer("a doc sheet for a model with its intended use - what's it called?", [note]) == []
    assert renaming_answer("What is SageMaker?", [note]) == []


def test_whether_the_new_name_is_the_same_thing_is_a_question_about_the_renaming() -> None:
    note = chunk_of("At the end of 2024 AWS renamed the service to Amazon SageMaker AI.", ["Naming"])
    assert renaming_answer("ok wait is sagemaker ai a diff thing from sagemaker??", [note])
    # the new name asked something else is not
    assert renaming_answer("How do I train a model in SageMaker AI?", [note]) == []
