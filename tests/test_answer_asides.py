"""What a learner adds around the question is not what is asked: who the answer is for ("at a
level I can explain to our finance partner"), a closing comment ("feels like marketing"), a chat
shortening ("async inference"); and a hyphenated term the course writes in one passage
("training-serving skew") is found by name when a search by meaning misses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import course_retriever

from tutor.answer import answer_question
from tutor.answer.chat_words import spelled_out
from tutor.answer.coverage import _without_aside
from tutor.answer.named_in_course import named_passages, rare_course_terms
from tutor.answer.question_words import without_fluff
from tutor.answer.vocabulary import vocabulary
from tutor.retrieval.retriever import Retriever

PREP = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Feature Store

SageMaker Feature Store keeps features in an online store and an offline store. Computing features twice, once for training and once at prediction time, causes training-serving skew, where the model sees different inputs in production.

## Real-time endpoints

A real-time endpoint answers requests in milliseconds. A real-time endpoint runs on instances the user chooses.

## Fully managed

Fully managed means AWS provisions, patches and scales the compute for SageMaker jobs and endpoints.
"""


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"02-prep.md": PREP})


def test_who_the_answer_is_for_is_not_asked() -> None:
    asked = "How does automatic model tuning work, at a level I can explain to our finance partner?"
    assert without_fluff(asked) == "How does automatic model tuning work?"
    assert without_fluff("what is SHAP, so I can explain it to my boss") == "what is SHAP"
    # "explain" alone is still asked
    assert (
        without_fluff("How do I explain predictions to auditors?")
        == "How do I explain predictions to auditors?"
    )
    # one reader set against another, after "it", or a reader named
    assert (
        without_fluff("SHAP? Can you define it for a cook, not a mathematician?")
        == "SHAP? Can you define it?"
    )
    assert without_fluff("Explain Feature Store to my manager") == "Explain Feature Store"
    # how the answer is to be said, and a topic said alone then asked of as "it"
    assert without_fluff("what is SHAP, no jargon") == "what is SHAP"
    assert without_fluff("RAG. Define it without the hype, please.") == "Define RAG."
    assert without_fluff("Explain it without the hype.") == "Explain it."
    # ... not a contrast the question asks about
    assert (
        without_fluff("Is JumpStart for beginners, not experts?")
        == "Is JumpStart for beginners, not experts?"
    )


def test_a_short_closing_comment_without_course_words_is_an_aside(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    asked = "what does fully managed even mean for sagemaker, feels like marketing"
    assert _without_aside(asked, vocab) == "what does fully managed even mean for sagemaker"
    # a closing clause with a course word is part of the question
    kept = "what does fully managed mean, for endpoints"
    assert _without_aside(kept, vocab) == kept
    # ... and so is one that names what the course lacks: the answers the learner offers
    offered = "which test does feature store use to flag skew, Kolmogorov-Smirnov or Wasserstein?"
    assert _without_aside(offered, vocab) == offered
    # a request, then the learner's reason for it, naming nothing
    asked = "Explain what training-serving skew is. I need to brief my team on it tomorrow."
    assert _without_aside(asked, vocab) == "Explain what training-serving skew is."
    # ... not a second sentence that names a course thing
    kept = "Explain training-serving skew. I also want to know what Feature Store keeps."
    assert _without_aside(kept, vocab) == kept


def test_async_is_asynchronous() -> None:
    assert spelled_out("serverless vs async inference") == "serverless vs asynchronous inference"


def test_a_rare_hyphenated_course_term_is_found_by_name(course: Retriever) -> None:
    chunks = course.chunks()
    assert rare_course_terms("training-serving skew meaning", chunks) == ["training-serving"]
    # a term the course never writes is no term of it
    assert rare_course_terms("kinesis-style streams", chunks) == []
    passages = named_passages("training-serving skew meaning", [], chunks)
    assert passages and "training-serving skew" in passages[0].text
    answer = answer_question("training-serving skew meaning", retriever=course)
    assert answer.covered and "training-serving skew" in answer.answer


def test_a_hyphenated_term_written_everywhere_names_nothing_in_particular(
    tmp_path: Path, fake_embedder
) -> None:
    sections = "\n\n".join(
        f"## Endpoint kind {i}\n\nEndpoint kind {i} is a real-time endpoint." for i in range(5)
    )
    text = f"---\nmodule: 4\ntitle: Deployment\n---\n# Module 4: Deployment\n\n{sections}\n"
    library = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": text})
    assert rare_course_terms("real-time streams", library.chunks()) == []
