"""Item validation: a valid generated item passes; each kind of invalid item is rejected;
two items asking the same thing are caught; every real bank item passes too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.course.bank import load_bank
from tutor.course.items import Grounding, ItemType, QuizItem
from tutor.exceptions import InvalidItemError
from tutor.quiz.feedback import section_passage
from tutor.quiz.validation import dedupe, duplicate_pairs, item_problems, same_question, validate_item
from tutor.settings import Settings

PASSAGE = (
    "SageMaker Model Monitor is the SageMaker service that watches deployed models and reports when their "
    "inputs drift away from the training baseline. SageMaker Clarify supplies the bias drift checks that "
    "Model Monitor runs on live predictions. SageMaker Model Registry is a central catalog of trained models."
)
QUOTE = "SageMaker Clarify supplies the bias drift checks that Model Monitor runs on live predictions."


def blank_item(**changes: object) -> QuizItem:
    """A valid fill-in-the-blank item built from QUOTE; ``changes`` break it on purpose."""
    data: dict[str, object] = {
        "id": "gen-m1-blank-test",
        "module": 1,
        "objective": "m1-monitor",
        "type": ItemType.single_choice,
        "stem": "Fill in the blank: “SageMaker Clarify supplies the bias drift checks that _____ runs on live predictions.”",
        "options": ["Model Monitor", "Model Registry", "Feature Store", "Pipelines"],
        "answer": "Model Monitor",
        "explanation": f"The course says: “{QUOTE}”",
        "grounding": Grounding(
            source="01-mini.md", section="What Model Monitor is", passage_id="c1", quote=QUOTE
        ),
        "origin": "generated",
    }
    data.update(changes)
    return QuizItem(**data)  # type: ignore[arg-type]


def test_valid_generated_item_passes() -> None:
    item = blank_item()
    assert item_problems(item, PASSAGE) == []
    assert validate_item(item, PASSAGE) is item


def test_answer_not_supported_by_passage_is_rejected() -> None:
    item = blank_item(
        options=["Ground Truth", "Model Registry", "Feature Store", "Pipelines"], answer="Ground Truth"
    )
    problems = item_problems(item, PASSAGE)
    assert any("weakly supported" in p for p in problems)
    with pytest.raises(InvalidItemError) as info:
        validate_item(item, PASSAGE)
    assert info.value.hint


def test_distractor_that_is_also_correct_is_rejected() -> None:
    # "Clarify" is in the quoted sentence: a learner picking it would also be right.
    item = blank_item(options=["Model Monitor", "Clarify", "Feature Store", "Pipelines"])
    assert any("also supported by the quoted sentence" in p for p in item_problems(item, PASSAGE))


def test_distractor_overlapping_the_answer_is_rejected() -> None:
    item = blank_item(options=["Model Monitor", "SageMaker Model Monitor", "Feature Store", "Pipelines"])
    assert any("overlaps the answer" in p for p in item_problems(item, PASSAGE))


def test_stem_giving_the_answer_away_is_rejected() -> None:
    item = blank_item(stem="Which service, Model Monitor or another, runs the bias drift checks of Clarify?")
    assert "the stem contains the answer" in item_problems(item, PASSAGE)


def test_quote_not_in_passage_is_rejected() -> None:
    item = blank_item()
    other = "Feature Store keeps features for training and inference in one central repository."
    assert any("not in the cited passage" in p for p in item_problems(item, other))


def test_empty_passage_is_rejected() -> None:
    assert item_problems(blank_item(), "  ") == ["no cited passage"]


def true_false(statement: str, answer: bool, quote: str = QUOTE) -> QuizItem:
    return QuizItem(
        id="gen-m1-tf-test",
        module=1,
        objective="m1-monitor",
        type=ItemType.true_false,
        stem=f"True or false: {statement}",
        answer=answer,
        explanation=("True. " if answer else "False. ") + f"The course says: “{quote}”",
        grounding=Grounding(
            source="01-mini.md", section="What Model Monitor is", passage_id="c1", quote=quote
        ),
        origin="generated",
    )


def test_true_false_checks() -> None:
    assert item_problems(true_false(QUOTE, True), PASSAGE) == []
    swapped = QUOTE.replace("Model Monitor", "Model Registry")
    assert item_problems(true_false(swapped, False), PASSAGE) == []
    # A "false" statement that is the passage's own sentence is in fact true.
    assert any("verbatim" in p for p in item_problems(true_false(QUOTE, False), PASSAGE))
    # A "true" statement the passage does not support.
    unsupported = "Ground Truth labels images with a crowd of independent workers around the world."
    assert any("not supported" in p for p in item_problems(true_false(unsupported, True), PASSAGE))


def test_false_statement_true_elsewhere_in_the_course_is_rejected() -> None:
    elsewhere = (
        "SageMaker Clarify supplies the bias drift checks that Model Registry runs on live predictions."
    )
    item = true_false(QUOTE.replace("Model Monitor", "Model Registry"), False)
    problems = item_problems(item, PASSAGE, course_sentences=[QUOTE, elsewhere])
    assert any("may be true" in p for p in problems)


def test_same_question_and_dedupe() -> None:
    a = blank_item()
    b = blank_item(
        id="gen-m1-blank-other", options=["Model Monitor", "Pipelines", "Feature Store", "Experiments"]
    )
    reworded = blank_item(
        id="gen-m1-x",
        stem="Which SageMaker service runs the bias drift checks supplied by Clarify on live predictions?",
        grounding=Grounding(source="01-mini.md", section="x", quote=None),
    )
    unrelated = true_false(
        "SageMaker Model Registry is a central catalog of trained models.", True, quote="x y z"
    )
    assert same_question(a, b)  # same stem, same sentence
    assert not same_question(a, unrelated)
    kept, dropped = dedupe([a, b, unrelated])
    assert kept == [a, unrelated] and dropped == [b]
    assert duplicate_pairs([a, b, reworded, unrelated])[0] == (a.id, b.id)


def test_every_bank_item_of_the_real_corpus_passes() -> None:
    settings = Settings()
    if not (Path(settings.corpus_dir) / "questions").is_dir():
        pytest.skip("the bundled question bank is not there yet")
    items = load_bank(settings=settings)
    assert items
    bad = {}
    for item in items:
        passage = section_passage(item.grounding.source, item.grounding.section, settings) or ""
        if problems := item_problems(item, passage):
            bad[item.id] = problems
    assert not bad
    assert duplicate_pairs(items) == []
