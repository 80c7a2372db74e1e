"""A list question ("model card sections", "can u list the sections") is answered from the course's
own list: the sentence that announces it leads, and its items follow; a list of something else
about the same thing ("What statuses can a model card have?") is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import course_retriever

from tutor.answer import answer_question
from tutor.answer.overview import enumeration_nouns, introduced_list
from tutor.answer.question_words import subject_of
from tutor.answer.shapes import shape_of
from tutor.retrieval.retriever import Retriever

CARDS = """---
module: 5
title: "Governance"
---
# Module 5: Governance

## SageMaker Model Cards

### What SageMaker Model Cards are

SageMaker Model Cards are structured documents that record the essential facts about a model. A model card gives one place to capture who built the model and why.

### What goes into a SageMaker model card

A SageMaker model card has standard sections:

- Model overview: name, description, owner and model version.
- Intended uses: the purpose of the model and a risk rating.
- Training details: the training job, data and training metrics.
- Evaluation details: evaluation datasets and metrics.

### Model card status

Each SageMaker model card has a status: Draft, PendingReview, Approved or Archived. Every update creates a new version.
"""


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"05-gov.md": CARDS})


@pytest.mark.parametrize(
    "asked",
    ["model card sections", "whats in a model card, can u list the sections", "list the model card sections"],
)
def test_a_list_question_is_answered_with_the_course_list(course: Retriever, asked: str) -> None:
    assert shape_of(asked) == "list"
    answer = answer_question(asked, retriever=course)
    texts = [s.text for s in answer.sentences]
    assert texts[0] == "A SageMaker model card has standard sections:"
    assert texts[1:5] == [
        "Model overview: name, description, owner and model version.",
        "Intended uses: the purpose of the model and a risk rating.",
        "Training details: the training job, data and training metrics.",
        "Evaluation details: evaluation datasets and metrics.",
    ]


def test_a_list_of_something_else_about_the_same_thing_is_not_picked(course: Retriever) -> None:
    assert enumeration_nouns("model card sections") == {"sections"}
    assert enumeration_nouns("whats in a model card, can u list the sections") == {"sections"}
    answer = answer_question("What statuses can a SageMaker model card have?", retriever=course)
    assert "Intended uses" not in answer.answer


def test_more_list_wordings_are_list_questions() -> None:
    assert shape_of("What are the different ways SageMaker can serve predictions?") == "list"
    assert shape_of("sagemaker deployment options list") == "list"
    assert shape_of("what is a model card") == "definition"
    assert shape_of("deployment options in sagemaker? list pls") == "list"
    assert shape_of("How would I define a Training Job for a room full of beginners?") == "definition"
    assert subject_of("How would I define a Training Job for a room full of beginners?") == "Training Job"


def test_a_terse_list_query_needs_a_list_that_names_all_its_words(tmp_path: Path, fake_embedder) -> None:
    text = CARDS + (
        "\n## Pipelines\n\n### Step types\n\nModel monitor pipelines and others run these steps:\n\n"
        "- Processing steps prepare data.\n- Model steps register a model.\n"
    )
    library = course_retriever(tmp_path, fake_embedder, {"05-gov.md": text}).chunks()
    # "setup" is named by no list line: no list answers it
    assert introduced_list("model monitor setup steps", [], library) == ([], [])
    # a longer question needs two of its words in the list's line
    lead, items = introduced_list("Which steps do model monitor pipelines run for a setup?", [], library)
    assert lead and len(items) == 2


def test_a_terse_list_query_may_say_where_the_list_is_used() -> None:
    assert shape_of("ml lifecycle phases used in this course") == "list"
    assert shape_of("lifecycle phases of the course") == "list"
    assert shape_of("human review low confidence predictions") != "list"


@pytest.mark.parametrize(
    "question",
    [
        "what exactly is SageMaker JumpStart?",
        # a definition asked inside a request, and a product whose name has "Feature" in it
        "can you tell me in plain English what SageMaker Feature Store actually is?",
        "Could you explain what a feature group is?",
    ],
)
def test_a_definition_asked_in_other_words_is_a_definition(question: str) -> None:
    assert shape_of(question) == "definition"


def test_a_feature_asked_for_is_still_a_service_question() -> None:
    assert shape_of("Which feature lets me compare training runs?") == "service-for-task"


def test_where_the_course_goes_through_something_asks_which_module() -> None:
    question = "need a refresher on precision / recall / F1, where does the course go through those?"
    assert shape_of(question) == "which-module"
    # ... not where a thing is kept
    assert shape_of("Where does the model registry keep its model artifacts?") != "which-module"
