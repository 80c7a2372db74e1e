"""A chosen sentence that cannot stand alone: a scenario is followed by its own verdict, not by
another scenario's, and a sentence that opens a list is given with the list or not at all."""

from __future__ import annotations

from answer_fixtures import chunk_of, passage_of

from tutor.answer.continuations import list_opened, with_its_case, with_its_examples
from tutor.answer.emphasis import preferred_when, when_to_do
from tutor.answer.section_reading import where_in_the_course
from tutor.answer.shapes import module_answer

SCENARIOS = (
    "Scenario one: an insurer wants a chatbot over documents that change every month. "
    "RAG is the best fit, because the documents change often.\n\n"
    "Scenario two: a support team must sort tickets into forty categories within 100 milliseconds. "
    "Fine-tuning a small model is the best fit: the task is narrow and stable."
)
PATH = ["Module 1", "Choosing between fine-tuning and RAG", "Scenarios"]


def test_a_scenario_is_followed_by_its_own_verdict_not_anothers() -> None:
    p = passage_of(SCENARIOS, PATH)
    other = passage_of("RAG has the lowest upfront cost.", ["Module 1", "Costs"], cid="q")
    picked = [
        (p, "Scenario two: a support team must sort tickets into forty categories within 100 milliseconds."),
        (p, "RAG is the best fit, because the documents change often."),
        (other, "RAG has the lowest upfront cost."),
    ]
    assert [s for _, s in with_its_case(picked)] == [
        "Scenario two: a support team must sort tickets into forty categories within 100 milliseconds.",
        "Fine-tuning a small model is the best fit: the task is narrow and stable.",
        "RAG has the lowest upfront cost.",
    ]
    # a lead that is no scenario leaves the answer as it was chosen
    assert with_its_case(picked[1:]) == picked[1:]


def test_a_sentence_that_opens_a_list_comes_with_it_or_not_at_all() -> None:
    steps = "A typical training pipeline orders its steps like this:\n\n- Processing step\n- Training step\n- Condition step"
    chunk = chunk_of(steps, ["Module 4", "SageMaker Pipelines", "Steps"], cid="s", module=4)
    listing = passage_of(steps, ["Module 4", "SageMaker Pipelines", "Steps"], cid="s", module=4)
    lead = passage_of(
        "Pipelines runs a graph of steps.", ["Module 4", "SageMaker Pipelines"], cid="l", module=4
    )
    picked = [
        (lead, "Pipelines runs a graph of steps."),
        (lead, "Pipelines records every execution."),
        (listing, "A typical training pipeline orders its steps like this:"),
    ]
    first, items = list_opened(picked, [chunk])
    assert [s for _, s in first] == [
        "Pipelines runs a graph of steps.",
        "A typical training pipeline orders its steps like this:",
    ]
    assert [s for _, s in items] == ["Processing step", "Training step", "Condition step"]
    # the list cannot be read (not in the library): the sentence that opens it is left out
    first, items = list_opened(picked, [])
    assert items == [] and [s for _, s in first] == [
        "Pipelines runs a graph of steps.",
        "Pipelines records every execution.",
    ]


def test_when_doing_one_thing_is_justified_is_said_by_the_sentence_that_opens_with_it() -> None:
    p = passage_of(
        "Pre-training means training a foundation model from scratch. Pre-training has the highest upfront "
        "cost, so it is justified only when an organisation has a huge proprietary corpus.",
        ["Module 1", "Managed pre-training"],
    )
    sentences = [
        (p, "Pre-training means training a foundation model from scratch."),
        (p, "Fine-tuning is justified only when the task is narrow."),
        (
            p,
            "Pre-training has the highest upfront cost, so it is justified only when an organisation has a huge proprietary corpus.",
        ),
    ]
    question = "When does it make sense to pre-train a foundation model rather than fine-tune one?"
    assert when_to_do(question, sentences) == sentences[2]
    # the doing the question weighs it against is not the one asked about
    assert when_to_do("When should I fine-tune rather than pre-train?", sentences) == sentences[1]
    # "to use X" names no doing of its own
    assert when_to_do("When is it better to use Serverless Inference?", sentences) is None


def test_when_to_prefer_one_side_is_the_sentence_that_says_when_to_favour_it() -> None:
    said = [
        "Precision and recall usually trade off against each other.",
        "When false negatives are expensive, as in fraud detection, favour recall.",
        "When false positives are expensive, as in blocking a legitimate payment, favour precision.",
    ]
    sentences = [("p", s) for s in said]
    assert preferred_when("When should I prioritise precision over recall?", sentences) == sentences[2]
    assert (
        preferred_when("When would I optimise for recall rather than precision?", sentences) == sentences[1]
    )
    assert preferred_when("When should I prioritise accuracy over recall?", sentences) is None
    assert preferred_when("What is precision?", sentences) is None


def test_where_a_quoted_term_is_explained_is_the_one_section_that_has_it() -> None:
    store = chunk_of(
        "The offline store keeps history, so training sets can use time travel without leaking future values.",
        ["Module 2: Data Preparation", "SageMaker Feature Store", "Storage tiers"],
        cid="fs",
        module=2,
    )
    train = chunk_of(
        "Training sets are built from the data and model building starts.",
        ["Module 3: Model Building & Training"],
        cid="tr",
        module=3,
    )
    question = "Where in the course is the 'time travel' idea for building training sets explained?"
    assert [p.id for p, _ in where_in_the_course(question, [train, store], 3)] == ["fs"]


def test_which_module_explains_a_quoted_term_is_the_one_whose_text_has_it() -> None:
    overview = chunk_of(
        "Module 2 covers data preparation with labelling, cleaning and feature storage for later use. "
        "Module 3 covers model building and training sets, from notebooks to managed training jobs.",
        ["Module 0: Overview", "Modules"],
        cid="ov",
        module=0,
    )
    store = chunk_of(
        "The offline store lets training sets use time travel.",
        ["Module 2: Data Preparation", "SageMaker Feature Store"],
        cid="fs",
        module=2,
    )
    train = chunk_of(
        "Training sets feed model building and training.",
        ["Module 3: Model Building & Training"],
        cid="tr",
        module=3,
    )
    question = "Which module explains the 'time travel' idea for model training sets?"
    answer = module_answer(
        question,
        [],
        [overview, store, train],
        [passage_of(train.text, train.section_path, cid="tr", module=3)],
    )
    assert [s for _, s in answer] == [
        "Module 2 covers data preparation with labelling, cleaning and feature storage for later use."
    ]


def test_which_module_follows_passages_and_words_when_they_agree() -> None:
    overview = chunk_of(
        "Module 1 introduces the platform itself, which every learner uses from the first day on. "
        "Module 5 shows how a team gets roles, domains and user profiles for the IDE.",
        ["Module 0: Overview", "Modules"],
        cid="ov",
        module=0,
    )
    studio = chunk_of(
        "To onboard a team to the browser-based IDE you need a domain, roles and user profiles.",
        ["Module 1: Foundations", "SageMaker Studio"],
        cid="st",
        module=1,
    )
    question = "I need to onboard a team to the browser-based IDE, with domains, roles and user profiles. Which module covers that?"
    retrieved = [passage_of(studio.text, studio.section_path, cid="st", module=1)]
    answer = module_answer(question, [], [overview, studio], retrieved)
    # the Module 5 sentence shares more of the question's words, but places something else
    assert answer and answer[0][1].startswith("Module 1 introduces")


def test_goes_through_asks_where_and_names_no_heading() -> None:
    cards = chunk_of(
        "A SageMaker model card has standard sections such as intended uses.",
        ["Module 5: Governance", "SageMaker Model Cards", "What goes into a SageMaker model card"],
        cid="mc",
        module=5,
    )
    question = "Which part of the course goes through choosing how to adapt a foundation model?"
    assert where_in_the_course(question, [cards], 3) == []


def test_a_sentence_about_the_asked_things_is_followed_by_the_one_that_names_them() -> None:
    metrics = passage_of(
        "Pre-training bias metrics measure bias in the dataset. "
        "Examples include class imbalance (CI) and difference in proportions of labels (DPL). "
        "They let a team fix a dataset before training.",
        ["Module 5", "Clarify pre-training bias metrics"],
    )
    other = passage_of("Clarify explains predictions with SHAP.", ["Module 5", "SHAP"], cid="q")
    first = metrics.text.split(". ")[0] + "."
    picked = [(metrics, first), (other, other.text)]
    asked = "Which bias metrics can Clarify compute before training?"
    names = [s for _, s in with_its_examples(asked, picked, 5)]
    assert names[:2] == [
        first,
        "Examples include class imbalance (CI) and difference in proportions of labels (DPL).",
    ]
    assert names[2] == other.text
    # a question about no such things leaves the picks as they are
    assert with_its_examples("What does Clarify explain?", picked, 5) == picked
