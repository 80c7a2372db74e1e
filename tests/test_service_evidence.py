"""What counts as evidence for a service in a which-service question: not the words the learner
asks with, not what a service's section says it is *not* for, and not a passage about another
service that names it in passing."""

from __future__ import annotations

from pathlib import Path

from answer_fixtures import chunk_of, course_retriever, passage_of

from tutor.answer import answer_question
from tutor.answer.service_choice import _mentions, _phrase_owner, service_sections, service_words, task_of


def _services() -> dict:
    def chunk(cid: str, service: str, text: str) -> dict:
        return chunk_of(text, ["Module 3", f"SageMaker {service}"], cid=cid, module=3)

    return service_sections(
        [
            chunk(
                "p",
                "Pipelines",
                "SageMaker Pipelines is a workflow orchestration service built for machine learning.",
            ),
            chunk(
                "e",
                "Experiments",
                "Experiments compare runs side by side. Experiments is not a deployment catalog, so it should "
                "not be used to mark a model as approved for production.",
            ),
            chunk("r", "Model Registry", "Model Registry records an approval status for each model version."),
        ]
    )


def test_the_words_a_learner_asks_with_point_at_no_service() -> None:
    words = service_words(_services())
    # "service built" is written only in Pipelines' section, but it is how the learner asks
    assert _phrase_owner("We need boxes drawn on photos. Which service is built for that?", words) is None


def test_what_a_section_says_its_service_is_not_for_is_no_evidence_for_it() -> None:
    sections = _services()
    words = service_words(sections)
    # "approved for production" is in Experiments' section only to say it is not for that
    assert _phrase_owner("Which service marks a model approved for production?", words) is None
    experiments = next(k for k, (name, _) in sections.items() if name == "Experiments")
    assert "compar" in words.terms[experiments] or "compare" in words.terms[experiments]
    assert "catalog" not in words.terms[experiments]


def test_a_closing_which_service_for_that_job_is_no_part_of_the_task() -> None:
    story = "We have 200,000 warehouse photos and need people to draw boxes around the defects."
    assert task_of(f"{story} Which SageMaker service is built for that job?") == story
    assert task_of(f"{story} What tool is meant for this task?") == story
    # a job the learner names is part of the task
    tuning = "Which SageMaker service runs a tuning job for me?"
    assert task_of(tuning) == tuning


def test_a_passage_about_another_service_names_one_in_passing_at_half_weight() -> None:
    labelling = passage_of(
        "The labelled images then feed a training job.",
        ["Module 2", "SageMaker Ground Truth", "Worked example"],
        cid="g",
    )
    training = passage_of(
        "A training job runs the training code.", ["Module 3", "SageMaker Training Jobs"], cid="t"
    )
    heading = "SageMaker Training Jobs"
    assert _mentions("Training Jobs", [training], heading) == 1.0
    assert _mentions("Training Jobs", [labelling], heading) == 0.5
    # a passage outside any service's sections (the overview) still counts in full
    overview = passage_of("Data flows into a training job.", ["Module 0", "Lifecycle map"], cid="o")
    assert _mentions("Training Jobs", [overview], heading) == 1.0


INSIDE = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Ground Truth

SageMaker Ground Truth labels datasets with human annotators before training.

### Ground Truth versus Amazon Augmented AI (A2I)

Ground Truth and Amazon Augmented AI both use human workers. Amazon A2I adds a human review loop to predictions after deployment.
"""


def test_a_feature_introduced_inside_a_services_section_can_still_be_the_answer(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"02-prep.md": INSIDE})
    # the sentence that introduces A2I is in Ground Truth's section; it is the feature's, not
    # a core sentence A2I must beat (and never could, being the same sentence)
    answer = answer_question(
        "Which AWS service adds a human review loop to predictions after deployment?", retriever=course
    )
    assert answer.sentences[0].text == "Amazon A2I adds a human review loop to predictions after deployment."
