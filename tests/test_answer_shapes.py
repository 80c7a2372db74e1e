"""Question shapes: a lead sentence names and defines; it does not lean on a sentence before it."""

from __future__ import annotations

from pathlib import Path

from answer_fixtures import DEPLOY_HEAD, answer_texts, chunk_of, course_retriever, passage_of

from tutor.answer import answer_question
from tutor.answer.emphasis import asked_first, emphasis_of
from tutor.answer.extractive import _overlap, compose_extractive, select_sentences
from tutor.answer.misconceptions import misconception_answer
from tutor.answer.options import option_answer
from tutor.answer.overview import enumeration_nouns
from tutor.answer.question_words import subject_of
from tutor.answer.section_reading import (
    asks_beyond,
    comparison_section,
    how_section,
    module_opening,
    sibling_sections,
    where_in_the_course,
    with_announced,
    with_corrections,
)
from tutor.answer.service_choice import (
    _phrase_owner,
    _word_evidence,
    lead_with_name,
    leans_back,
    named_in_the_story,
    service_sections,
    service_words,
    task_of,
)
from tutor.answer.shapes import _module_by_words, as_passage, module_answer, shape_of
from tutor.models import Chunk, Passage
from tutor.text import content_terms, stem

CLARIFY = (
    DEPLOY_HEAD
    + """
## SageMaker Clarify

Clarify also explains computer vision models with SHAP values for loan decisions. SageMaker Clarify is the SageMaker capability for explaining model predictions such as a denied loan.
"""
)


def test_a_sentence_that_adds_to_an_earlier_one_leans_back() -> None:
    assert leans_back("Clarify also explains computer vision models.")
    assert not leans_back("SageMaker automatic model tuning, also called a tuning job, runs jobs.")
    assert not leans_back("SageMaker Clarify is the capability for explaining predictions.")
    assert not leans_back("Clarify explains predictions; Model Monitor also watches drift.")


def test_the_lead_names_the_service_without_also(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"05-gov.md": CLARIFY})
    passage = Passage(**course.chunks()[-1].model_dump(), score=0.0)
    also = "Clarify also explains computer vision models with SHAP values for loan decisions."
    defines = "SageMaker Clarify is the SageMaker capability for explaining model predictions such as a denied loan."
    led = lead_with_name([(passage, also), (passage, defines)], "Clarify")
    assert led[0][1] == defines and led[1][1] == also
    picked = select_sentences(
        "Which tool explains a loan decision with SHAP values?", [passage], fake_embedder
    )
    assert picked[0][1] == defines


def test_the_lead_names_the_service_as_the_course_writes_it() -> None:
    # "runs of experiments" uses the word; it is no sentence that names SageMaker Experiments
    passage = passage_of("SageMaker Experiments organises runs.", ["Module 3", "SageMaker Experiments"])
    word = "Runs of experiments are associated with Training Jobs and tuning jobs automatically."
    name = "SageMaker Experiments organises ML work into experiments, each containing runs."
    led = lead_with_name([(passage, word), (passage, name)], "Experiments")
    assert [s for _, s in led] == [name, word]


def test_what_should_they_use_asks_for_a_service() -> None:
    question = "They want to log params and metrics and chart the runs side by side. What should they use?"
    assert shape_of(question) == "service-for-task"


PREREQUISITES = """---
module: 0
title: "Course Overview"
---
# Module 0: Course Overview

## Prerequisites

### Prerequisite: AWS fundamentals

SageMaker is built on ordinary AWS building blocks, so learners need basic AWS literacy. Amazon S3 is where SageMaker reads training data and writes model artifacts. IAM controls who may do what, and SageMaker jobs run under an IAM execution role.

### Prerequisite: Python

Learners should read Python code and use notebooks without help.
"""


def test_a_prerequisites_question_on_one_topic_goes_on_with_its_paragraph(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"00-overview.md": PREREQUISITES})
    answer = answer_question("Do I need to know AWS before taking this course?", retriever=course)
    texts = [s.text for s in answer.sentences]
    assert "AWS literacy" in texts[0]
    assert any("Amazon S3" in t for t in texts[1:3]) and any("IAM" in t for t in texts[1:3])


def test_a_prerequisites_question_about_one_thing_leads_with_it(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"00-overview.md": PREREQUISITES})
    answer = answer_question("Do I need to know IAM before taking this course?", retriever=course)
    assert "IAM controls who may do what" in answer.sentences[0].text


def _chunk_passage(cid: str, module: int, path: list[str], text: str) -> Passage:
    return passage_of(text, path, cid=cid, module=module)


def test_which_module_finds_the_module_by_its_words_when_only_the_overview_is_retrieved() -> None:
    overview = chunk_of(
        "Module 1 introduces the platform itself (Studio and JumpStart). Module 3 covers model building and "
        "training with notebooks. Module 4 covers deployment and MLOps with Model Registry and Pipelines.",
        ["Overview", "Modules"],
        cid="o",
        module=0,
    )
    shadow = chunk_of(
        "Shadow testing sends a copy of live traffic to a new variant.",
        ["Module 4", "Shadow"],
        cid="s",
        module=4,
    )
    rag = chunk_of("RAG retrieves documents at request time.", ["Module 1", "Choosing"], cid="r", module=1)
    library = [overview, shadow, rag]
    retrieved = [as_passage(overview)]
    question = "im planning my study week. in which module do I learn about shadow testing?"
    [(_, placed)] = module_answer(question, [], library, retrieved)
    assert placed == "Module 4 covers deployment and MLOps with Model Registry and Pipelines."
    # the overview's own topic is no module's: its words are the overview's
    background = chunk_of(
        "The course assumes four kinds of background knowledge.",
        ["Overview", "Prerequisites"],
        cid="b",
        module=0,
    )
    asked = "which part explains the background knowledge I need for documents?"
    assert _module_by_words(asked, [*library, background]) is None
    assert _module_by_words(question, [*library, background]) == 4
    # no sentence names RAG with a module: the summary of the module that teaches it
    [(_, summary)] = module_answer("which module teaches the RAG trade-off?", ["RAG"], library, retrieved)
    assert summary == "Module 1 introduces the platform itself (Studio and JumpStart)."


def test_which_module_leans_on_the_module_the_retrieved_passages_are_from() -> None:
    overview = _chunk_passage(
        "o",
        0,
        ["Overview", "Modules"],
        "Module 1 compares Bedrock, a serverless API, with JumpStart. Module 4 puts the chosen model into production and keeps it healthy with automation and monitoring.",
    )
    overview = chunk_of(overview.text, overview.section_path, cid="o", module=0)
    deploy = _chunk_passage(
        "d", 4, ["Module 4", "Serverless Inference"], "Serverless Inference scales to zero."
    )
    bedrock = _chunk_passage("b", 1, ["Module 1", "Bedrock"], "Bedrock offers a serverless API.")
    question = "Which module should I read to learn about serverless and asynchronous inference?"
    [(_, alone)] = module_answer(question, [], [overview])
    assert alone.startswith("Module 1"), "by words alone, the sentence that says 'serverless'"
    [(_, voted)] = module_answer(question, [], [overview], [deploy, bedrock, deploy])
    assert (
        voted
        == "Module 4 puts the chosen model into production and keeps it healthy with automation and monitoring."
    )


def test_a_phrase_of_the_task_only_one_service_uses_points_at_it() -> None:
    def chunk(cid: str, service: str, text: str) -> Chunk:
        return chunk_of(text, ["Module 2", f"SageMaker {service}"], cid=cid, module=2)

    sections = service_sections(
        [
            chunk(
                "g",
                "Ground Truth",
                "Task types cover image classification and bounding boxes drawn by people.",
            ),
            chunk("t", "Training Jobs", "Training Jobs run on clusters of thousands of accelerators."),
            chunk("e", "Experiments", "Experiments compare runs and chart their metrics."),
        ]
    )
    words = service_words(sections)
    owner = _phrase_owner("Which service has people draw bounding boxes in thousands of photos?", words)
    assert owner is not None and sections[owner][0] == "Ground Truth"
    two = "Which service handles bounding boxes and lets me compare runs?"
    assert _phrase_owner(two, words) is None, "phrases of two services point at neither"


def _three_services() -> dict:
    def chunk(cid: str, service: str, text: str) -> Chunk:
        return chunk_of(text, ["Module 2", f"SageMaker {service}"], cid=cid, module=2)

    return service_sections(
        [
            chunk("g", "Ground Truth", "A labelling job points at unlabelled data; a model needs labels."),
            chunk(
                "f",
                "Feature Store",
                "The online store serves the latest value in milliseconds. Every model reads it when the need arises.",
            ),
            chunk("c", "Model Cards", "A model card records what a model is for."),
        ]
    )


def test_a_phrase_of_common_words_points_at_no_service() -> None:
    sections = _three_services()
    # "model needs" is written only in Ground Truth's section, but "model" is every service's word
    assert (
        _phrase_owner("My fraud model needs fresh values. What should I use?", service_words(sections))
        is None
    )


def test_words_only_one_service_uses_count_for_it() -> None:
    sections = _three_services()
    evidence = _word_evidence(
        "My model needs the latest values within milliseconds at scoring time. What should I use?",
        service_words(sections),
    )
    names = {sections[k][0]: v for k, v in evidence.items()}
    assert "Model Cards" not in names, "a model card says nothing of values or time"
    # "latest", "valu" and "millisecond" are Feature Store's alone; "need" is Ground Truth's
    assert names["Feature Store"] > names.get("Ground Truth", 0.0) > 0


def test_a_comparison_with_a_versus_section_is_answered_from_it_in_order() -> None:
    text = (
        "Experiments and Model Registry are different stages of the same story. Experiments records every "
        "attempt to support comparison during development. Model Registry stores only the versions a team "
        "keeps, with an approval status, to support release."
    )
    versus = _chunk_passage("v", 3, ["Module 3", "Experiments", "Experiments versus Model Registry"], text)
    other = _chunk_passage(
        "o", 3, ["Module 3", "Experiments", "What Experiments is"], "Experiments records runs."
    )
    question = "How does Experiments differ from Model Registry?"
    picked = comparison_section(question, [(other, "Experiments records runs."), (versus, "x")], 5)
    assert [s for _, s in picked][-1].startswith("Model Registry stores only"), "both sides, in order"
    assert comparison_section(question, [(other, "Experiments records runs.")], 5) == []
    unrelated = "How does Experiments differ from Clarify?"
    assert comparison_section(unrelated, [(versus, "x")], 5) == [], "a versus section on another pair"


def test_two_sections_headed_alike_but_for_each_side_answer_a_comparison_of_the_sides() -> None:
    library = [
        chunk_of(
            "Pre-training bias metrics measure bias in the dataset. Examples include class imbalance. They need no model.",
            ["Module 5", "Clarify pre-training bias metrics"],
            cid="pre",
            module=5,
        ),
        chunk_of(
            "Post-training bias metrics measure bias in predictions. Examples include disparate impact.",
            ["Module 5", "Clarify post-training bias metrics"],
            cid="post",
            module=5,
        ),
        chunk_of(
            "Clarify explains predictions with SHAP.",
            ["Module 5", "Clarify explainability"],
            cid="x",
            module=5,
        ),
    ]
    question = "Contrast Clarify's post-training bias metrics with its pre-training ones."
    assert shape_of(question) == "comparison"
    assert [s for _, s in sibling_sections(question, library, 4)] == [
        "Post-training bias metrics measure bias in predictions.",
        "Examples include disparate impact.",
        "Pre-training bias metrics measure bias in the dataset.",
        "Examples include class imbalance.",
    ], "the opening of each side, in the order the question names them"
    assert sibling_sections("How do Clarify's pre-training bias metrics work?", library, 4) == []


def test_a_side_of_a_versus_heading_is_asked_by_its_abbreviation() -> None:
    text = "Ground Truth and Amazon Augmented AI both use human workers. Ground Truth labels datasets before training."
    heading = "Ground Truth versus Amazon Augmented AI (A2I)"
    versus = _chunk_passage("v", 2, ["Module 2", "SageMaker Ground Truth", heading], text)
    question = "Ground Truth and Amazon A2I both involve human workers. How are they different?"
    picked = comparison_section(question, [(versus, "x")], 5)
    assert [s for _, s in picked] == [
        "Ground Truth and Amazon Augmented AI both use human workers.",
        "Ground Truth labels datasets before training.",
    ]
    other_pair = "Ground Truth and Data Wrangler both touch data. How are they different?"
    assert comparison_section(other_pair, [(versus, "x")], 5) == []
    # a terse "X vs Y?" whose best sentence is elsewhere: the versus section retrieved answers it
    when_not = _chunk_passage(
        "w", 2, ["Module 2", "SageMaker Ground Truth", "When not"], "Use A2I for reviews."
    )
    picked = comparison_section("Ground Truth vs A2I?", [(when_not, "Use A2I for reviews.")], 5, [versus])
    assert [s for _, s in picked][:1] == ["Ground Truth and Amazon Augmented AI both use human workers."]


def test_what_follows_a_comma_is_said_of_the_subject_not_asked_as_a_list() -> None:
    question = "What is SHAP, the method Clarify uses to explain predictions?"
    assert subject_of(question) == "SHAP"
    assert shape_of(question) == "definition"
    assert enumeration_nouns(question) == set()
    assert enumeration_nouns("What is meant by technical debt in ML systems?") == set()
    assert enumeration_nouns("What are the phases of the ML lifecycle?") == {"phases"}


def test_a_verb_in_s_is_not_the_plural_a_list_is_of() -> None:
    # "offers to get": the list is of predictions (ways), not of "offers" a monitoring list names
    assert enumeration_nouns("Name the four main ways SageMaker offers to get predictions.") == {
        "predictions"
    }
    assert enumeration_nouns("List the steps a pipeline runs to train a model") == {"steps"}
    # ... and "SageMaker offers for": the verb of the vendor, before its object
    assert enumeration_nouns("What are the main options SageMaker offers for getting predictions?") == {
        "options",
        "predictions",
    }
    assert "features" in enumeration_nouns("What SageMaker features are there for labelling?")
    assert subject_of("What is meant by technical debt when talking about ML systems?") == "technical debt"
    assert (
        subject_of("Explain how backpropagation computes gradients in a neural network.") == "backpropagation"
    )
    assert subject_of("Can you explain how automatic model tuning works?") == "automatic model tuning"


def test_a_sentence_that_says_what_the_subject_is_leads_a_definition(fake_embedder) -> None:
    passage = _chunk_passage(
        "s",
        5,
        ["Module 5", "SageMaker Clarify", "Clarify explainability with SHAP"],
        "Clarify explains the predictions of a credit model. "
        "SHAP (SHapley Additive exPlanations), a method from cooperative game theory, scores each feature.",
    )
    question = "What is SHAP, the method Clarify uses to explain predictions?"
    picked = select_sentences(question, [passage], fake_embedder)
    assert "SHapley" in picked[0][1]


def test_every_month_is_not_a_map_of_services() -> None:
    task = (
        "I want prep, training and evaluation to run as one repeatable workflow every month. What do I use?"
    )
    assert shape_of(task) == "service-for-task"
    assert shape_of("Which service goes with each phase of the lifecycle?") != "service-for-task"
    assert shape_of("what's the sagemaker thing that trains and ranks models for me?") == "service-for-task"
    assert shape_of("Which tool do I use for all the steps?") != "service-for-task"
    # a second language's word order: "Where I can save ...?"
    assert shape_of("Where I can save all my training tries, so I compare them after?") == "service-for-task"
    assert shape_of(
        "We score churn nightly on an always-on endpoint. Is there a better SageMaker option?"
    ) == ("service-for-task")
    assert shape_of(
        "A regulator wants the inputs behind one decision. What can SageMaker give me for that?"
    ) == ("service-for-task")
    asked = "is there something in sagemaker that just trains a bunch of candidate models and ranks them"
    assert shape_of(asked) == "service-for-task"
    assert shape_of("Is there a tool that tracks which dataset trained a model?") == "service-for-task"


def test_a_story_that_ends_asking_between_two_options_is_a_comparison() -> None:
    # "we need ..." tells the story; the learner names the two options they weigh
    either = "We need to sort tickets in under 100 ms. Should we fine-tune a model or use RAG?"
    assert shape_of(either) == "comparison"
    assert shape_of("We need to sort tickets in under 100 ms. Which service should we use?") == (
        "service-for-task"
    )


MONITOR = """---
module: 4
title: "Deployment & MLOps"
---
# Module 4: Deployment & MLOps

## SageMaker Model Monitor

### What SageMaker Model Monitor is

SageMaker Model Monitor watches deployed models and reports drift. Model Monitor is the service to name for data drift.

### How Model Monitor works: capture, baseline, schedule

Setting up Model Monitor follows three steps. First, enable data capture on the endpoint. Second, create a baseline from the training data. Third, schedule monitoring jobs that compare captured data with the baseline.
"""


def test_a_how_question_is_answered_from_the_section_on_how_it_works(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": MONITOR})
    for question in (
        "How does Model Monitor detect data drift?",
        "Walk me through how Model Monitor spots drift on an endpoint.",
        # a procedure: the subject as written heads no section, the course name it uses does
        "How do you set up Model Monitor so it can catch data drift? Walk me through the steps.",
        # the name heads the question, a verb of the learner's own follows it
        "How does Model Monitor actually figure out that something has drifted?",
    ):
        answer = answer_question(question, retriever=course)
        texts = [s.text for s in answer.sentences]
        assert texts[0] == "Setting up Model Monitor follows three steps.", question
        assert texts[1].startswith("First,") and texts[3].startswith("Third,"), "the steps in order"


def test_word_forms_that_stem_apart_still_overlap() -> None:
    # "approving" stems to "approv", "approval" does not: their first five letters meet
    assert _overlap(set(content_terms("approving a deployment")), "Approval can trigger a deployment.") == 1.0


CARDS = """---
module: 5
title: "Governance"
---
# Module 5: Governance

## SageMaker Model Cards

### What SageMaker Model Cards are

SageMaker Model Cards document a model for reviewers. Use a model card for every production model.

### What goes into a SageMaker model card

A SageMaker model card has standard sections. The intended uses section states the purpose of the model. The training details section records the training job.

### Model Cards versus Model Registry

A model card documents the model for people, while Model Registry is a catalog of deployable versions.
"""


def test_a_question_that_asks_a_heading_back_is_answered_by_that_section(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"05-gov.md": CARDS})
    answer = answer_question("What goes into a SageMaker Model Card?", retriever=course)
    texts = [s.text for s in answer.sentences]
    assert texts == [
        "A SageMaker model card has standard sections.",
        "The intended uses section states the purpose of the model.",
        "The training details section records the training job.",
    ]


SERVERLESS = """---
module: 4
title: "Deployment"
---
# Module 4: Deployment

## Deployment options for SageMaker models

### Serverless inference

SageMaker Serverless Inference runs a model without instances for the user to manage and scales to zero for the model. Serverless Inference suits intermittent traffic for a model that tolerates cold starts. It does not offer GPUs and limits memory, so large models do not fit.
"""


def test_when_not_to_use_leads_with_what_it_does_not_offer(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": SERVERLESS})
    answer = answer_question("When would Serverless Inference be a poor fit for my model?", retriever=course)
    # "It does not offer GPUs ..." leans on the sentence before it, which comes first
    assert [s.text[:20] for s in answer.sentences[:2]] == ["Serverless Inference", "It does not offer GP"]


def test_a_named_thing_weighed_against_a_story_leads_with_where_it_is_a_poor_fit(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": SERVERLESS})
    question = (
        "We want to serve a large model that needs GPUs, with intermittent traffic. "
        "Should we use Serverless Inference for it?"
    )
    assert shape_of(question) == "when-to-use"
    answer = answer_question(question, retriever=course)
    assert any(s.text.startswith("It does not offer GP") for s in answer.sentences[:2])


def test_the_task_is_said_without_its_purpose_or_the_closing_which_service() -> None:
    question = (
        "I have 200k photos and need people to draw boxes around the defects before I can train a detector. "
        "Which SageMaker service should I use?"
    )
    assert task_of(question) == "I have 200k photos and need people to draw boxes around the defects."
    assert task_of("I need labels so I can train a model. What should I use?") == "I need labels."
    # a closing question that still says part of the task stays
    warn = "My data drifts. Which SageMaker service would warn me automatically?"
    assert task_of(warn) == warn
    assert task_of("Which service tracks my runs?") == "Which service tracks my runs?"
    # dictated, with no stop before the asking: "which SageMaker thing handles that" is no task
    spoken = "i need people to draw boxes around cracked screens in phone photos which SageMaker thing handles that"
    assert task_of(spoken) == "i need people to draw boxes around cracked screens in phone photos"
    assert (
        task_of("I need a tool which handles labelling of photos")
        == "I need a tool which handles labelling of photos"
    )
    # "supports this", "helps here": asking words, no part of the task
    trace = (
        "An auditor wants to trace an endpoint back to its dataset. Which SageMaker capability supports this?"
    )
    assert task_of(trace) == "An auditor wants to trace an endpoint back to its dataset."
    # inputs that look different from the training data: data drift, in the learner's words
    looks = (
        "The live inputs start to look different from the data the model was trained on. What should we use?"
    )
    assert task_of(looks).endswith("(data drift)")
    plain = "The live inputs need labels before the model is trained. What should we use?"
    assert "drift" not in task_of(plain)


def test_a_service_named_in_the_learners_story_is_not_evidence_for_it() -> None:
    told = named_in_the_story(
        "My team has run forty training jobs. What SageMaker capability lets us compare their metrics?"
    )
    assert told("Training Jobs") and not told("Experiments")
    # named in the asking itself, it may well be the answer
    assert not named_in_the_story("We train daily. Which feature of Training Jobs cuts cost?")(
        "Training Jobs"
    )
    assert not named_in_the_story("Which service tracks training jobs?")("Training Jobs")


def test_a_quoted_misconception_is_followed_by_its_correction() -> None:
    passage = _chunk_passage(
        "m",
        1,
        ["Module 1", "SageMaker JumpStart", "Common misconceptions about JumpStart"],
        "A common misconception is that JumpStart models are free to run. The endpoint instances they run on "
        "are billed like any other compute. A second misconception is that JumpStart sends data to the model "
        "provider.",
    )
    other = _chunk_passage(
        "o", 1, ["Module 1", "SageMaker JumpStart"], "JumpStart offers pre-trained models."
    )
    picked = [
        (passage, "A common misconception is that JumpStart models are free to run."),
        (other, "JumpStart offers pre-trained models."),
    ]
    out = [s for _, s in with_corrections(picked, 5)]
    assert out == [
        "A common misconception is that JumpStart models are free to run.",
        "The endpoint instances they run on are billed like any other compute.",
        "JumpStart offers pre-trained models.",
    ]
    assert [s for _, s in with_corrections(picked, 1)][:2] == out[:2], "the correction is never cut"


def test_a_sentence_that_announces_steps_is_followed_by_them_in_order() -> None:
    passage = _chunk_passage(
        "m",
        4,
        ["Module 4", "SageMaker Model Monitor", "How Model Monitor works"],
        "Setting up Model Monitor follows two steps. First, enable data capture. Second, create a "
        "baseline. Model quality also needs ground truth labels.",
    )
    other = _chunk_passage(
        "o", 4, ["Module 4", "SageMaker Model Monitor"], "Model Monitor watches endpoints."
    )
    picked = [
        (passage, "Setting up Model Monitor follows two steps."),
        (passage, "Model quality also needs ground truth labels."),
        (other, "Model Monitor watches endpoints."),
    ]
    assert [s for _, s in with_announced(picked, 3)] == [
        "Setting up Model Monitor follows two steps.",
        "First, enable data capture.",
        "Second, create a baseline.",
    ]
    plain = [(other, "Model Monitor watches endpoints."), picked[1]]
    assert with_announced(plain, 3) == plain


STORE = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Feature Store

### What Feature Store is

SageMaker Feature Store stores features for training and for inference in one place. The main reason to adopt Feature Store is consistency between training and inference.

### Feature Store: when to use it and when not

Use SageMaker Feature Store when several teams reuse the same features. Feature Store adds little for a one-off model trained from a single static file. Feature Store is unnecessary for raw data storage, which belongs in the data lake.

### Common misconceptions about Feature Store

A common misconception is that Feature Store transforms data. Feature Store stores and serves features; the transformations happen earlier. A second misconception is that the online store keeps history; the online store keeps the latest value per record.

## SageMaker Model Cards

### What Model Cards are

SageMaker Model Cards document a model for reviewers. Model owners write model cards before deployment approval.

### Model Cards: when to use them and when not

Use SageMaker Model Cards for every model that goes to production. Model Cards are lighter than a full model risk file. For a quick internal experiment that will never be deployed, a model card is usually unnecessary.
"""


def test_a_when_not_question_is_answered_from_the_things_when_section_caveats_first(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"02-data.md": STORE})
    answer = answer_question("When is it not worth adopting Feature Store?", retriever=course)
    assert answer.sentences[0].text.startswith("Feature Store adds little for a one-off model")
    assert all("when not" in answer.citations[s.citations[0] - 1].section_path[-1] for s in answer.sentences)
    asked = answer_question("Is there any situation where I can skip writing a Model Card?", retriever=course)
    assert asked.covered, "writing meets write: the course says when a card can be skipped"
    assert asked.sentences[0].text.startswith("For a quick internal experiment")
    when = answer_question("When should I use Feature Store?", retriever=course)
    assert when.sentences[0].text.startswith("Use SageMaker Feature Store when")


def test_a_yes_no_question_on_a_misconception_is_answered_by_its_correction(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"02-data.md": STORE})
    answer = answer_question(
        "can feature store do the data transformations for my features?", retriever=course
    )
    texts = [s.text for s in answer.sentences]
    assert texts[:2] == [
        "A common misconception is that Feature Store transforms data.",
        "Feature Store stores and serves features; the transformations happen earlier.",
    ]
    assert not any("second misconception" in t for t in texts), "the other misconception is not asked"
    history = answer_question(
        "Is the Feature Store online store keeping a history of values?", retriever=course
    )
    texts = [s.text for s in history.sentences]
    assert texts[0].startswith("A second misconception is that the online store keeps history;")
    assert not any("transforms data" in t for t in texts), "the other misconception is not asked"
    # a question that is not yes/no, or whose premise is no misconception, is answered as before
    what = answer_question("What does Feature Store store?", retriever=course)
    assert "misconception" not in what.sentences[0].text


def test_words_ending_in_s_that_are_no_plurals_keep_it() -> None:
    # "What does Module 4 focus on?" met "focuses" in the course only when both stem alike
    for word, plural in (("focus", "focuses"), ("process", "processes"), ("bias", "biases")):
        assert stem(word) == stem(plural), word
    assert stem("models") == stem("model")


TWO_MODULES = """---
module: 4
title: "Deployment & MLOps"
---
# Module 4: Deployment & MLOps

Module 4 is about getting models into production. Which version is live? It covers the SageMaker services Model Registry, Model Monitor and Pipelines in depth.

## SageMaker Model Monitor

SageMaker Model Monitor compares live traffic with a baseline from the training data and reports drift.
"""


def test_what_a_numbered_module_covers_is_its_opening_paragraph(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": TWO_MODULES})
    answer = answer_question("What SageMaker services does Module 4 focus on?", retriever=course)
    assert answer.covered
    assert [s.text for s in answer.sentences] == [
        "Module 4 is about getting models into production.",
        "It covers the SageMaker services Model Registry, Model Monitor and Pipelines in depth.",
    ], "the opening, in order, without the question it asks"
    assert shape_of("What SageMaker services does Module 4 focus on?") == "which-module"
    assert shape_of("Which services are taught in Module 2?") == "which-module"
    opening = module_opening(4, course.chunks(), 5)
    assert [s[:20] for _, s in opening] == ["Module 4 is about ge", "It covers the SageMa"]
    assert module_opening(2, course.chunks(), 5) == [], "no such module"
    # a question placed in a module is about its topic, not about the module
    placed = "In Module 4, how does Model Monitor work?"
    assert shape_of(placed) == "how-it-works"
    assert answer_question(placed, retriever=course).sentences[0].text.startswith("SageMaker Model Monitor")


REGISTRY_WHY = """---
module: 4
title: "Deployment"
---
# Module 4: Deployment

## SageMaker Model Registry

### Model versions

Model Registry is a catalog of model versions for a production team. Model Registry records an approval status for each model version. Because versions are never overwritten, rolling back to an earlier model means redeploying an earlier approved version. Model groups can be shared across accounts.
"""


def test_a_why_question_leads_with_the_sentence_that_gives_a_reason(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": REGISTRY_WHY})
    question = "Why is rolling back to an earlier model easy for a team with Model Registry?"
    answer = answer_question(question, retriever=course)
    assert answer.sentences[0].text.startswith("Because versions are never overwritten")
    what = answer_question("What does Model Registry record for a model version?", retriever=course)
    assert not what.sentences[0].text.startswith("Because"), "only a why-question asks for the reason"


def test_kinds_of_a_thing_ask_for_the_types_the_course_lists() -> None:
    question = "What kinds of monitoring can SageMaker Model Monitor run on a deployed model?"
    assert shape_of(question) == "list"
    assert "types" in enumeration_nouns(question), '"four monitoring types" answers "kinds of monitoring"'


def test_a_list_asked_for_by_which_of_them_or_by_their_count_is_a_list() -> None:
    for question in (
        "Into which phases does the course divide the machine learning lifecycle?",
        "How many phases does the course split the ML lifecycle into, and what are they?",
        "6 lifecycle phases per course?",
        "Model Monitor monitoring types (4)",
    ):
        assert shape_of(question) == "list", question
    # one phase asked for, or a count alone, is no list
    assert shape_of("Which phase does Clarify serve?") != "list"
    assert shape_of("How many phases does the course use?") != "list"


METRICS = """---
module: 5
title: "Governance"
---
# Module 5: Governance

## SageMaker Clarify

### Clarify pre-training bias metrics

Clarify pre-training bias metrics measure bias in the dataset before any model is trained. Examples include class imbalance, which shows whether one group has far fewer rows. Pre-training metrics need only the dataset.

### Clarify post-training bias metrics

Clarify post-training bias metrics measure bias in the predictions of a trained model. Clarify computes post-training bias metrics after training. Post-training bias metrics compare predictions between groups. Clarify computes bias metrics for each facet. Bias metrics from Clarify go into a report.

### Clarify reports

Clarify writes a bias report with the metrics it computes for each facet of the dataset.
"""


def test_examples_asked_for_go_on_in_the_paragraph_that_began_them(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"05-gov.md": METRICS})
    answer = answer_question(
        "Name some pre-training bias metrics that Clarify computes for a dataset.", retriever=course
    )
    texts = [s.text for s in answer.sentences]
    assert texts[0].startswith("Clarify pre-training bias metrics measure")
    assert texts[1].startswith("Examples include class imbalance")
    # "list a few" asks for examples too
    answer = answer_question(
        "Which pre-training bias metrics can Clarify compute on a dataset? Please list a few.",
        retriever=course,
    )
    texts = [s.text for s in answer.sentences]
    at = next(i for i, t in enumerate(texts) if t.startswith("Clarify pre-training bias metrics measure"))
    assert texts[at + 1].startswith("Examples include class imbalance")


def test_or_nah_asks_yes_or_no_and_what_separates_them_compares() -> None:
    assert shape_of("if i register my model is it live now or nah") != "comparison"
    assert (
        shape_of("Is it fine to train in my notebook for hours, or should I do something else?")
        != "comparison"
    )
    assert shape_of("Should I pick Canvas or Data Wrangler?") == "comparison"
    # "the different ways" asks for the ways, not for how two things differ
    assert shape_of("What are the different ways SageMaker can serve predictions?") != "comparison"
    assert shape_of("how is a notebook different from a training job") == "comparison"
    assert shape_of("Ground Truth and A2I both use people, so what actually separates them?") == "comparison"


REGISTRY_MYTHS = """---
module: 4
title: "Deployment"
---
# Module 4: Deployment

## SageMaker Model Registry

### Common misconceptions about Model Registry

A common misconception is that registering a model deploys it. Registration only records a version; deployment happens when a pipeline deploys an approved version. A second misconception is that approval status is decorative; approval status is the signal that deployment pipelines act on.
"""


def test_a_word_asked_of_a_thing_that_shares_its_first_letters_still_counts(
    tmp_path: Path, fake_embedder
) -> None:
    # "register" and "Registry" both begin "regis": the question still asks whether registering deploys
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": REGISTRY_MYTHS})
    question = "if i register my model in the registry is it live now or nah"
    premise = [s for _, s in misconception_answer(question, course.chunks())]
    assert premise[0] == "A common misconception is that registering a model deploys it."
    answer = answer_question(question, retriever=course)
    assert answer.sentences[0].text == premise[0]


def test_who_told_the_learner_and_how_they_ask_are_no_part_of_the_premise(
    tmp_path: Path, fake_embedder
) -> None:
    # "labmate", "claims" and "is he right" are in no claim: the premise is "registered ... live"
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": REGISTRY_MYTHS})
    question = "My labmate claims that once a model is registered in Model Registry it's live. Is he right?"
    premise = [s for _, s in misconception_answer(question, course.chunks())]
    assert premise[:1] == ["A common misconception is that registering a model deploys it."]


APPROVAL = """---
module: 4
title: "Deployment"
---
# Module 4: Deployment

## SageMaker Model Registry

### Model versions and approval status

Each model version in Model Registry has an approval status. A reviewer changes the status to Approved. Every status change emits an Amazon EventBridge event, so approval can automatically trigger a deployment pipeline.

### Model Registry: when to use it and when not

Use SageMaker Model Registry whenever a model version must be approved and whenever CI/CD should deploy a model automatically after approval.
"""


def test_how_one_thing_sets_off_another_leads_with_the_sentence_that_says_so(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": APPROVAL})
    question = "How can approving a model version in Model Registry automatically start a deployment?"
    answer = answer_question(question, retriever=course)
    assert answer.sentences[0].text.startswith("Every status change emits an Amazon EventBridge event")


LOOP = """
## How the MLOps services work together

The MLOps services form a loop. An approval in Model Registry triggers CI/CD to deploy the version to an endpoint.
"""


def test_the_sentence_that_says_how_one_thing_sets_off_another_beats_one_that_says_it_does(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": APPROVAL + LOOP})
    question = (
        "How does changing a version's approval status in Model Registry end up triggering a deployment?"
    )
    answer = answer_question(question, retriever=course)
    assert answer.sentences[0].text.startswith("Every status change emits an Amazon EventBridge event")


def test_the_sentence_that_says_how_leads_before_sentences_of_other_topics_are_dropped() -> None:
    loop = passage_of("...", ["Module 4", "How the MLOps services work together"])
    status = passage_of("...", ["Module 4", "SageMaker Model Registry", "Approval status"])
    picked = [
        (loop, "An approval in Model Registry triggers CI/CD to deploy the version."),
        (status, "Every status change emits an EventBridge event, so approval can trigger a deployment."),
    ]
    asked = emphasis_of("How does approving a version end up triggering a deployment?")
    assert next(s for _, s in asked_first(asked, picked)).startswith("Every status change")
    # a question that asks no chain keeps the order
    assert asked_first(emphasis_of("What is Model Registry?"), picked) == picked


RAG = """---
module: 1
title: "Foundations"
---
# Module 1: Foundations

## Choosing between fine-tuning and RAG

### Fine-tuning a foundation model

Fine-tuning changes a model's behaviour with a small labelled dataset. Fine-tuning suits a fixed house style.

### Retrieval-augmented generation (RAG)

Retrieval-augmented generation keeps the foundation model unchanged. RAG has the best freshness: update the index and answers change.
"""


def test_a_thing_named_in_brackets_in_a_heading_owns_that_section(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"01-found.md": RAG})
    answer = answer_question("When is RAG a better choice than fine-tuning?", retriever=course)
    assert [s.text[:30] for s in answer.sentences] == [
        "Retrieval-augmented generation",
        "RAG has the best freshness: up",
    ]


def test_which_one_in_the_story_does_not_make_a_which_service_question_a_map_question() -> None:
    story = (
        "I've run forty training jobs and lost track of which one had the best AUC. "
        "Which SageMaker capability should I use to compare them?"
    )
    assert shape_of(story) == "service-for-task"
    assert shape_of("Which service goes with which phase of the lifecycle?") != "service-for-task"
    # "which did best" in the story is no which-goes-with-which either
    assert shape_of("We need to see which did best. Which SageMaker service helps?") == "service-for-task"
    # different learning rates are values tried, not two things compared
    for asking in (
        "I ran 40 runs with different learning rates. What lets me chart and compare them side by side?",
        "I'm running trainings with different feature sets. What should I be logging these runs into?",
    ):
        assert shape_of(asking) == "service-for-task", asking
    assert shape_of("How is Experiments different from Model Registry?") == "comparison"
    assert shape_of("The inputs drift from the training data. What should I set up to catch this?") == (
        "service-for-task"
    )


def test_more_ways_to_ask_when_and_when_not() -> None:
    for question in (
        "In which situations would Serverless Inference be a poor fit for my model?",
        "Is Managed Spot Training a good idea if we need the model by tomorrow?",
        "When is Feature Store more trouble than it's worth?",
        "Are there situations where adopting Feature Store isn't worth it?",
        # a story told, then whether a named approach fits it
        "We need to sort tickets in under 100 ms. Is retrieval-augmented generation the right approach?",
        # when doing something makes sense, is justified or worth it
        "When does it really make sense to pre-train our own foundation model instead of fine-tuning one?",
        "When is it justified to pre-train a foundation model?",
    ):
        assert shape_of(question) == "when-to-use", question
    # ... but a thing described, not named, may be the wrong one: which one is asked
    assert (
        shape_of("We want to pay per request. Is the SageMaker model hub the right choice?") != "when-to-use"
    )
    assert shape_of("How does Model Monitor catch drift? What are the setup steps?") == "how-it-works"
    # what happens inside a thing at some point is how it works; what happens when I do something
    # is what follows from it
    assert shape_of("What happens at request time in a RAG setup?") == "how-it-works"
    # whether a thing is needed at all, not what is needed
    assert shape_of("Do we even need Pipelines for a single training run?") == "when-to-use"
    assert shape_of("What score do I need on the mapping criterion to pass?") != "when-to-use"


def test_how_a_thing_works_is_read_from_the_section_headed_by_it(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"01-found.md": RAG})
    for question in (
        "How does retrieval-augmented generation work?",
        "Tell me how RAG works.",
        "How RAG works, step by step?",  # a second language's word order
        # how the technique does one thing is still what its own section explains
        "How does RAG keep answers fresh without fine-tuning the model?",
        "Mechanically, how does RAG keep answers fresh without fine-tuning the model?",
    ):
        assert shape_of(question) == "how-it-works", question
        answer = answer_question(question, retriever=course)
        assert answer.sentences[0].text.startswith("Retrieval-augmented generation keeps"), question


OPTIONS = """---
module: 4
title: "Deployment"
---
# Module 4: Deployment

## Deployment options for SageMaker models

SageMaker offers several ways to get predictions from a model.

### Real-time inference endpoints

A real-time endpoint scores each customer request every night and day in milliseconds from always-on instances, so every customer gets an answer instantly.

### Batch transform

Batch transform scores a whole dataset in Amazon S3 without a persistent endpoint. It suits nightly scoring.

### Choosing a SageMaker deployment option

| Need | Deployment option |
|---|---|
| Low latency, interactive app | Real-time inference endpoint |
| Score a whole dataset offline, no endpoint needed | Batch transform |
"""


def test_an_option_asked_for_is_chosen_by_the_courses_table_of_needs(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": OPTIONS})
    question = "We score every customer once a night and nobody needs an answer instantly. Which inference option fits?"
    answer = answer_question(question, retriever=course)
    assert answer.sentences[0].text.startswith("Batch transform scores a whole dataset")
    # the need told first, the option asked for last
    told_first = "We score every customer once a night; nobody needs an answer instantly. What's the SageMaker option for that?"
    assert option_answer(told_first, course.chunks(), 5)[0][1].startswith(
        "Batch transform scores a whole dataset"
    )
    assert option_answer("Which service labels images?", course.chunks(), 5) == [], "no option asked"
    # words meet in one form or a longer one, not by their first letters: an "internal" app is no
    # "interactive" one
    internal = "An internal app calls it twice a week. Which inference option fits?"
    assert option_answer(internal, course.chunks(), 5) == []


def test_when_not_to_use_a_thing_named_in_lower_case_is_read_from_its_own_section(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": OPTIONS})
    question = "When would batch transform be the wrong choice for scoring each customer request every day in milliseconds?"
    _, sentences, _ = compose_extractive(
        question, course.search(question), course.embedder, library=course.chunks()
    )
    assert sentences[0].text.startswith("Batch transform scores a whole dataset")


def test_an_option_no_row_names_is_chosen_by_what_its_own_section_says(tmp_path: Path, fake_embedder) -> None:
    text = (
        OPTIONS.replace(
            "### Choosing",
            "### Asynchronous Inference\n\nAsynchronous Inference queues requests with large payloads such as audio "
            "recordings and sends a notification through Amazon SNS when the result is ready.\n\n### Choosing",
        )
        + "| Large payloads or long processing, caller can wait | Asynchronous Inference |\n"
    )
    library = course_retriever(tmp_path, fake_embedder, {"04-deploy.md": text}).chunks()
    question = "Our audio recordings take an hour each and we get a notification when done. Which way of serving the model fits?"
    picked = option_answer(question, library, 5)
    assert picked and picked[0][1].startswith("Asynchronous Inference queues requests")
    # "which SageMaker option" asks for an option when the question is about serving predictions
    story = "Our audio recordings take an hour each and we get a notification. Which SageMaker option fits the endpoint?"
    assert option_answer(story, library, 5)[0][1].startswith("Asynchronous Inference queues requests")
    assert (
        option_answer("Our audio recordings take an hour each. Which SageMaker option fits?", library, 5)
        == []
    )
    # words no option's own section says more of than another's choose none
    assert option_answer("Which way of serving the model fits a small team?", library, 5) == []


PERSONAS = """---
module: 0
title: "Course Overview"
---
# Module 0: Course Overview

## ML personas and the SageMaker services they use

Enterprises split ML work across specialised roles. This course uses three core ML personas: data engineer, data scientist and ML engineer.

## Lifecycle map: SageMaker services by phase

Each phase of the lifecycle has its SageMaker services.
"""


def test_which_part_of_the_course_is_the_section_its_heading_names(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"00-overview.md": PERSONAS})
    question = "Which part of the course maps the ML personas to the SageMaker services they use?"
    assert [s[:20] for _, s in where_in_the_course(question, course.chunks(), 3)] == [
        "Enterprises split ML",
        "This course uses thr",
    ]
    answer = answer_question(question, retriever=course)
    assert answer.sentences[0].text.startswith("Enterprises split ML work")
    assert "Module 0: Course Overview" in answer.answer, "the overview is named as the course names it"
    assert where_in_the_course("Which module teaches the ML personas?", course.chunks(), 3) == []
    # "is there a part of the course that ...?" asks where, too
    asked = "is there a part of the course that maps ml personas to services? which module is that"
    assert where_in_the_course(asked, course.chunks(), 1)[0][1].startswith("Enterprises split ML")
    # two words of a heading among many others asked name another place
    many = "Which part of the course deals with per-persona IAM roles and access control for ML teams?"
    assert where_in_the_course(many, course.chunks(), 1) == []


def test_a_when_question_about_a_part_with_its_own_heading_is_not_when_to_use_the_whole() -> None:
    workforces = passage_of(
        "A private workforce ...", ["Module 2", "SageMaker Ground Truth", "Ground Truth labeling workforces"]
    )
    choosing = passage_of("RAG ...", ["Module 1", "Choosing between pre-training, fine-tuning and RAG"])
    part = "When should a Ground Truth labelling job use a private workforce rather than Mechanical Turk?"
    assert asks_beyond(part, "Ground Truth", [workforces])
    assert not asks_beyond("When should I use Ground Truth?", "Ground Truth", [workforces])
    # what it is weighed against is the other side, not a part of RAG
    assert not asks_beyond("When should a project prefer RAG over fine-tuning?", "RAG", [choosing])
    # the name and the word after it head a section of their own
    jobs = passage_of(
        "Notebook jobs run ...", ["Module 3", "SageMaker notebooks", "Notebook jobs: scheduling a notebook"]
    )
    assert asks_beyond(
        "When should I use a SageMaker notebook job instead of a pipeline?", "notebook", [jobs]
    )
    assert not asks_beyond("When should I use a SageMaker notebook?", "notebook", [jobs])


STEPS = """---
module: 4
title: "Deployment"
---
# Module 4: Deployment

## SageMaker Pipelines

### Pipeline steps

SageMaker Pipelines runs a graph of steps. A typical training pipeline orders its steps like this:

1. Processing step: prepare and split the data.
2. Training step: train the model.
3. Condition step: check whether the metric meets the threshold.

If the condition fails, a fail step stops the execution.
"""


def test_a_lead_sentence_that_introduces_a_list_is_followed_by_the_whole_list(
    tmp_path: Path, fake_embedder
) -> None:
    question = "how does a typical training pipeline order its steps like this?"
    texts = answer_texts(tmp_path, fake_embedder, {"04-deploy.md": STEPS}, question)
    assert texts[0] == "A typical training pipeline orders its steps like this:"
    assert texts[1:4] == [
        "Processing step: prepare and split the data.",
        "Training step: train the model.",
        "Condition step: check whether the metric meets the threshold.",
    ]


def test_a_how_heading_is_about_the_thing_it_opens_with() -> None:
    feature_store = chunk_of(
        "Feature Store feeds the same features to training and inference, so both read one source.",
        ["Module 2", "SageMaker Feature Store", "How Feature Store keeps training and inference consistent"],
        module=2,
    )
    assert how_section("Feature Store", [feature_store], 5)
    assert how_section("training", [feature_store], 5) == [], "not how training works"


NEIGHBOURS = """---
module: 0
title: "Overview"
---
# Module 0: Overview

## Neighbouring services

Several SageMaker features sit next to the core services. SageMaker Autopilot (AutoML) trains and ranks candidate models automatically. SageMaker Debugger inspects training jobs.

## SageMaker Training Jobs

SageMaker Training Jobs run training code on managed instances. Training Jobs write the model artifact to Amazon S3.
"""


def test_a_feature_beside_the_core_services_can_be_the_answer(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"00-overview.md": NEIGHBOURS})
    answer = answer_question(
        "Which SageMaker tool trains and ranks candidate models automatically?", retriever=course
    )
    assert (
        answer.sentences[0].text
        == "SageMaker Autopilot (AutoML) trains and ranks candidate models automatically."
    )
    # the core service still answers what its own sections say best
    answer = answer_question(
        "Which SageMaker service runs training code on managed instances?", retriever=course
    )
    assert "Training Jobs" in answer.sentences[0].text


def test_whats_the_tool_for_that_asks_which_service() -> None:
    question = (
        "I ran 40 tuning jobs and must chart validation AUC against learning rate. What's the tool for that?"
    )
    assert shape_of(question) == "service-for-task"
    assert shape_of("What is the tool called in the course overview?") != "service-for-task"


def test_which_course_module_is_a_which_module_question_whatever_it_compares() -> None:
    asked = "Which course module teaches Model Registry, the thing I'd compare with MLflow's registry?"
    assert shape_of(asked) == "which-module"
    assert shape_of("Which of the course's modules covers Feature Store?") == "which-module"
    assert shape_of("How does Model Registry compare with Model Cards?") == "comparison"


def test_when_to_use_the_one_option_named_is_read_from_its_own_section(corpus_index) -> None:
    """The table of options chooses among them; a question that names one asks when to use it."""
    question = (
        "We run a long tail of small internal models that each get called a few times an hour. When is "
        "Serverless Inference a sensible hosting choice for those, and when not?"
    )
    answer = answer_question(question, retriever=corpus_index)
    assert "Serverless Inference" in answer.sentences[0].text
    assert all("Asynchronous" not in s.text for s in answer.sentences[:2])


def test_a_which_inside_the_task_is_no_map_of_services() -> None:
    """ "... see which learning rate gave the best AUC" is the task; "which service goes with which
    phase" asks for the map of services."""
    asked = "Which SageMaker tool would let me chart 30 tuning runs and see which batch size scored best?"
    assert shape_of(asked) == "service-for-task"
    assert shape_of("Which service goes with which phase of the lifecycle?") != "service-for-task"


def test_asking_whether_one_thing_is_meant_for_another_situation_compares_nothing() -> None:
    asked = (
        "Our 'churned' flag already lives in the CRM. Do I still need Ground Truth to label training "
        "data, or is it meant for a different situation?"
    )
    assert shape_of(asked) != "comparison"
    assert shape_of("We need labels fast. Should we use Ground Truth or Ground Truth Plus?") == "comparison"
