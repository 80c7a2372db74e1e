"""Console output, code and instance types pasted into a question tell the situation; the prose
asks. The course is asked the prose when the question as written names what it never writes."""

from __future__ import annotations

import pytest

from tutor.answer import answer_question
from tutor.answer.pasted import set_apart
from tutor.retrieval.retriever import Retriever


@pytest.mark.parametrize(
    ("question", "prose"),
    [
        (
            "Our endpoint config says `InstanceType: ml.c5.large, InitialInstanceCount: 3`. "
            "How does serverless inference differ from a real-time endpoint?",
            "How does serverless inference differ from a real-time endpoint?",
        ),
        (  # a fenced block, and the "..." inside a span ends no sentence
            "Saw this:\n```\nResuming from s3://ckpt/run3/ ... done\n```\nhow does resuming from a checkpoint work?",
            "Saw this: how does resuming from a checkpoint work?",
        ),
        (  # code in the sentence that asks goes; the learner's own instances go with their type
            "`Tuner(strategy=???)` which tuning strategies are there?",
            "which tuning strategies are there?",
        ),
        (
            "Do I have to stop the ml.g5.xlarge instances myself after training?",
            "Do I have to stop the instances myself after training?",
        ),
        # a name in backticks in the sentence that asks is what is asked about
        ("What does `MaxConcurrency` limit?", "What does MaxConcurrency limit?"),
        # ... as is an instance type the question asks of
        (
            "How many GPUs does an ml.p4d.24xlarge instance have?",
            "How many GPUs does an ml.p4d.24xlarge instance have?",
        ),
        ("What is a feature group?", "What is a feature group?"),
        ("`sagemaker.Session()`", "`sagemaker.Session()`"),  # nothing but code: kept as written
    ],
)
def test_the_prose_is_what_is_left_of_the_question(question: str, prose: str) -> None:
    assert set_apart(question).prose == prose


def test_what_was_pasted_is_read_as_words() -> None:
    pasted = set_apart("job says `TrainingJobStatus: Completed` on ml.p3.2xlarge. Why?").pasted
    assert "Training Job Status" in pasted and "ml p3 2xlarge" in pasted


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "My code calls `fs.get_record(FeatureGroupName='users', RecordIdentifierValueAsString='42')` "
            "and only gets today's values. Does the online store keep older values at all?",
            "latest value",
        ),
        (
            "```\ncreate_model_card(ModelCardName='churn-v2', Content=card_json)\n```\n"
            "What sections go into a model card?",
            "intended uses",
        ),
        (
            "The endpoint runs `InstanceType: ml.c5.large, InitialInstanceCount: 3` and sits idle all night. "
            "How is serverless inference different from a real-time endpoint?",
            "Serverless",
        ),
    ],
)
def test_a_question_with_pasted_config_is_answered(
    corpus_index: Retriever, question: str, expected: str
) -> None:
    answer = answer_question(question, retriever=corpus_index)
    assert answer.covered, answer.answer
    assert expected.lower() in answer.answer.lower()


@pytest.mark.parametrize(
    "question",
    [
        # what was pasted is another library's, and the prose names nothing of the course
        "numpy keeps printing `RuntimeWarning: overflow encountered in exp`. what does this mean and is my result wrong?",
        "git says `fatal: refusing to merge unrelated histories`. what does this mean for my training data?",
        "How much memory does an ml.r5.4xlarge instance have?",
    ],
)
def test_a_question_about_what_was_pasted_is_still_declined(corpus_index: Retriever, question: str) -> None:
    assert not answer_question(question, retriever=corpus_index).covered
