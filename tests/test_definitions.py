"""Definitions: the sentence that says what the subject is leads, wherever retrieval ranked it;
"How does SageMaker work?" is answered by what SageMaker is; "What is this course about?" by
the course's own opening."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import chunk_of, course_retriever

from tutor.answer import answer_question
from tutor.answer.definitions import defines, defining_passage, is_what_section_of, phrase_passage
from tutor.answer.extractive import compose_extractive
from tutor.answer.shapes import shape_of
from tutor.models import Chunk, Passage
from tutor.retrieval.retriever import Retriever

OVERVIEW = """---
module: 0
title: "Course Overview"
---
# Module 0: Course Overview

This course explains what SageMaker does at each step of a machine learning project. The course has two modules after this overview. Module 1 introduces the platform itself and its workspace. Module 2 covers experiments and how to compare training runs. The difficulty rises from beginner in Module 1 to advanced in Module 2.

## Prerequisites

The course assumes two kinds of background knowledge.

## How the SageMaker modules build on each other

The modules follow the lifecycle. Module 1 sets up the workspace for everything after it. Module 2 compares the runs.
"""

FOUNDATIONS = """---
module: 1
title: "Foundations"
---
# Module 1: Foundations

## SageMaker as a unified platform

Amazon SageMaker is a fully managed AWS service that provides tools for every phase of the machine learning lifecycle. Fully managed means that AWS provisions and scales the compute for each job. Billing follows usage, so idle capacity is not paid for by the team.

## SageMaker domains

A SageMaker domain is the administrative unit that gives a team access to SageMaker Studio.

## SageMaker Experiments

### What SageMaker Experiments is

SageMaker Experiments organises SageMaker training into experiments, each containing runs.
"""


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"00-overview.md": OVERVIEW, "01-found.md": FOUNDATIONS})


@pytest.mark.parametrize("question", ["What is SageMaker?", "what's sagemaker", "How does SageMaker work?"])
def test_what_sagemaker_is_leads_not_a_sentence_that_names_it(course: Retriever, question: str) -> None:
    # the coverage decision is not what is tested here: the hashing embedder puts a one-word
    # question far from every passage
    passages = course.search(question)
    text, _, _ = compose_extractive(question, passages, course.embedder, library=course.chunks())
    assert text.startswith("Amazon SageMaker is a fully managed AWS service"), question


def test_a_compound_or_a_what_heading_with_the_name_in_it_is_not_its_definition() -> None:
    assert defines("SageMaker", "Amazon SageMaker is a fully managed AWS service.")
    assert defines("technical debt", "Technical debt in ML systems is the accumulated cost of shortcuts.")
    assert not defines("SageMaker", "A SageMaker domain is the administrative unit.")
    assert not defines("Model Monitor", "Model Monitor is essential where degradation is costly.")
    # so does a clause after ";" that opens with the subject, and "is like a"
    assert defines(
        "feature group", "Features go into feature groups; a feature group is like a table with a schema."
    )
    # a defining relative clause says what the subject is too
    assert defines("disparate impact", "Examples include disparate impact (DI), which is the ratio of rates.")
    assert defines(
        "space", "The domain holds profiles and spaces, which are the storage and compute environments."
    )
    assert not defines("space", "The domain holds spaces, which teammates can share.")

    def heading(h: str) -> Passage:
        return Passage(
            id="p",
            text="t",
            source="s",
            source_path="s",
            title="t",
            section_path=["M", h],
            position=0,
            start=0,
            end=1,
            score=0.0,
        )

    assert is_what_section_of(heading("What SageMaker Experiments is"), "Experiments")
    assert is_what_section_of(heading("What a SageMaker Training Job is"), "Training Jobs")
    assert not is_what_section_of(heading("What SageMaker Experiments is"), "SageMaker")


@pytest.mark.parametrize("question", ["What is this course about?", "what will i learn in this course"])
def test_what_the_course_is_about_is_its_own_opening(course: Retriever, question: str) -> None:
    assert shape_of(question) == "course-overview"
    answer = answer_question(question, retriever=course)
    texts = [s.text for s in answer.sentences]
    assert texts[0].startswith("This course explains what SageMaker does")
    assert texts[-2].startswith("Module 2 covers experiments"), "every module of the opening paragraph"


def test_the_definition_is_found_in_the_course_when_retrieval_left_it_out(course: Retriever) -> None:
    question = "What is SageMaker?"
    passages = [p for p in course.search(question) if "fully managed" not in p.text]
    text, _, cited = compose_extractive(question, passages, course.embedder, library=course.chunks())
    assert text.startswith("Amazon SageMaker is a fully managed AWS service")
    assert "fully managed" in cited[0].text, "cited to the passage it was found in"


def test_a_sentence_about_something_else_that_names_the_subject_is_not_its_definition() -> None:
    assert not defines("Role Manager", "The persona using Role Manager is the platform administrator.")
    assert defines("Role Manager", "SageMaker Role Manager is a tool that builds persona-based roles.")
    assert defines(
        "SHAP", "Clarify explains predictions with SHAP (SHapley Additive exPlanations), a method."
    )


def test_a_subject_phrase_no_retrieved_passage_uses_is_looked_up(course: Retriever) -> None:
    library = course.chunks()
    unrelated = [Passage(**c.model_dump(), score=0.0) for c in library if "domain" in c.text]
    found = phrase_passage("unified platform", unrelated, library)
    assert found is not None and found.section_path[-1] == "SageMaker as a unified platform", "by its heading"
    assert phrase_passage("no such phrase", unrelated, library) is None
    found = phrase_passage("fully managed", unrelated, library)
    assert found is not None and "fully managed" in found.text
    assert phrase_passage("fully managed", [found], library) is None, "a retrieved passage already uses it"


@pytest.mark.parametrize(
    "question", ["Why are the modules ordered the way they are?", "In what order are the modules arranged?"]
)
def test_why_the_modules_come_in_this_order_is_the_section_on_it(course: Retriever, question: str) -> None:
    assert shape_of(question) == "course-overview"
    # compose directly: "ordered" is not a word of this small course, so coverage would decline
    _, sentences, _ = compose_extractive(
        question, course.search(question), course.embedder, library=course.chunks()
    )
    assert [s.text for s in sentences][:2] == [
        "The modules follow the lifecycle.",
        "Module 1 sets up the workspace for everything after it.",
    ], "read in order, short sentences too"


def test_how_the_course_is_organised_is_its_opening(course: Retriever) -> None:
    question = "How is the course organised, and how hard do the modules get?"
    text, _, _ = compose_extractive(
        question, course.search(question), course.embedder, library=course.chunks()
    )
    assert text.startswith("This course explains what SageMaker does")


@pytest.mark.parametrize(
    "question",
    [
        "Which modules of the course are the hardest?",  # ends on "hardest", not a word of the course
        "What difficulty level is the module that introduces the platform?",
        "Which parts of the course are rated advanced?",
        "Is Module 3 hard?",
        "How hard is Module 5?",
    ],
)
def test_how_hard_the_modules_are_is_answered_by_the_sentence_on_difficulty(
    course: Retriever, question: str
) -> None:
    assert shape_of(question) == "course-overview"
    answer = answer_question(question, retriever=course)
    assert answer.covered
    assert answer.sentences[0].text.startswith("The difficulty rises from beginner")
    assert "This course explains what SageMaker does" in answer.answer, "then the opening, in order"


def test_an_evaluation_is_not_a_definition_and_a_colon_can_introduce_one() -> None:
    assert not defines("JumpStart", "JumpStart is the wrong choice when no pre-trained model exists.")
    assert not defines("Model Registry", "Model Registry is a poor fit for a throwaway prototype.")
    assert defines("baseline", "Second, create a baseline: a baselining job analyses the training data.")


def test_a_section_headed_with_the_subject_phrase_is_found_in_the_singular(course: Retriever) -> None:
    def chunk(cid: str, heading: str, text: str) -> Chunk:
        return chunk_of(text, ["Module 4", "SageMaker Model Registry", heading], cid=cid, module=4)

    statuses = chunk("s", "Versions and approval status", "Each version has a status: Approved or Rejected.")
    catalog = chunk("c", "What Model Registry is", "Model Registry keeps versions with an approval status.")
    library = [catalog, statuses]
    retrieved = [Passage(**catalog.model_dump(), score=0.0)]
    found = phrase_passage("approval statuses", retrieved, library)
    assert found is not None and found.id == "s", (
        "the heading says it, though a retrieved passage uses the words"
    )
    assert phrase_passage("approval statuses", [Passage(**statuses.model_dump(), score=0.0)], library) is None


def test_a_definition_whose_paragraph_says_enough_adds_nothing_from_elsewhere(course: Retriever) -> None:
    question = "What is SageMaker?"
    _, sentences, cited = compose_extractive(
        question, course.search(question), course.embedder, library=course.chunks()
    )
    assert len(sentences) == 3 and len(cited) == 1, (
        "the definition and its paragraph, not the domain sentence"
    )


def test_where_introduces_a_definition_and_a_place_does_not() -> None:
    assert defines(
        "training-serving skew", "Differences cause training-serving skew, where the model sees other inputs."
    )
    assert not defines("SageMaker", "In SageMaker, the data engineer connects data sources.")
    assert defines(
        "SHAP", "Clarify explains predictions with SHAP (SHapley Additive exPlanations), a method."
    )


def test_a_plain_word_is_not_defined_by_a_list_that_counts_it(course: Retriever) -> None:
    lib = [
        chunk_of("A pipeline runs with five steps: a processing step and a training step follow.", ["M", "P"])
    ]
    assert defining_passage("steps", lib) is None
    lib = [
        chunk_of(
            "Small differences cause training-serving skew, where the model sees other inputs.", ["M", "F"]
        )
    ]
    assert defining_passage("training-serving skew", lib) is not None


def test_a_sentence_that_opens_with_an_acronyms_words_introduces_the_acronym() -> None:
    opening = "Retrieval-augmented generation (RAG) leaves the model unchanged and retrieves documents."
    assert defines("RAG", opening)
    # ... not one that uses it in passing, nor a two-letter acronym ("AI" also ends "SageMaker AI")
    assert not defines("RAG", "Teams choose retrieval-augmented generation (RAG) when facts change.")
    assert not defines("AI", "Artificial intelligence (AI) makes software perform tasks.")
