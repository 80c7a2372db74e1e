"""A message that asks what a course name is, in a clause ending with the name, asks about the
name itself: the learner's framing around it ("for readers who never heard of it", "in a line
for my slide", "the name sounds like a raid boss") is nothing asked of it. A second question
asked of the name still is."""

from __future__ import annotations

import pytest
from answer_fixtures import chunk_of

from tutor.answer import answer_question
from tutor.answer.asked_of_name import asked_of_the_name
from tutor.answer.question_words import focus_terms
from tutor.answer.vocabulary import CourseVocabulary, vocabulary
from tutor.retrieval.retriever import Retriever


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("For a newsletter I'm drafting, what exactly is SageMaker Model Registry?", "Model Registry"),
        ("what is SageMaker JumpStart? the name makes me think of a car battery lol", "JumpStart"),
        ("What is SageMaker Clarify, in two lines I can paste into a wiki page?", "Clarify"),
    ],
)
def test_framing_around_what_a_name_is_asks_about_the_name(
    corpus_index: Retriever, question: str, name: str
) -> None:
    vocab = vocabulary(corpus_index.chunks())
    assert asked_of_the_name(name, focus_terms(question), vocab, question)
    answer = answer_question(question, retriever=corpus_index)
    assert answer.covered, answer.answer
    assert answer.answer.startswith(f"SageMaker {name}") or answer.answer.startswith(name), answer.answer


@pytest.mark.parametrize(
    ("framed", "asked_more"),
    [
        (
            "For readers who have never heard the phrase, what exactly is SageMaker Feature Store?",
            "What exactly is SageMaker Feature Store, and have readers never heard the phrase?",
        ),
        (
            "What is SageMaker Feature Store, in a sentence for readers who never heard the phrase?",
            "What is SageMaker Feature Store? Have readers never heard the phrase?",
        ),
    ],
)
def test_the_same_words_asked_as_a_second_question_are_asked_of_the_name(
    corpus_index: Retriever, framed: str, asked_more: str
) -> None:
    vocab = vocabulary(corpus_index.chunks())
    assert asked_of_the_name("Feature Store", focus_terms(framed), vocab, framed)
    assert not asked_of_the_name("Feature Store", focus_terms(asked_more), vocab, asked_more)


def test_asking_when_not_to_use_a_name_in_ones_own_words_asks_nothing_more_of_it() -> None:
    vocab = CourseVocabulary(
        [
            chunk_of(
                "Managed Spot Training suits jobs tolerant of delay; it is a poor fit for deadlines.",
                ["Spot"],
            )
        ]
    )
    when_not = "When should I stay away from Managed Spot Training? When is it the wrong call?"
    assert asked_of_the_name("Managed Spot Training", focus_terms(when_not), vocab, when_not)
    # ... but a when-to-use question that asks of something else still must meet the name
    asked_more = "When should I stay away from Managed Spot Training with GPU quotas?"
    assert not asked_of_the_name("Managed Spot Training", focus_terms(asked_more), vocab, asked_more)
