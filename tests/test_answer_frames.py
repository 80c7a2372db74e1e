"""Another vendor's tool as the learner's frame of reference: likened to a course thing ("like
Fairlearn's mitigators", "the Feast-like part"), or told of before a question about a course thing,
it does not decline the question; asked about, or pointed back at, it still does."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import course_retriever

from tutor.answer.analogies import (
    analogy_for,
    cited_work,
    compared_after_asking,
    compared_with_each_other,
    frame_of_reference,
    likened,
    set_frames_aside,
    without_clauses_naming,
    without_own_likening,
    without_relabel,
)
from tutor.answer.coverage import decide
from tutor.answer.subjects import unknown_subject
from tutor.answer.vocabulary import vocabulary
from tutor.retrieval.retriever import Retriever

GOVERNANCE = """---
module: 5
title: "Governance"
---
# Module 5: Governance

## SageMaker Clarify

SageMaker Clarify detects bias in data and models and explains predictions with SHAP. Clarify measures bias; the team fixes it by rebalancing data or changing thresholds.

## Managed Spot Training

Managed Spot Training runs a Training Job on spare EC2 capacity at a discount; the job saves checkpoints to Amazon S3 and resumes after an interruption.

## SageMaker Pipelines

SageMaker Pipelines orchestrates an ML workflow of processing, training, evaluation and model registration steps as a directed acyclic graph.
"""


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"05-gov.md": GOVERNANCE})


def _reason(course: Retriever, asked: str) -> str:
    return decide(asked, course.search(asked), course.chunks(), 0.0).reason


@pytest.mark.parametrize(
    "asked",
    [
        "does Clarify just auto-fix bias like Fairlearn's mitigators do, or nah?",
        "Which part of the course covers Clarify, the Fairlearn-like part of SageMaker?",
        "Azure ML has low-priority VMs for cheap jobs. When should I use Managed Spot Training?",
        "Does Managed Spot Training save checkpoints? the Vertex jobs I ran never did so idk",
        "What is Managed Spot Training? Is it just GCP preemptible VMs with a SageMaker label on it?",
        "What's the SageMaker equivalent of Airflow DAGs for orchestrating processing, training and evaluation?",
        # likened after a course question
        "In one or two sentences, what is SageMaker Clarify? Is it roughly what the Responsible AI dashboard is in Azure ML?",
        "What does SageMaker Pipelines orchestrate? Azure ML compiles a DAG of jobs; is it similar here?",
        "Which module covers Managed Spot Training, i.e. the SageMaker answer to GCP preemptible VMs?",
        "lol I once left a job running all weekend in Azure. if I use Managed Spot Training on SageMaker does it save checkpoints?",
    ],
)
def test_a_tool_the_learner_likens_or_tells_of_does_not_decline(course: Retriever, asked: str) -> None:
    assert _reason(course, asked) != "unknown_name", asked


def test_a_frames_own_clause_does_not_count_against_the_course_question(course: Retriever) -> None:
    # "Coming from Docker land:" is no word of what is asked; without it the question is the course's
    asked = "Coming from Docker land: what exactly is SageMaker Pipelines? Is it basically Docker Compose but for models?"
    assert _reason(course, asked) == "covered"


@pytest.mark.parametrize(
    ("asked", "name"),
    [
        # the other tool is asked about
        ("How do I write a Fairlearn mitigator for my model?", "Fairlearn"),
        # ... or pointed back at ("there")
        ("We run Clarify already. Our models live in Azure ML. Can I run Clarify there?", "Azure ML"),
        # ... or it is all the question says of what is wanted
        ("What's the SageMaker equivalent of Vertex Matching Engine?", "Vertex Matching Engine"),
        # ... or asked first, before a course question likens it
        ("What is Vertex Pipelines? Is it the same as SageMaker Pipelines?", "Vertex Pipelines"),
        # ... or asked after a course question, likening nothing
        ("What is SageMaker Clarify? How do I install Fairlearn?", "Fairlearn"),
        ("Azure ML has pipelines too; can I run SageMaker Pipelines there?", "Azure ML"),
        # ... or where the question is asked
        ("In Azure ML, how do I orchestrate steps with SageMaker Pipelines?", "Azure ML"),
        # ... or compared with, an example of the kind named ("libraries like Fairlearn")
        (
            "How does SageMaker Clarify compare with tools like Fairlearn for measuring bias in models?",
            "Fairlearn",
        ),
        ("Clarify vs Fairlearn: which one gives better bias metrics?", "Fairlearn"),
    ],
)
def test_a_tool_asked_about_still_declines_by_its_name(course: Retriever, asked: str, name: str) -> None:
    coverage = decide(asked, course.search(asked), course.chunks(), 0.0)
    assert not coverage.covered and name in coverage.names, (asked, coverage)


def test_the_pieces(course: Retriever) -> None:
    def names(text: str) -> bool:
        return "Clarify" in text

    assert likened("Fairlearn", "does Clarify fix bias like Fairlearn's mitigators do?")
    assert likened("Feast-like", "the Feast-like part")
    # a doing of three words between "like" and the tool
    assert likened("Swift", "can I grab a trained model, kind of like pulling in a Swift package?")
    assert not likened("Fairlearn", "How does Clarify compare with Fairlearn?")
    assert frame_of_reference("Azure ML", "Azure ML has jobs. When do I use Clarify?", names)
    assert not frame_of_reference("Azure ML", "Azure ML has jobs. When do I use it there?", names)
    assert not frame_of_reference("AWS Fairness Studio", "Is Clarify like AWS Fairness Studio?", names)
    assert without_relabel("Is it just GCP VMs with a SageMaker label on it?") == "Is it just GCP VMs?"
    assert not analogy_for(
        "Vertex Matching Engine", "What's the SageMaker equivalent of Vertex Matching Engine?"
    )
    vocab = vocabulary(course.chunks())
    assert unknown_subject("What's the SageMaker equivalent of Airflow DAGs?", vocab) == ""


def test_the_sagemaker_replacement_for_a_tool_asks_for_the_course_thing(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    asked = "What's the SageMaker replacement for my fairlearn-plus-shap combo, i.e. bias metrics?"
    assert unknown_subject(asked, vocab) == ""


def test_compared_after_asking_pieces() -> None:
    def names(text: str) -> bool:
        return "Clarify" in text

    assert compared_after_asking("Azure ML", "What is Clarify? Is it like the Azure ML dashboard?", names)
    assert not compared_after_asking("Azure ML", "What is Azure ML? Is it like Clarify?", names)
    assert not compared_after_asking("Fairlearn", "What is Clarify? How do I install Fairlearn?", names)
    # the course's thing told earlier in the sentence whose last clause asks
    told_first = "If I run Clarify on my data, it finds every bias, right? Same as running Fairlearn?"
    assert compared_after_asking("Fairlearn", told_first, names)
    # a guess at what the course's thing is, a sentence of its own; not options offered after a colon
    assert compared_after_asking(
        "README", "What is Clarify, concretely? A README with a sticker on it?", names
    )
    offered = "Which surrogate does Clarify use: a Gaussian Process with expected improvement?"
    assert not compared_after_asking("Gaussian Process", offered, names)
    assert (
        without_clauses_naming(
            ["Vertex Vizier"], "Which module covers tuning, i.e. the answer to Vertex Vizier?"
        )
        == "Which module covers tuning?"
    )
    # a clause that names the course's thing is kept ("unless")
    framed = "Coming from Azure ML land: what is Clarify, like the Azure ML dashboard?"
    assert without_clauses_naming(["Azure ML"], framed, unless=names) == "what is Clarify?"


def test_a_course_thing_written_in_lower_case_or_by_name_may_be_likened_to_a_tool(course: Retriever) -> None:
    # "basically a Docker registry" after the course's name; "like a Kubernetes Job" after the
    # course's thing in lower case (two words of one of its headings)
    for asked in (
        "Is SageMaker Pipelines basically a Docker Compose file for ML steps?",
        "Is managed spot training like a Kubernetes Job on spot nodes?",
    ):
        assert _reason(course, asked) != "unknown_name", asked
    # ... while a question likening two tools the course never names is about them
    assert _reason(course, "Is Kubernetes basically like Docker Swarm?") == "unknown_name"


def test_a_name_offered_as_one_of_the_answers_is_asked_about() -> None:
    def names_clarify(text: str) -> bool:
        return "Clarify" in text

    offered = "Which statistical test does Clarify use on a facet: Kolmogorov-Smirnov, chi-squared, or PSI?"
    still, _ = set_frames_aside(offered, ["Kolmogorov-Smirnov"], [], names_clarify, names_clarify)
    assert still == ["Kolmogorov-Smirnov"]
    # ... offered after the question's last comma
    offered = "Is there a Clarify check that recommends instances, like Inference Recommender or something?"
    still, _ = set_frames_aside(offered, ["Inference Recommender"], [], names_clarify, names_clarify)
    assert still == ["Inference Recommender"]
    # a question after the colon offers no answers: the tool there is still likened
    likened_after = "Quick one: is Clarify basically like Fairlearn, or not really?"
    still, _ = set_frames_aside(likened_after, ["Fairlearn"], [], names_clarify, names_clarify)
    assert still == []


def test_two_tools_set_side_by_side_are_asked_about() -> None:
    def names_autopilot(text: str) -> bool:
        return "Autopilot" in text

    both = ["Azure ML", "Google Vertex AI"]
    side_by_side = "Azure ML vs Google Vertex AI: which one has the better Autopilot-style AutoML?"
    still, _ = set_frames_aside(side_by_side, both, [], names_autopilot, names_autopilot)
    assert still == both
    # tools listed together tell where the learner comes from
    assert (
        compared_with_each_other(both, "We run Azure ML and Google Vertex AI today. What is Autopilot?")
        == set()
    )
    # one tool likened to the course's thing is still a frame of reference
    likened_one = "Is Autopilot basically what Azure ML calls automated ML, or not really?"
    still, _ = set_frames_aside(likened_one, ["Azure ML"], [], names_autopilot, names_autopilot)
    assert still == []


def test_a_paper_the_learner_cites_is_where_they_come_from_unless_asked_about() -> None:
    def names_clarify(text: str) -> bool:
        return "Clarify" in text

    cited = "Having read Mehrabi et al. on fairness, which bias metrics does Clarify compute?"
    assert cited_work("Mehrabi", cited, names_clarify)
    still, _ = set_frames_aside(cited, ["Mehrabi"], [], names_clarify, names_clarify)
    assert still == []
    # what the paper says is asked about the paper, not the course
    assert not cited_work("Mehrabi", "What does Mehrabi et al. say about Clarify's metrics?", names_clarify)
    # a name without "et al." is no citation
    assert not cited_work("Mehrabi", "Is Clarify like Mehrabi's toolkit?", names_clarify)


def test_a_tool_that_can_be_used_to_do_something_is_asked_about() -> None:
    def names_s3(text: str) -> bool:
        return "S3" in text

    # "be used to" asks what the tool can do; "I'm used to" tells where the learner comes from
    asked = "Can Amazon Macie be used to scan the S3 buckets that hold our training data?"
    assert set_frames_aside(asked, ["Amazon Macie"], [], names_s3, names_s3)[0] == ["Amazon Macie"]
    told = "I'm used to Azure Blob Storage; how are S3 buckets laid out?"
    assert set_frames_aside(told, ["Azure Blob Storage"], [], names_s3, names_s3)[0] == []


def test_a_closing_clause_likening_the_course_thing_to_the_learners_own_tool_is_not_asked() -> None:
    asked = "does Model Monitor check every prediction at once, the way my crash SDK reports every crash?"
    assert without_own_likening(asked) == "does Model Monitor check every prediction at once?"
    # ... not a clause about something that is not the learner's
    kept = "does Model Monitor check every prediction at once, as the course describes?"
    assert without_own_likening(kept) == kept
