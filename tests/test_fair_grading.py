"""Fair grading: paraphrases and glossary variants, part credit for lists with what was
missing, definite orders only, feedback naming the wrong pair or option, a "Why" that
supports the key; and the labelled grading set (tests/data/grading_set.yaml)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tutor.course.items import Grounding, QuizItem
from tutor.quiz.feedback import why
from tutor.quiz.grading import grade_answer

ROOT = Path(__file__).resolve().parents[1]


class FarEmbedder:
    """Every text on its own axis: meaning never rescues an answer, so these tests see the
    offline matcher alone."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[1.0 if i == n else 0.0 for i in range(64)] for n in range(len(texts))]


def _short(
    key: str, accept: list[str] | None = None, stem: str = "Which option is it, for these needs?"
) -> QuizItem:
    return QuizItem(
        id="t-short",
        module=1,
        objective="m1-options",
        type="short_answer",
        stem=stem,
        answer=key,
        accept=accept or [],
        explanation="The course's table of needs and deployment options.",
        grounding=Grounding(source="01-mini.md", section="Deployment options"),
    )


def _grade(item: QuizItem, said: object, settings):
    return grade_answer(item, said, settings=settings, embedder=FarEmbedder())


def test_glossary_variants_word_order_and_core_terms(settings) -> None:
    item = _short("Asynchronous Inference")
    for said in ("async inference", "Inference, asynchronous", "SageMaker Asynchronous Inference option"):
        assert _grade(item, said, settings).correct, said
    for said in ("Serverless Inference", "Asynchronous Inference or Batch transform", "inference"):
        assert not _grade(item, said, settings).correct, said


def test_part_of_a_list_earns_part_credit_and_says_what_was_missing(settings) -> None:
    item = _short("PySpark, pandas or SQL", stem="In which languages can a custom transformation be written?")
    full = _grade(item, "SQL, pandas and PySpark", settings)
    assert full.correct
    part = _grade(item, "pandas and SQL", settings)
    assert 0 < part.score < 1 and "Missing: PySpark" in part.feedback
    hedge = _grade(item, "pandas and Java", settings)
    assert 0 < hedge.score < part.score and "Not part of the answer: Java" in hedge.feedback
    assert _grade(item, "Java and Scala", settings).score == 0


def test_a_formula_is_matched_by_its_structure_not_its_words(settings) -> None:
    item = _short(
        "F1 = 2 * (precision * recall) / (precision + recall)",
        ["harmonic mean of precision and recall"],
        stem="Write the formula for the F1 score.",
    )
    assert _grade(item, "2 x precision x recall / (precision + recall)", settings).correct
    assert _grade(item, "(precision + recall) / 2", settings).score == 0
    assert _grade(item, "precision * recall", settings).score == 0


def test_steps_stated_together_may_come_in_either_order(settings, bank) -> None:
    item = bank["m1-q05"]  # processing, training, condition, model step
    swapped = [item.answer[1], item.answer[0], *item.answer[2:]]
    strict = _grade(item, swapped, settings)
    assert not strict.correct and "comes before" in strict.feedback
    together = item.model_copy(update={"interchangeable": [item.answer[:2]]})
    assert _grade(together, swapped, settings).correct
    # Only the marked pair is free: swapping the last two is still out of order.
    late = [*item.answer[:2], item.answer[3], item.answer[2]]
    assert not _grade(together, late, settings).correct
    # A reversed list earns nothing, even where its two free steps happen to be "in order".
    assert _grade(together, list(reversed(item.answer)), settings).score == 0


def test_matching_and_multiple_response_feedback_name_what_was_wrong(settings, bank) -> None:
    matching = bank["m1-q04"]
    key = dict(matching.answer)  # type: ignore[arg-type]
    said = {**key, "Score a whole dataset offline": "Serverless Inference"}
    grade = _grade(matching, said, settings)
    assert (
        "Score a whole dataset offline → Serverless Inference (should be Batch transform)" in grade.feedback
    )
    multiple = bank["m1-q03"]
    grade = _grade(multiple, ["ML engineers", "Business analysts"], settings)
    assert (
        "Wrongly ticked: Business analysts" in grade.feedback and "Missed: Data scientists" in grade.feedback
    )


def test_the_why_of_a_generated_item_quotes_a_sentence_supporting_the_key() -> None:
    passage = (
        "Data scientists investigate violations. ML engineers own the monitoring schedules and alarms. "
        "Model Monitor runs on a schedule."
    )
    item = QuizItem(
        id="gen-m1-x",
        module=1,
        objective="m1-monitor",
        type="single_choice",
        stem="In a typical project, who would you expect to own the monitoring schedules?",
        options=["ML engineers", "Auditors", "Business analysts"],
        answer="ML engineers",
        explanation="The course says: “Data scientists investigate violations.”",
        grounding=Grounding(source="01-mini.md", section="S"),
        origin="generated",
    )
    assert "ML engineers own the monitoring schedules" in why(item, passage)
    bank_item = item.model_copy(update={"origin": "bank"})
    assert why(bank_item, passage) == bank_item.explanation


@pytest.mark.slow
def test_grading_set_agrees_with_the_teacher() -> None:
    """The labelled set with the real embedding model, as the app grades offline. The tuning
    part was used to change the grader; the held-out part was not (see the set's header)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from grading_agreement import run  # the benchmark's runner: one definition of agreement

    from tutor.embeddings import load_embedder
    from tutor.settings import Settings

    settings = Settings(corpus_dir=ROOT / "corpus")
    results = run(settings, load_embedder(settings))
    share = {split: sum(r[0].label == r[2] for r in rows) / len(rows) for split, rows in results.items()}
    assert sum(len(rows) for rows in results.values()) >= 60
    # "heldout" was looked at in the second round of tuning; "heldout2" never was.
    assert share["tune"] >= 0.95 and share["heldout"] >= 0.95 and share["heldout2"] >= 0.95, share
