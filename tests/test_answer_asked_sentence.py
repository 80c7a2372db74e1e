"""A long message's question: the last sentence, asked on its own when it says all it asks."""

from __future__ import annotations

from pathlib import Path

from answer_fixtures import chunk_of, course_retriever

from tutor.answer import answer_question
from tutor.answer.asked_sentence import asked_sentence
from tutor.answer.shapes import shape_of
from tutor.answer.vocabulary import vocabulary

CARDS = """---
module: 5
title: "Governance"
---
# Module 5: Governance

## SageMaker Model Cards

### What SageMaker Model Cards is

SageMaker Model Cards documents a model in one place for reviewers and auditors.

A SageMaker model card has standard sections:

- Model overview: name, description, owner and model version.
- Intended uses: the purpose of the model and its risk rating.
- Evaluation details: the metrics and the evaluation datasets.

### When to use Model Cards

Use SageMaker Model Cards for every model that goes to production, especially in regulated areas
such as credit and insurance, where risk management reviews a template for each model.
"""

_LIBRARY = [
    chunk_of(
        "A SageMaker model card has standard sections: model overview, intended uses and evaluation "
        "details. Risk management reviews the card of every production model.",
        ["Module 5: Governance", "SageMaker Model Cards"],
        module=5,
    ),
    chunk_of(
        "A SageMaker Training Job runs a container image: a built-in algorithm, a prebuilt framework "
        "container or a custom container. Spot capacity can be reclaimed, so the job saves checkpoints.",
        ["Module 3: Training", "SageMaker Training Jobs"],
        cid="t",
        module=3,
    ),
]


def _vocab():
    return vocabulary(_LIBRARY)


def test_a_question_after_a_story_is_asked_on_its_own() -> None:
    question = (
        "Risk management handed me a blank template for the claims triage model. "
        "What sections does a SageMaker model card contain?"
    )
    assert asked_sentence(question, _vocab()) == "What sections does a SageMaker model card contain?"


def test_the_lead_in_before_the_asking_word_is_left_out() -> None:
    question = (
        "My teammate keeps talking about containers. I nodded along, but honestly, "
        "what container options does a SageMaker Training Job accept?"
    )
    assert (
        asked_sentence(question, _vocab()) == "What container options does a SageMaker Training Job accept?"
    )


def test_this_course_points_at_the_course_not_back_into_the_story() -> None:
    question = "For the roadmap swimlanes: what sections does a SageMaker model card contain in this course? One lane each."
    assert (
        asked_sentence(question, _vocab())
        == "What sections does a SageMaker model card contain in this course?"
    )


def test_one_course_word_defined_after_a_story_is_asked_on_its_own() -> None:
    question = (
        "Our lead asked me about the oncology dashboards and I fumbled. How would you define checkpoints?"
    )
    assert asked_sentence(question, _vocab()) == "How would you define checkpoints?"


def test_a_question_that_points_back_into_the_story_keeps_it() -> None:
    for question in (
        "We train on discounted capacity. When AWS takes them back, how does the job avoid starting again?",
        "We have a model card template from risk management. What sections does this need?",
        "We have thousands of unlabelled photos and a deadline. What should we use?",
    ):
        assert asked_sentence(question, _vocab()) == question


def test_what_are_they_asks_for_the_things_the_story_named() -> None:
    question = (
        "For my onboarding slides I need the standard sections of a SageMaker model card. What are they?"
    )
    assert asked_sentence(question, _vocab()) == "What are the standard sections of a SageMaker model card?"
    # things named in too few of the course's words are not asked alone
    vague = "My manager mentioned the options yesterday. What are they?"
    assert asked_sentence(vague, _vocab()) == vague


def test_the_two_things_a_story_names_are_compared_when_asked_how_they_differ() -> None:
    question = (
        "We want Llama for an assistant. One colleague says use Model Cards, another says Training "
        "Jobs. What's the real difference between the two?"
    )
    compared = "What's the real difference between Model Cards and Training Jobs?"
    assert asked_sentence(question, _vocab()) == compared
    # a message that reads as a comparison already keeps its own words
    plain = "Model Cards and Training Jobs both store things. How do they differ?"
    assert asked_sentence(plain, _vocab()) == plain


def test_a_story_that_names_a_product_the_course_does_not_is_kept() -> None:
    question = "We run everything on Azure Machine Learning. What sections does a model card contain?"
    assert asked_sentence(question, _vocab()) == question


def test_a_message_that_asks_before_its_last_sentence_is_kept() -> None:
    question = "How do I set up a model card? What sections does a model card contain?"
    assert asked_sentence(question, _vocab()) == question


def test_which_service_and_when_questions_keep_their_story() -> None:
    # the story is the task or the situation the question weighs
    for question in (
        "We score every customer once a night from a file. Which deployment option fits a model card?",
        "We train once a year from one file. When should a Training Job use a custom container?",
    ):
        assert asked_sentence(question, _vocab()) == question


def test_what_parts_a_thing_has_is_a_list_question() -> None:
    assert shape_of("What sections does a SageMaker model card contain?") == "list"
    assert shape_of("What container options does a SageMaker Training Job accept?") == "list"
    assert shape_of("What personas does Role Manager offer?") == "list"
    assert shape_of("What does a model card contain?") != "list"  # no plural asked for


def test_a_list_asked_after_a_story_is_answered_from_the_list(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"05-gov.md": CARDS})
    question = (
        "Risk management handed me a blank template and asked me to fill in a model card for the "
        "claims triage model. What sections does a SageMaker model card contain?"
    )
    answer = answer_question(question, retriever=course)
    assert answer.covered
    assert answer.standalone_question == "What sections does a SageMaker model card contain?"
    assert "standard sections" in answer.sentences[0].text
    assert any("Intended uses" in s.text for s in answer.sentences)


def test_a_question_the_course_covers_only_with_its_story_is_answered_with_it(
    tmp_path: Path, fake_embedder
) -> None:
    # alone, "What is a SageMaker model card quarblewick?" ends on a word the course never uses and
    # is declined; the whole message, whose story is in the course's words, is looked up before
    # the tutor gives up
    course = course_retriever(tmp_path, fake_embedder, {"05-gov.md": CARDS})
    alone = "What is a SageMaker model card quarblewick?"
    assert not answer_question(alone, retriever=course).covered
    question = (
        "Risk management reviews the SageMaker model card of every production model in credit and "
        f"insurance. {alone}"
    )
    answer = answer_question(question, retriever=course)
    assert answer.covered
    assert answer.standalone_question == question


def test_consist_of_asks_what_a_thing_is_made_of(tmp_path: Path, fake_embedder) -> None:
    course = course_retriever(tmp_path, fake_embedder, {"05-gov.md": CARDS})
    answer = answer_question("What does a SageMaker model card consist of?", retriever=course)
    assert answer.covered


def test_a_story_that_only_tells_the_tool_used_before_leaves_the_question_alone() -> None:
    # whatever the question's shape: "when" questions usually need their story, this one does not
    asked = "In Label Studio the annotators are my team. When should I use a SageMaker Training Job?"
    assert asked_sentence(asked, _vocab()) == "When should I use a SageMaker Training Job?"
    # ... but a question that asks about the other tool, or points back at it, keeps its story
    about = (
        "In Label Studio the annotators are my team. How do I export Label Studio tasks to a Training Job?"
    )
    assert asked_sentence(about, _vocab()) == about
    back = "In Label Studio the annotators are my team. Can a SageMaker Training Job read them there?"
    assert asked_sentence(back, _vocab()) == back


def test_the_one_question_before_an_aside_is_asked_on_its_own() -> None:
    # "Quick one ...:" is a lead-in; what follows the question is the learner's aside
    question = (
        "Quick one before my 2pm: what exactly is a SageMaker Training Job? It's on every slide "
        "they send me and I've been nodding along."
    )
    assert asked_sentence(question, _vocab()) == "What exactly is a SageMaker Training Job?"
    # a definition asked inside a request is asked as one
    request = (
        "My lead keeps pitching model cards. Before I sign off, can you tell me in plain English "
        "what a SageMaker model card actually is?"
    )
    assert asked_sentence(request, _vocab()) == "What is a SageMaker model card?"
    # a condition on the thing asked about is part of the question, not a lead-in to drop
    condition = (
        "When Spot capacity is reclaimed, how does a SageMaker Training Job keep its checkpoints? "
        "I need to explain it to my team."
    )
    assert "Spot capacity" in asked_sentence(condition, _vocab())
    # two questions: the message is read whole
    two = "What is a SageMaker Training Job? And what is a model card? Asking for a friend."
    assert asked_sentence(two, _vocab()) == two


def test_a_one_sentence_request_is_asked_without_its_lead_in() -> None:
    request = "Before I sign off, can you tell me in plain English what a SageMaker model card actually is?"
    assert asked_sentence(request, _vocab()) == "What is a SageMaker model card?"
    # a lead-in that carries the topic or asks itself is part of the question
    for question in (
        "Model cards versus Training Jobs: which one documents the model?",
        "What does a SageMaker model card contain, and what does a Training Job run?",
    ):
        assert asked_sentence(question, _vocab()) == question


def test_a_flashcard_asking_for_a_definition_asks_what_the_thing_is() -> None:
    assert asked_sentence("SageMaker model card definition?? short please", _vocab()) == (
        "What is SageMaker model card?"
    )
    assert asked_sentence("Training Job — definition", _vocab()) == "What is Training Job?"
    # a definition that is part of a longer request is not a flashcard's
    asked = "Which definition of a model card does the course use?"
    assert asked_sentence(asked, _vocab()) == asked


def test_what_is_it_after_a_story_that_names_one_thing_asks_what_that_thing_is() -> None:
    story = "My new hire keeps saying Training Job in every meeting. What is it, minus the buzz?"
    assert asked_sentence(story, _vocab()) == "What is Training Job?"
    # ... not when the name only says which kind of thing the next course word is
    modifier = "I need a definition of a Training Job container for a slide. What is it exactly?"
    assert asked_sentence(modifier, _vocab()) == modifier
    # a single term asked to be defined, after a story that quotes it
    quoted = "Reading up on Training Jobs and the word 'container' keeps coming up. What's a container?"
    assert asked_sentence(quoted, _vocab()) == "What's a container?"
