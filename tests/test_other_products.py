"""Products the course does not teach, listed in its data, are declined by name however the
learner writes them; a listed product the course does mention, one the learner only likens a
course thing to, and an English word that merely spells like one, are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import course_retriever

from tutor.answer import answer_question
from tutor.answer.coverage import decide
from tutor.answer.other_products import other_products_named
from tutor.answer.vocabulary import vocabulary
from tutor.retrieval.retriever import Retriever

LABELS = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Ground Truth

SageMaker Ground Truth labels images with custom labels set up by a private workforce. Teams can export labels to Snowflake.

## Automatic model tuning

Automatic model tuning runs many training jobs and searches hyperparameters for the best objective metric.
"""

COURSE_DATA = """other_products:
  - "Rekognition"
  - "Comprehend"
  - "Kinesis Data Streams"
  - "Kinesis"
  - "Optuna"
  - "Snowflake"
  - "Weights & Biases"
  - "scikit-learn"
"""

PRODUCTS = [
    "Rekognition",
    "Comprehend",
    "Kinesis Data Streams",
    "Kinesis",
    "Optuna",
    "Snowflake",
    "Weights & Biases",
    "scikit-learn",
]


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"02-prep.md": LABELS, "course.yaml": COURSE_DATA})


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ("rekognition custom labels setup", ["Rekognition"]),
        ("how do I read shards from kinesis data streams", ["Kinesis Data Streams"]),
        ("comprehend entity detection api", ["Comprehend"]),  # a query of a few words is about its head
        ("What does Amazon Comprehend detect in support tickets?", ["Comprehend"]),
        ("what does amazon comprehend detect in support tickets?", ["Comprehend"]),
        # "&" said or typed as "and"
        ("how do i run a hyperparameter search in weights and biases", ["Weights & Biases"]),
        # ... and a hyphen as a space
        ("how do i split a dataset in scikit learn", ["scikit-learn"]),
    ],
)
def test_a_listed_product_is_named_however_written(course: Retriever, asked: str, named: list[str]) -> None:
    assert other_products_named(asked, PRODUCTS, vocabulary(course.chunks())) == named
    answer = answer_question(asked, retriever=course)
    assert not answer.covered and f"{named[0]} is not covered".lower() in answer.answer.lower(), answer.answer


@pytest.mark.parametrize(
    "asked",
    [
        "I can't comprehend how ground truth custom labels work, can you explain them?",  # a word
        "can ground truth export labels to snowflake?",  # the course mentions it
        "i used optuna before, how does automatic model tuning work here?",  # the learner's frame
    ],
)
def test_a_word_a_mentioned_product_or_a_frame_is_not_declined_by_name(course: Retriever, asked: str) -> None:
    # the list finds what the question names; whether it is only the learner's frame of reference
    # is the coverage decision's, as for a capitalised name
    assert decide(asked, course.search(asked), course.chunks(), 0.0, PRODUCTS).names == []


def test_without_course_data_nothing_is_named(tmp_path: Path, fake_embedder) -> None:
    bare = course_retriever(tmp_path, fake_embedder, {"02-prep.md": LABELS})
    answer = answer_question("rekognition custom labels setup", retriever=bare)
    assert "Rekognition is not covered" not in answer.answer


def test_a_listed_law_told_before_a_question_that_names_no_course_thing_is_declined(
    course: Retriever,
) -> None:
    # the asking sentence names nothing of the course, even loosely: the law is what is asked about
    asked = "Does GDPR mean we must retrain every time a customer asks? What does the regulation require?"
    assert decide(asked, course.search(asked), course.chunks(), 0.0, ["GDPR"]).names == ["GDPR"]
    # ... while a course heading's words in lower case make it the learner's frame
    framed = "We are under GDPR. How does automatic model tuning pick hyperparameters?"
    assert decide(framed, course.search(framed), course.chunks(), 0.0, ["GDPR"]).names == []


def test_a_product_after_a_vendor_in_lower_case_is_named_as_listed(course: Retriever) -> None:
    asked = "can amazon rekognition label my images?"
    assert decide(asked, course.search(asked), course.chunks(), 0.0, PRODUCTS).names == ["amazon Rekognition"]


def test_listed_products_of_equal_length_are_named_in_the_questions_order(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    products = ["aiohttp", "asyncio"]
    # the same order in every process, whatever a set's hashing does
    for _ in range(3):
        assert other_products_named("use asyncio with aiohttp", products, vocab) == ["asyncio", "aiohttp"]
        assert other_products_named("use aiohttp with asyncio", products, vocab) == ["aiohttp", "asyncio"]


def test_a_product_of_plain_words_after_a_possessive_is_the_learners_own_thing(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    products = ["Fraud Detector", "Savings Plans"]
    own = "Our fraud detector hit 99% accuracy and 1 in 100 payments is fraud. Great, right?"
    assert other_products_named(own, products, vocab) == []
    # the product, written as a product or named without a possessive
    assert other_products_named("Our Fraud Detector model needs retraining", products, vocab) == [
        "Fraud Detector"
    ]
    assert other_products_named("how do I train a model in amazon fraud detector?", products, vocab) == [
        "Fraud Detector"
    ]
    assert other_products_named("do savings plans cover training jobs?", products, vocab) == ["Savings Plans"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ("how does pgvector compare with qdrant for storing embeddings", "pgvector"),
        ("does the FDA require a model card for a medical device model?", "FDA"),
    ],
)
def test_the_courses_list_names_everyday_tools_and_laws(
    corpus_index: Retriever, asked: str, named: str
) -> None:
    answer = answer_question(asked, retriever=corpus_index)
    assert not answer.covered and f"{named} " in answer.answer, answer.answer


@pytest.mark.slow
def test_a_listed_tool_the_learner_comes_from_is_a_frame_on_the_real_course(corpus_index: Retriever) -> None:
    answer = answer_question(
        "i used sklearn before, how does automatic model tuning work here?", retriever=corpus_index
    )
    assert answer.covered and "hyperparameter tuning job" in answer.answer
