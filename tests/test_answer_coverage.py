"""The coverage decision on what is asked: the subject of "what is X" must be a course word, one
named thing and what is asked of it must meet in a passage, a course name the retrieval missed is
looked up by name, and "when should I not use X" leads with where X is a poor fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from answer_fixtures import chunk_of, course_retriever

from tutor.answer import answer_question
from tutor.answer.analogies import analogy_for
from tutor.answer.asked_of_name import asked_of_the_name
from tutor.answer.coverage import (
    _loose_name_re,
    _together,
    _vendor_product_asked,
    _without_aside,
    decide,
)
from tutor.answer.decline import unlisted_topics
from tutor.answer.extractive import select_sentences
from tutor.answer.named_in_course import named_passages
from tutor.answer.question_words import focus_terms, is_foreign, latin_apart, subject_of, without_purpose
from tutor.answer.subjects import _writes, unknown_subject
from tutor.answer.unknown_names import tool_names, unknown_names
from tutor.answer.vocabulary import correct_name_typos, name_runs, vocabulary
from tutor.models import Passage
from tutor.retrieval.retriever import Retriever

TRAINING = """---
module: 3
title: "Model Building & Training"
---
# Module 3: Model Building & Training

## SageMaker Training Jobs

SageMaker Training Jobs run training code on managed instances and write the model artifact to Amazon S3. Large GPU instances use Elastic Fabric Adapter networking between nodes.

## SageMaker Canvas

SageMaker Canvas lets business analysts build models with a visual interface and no code. Canvas reads data from Amazon S3 and makes forecasts from tables.

## When to use Data Wrangler

Data Wrangler prepares tabular data visually with standard transformations such as cleaning and encoding. Data Wrangler is a poor fit for real-time streaming transformations, which belong in streaming code. Data Wrangler exports a flow to a pipeline.
"""


@pytest.fixture
def course(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"03-train.md": TRAINING})


def test_the_subject_of_a_definition_must_be_a_course_word(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    assert unknown_subject("What is dbt in data engineering?", vocab) == "dbt"
    assert unknown_subject("What is SageMaker Canvas?", vocab) == ""
    assert unknown_subject("How does the visual interface work?", vocab) == ""
    answer = answer_question("What is dbt in data engineering?", retriever=course)
    assert not answer.covered and answer.answer.startswith("dbt is not covered in this course")
    assert not answer.citations


def test_one_name_and_what_is_asked_of_it_must_meet_in_a_passage(course: Retriever) -> None:
    answer = answer_question("Which networking between nodes does SageMaker Canvas use?", retriever=course)
    assert not answer.covered and not answer.citations
    answer = answer_question("Can SageMaker Canvas make forecasts?", retriever=course)
    assert answer.covered and "Canvas" in answer.answer
    # one word asked of the name is too little to decline by: the course says it in other words
    answer = answer_question("When does Data Wrangler make sense?", retriever=course)
    assert answer.covered and "Data Wrangler" in answer.answer
    # where a name is taught: the words around it say where, not what is asked of it
    answer = answer_question(
        "Which module introduces SageMaker Canvas and managed instances?", retriever=course
    )
    assert answer.covered and "Module 3" in answer.answer


def test_asking_whether_the_course_includes_a_name_is_not_a_topic(course: Retriever) -> None:
    answer = answer_question("Does SageMaker Canvas appear in the course?", retriever=course)
    assert answer.covered and "Canvas" in answer.answer


def test_a_name_asked_in_the_singular_is_found_in_the_plural(course: Retriever) -> None:
    # "On what kind of SageMaker job does Clarify run?": "job" is named by "processing jobs"
    clarify = Passage(
        **course.chunks()[0].model_dump(exclude={"text"}),
        text="Clarify runs its analyses as SageMaker processing jobs.",
        score=1.0,
    )
    assert _together(["job", "Clarify"], [clarify])
    assert not _together(["endpoint", "Clarify"], [clarify])


def test_a_course_name_retrieval_missed_is_found_by_name(course: Retriever) -> None:
    chunks = course.chunks()
    unrelated = [Passage(**c.model_dump(), score=0.0) for c in chunks if "Canvas" in c.text]
    found = named_passages("What is Elastic Fabric Adapter used for?", unrelated, chunks)
    assert "Elastic Fabric Adapter" in found[0].text and found[1:] == unrelated
    # nothing added when a retrieved passage already names it, or for one-word names
    assert named_passages("What is Elastic Fabric Adapter?", found, chunks) == found
    assert named_passages("What is Canvas?", unrelated[:0], chunks) == []


def test_when_not_to_use_leads_with_where_it_is_a_poor_fit(course: Retriever, fake_embedder) -> None:
    passages = [Passage(**c.model_dump(), score=0.0) for c in course.chunks() if "Wrangler" in c.text]
    for question in (
        "When should I not use Data Wrangler?",
        "When does Data Wrangler add little value?",
        "When is Data Wrangler overkill?",
        "Under what circumstances is Data Wrangler the wrong pick?",
    ):
        picked = select_sentences(question, passages, fake_embedder)
        assert "poor fit" in picked[0][1], question


def test_what_is_asked_of_a_name_meets_it_in_another_word_form(course: Retriever) -> None:
    # "measure" and "measures" stem apart; asked of Canvas, "visually" meets "visual"
    answer = answer_question("Does SageMaker Canvas work visually?", retriever=course)
    assert answer.covered and "Canvas" in answer.answer


def test_a_decline_names_each_topic_once_and_a_page_does_not_list_them_again(course: Retriever) -> None:
    answer = answer_question("What is SageMaker Neo?", retriever=course)
    assert not answer.covered and answer.suggestions
    assert all(answer.answer.count(t) == 1 for t in answer.suggestions)
    assert unlisted_topics(answer.answer, answer.suggestions) == []
    assert unlisted_topics("Not covered.", ["Canvas (Module 3)"]) == ["Canvas (Module 3)"]


@pytest.mark.parametrize(
    "question",
    [
        "Wie funktioniert SageMaker Clarify?",
        "Qual é a diferença entre treinamento e inferência?",
        "Come funziona il monitoraggio dei modelli?",
        "¿SageMaker Canvas?",
    ],
)
def test_questions_with_one_foreign_function_word_and_an_accent_or_verb_are_foreign(question: str) -> None:
    assert is_foreign(question)


def test_english_with_a_borrowed_accent_is_still_english() -> None:
    assert not is_foreign("What is the café example in the course?")
    assert not is_foreign("How do I use Clarify for a résumé screening model?")
    # "per" is English too, and the "o" of "GPT-4o" is no word of its own
    assert not is_foreign("What are the per-token prices of the OpenAI GPT-4o API?")
    assert is_foreign("Quanto costa il modello per ora?")


def test_a_name_glued_to_another_script_is_read_as_the_name(course: Retriever) -> None:
    assert latin_apart("SageMaker Canvasとは何ですか") == "SageMaker Canvas とは何ですか"
    neo = answer_question("SageMaker Neoとは何ですか？", retriever=course)
    assert not neo.covered and neo.answer.startswith("SageMaker Neo is not covered in this course")
    assert "The course is written in English." in neo.answer


def test_misspelt_course_names_are_set_right_for_the_search(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    assert correct_name_typos("wat does sagemaker canvs do", vocab) == "wat does sagemaker canvas do"
    # a name as the learner wrote it, course words and short words stay as they are
    assert correct_name_typos("What is Canvs?", vocab) == "What is Canvs?"
    assert correct_name_typos("how do visual tables work", vocab) == "how do visual tables work"
    # the words a learner asks with are not misspelt names ("taking" is not "Tracking")
    lineage = vocabulary([chunk_of("Amazon SageMaker ML Lineage Tracking records each step.", ["M"])])
    asked = "Do I need AWS before taking this course?"
    assert correct_name_typos(asked, lineage) == asked
    assert correct_name_typos("how does linage trackng work", lineage) == "how does lineage tracking work"
    answer = answer_question("wat does sagemaker canvs do", retriever=course)
    assert answer.covered and "Canvas lets business analysts" in answer.answer
    assert answer.question == "wat does sagemaker canvs do", "the learner's words are shown as asked"


def test_an_english_word_is_no_typo_of_a_course_word_but_may_be_a_form_of_it() -> None:
    vocab = vocabulary([chunk_of("Canvas makes forecasts. Learners master the lifecycle.", ["M"])])
    assert vocab.knows_term("forcast"), "a slip typing the course's word"
    assert not vocab.knows_term("forest"), "a word of its own ('random forest'), not 'forecast' mistyped"
    assert vocab.knows_term("mastery"), "a form of the course's 'master'"


def test_a_short_form_the_course_spells_out_is_read_in_capitals() -> None:
    text = "Retrieval-augmented generation (RAG) grounds answers. Export a CSV file."
    vocab = vocabulary([chunk_of(text, ["M"])])
    assert correct_name_typos("how does rag work under the hood", vocab) == "how does RAG work under the hood"
    # a form the course never spells out stays as typed, and so does a word it writes in lower case
    assert correct_name_typos("can i export csv", vocab) == "can i export csv"
    lower_too = vocabulary([chunk_of("Retrieval-augmented generation (RAG) grounds. A rag cleans.", ["M"])])
    assert correct_name_typos("what is a rag", lower_too) == "what is a rag"


def test_a_hyphenated_course_word_written_joined_is_hyphenated_for_the_search() -> None:
    text = "Pre-training bias metrics come first. Ground Truth labels data; ground-truth labels arrive later."
    vocab = vocabulary([chunk_of(text, ["M"])])
    assert (
        correct_name_typos("clarify pretraining bias metrics", vocab) == "clarify pre-training bias metrics"
    )
    # a compound the course also writes apart (a name here) stays as typed
    assert correct_name_typos("groundtruth pricing", vocab) == "groundtruth pricing"


def test_what_the_learner_says_of_themselves_after_the_question_is_an_aside(course: Retriever) -> None:
    answer = answer_question(
        "what is canvas exactly? the lesson mentions it but i kinda skimmed", retriever=course
    )
    assert answer.covered and "Canvas lets business analysts" in answer.answer
    vocab = vocabulary(course.chunks())
    assert _without_aside("what is canvas? i use it for forecasts", vocab) == "what is canvas?"
    # ... but a remark naming a product of its own stays part of what is asked
    asked = "what is canvas? my team prepares tables in Alteryx Designer"
    assert _without_aside(asked, vocab) == asked


def test_a_product_named_by_what_it_does_after_sagemaker_must_be_named_by_the_course() -> None:
    text = "SageMaker Data Wrangler prepares data. Teams recommend inference instances. Training is cheap."
    vocab = vocabulary([chunk_of(text, ["M"], cid="deed")])
    asked = "how does sagemaker inference recommender pick an instance type"
    assert unknown_names(asked, vocab) == ["sagemaker inference recommender"]
    assert unknown_names("how does sagemaker data wrangler work", vocab) == []
    # a comparative or a function word after it is no product
    assert unknown_names("is sagemaker training cheaper than my laptop", vocab) == []
    assert unknown_names("when i rerun a sagemaker pipeline after a failure", vocab) == []
    # a coined word after "sagemaker" (no course word, no English word) is a product too
    assert unknown_names("sagemaker geospatial capabilities overview", vocab) == ["sagemaker geospatial"]
    assert unknown_names("which sagemaker bits do i need", vocab) == [], "a short everyday word"


def test_a_version_label_and_a_business_abbreviation_are_no_product_names() -> None:
    assert name_runs("so i set model v14 to approved and nothing got deployed") == []
    assert name_runs("Our L&D coordinator asks how the Q&A part is graded") == []
    assert name_runs("How do I set up a W&B sweep?") == [("W & B", False)], "a product's abbreviation stays"
    assert name_runs("Is Model v2 in Canvas?") == [("Model", False), ("Canvas", False)]


def test_the_kind_of_thing_asked_for_after_sagemaker_is_not_a_product_name(course: Retriever) -> None:
    assert name_runs("Which SageMaker capability builds models?") == [("SageMaker", True)]
    assert name_runs("what does sagemaker neo do") == [("sagemaker neo", True)]
    answer = answer_question(
        "Which SageMaker capability lets business analysts build models with no code?", retriever=course
    )
    assert answer.covered and "Canvas" in answer.answer


def test_when_to_avoid_a_named_thing_asks_about_the_thing(course: Retriever) -> None:
    answer = answer_question("When should I use Data Wrangler, and when should I avoid it?", retriever=course)
    assert answer.covered and "poor fit" in answer.answer


def test_the_subject_of_explain_how_must_be_a_course_word(course: Retriever) -> None:
    answer = answer_question(
        "Explain how backpropagation computes gradients in a neural network.", retriever=course
    )
    assert not answer.covered and answer.answer.startswith("backpropagation is not covered in this course")
    assert not answer.citations


def test_names_joined_by_an_ampersand_are_one_product(course: Retriever) -> None:
    assert ("Weights & Biases", False) in name_runs("How do I log training runs to Weights & Biases?")
    answer = answer_question("How do I log training runs to Weights & Biases?", retriever=course)
    assert not answer.covered and answer.answer.startswith("Weights & Biases is not covered in this course")
    # the course's own module title is a name with an ampersand, and it is the course's
    answer = answer_question("What does Model Building & Training cover?", retriever=course)
    assert answer.covered


def test_an_everyday_acronym_before_a_course_name_makes_no_product_of_them() -> None:
    vocab = vocabulary([chunk_of("A JupyterLab space on a GPU instance keeps running.", ["Spaces"])])
    assert unknown_names("does my GPU JupyterLab space stop charging me?", vocab) == []
    # ... while two course words that make a product the course never names still do
    assert unknown_names("does my Space Instance stop charging me?", vocab) == ["Space Instance"]


def test_a_bad_idea_asks_when_not_to_use_the_named_thing(course: Retriever) -> None:
    # the sentence that says where it is a poor fit leads, even when others score higher
    answer = answer_question("When would Data Wrangler be a bad idea?", retriever=course)
    assert answer.covered
    assert "poor fit for real-time streaming" in answer.sentences[0].text


def test_a_course_name_in_the_singular_is_the_course_name() -> None:
    cards = vocabulary([chunk_of("Use SageMaker Model Cards for production models.", ["M"])])
    assert unknown_names("What goes into a SageMaker Model Card?", cards) == []
    assert unknown_names("What goes into a SageMaker Model Canvas?", cards) == ["SageMaker Model Canvas"]


def test_list_and_describe_are_how_a_learner_asks(course: Retriever) -> None:
    # "describe" is not something that must meet "Canvas" in a passage
    answer = answer_question("Describe SageMaker Canvas.", retriever=course)
    assert answer.covered and "Canvas lets business analysts" in answer.answer


SCENARIO = """---
module: 3
title: "Model Building & Training"
---
# Module 3: Model Building & Training

## SageMaker notebooks

SageMaker notebooks are managed Jupyter environments for exploring data and prototyping models. Notebooks also support exploring time series data for forecasting. Idle notebook sessions expire after some time, and live kernels are stopped.

### Worked example: exploring delivery data

A data scientist prototypes a gradient boosting model on a sample of delivery data in a notebook.

## SageMaker Clarify

SageMaker Clarify explains tabular models and image models with SHAP values. Clarify also works with batch transform jobs. Clarify writes reports to Amazon S3.

## Managed Spot Training

Managed Spot Training runs training jobs on spare capacity at a discount of up to 90 percent.
"""


@pytest.fixture
def scenario(tmp_path: Path, fake_embedder) -> Retriever:
    return course_retriever(tmp_path, fake_embedder, {"03-train.md": SCENARIO})


def test_a_subject_only_a_worked_example_mentions_is_not_taught(scenario: Retriever) -> None:
    for question in ("How does gradient boosting build trees?", "Explain gradient boosting."):
        answer = answer_question(question, retriever=scenario)
        assert not answer.covered and answer.answer.startswith("gradient boosting is not covered"), question
    assert answer_question("What are SageMaker notebooks?", retriever=scenario).covered


def test_what_a_named_thing_is_asked_to_support_must_meet_it_whole(scenario: Retriever) -> None:
    answer = answer_question("Does Clarify support time-series forecasting models?", retriever=scenario)
    assert not answer.covered and not answer.citations
    answer = answer_question("Does Clarify work with batch transform jobs?", retriever=scenario)
    assert answer.covered


def test_a_verb_after_a_vendor_is_not_a_product() -> None:
    runs = dict(name_runs("What happens when AWS takes the Spot capacity back?"))
    assert "AWS takes" not in runs
    assert ("sagemaker neo", True) in name_runs("what is sagemaker neo")


def test_the_first_words_after_how_does_are_its_subject_when_nothing_else_is(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    question = "How does gradient descent update a model's weights, and what does the learning rate control?"
    assert unknown_subject(question, vocab) == "gradient descent"
    assert unknown_subject("Can you explain the bias-variance tradeoff?", vocab) == "bias-variance tradeoff"
    assert unknown_subject("How do I train a model on GPU instances?", vocab) == ""


def test_what_a_learner_wants_to_do_with_a_named_thing_must_meet_it(scenario: Retriever) -> None:
    answer = answer_question(
        "Can I set a time-to-live on Clarify reports so they expire?", retriever=scenario
    )
    assert not answer.covered
    answer = answer_question("Can I use Clarify with batch transform jobs?", retriever=scenario)
    assert answer.covered


def test_situations_and_choices_are_how_a_learner_asks(course: Retriever) -> None:
    answer = answer_question("In what situations is Data Wrangler the wrong choice?", retriever=course)
    assert answer.covered and "poor fit" in answer.answer


def test_the_course_may_say_what_is_asked_in_other_words(scenario: Retriever) -> None:
    # "reduce cost" meets "a discount": one idea in the learner's words and the course's
    answer = answer_question("How can I reduce training cost with Managed Spot Training?", retriever=scenario)
    assert answer.covered and "discount of up to 90 percent" in answer.answer


def test_up_to_date_is_what_the_course_calls_current() -> None:
    vocab = vocabulary(
        [chunk_of("RAG answers from current, citable sources.", ["Module 1", "RAG"], module=1)]
    )
    question = "how does RAG keep up-to-date facts?"
    assert asked_of_the_name("RAG", focus_terms(question), vocab)
    assert not asked_of_the_name("RAG", focus_terms("how does RAG keep encrypted facts?"), vocab)


def test_overkill_asks_when_not_to_use(course: Retriever) -> None:
    answer = answer_question("When is Data Wrangler overkill?", retriever=course)
    assert answer.covered and "poor fit" in answer.answer


def test_capitalised_words_the_course_never_writes_together_are_a_product(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    assert unknown_names("How do I set up a labelling project in Elastic Canvas?", vocab) == [
        "Elastic Canvas"
    ]
    # course phrases one after another, capitalised by the learner
    assert unknown_names("Is Data Wrangler Real-Time Streaming a poor fit?", vocab) == []
    # a letter and a word is an ordinary noun: not enough alone to decline
    assert unknown_names("Which service labels my X-ray images?", vocab) == []


def test_the_subject_is_read_from_the_first_question_without_fillers() -> None:
    question = "How does Model Monitor actually work? What has to be set up for it to detect drift?"
    assert subject_of(question) == "Model Monitor"


def test_a_compound_the_course_never_writes_is_an_unknown_subject(tmp_path: Path, fake_embedder) -> None:
    words = (
        "\n\nTeams pay attention to self-service tools, set records to live values in real time, and work "
        "inside a transformer model.\n"
    )
    course = course_retriever(tmp_path, fake_embedder, {"03-train.md": TRAINING + words})
    vocab = vocabulary(course.chunks())
    # "self", "attention", "set", "time" and "live" are all course words; the compounds are not
    assert unknown_subject("How does self-attention work inside a transformer?", vocab) == "self-attention"
    assert unknown_subject("How do I set a time-to-live on records in Amazon S3?", vocab) == "time-to-live"
    # the compound is named, not the longer subject around it that has an unknown word too
    assert unknown_subject("How do I set up k-fold validation to score models?", vocab) == "k-fold"
    # a compound the course writes (spaced here), or one that is not the subject, is no reason
    assert unknown_subject("How does real-time streaming work in Data Wrangler?", vocab) == ""
    assert unknown_subject("How does Canvas give analysts an up-to-date forecast?", vocab) != "up-to-date"
    # "auto-" is the course's "automated" ("automated data labelling")
    labelled = vocabulary(
        [
            chunk_of(
                "Endpoints auto scale. Automated data labelling labels confident items.", ["M"], cid="auto"
            )
        ]
    )
    assert unknown_subject("How does auto-labelling work?", labelled) == ""
    assert unknown_subject("How does auto-scaling work?", labelled) == "auto-scaling"
    # a compound is written as whole words: "p value" is not written in "shap values"
    shap = vocabulary([chunk_of("Clarify returns shap values for each prediction.", ["M"], cid="shap")])
    assert not _writes("p-value", shap) and _writes("shap-values", shap)
    # a query of a few words asks about all of it; a course word made an adjective is no term
    assert unknown_subject("docker multi-stage build example", vocab) == "multi-stage"
    assert _writes("beginner-level", vocabulary([chunk_of("Module 1 is for a beginner.", ["M"], cid="lvl")]))
    answer = answer_question("How do I set a time-to-live on records in Amazon S3?", retriever=course)
    assert not answer.covered and answer.answer.startswith("time-to-live is not covered in this course")


def test_an_abbreviation_used_as_a_tool_is_a_product_name(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    assert tool_names("How do I version my datasets with DVC alongside Git?", vocab) == ["DVC"]
    assert tool_names("How do I export a model to ONNX?", vocab) == ["ONNX"]
    # ... and what a course thing uses ("does its resampling use SMOTE?")
    assert tool_names("does the balancing step use SMOTE under the hood?", vocab) == ["SMOTE"]
    # a short abbreviation that names no tool ("an LLM", "hundreds of MB") is left to the other checks
    assert tool_names("How do I give an LLM our documents?", vocab) == []
    assert tool_names("Can Canvas read files of hundreds of MB?", vocab) == []
    # every other word is the course's: the tool alone is what the course does not cover
    answer = answer_question("How do I build models from Amazon S3 data with DVC?", retriever=course)
    assert not answer.covered and answer.answer.startswith("DVC is not covered in this course")


def test_a_which_service_question_may_tell_its_story_in_the_learners_own_words(
    tmp_path: Path, fake_embedder
) -> None:
    extra = "\nCanvas is the SageMaker service business analysts use.\n"
    course = course_retriever(tmp_path, fake_embedder, {"03-train.md": TRAINING + extra})
    story = "Our radiologists, oncologists, cardiologists and pharmacists build forecasts from tables."
    # half the topic words are the learner's own and no passage is close: the task still names a service
    service = f"{story} Which SageMaker service?"
    assert decide(service, course.search(service), course.chunks(), 0.0).covered
    # the same words asked of the course in general are not a course question
    general = f"{story} How do they do that?"
    assert decide(general, course.search(general), course.chunks(), 0.0).reason == "unknown_words"


def test_days_and_months_are_no_product_names() -> None:
    assert name_runs("Every Sunday night we score churn, and nobody looks until Monday. Which option?") == []
    assert name_runs("By March we want Amazon Forecast running.") == [("Amazon Forecast", True)]
    assert name_runs("ELI5 SHAP values") == [("SHAP", False)], "a chat abbreviation is no product"


def test_a_verb_after_the_vendor_in_a_yes_no_question_is_no_product_name() -> None:
    # "Does SageMaker compute the risk rating?": "compute" has an object, it is what SageMaker does
    assert name_runs("Does SageMaker compute the risk rating on a Model Card?") == [
        ("SageMaker", True),
        ("Model Card", False),
    ]
    assert name_runs("Can sagemaker train a model?") == [("sagemaker", True)]
    # a product after it makes it a verb too: "did amazon rename sagemaker?"
    assert ("amazon rename", True) not in name_runs(
        "did amazon rename sagemaker? it's called sagemaker AI now"
    )
    # ... while "does sagemaker neo do" still asks about a product
    assert name_runs("what does sagemaker neo do") == [("sagemaker neo", True)]


def test_a_verb_the_course_uses_after_the_vendor_is_no_product_name() -> None:
    naming = chunk_of("At the end of 2024 AWS renamed the service to Amazon SageMaker AI.", ["Naming"])
    vocab = vocabulary([naming])
    # "rename" is the course's "renamed", said by the learner: no product called "aws rename"
    assert unknown_names("wait did aws rename it?? my slides say something diff", vocab) == []
    assert unknown_names("did aws rekognition get renamed?", vocab) == ["aws rekognition"]
    # ... nor one the course never uses, when the vendor does it to something: "did AWS kill Classic?"
    assert unknown_names("did AWS kill it or what?", vocab) == []
    assert unknown_names("will aws deprecate the old IDE?", vocab) == []
    # ... or to the learner, asked of what they were told: "is that AWS upselling me?"
    assert unknown_names("do I need both, or is that AWS upselling me?", vocab) == []
    assert unknown_names("is that aws rekognition?", vocab) == ["aws rekognition"]


def test_another_cloud_or_an_amazon_product_is_named_in_lower_case_too(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    assert unknown_names("how does google vertex ai compare to sagemaker canvas", vocab) == ["Google"]
    assert unknown_names("should i just use amazon comprehend for sentiment", vocab) == ["amazon comprehend"]
    # "sagemaker stuff" is how a learner talks about the course, not a product
    assert unknown_names("what sagemaker stuff do analysts use", vocab) == []


def test_a_task_told_in_the_learners_words_may_meet_the_course_a_little_less_closely() -> None:
    text = (
        "Data Wrangler is a visual tool that prepares tabular data: it fills missing values and joins tables."
    )
    chunk = chunk_of(text, ["Module 2", "Data Wrangler"], module=2)
    near = Passage(**chunk.model_dump(), score=0.1, similarity=0.48)
    task = "what tool lets me fill in the blank cells of a table and join two tables by clicking?"
    assert decide(task, [near], [chunk], 0.5).covered, "a which-service question, just under the floor"
    assert not decide("how does a table fill in the blank cells?", [near], [chunk], 0.5).covered
    far = Passage(**chunk.model_dump(), score=0.1, similarity=0.4)
    assert not decide(task, [far], [chunk], 0.5).covered


def test_a_name_in_capitals_found_in_a_passage_is_spoken_of_by_name() -> None:
    text = (
        "Retrieval-augmented generation (RAG) retrieves passages at request time and adds them to the prompt."
    )
    chunk = chunk_of(text, ["Module 1", "RAG"], module=1)
    weak = Passage(**chunk.model_dump(), score=0.1, similarity=0.2)
    question = "how does RAG actually work at request time, step by step?"
    # the meaning match is weak (0.2 under 0.5), but the passage names RAG as the learner wrote it
    assert decide(question, [weak], [chunk], 0.5).covered
    assert not decide("how does retrieval work at request time?", [weak], [chunk], 0.5).covered
    # ... but capitals every programmer writes name nothing of the course ("an API key" in git)
    api = chunk_of(
        "The SageMaker API takes an access key. Teams accidentally push a commit to Git, which keeps "
        "its history; containing such a file means it must be scrubbed.",
        ["Module 3", "APIs"],
        module=3,
    )
    far = Passage(**api.model_dump(), score=0.1, similarity=0.2)
    git = "I pushed a commit containing an API key. How do I scrub it from git history?"
    assert not decide(git, [far], [api], 0.5).covered


def test_the_words_that_ask_for_a_plain_answer_are_not_asked_about(course: Retriever) -> None:
    question = "in plain words, what is Canvas?"
    assert decide(question, course.search(question), course.chunks(), 0.0).covered


def test_a_name_that_tells_the_learners_story_is_not_what_is_asked(course: Retriever) -> None:
    story = "Our analysts export tables from Tableau every week. Which SageMaker service builds models with no code?"
    assert decide(story, course.search(story), course.chunks(), 0.0).covered
    asked = "Which SageMaker service builds models from Tableau with no code?"
    assert decide(asked, course.search(asked), course.chunks(), 0.0).names == ["Tableau"]
    vendor = "Our team runs Amazon Forecast. Which SageMaker service builds models with no code?"
    assert decide(vendor, course.search(vendor), course.chunks(), 0.0).names == ["Amazon Forecast"]


def test_the_thing_a_long_question_opens_with_or_sets_up_is_its_subject(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    assert unknown_subject("How does DVC version large datasets alongside Amazon S3?", vocab) == "DVC"
    assert unknown_subject("how do i set up kubeflow on my own cluster to train models", vocab) == "kubeflow"
    # a pronoun or an asking word that opens the subject is no subject
    assert unknown_subject("how do u build models with a visual interface in Canvas?", vocab) == ""
    chat = "can u explain backpropagation, like how the gradients get computed"
    assert decide(chat, course.search(chat), course.chunks(), 0.0).names == ["backpropagation"]


def test_a_learners_word_for_an_idea_meets_the_courses_word(tmp_path: Path, fake_embedder) -> None:
    text = TRAINING + "\nData Wrangler imports data from Amazon S3 and Amazon Athena.\n"
    course = course_retriever(tmp_path, fake_embedder, {"03-train.md": text})
    question = "Where can Data Wrangler pull data from?"
    assert decide(question, course.search(question), course.chunks(), 0.0).covered, "pull is import"


def test_chat_that_ends_on_a_word_the_course_never_uses_is_still_about_a_course_name(
    course: Retriever,
) -> None:
    chat = "is Canvas free for analysts to build models forever"
    assert decide(chat, course.search(chat), course.chunks(), 0.0).reason != "unknown_words"
    lower = "is canvas free for analysts to build models forever"  # a service written in lower case
    assert decide(lower, course.search(lower), course.chunks(), 0.0).reason != "unknown_words"
    # with no course name, ending on a word the course never uses is off the course (and what it
    # writes is named)
    off = "how do i write a python decorator"
    assert decide(off, course.search(off), course.chunks(), 0.0).reason == "unknown_name"
    # "define" and "stand for" ask; they are not asked about
    assert decide("Can you define Canvas for me?", course.search("Canvas"), course.chunks(), 0.0).covered


def test_a_course_name_and_what_it_does_is_no_unknown_subject(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    # "spread" is what the Training Job does, not part of a name the course never uses
    assert unknown_subject("How does a Training Job spread work across several GPUs?", vocab) == ""
    assert unknown_subject("What is dbt in data engineering?", vocab) == "dbt"


def test_words_that_frame_a_question_are_not_what_it_asks_about(course: Retriever) -> None:
    # "the term ... refer to", "make sense", "stuff": how a learner asks, not topics to find
    for question in (
        "What does the term 'Elastic Fabric Adapter' refer to?",
        "quick q - which sagemaker thing builds models with no code n stuff",
    ):
        answer = answer_question(question, retriever=course)
        assert answer.covered, question


def test_a_name_that_only_tells_the_story_need_not_meet_the_one_asked_about(course: Retriever) -> None:
    # no passage names Canvas and Data Wrangler together; Canvas is the learner's situation
    answer = answer_question(
        "Our analysts already use Canvas. When is Data Wrangler a poor fit?", retriever=course
    )
    assert answer.covered and "poor fit" in answer.answer
    # asked together in one sentence, they must still meet
    answer = answer_question("Does Canvas import Data Wrangler flows?", retriever=course)
    assert not answer.covered


LABELS = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Ground Truth

SageMaker Ground Truth labels images for classification and text for named entity recognition with human workers.
"""


def test_a_word_after_amazon_one_letter_from_a_course_word_is_a_product_not_a_typo(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"02-data.md": LABELS})
    assert vocabulary(course.chunks()).knows_term("rekognition"), "as a typo of 'recognition'"
    answer = answer_question("can i train an image classifier with amazon rekognition", retriever=course)
    assert not answer.covered
    assert answer.answer.startswith("Amazon rekognition is not covered in this course")


def test_a_chat_aside_after_the_question_and_chat_abbreviations_are_not_what_is_asked(
    course: Retriever,
) -> None:
    for question in (
        "does canvas make forecasts? brain is fried",
        "tbh how does canvas make forecasts, exam tmrw",
    ):
        answer = answer_question(question, retriever=course)
        assert answer.covered and "Canvas" in answer.answer, question


LABELLING = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Ground Truth

SageMaker Ground Truth is what we use when we have unlabelled images and need our own people to
label them: it creates labelled datasets with human annotators. A private workforce of the
organisation's own experts, such as doctors, labels confidential images, and bounding boxes mark
objects in images.
"""


def test_an_everyday_word_with_a_capital_is_no_product() -> None:
    vocab = vocabulary([chunk_of(LABELLING, ["Module 2", "SageMaker Ground Truth"])])
    assert unknown_names("We have unlabelled X-ray images for our doctors.", vocab) == []
    assert unknown_names("What is AWS X-Ray and how do I trace requests?", vocab) == ["AWS X-Ray"]
    assert vocab.knows_term("100k") and vocab.knows_term("2.5m")  # counts are no topic words


def test_a_which_service_question_may_end_on_its_task_in_the_learners_words(
    tmp_path: Path, fake_embedder
) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"02-data.md": LABELLING})
    answer = answer_question(
        "We have 100k unlabelled X-ray images and need our own radiologists to annotate them. "
        "What should we use?",
        retriever=course,
    )
    assert answer.covered and "Ground Truth" in answer.answer


def test_a_product_in_the_story_is_what_is_asked_about_when_nothing_of_the_course_is(
    course: Retriever,
) -> None:
    answer = answer_question(
        "We fine-tune a chat model through OpenAI's fine-tuning API. What JSONL format do the chat "
        "examples need?",
        retriever=course,
    )
    assert not answer.covered and "OpenAI" in answer.answer
    # ... but a story's product is only the learner's situation when the course's things are asked
    answer = answer_question(
        "We keep our raw data in Snowflake. Where do SageMaker Training Jobs write the model artifact?",
        retriever=course,
    )
    assert answer.covered


def test_a_tool_the_learner_compares_the_course_thing_with_does_not_decline_it(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    chunks = course.chunks()
    for asked in (
        "What is SageMaker Canvas? Is that basically the Alteryx Designer equivalent?",
        "What does Canvas build? I'm coming from Alteryx Designer.",
        "Which tool prepares tabular data visually? I live in Alteryx Designer.",
    ):
        assert decide(asked, course.search(asked), chunks, 0.0).reason != "unknown_name", asked
    # ... but a question about the other tool is declined by its name
    about = "How do I schedule a workflow in Alteryx Designer like Canvas does?"
    assert analogy_for("Alteryx Designer", about) is False
    assert decide(about, course.search(about), chunks, 0.0).names == ["Alteryx Designer"]
    assert unknown_names("I'm coming from Alteryx Designer", vocab) == ["Alteryx Designer"]


def test_a_product_asked_about_after_a_story_is_named_in_the_decline(course: Retriever) -> None:
    answer = answer_question(
        "Our startup estimates cloud cover from satellite imagery on Amazon S3. How do I use "
        "SageMaker geospatial capabilities for that?",
        retriever=course,
    )
    # named by the word that is no course word (the kind word "capabilities" is not the product)
    assert not answer.covered and answer.answer.startswith("SageMaker geospatial is not covered")
    # ... and so is a compound or what a procedure uses, but not what a how-it-works question names
    vocab = vocabulary(course.chunks())
    slow = "Our Canvas models take ages to load. How do I use multi-stage builds to make them smaller?"
    assert _vendor_product_asked(slow, vocab) == "multi-stage"
    calls = "Canvas calls several HTTP APIs and it is slow. How do I use asyncio with aiohttp for it?"
    assert _vendor_product_asked(calls, vocab) == "asyncio"
    assert _vendor_product_asked("Canvas makes forecasts. What are the pieces of it?", vocab) == ""


def test_a_product_after_amazon_is_a_product_even_when_its_word_is_the_courses() -> None:
    vocab = vocabulary([chunk_of(TRAINING, ["Module 3"])])  # "makes forecasts", "Amazon S3"
    assert unknown_names("can amazon forecast predict my sales from a spreadsheet?", vocab) == [
        "amazon forecast"
    ]
    assert unknown_names("does canvas read from amazon s3?", vocab) == []
    assert unknown_names("are my aws instances free with canvas?", vocab) == []  # "aws" is not "amazon"


def test_the_learners_reason_for_asking_is_no_part_of_what_is_asked(course: Retriever) -> None:
    asked = "Does Canvas build models with no code, so I can pace my quarterly cohort onboarding?"
    assert without_purpose(asked) == "Does Canvas build models with no code?"
    assert decide(asked, course.search(asked), course.chunks(), 0.0).covered
    # ... but a which-service question's task may be told as a reason
    task = "What should I use so I can build models without code?"
    assert without_purpose(task) == "What should I use?"


def test_what_a_how_to_question_makes_must_be_a_course_thing(course: Retriever) -> None:
    vocab = vocabulary(course.chunks())
    asked = "How do I write a Python decorator that caches the results of an expensive function?"
    assert unknown_subject(asked, vocab) == "Python decorator"
    # what the course teaches may be written, built or computed
    assert unknown_subject("How do I build a visual interface that reads data from Amazon S3?", vocab) == ""


def test_a_name_written_as_code_that_the_course_never_writes_is_not_covered() -> None:
    text = (
        "A SageMaker Training Job loads its data in parallel with several workers; the best value "
        "depends on the instance. The training_input channel names the S3 data."
    )
    chunk = chunk_of(text, ["Module 3", "SageMaker Training Jobs"], module=3)
    close = Passage(**chunk.model_dump(), score=0.1, similarity=0.8)
    coverage = decide("training job data loader num_workers best value", [close], [chunk], 0.3)
    assert (coverage.covered, coverage.names) == (False, ["num_workers"])
    # ... as is a module's attribute ("functools.wraps"), but not an abbreviation ("e.g.")
    dotted = decide(
        "training job data loader, why does torch.utils matter for workers?", [close], [chunk], 0.3
    )
    assert (dotted.covered, dotted.names) == (False, ["torch.utils"])
    # ... while one the course writes is the course's own
    assert decide("what does the training_input channel name?", [close], [chunk], 0.3).covered


def test_a_passage_very_close_in_meaning_answers_a_question_told_in_the_learners_words() -> None:
    text = (
        "If only 1 percent of transactions are fraud, a model that predicts not fraud every time "
        "scores 99 percent accuracy and catches no fraud at all."
    )
    chunk = chunk_of(text, ["Module 3", "Accuracy"], module=3)
    # most of the words are the learner's ("vendor", "boasting", "impress"), none a name
    question = "A vendor is boasting 99% accuracy on a fraud detector. Should that impress me?"
    close = Passage(**chunk.model_dump(), score=0.1, similarity=0.6)
    assert decide(question, [close], [chunk], 0.3).covered
    # ... only when the passage is that close
    near = Passage(**chunk.model_dump(), score=0.1, similarity=0.5)
    assert decide(question, [near], [chunk], 0.3).reason == "unknown_words"


def test_the_learners_adjectives_verbs_and_particles_name_nothing() -> None:
    vocab = vocabulary([chunk_of("Data parallelism copies the model. Feature Store keeps features.", ["M"])])
    # "a PM-level explanation": what the answer should be like, not a product
    assert unknown_names("Can I get a PM-level explanation of data parallelism?", vocab) == []
    # "nothing I'd have to google": the vendor's name as the learner's verb
    assert unknown_names("What is Feature Store? Nothing I'd have to google.", vocab) == []
    assert unknown_names("what is google vertex ai", vocab) != []
    # "push back politely": the rest of the verb, no subject the course lacks
    assert unknown_subject("How do I push back politely?", vocab) == ""
    assert unknown_subject("How do I use asyncio?", vocab) != ""


def test_a_law_the_course_never_names_is_what_is_asked_not_a_frame(course: Retriever) -> None:
    answer = answer_question(
        "Under the EU AI Act, which risk category does a SageMaker Canvas forecast model land in?",
        retriever=course,
    )
    assert not answer.covered and answer.answer.startswith("EU AI Act is not covered in this course")
    assert not answer.citations


@pytest.mark.slow
def test_a_course_name_typed_in_lower_case_is_no_stranger_the_question_ends_on(
    corpus_index: Retriever,
) -> None:
    answer = answer_question(
        "um is managed spot training a good idea if my boss needs the model done by tomorrow morning",
        retriever=corpus_index,
    )
    assert answer.covered and "close deadline" in answer.answer
    # ... but the course must write the name only in capitals: "machine learning" it also writes
    # in lower case is no name
    library = [
        chunk_of("Managed Spot Training saves. Machine Learning is broad; machine learning grows.", ["M"])
    ]
    assert _loose_name_re(library).search("is managed spot training wise")
    assert not _loose_name_re(library).search("is machine learning wise")
