"""Grading of every item type: exact, partial credit, short answers (normalized, semantic,
LLM grader with fake chat models) and the cited feedback that comes with a grade."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.language_models import FakeListChatModel

from tutor.exceptions import QuizError
from tutor.quiz.grading import grade_answer
from tutor.quiz.short_answer import lexical_match, normalize_answer


class ParaphraseEmbedder:
    """Maps known paraphrases to the key's vector, everything else elsewhere: a fixed,
    inspectable stand-in for the sentence model."""

    def __init__(self, same: dict[str, str]) -> None:
        self.same = same
        self.seen: list[str] = []

    def _vec(self, text: str) -> list[float]:
        # One orthogonal axis per distinct meaning: paraphrases share the key's axis.
        key = self.same.get(text, text)
        if key not in self.seen:
            self.seen.append(key)
        v = [0.0] * 64
        v[self.seen.index(key)] = 1.0
        return v

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


# --------------------------------------------------------------------------- exact types


def test_single_choice_right_wrong_and_case(settings, bank) -> None:
    item = bank["m1-q01"]
    assert grade_answer(item, "Model Monitor", settings=settings).correct
    assert grade_answer(item, "  model monitor ", settings=settings).score == 1.0
    wrong = grade_answer(item, "Clarify", settings=settings)
    assert not wrong.correct and wrong.score == 0.0
    assert "Model Monitor" in wrong.feedback and wrong.expected == "Model Monitor"


def test_true_false_accepts_bool_and_words(settings, bank) -> None:
    item = bank["m1-q02"]
    assert grade_answer(item, True, settings=settings).correct
    assert grade_answer(item, "true", settings=settings).correct
    assert not grade_answer(item, False, settings=settings).correct
    with pytest.raises(QuizError):
        grade_answer(item, "maybe", settings=settings)


def test_multiple_response_partial_credit(settings, bank) -> None:
    item = bank["m1-q03"]  # key: ML engineers, Data scientists
    assert grade_answer(item, ["Data scientists", "ML engineers"], settings=settings).score == 1.0
    half = grade_answer(item, ["ML engineers"], settings=settings)
    assert half.score == 0.5 and not half.correct and "Partly right" in half.feedback
    # A wrong pick cancels a right one; ticking everything earns nothing.
    assert grade_answer(item, ["ML engineers", "Business analysts"], settings=settings).score == 0.0
    assert grade_answer(item, item.options, settings=settings).score == 0.0
    with pytest.raises(QuizError):
        grade_answer(item, "ML engineers", settings=settings)


def test_matching_partial_credit(settings, bank) -> None:
    item = bank["m1-q04"]
    assert isinstance(item.answer, dict)
    assert grade_answer(item, dict(item.answer), settings=settings).correct
    swapped = dict(item.answer)
    swapped["Score a whole dataset offline"] = "Asynchronous Inference"
    swapped["Large payloads, caller can wait"] = "Batch transform"
    grade = grade_answer(item, swapped, settings=settings)
    assert grade.score == pytest.approx(1 / 3, abs=1e-3) and not grade.correct
    assert grade_answer(item, {}, settings=settings).score == 0.0


def test_ordering_partial_credit(settings, bank) -> None:
    item = bank["m1-q05"]
    key = list(item.answer)  # type: ignore[arg-type]
    assert grade_answer(item, key, settings=settings).correct
    one_swap = [key[1], key[0], key[2], key[3]]
    partial = grade_answer(item, one_swap, settings=settings)
    assert 0.5 < partial.score < 1.0 and not partial.correct
    assert grade_answer(item, list(reversed(key)), settings=settings).score == 0.0
    with pytest.raises(QuizError):
        grade_answer(item, "Processing step", settings=settings)


# --------------------------------------------------------------------------- short answers


def test_short_answer_normalized_match(settings, bank) -> None:
    item = bank["m1-q06"]  # key Model Registry, accepts SageMaker Model Registry
    for said in (
        "Model Registry",
        "the model registry",
        "Amazon SageMaker Model Registry",
        "model registry service",
    ):
        grade = grade_answer(item, said, settings=settings, embedder=ParaphraseEmbedder({}))
        assert grade.correct, said
        assert grade.grader == "normalized"
    for said in ("Model Monitor", "Model Registry or Model Monitor", "registry"):
        assert not grade_answer(item, said, settings=settings, embedder=ParaphraseEmbedder({})).correct, said


def test_normalize_answer_splits_camel_case() -> None:
    assert normalize_answer("PendingManualApproval") == normalize_answer("pending manual approval")
    assert lexical_match("pending manual approval", ["PendingManualApproval"])


def test_short_answer_semantic_match(settings, bank) -> None:
    item = bank["m1-q06"]
    embedder = ParaphraseEmbedder({"the models catalogue": "Model Registry"})
    close = grade_answer(item, "the models catalogue", settings=settings, embedder=embedder)
    assert close.correct and close.grader == "semantic"
    far = grade_answer(item, "a bias report", settings=settings, embedder=embedder)
    assert not far.correct and far.grader == "semantic"


def test_short_answer_llm_grader(settings, bank) -> None:
    item = bank["m1-q06"]
    verdict = {"correct": True, "score": 1.0, "reason": "The catalog of model versions is Model Registry."}
    llm = FakeListChatModel(responses=[json.dumps(verdict)])
    grade = grade_answer(
        item, "the place where approved model versions are catalogued", settings=settings, llm=llm
    )
    assert grade.correct and grade.grader == "llm"
    assert verdict["reason"] in grade.feedback
    # A "wrong" verdict never earns more than half credit, whatever score the model gives.
    wrong = {"correct": False, "score": 0.9, "reason": "That is Model Monitor."}
    grade = grade_answer(
        item, "Model Monitor", settings=settings, llm=FakeListChatModel(responses=[json.dumps(wrong)])
    )
    assert not grade.correct and grade.score == 0.5


def test_short_answer_llm_failure_falls_back_offline(settings, bank) -> None:
    item = bank["m1-q06"]
    llm = FakeListChatModel(responses=["this is not JSON"])
    embedder = ParaphraseEmbedder({"catalogue of models": "Model Registry"})
    grade = grade_answer(item, "catalogue of models", settings=settings, llm=llm, embedder=embedder)
    assert grade.correct and grade.grader == "semantic"
    assert grade.notice and "LLM grader failed" in grade.notice


def test_exact_match_does_not_call_the_llm(settings, bank) -> None:
    item = bank["m1-q06"]
    llm = FakeListChatModel(responses=["not JSON: would fail if called"])
    grade = grade_answer(item, "Model Registry", settings=settings, llm=llm)
    assert grade.correct and grade.grader == "normalized" and grade.notice is None


# --------------------------------------------------------------------------- feedback


def test_feedback_carries_the_cited_passage(settings, bank) -> None:
    item = bank["m1-q02"]
    grade = grade_answer(item, False, settings=settings)
    assert grade.source == "01-mini.md" and grade.section == "What Model Registry is"
    assert "approval status" in grade.passage
    assert grade.explanation == item.explanation


def test_feedback_picks_the_best_paragraph(tmp_path: Path, settings, bank) -> None:
    # The "Deployment options" section holds the table and a subsection with the list:
    # the cited passage is the table, which is what the matching item is about.
    grade = grade_answer(bank["m1-q04"], {}, settings=settings)
    assert "Batch transform" in grade.passage and "Processing step" not in grade.passage


def test_generated_item_outside_corpus_uses_its_quote(settings, bank) -> None:
    item = bank["m1-q01"].model_copy(
        update={
            "grounding": bank["m1-q01"].grounding.model_copy(
                update={"source": "uploaded.pdf", "quote": "Model Monitor watches deployed models."}
            )
        }
    )
    grade = grade_answer(item, "Model Monitor", settings=settings)
    assert grade.passage == "Model Monitor watches deployed models."
