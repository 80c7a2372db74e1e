"""Mastery (90%+ over recent answers, objectives covered), per-module figures, FSRS
scheduling of answered items, due reviews and history export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Rating
from quiz_fixtures import mini_settings

from tutor.course.bank import load_bank
from tutor.course.objectives import Objective
from tutor.progress import Learner, open_progress_store
from tutor.progress.mastery import MIN_MASTERY_ANSWERS, compute_progress
from tutor.progress.records import AttemptRecord, ItemState
from tutor.progress.scheduling import rating_for, review
from tutor.quiz import grade_answer

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OBJECTIVES = {
    1: [
        Objective(id=f"m1-o{k}", module=1, text=f"objective {k}", sections=[], source="01-mini.md")
        for k in range(1, 4)
    ]
}


def answers(scores: list[float], objectives: list[str] | None = None, module: int = 1) -> list[AttemptRecord]:
    objectives = objectives or ["m1-o1", "m1-o2", "m1-o3"]
    return [
        AttemptRecord(
            id=n + 1,
            learner="ana",
            quiz_id="q",
            item_id=f"i{n}",
            module=module,
            objective=objectives[n % len(objectives)],
            item_type="single_choice",
            response="x",
            correct=s >= 1,
            score=s,
            answered_at=NOW + timedelta(minutes=n),
        )
        for n, s in enumerate(scores)
    ]


def progress_of(attempts, tmp_path: Path, states=None, **settings):
    s = mini_settings(tmp_path, **settings)
    return compute_progress("ana", attempts, states or [], {1: 2}, OBJECTIVES, {1: "Mini"}, s, NOW).module(1)


def test_mastered_at_ninety_percent_with_all_objectives(tmp_path: Path) -> None:
    m = progress_of(answers([1.0] * 18 + [0.0, 0.0]), tmp_path)  # 18/20 = 90%
    assert m.mastered and m.recent_accuracy == pytest.approx(0.9)
    assert m.objectives_covered == 3 and m.to_master == "mastered"
    assert m.chat_questions == 2


def test_not_mastered_below_threshold(tmp_path: Path) -> None:
    m = progress_of(answers([1.0] * 17 + [0.0] * 3), tmp_path)  # 85%
    assert not m.mastered and "reach 90%" in m.to_master


def test_not_mastered_without_objective_coverage(tmp_path: Path) -> None:
    m = progress_of(answers([1.0] * 20, objectives=["m1-o1", "m1-o2"]), tmp_path)
    assert not m.mastered and m.uncovered_objectives == ["m1-o3"]
    # A lower coverage requirement accepts it.
    assert progress_of(
        answers([1.0] * 20, objectives=["m1-o1", "m1-o2"]), tmp_path, mastery_min_objective_share=0.6
    ).mastered


def test_not_mastered_on_too_few_answers(tmp_path: Path) -> None:
    m = progress_of(answers([1.0] * (MIN_MASTERY_ANSWERS - 1)), tmp_path)
    assert not m.mastered and "more checkpoint questions" in m.to_master


def test_mastery_judges_recent_answers(tmp_path: Path) -> None:
    # A shaky start followed by 20 right answers: mastered (window 20).
    m = progress_of(answers([0.0] * 15 + [1.0] * 20), tmp_path)
    assert m.mastered and m.accuracy == pytest.approx(20 / 35)
    # ...and mastery is lost when recent answers go wrong again.
    assert not progress_of(answers([1.0] * 20 + [0.0] * 5), tmp_path).mastered


def test_partial_credit_counts_as_partial(tmp_path: Path) -> None:
    m = progress_of(answers([0.5] * 20), tmp_path)
    assert m.recent_accuracy == pytest.approx(0.5) and not m.mastered


def test_weak_objectives_and_due_counts(tmp_path: Path) -> None:
    scores = [1.0, 0.0, 1.0] * 5  # objective o2 always wrong
    state = ItemState(
        learner="ana",
        item_id="i1",
        module=1,
        objective="m1-o2",
        card_json="{}",
        due=NOW - timedelta(hours=1),
        attempts=1,
        correct=0,
        last_score=0.0,
        last_correct=False,
        last_answered=NOW,
    )
    later = state.model_copy(update={"item_id": "i2", "due": NOW + timedelta(days=3)})
    m = progress_of(answers(scores), tmp_path, states=[state, later])
    assert m.weak_objectives == ["m1-o2"] and m.due == 1


# --------------------------------------------------------------------------- scheduling


def test_rating_mapping() -> None:
    assert rating_for(1.0) == Rating.Good
    assert rating_for(0.67) == Rating.Hard
    assert rating_for(0.2) == Rating.Again


def test_wrong_answers_come_back_sooner_than_right_ones() -> None:
    right_json, right_due, _ = review(None, 1.0, NOW)
    _, wrong_due, rating = review(None, 0.0, NOW)
    assert NOW < wrong_due < right_due and rating == int(Rating.Again)
    # A second right answer after the first pushes the review out to days.
    again_json, again_due, _ = review(right_json, 1.0, right_due)
    assert again_due - right_due >= timedelta(days=1)
    assert Card.from_json(again_json).due == again_due


def test_record_answer_schedules_and_due_items_returns_it(tmp_path: Path) -> None:
    settings = mini_settings(tmp_path)
    items = {i.id: i for i in load_bank(settings=settings)}
    store = open_progress_store(settings)
    ana = Learner("ana", store=store, settings=settings)
    try:
        for item_id, response in (("m1-q01", "Model Monitor"), ("m1-q07", "Real-time endpoint")):
            item = items[item_id]
            grade = grade_answer(item, response, settings=settings)
            ana.record_answer("quiz-1", item, response, grade, now=NOW)
        assert ana.due_items(now=NOW) == []
        soon = ana.due_items(now=NOW + timedelta(minutes=5))
        assert [i.id for i in soon] == ["m1-q07"]  # the wrong one first
        later = ana.due_items(now=NOW + timedelta(days=3))
        assert {i.id for i in later} == {"m1-q01", "m1-q07"}
        report = ana.progress(now=NOW + timedelta(days=3))
        assert report.module(1).due == 2 and report.overall.answered == 2
        assert report.module(1).accuracy == pytest.approx(0.5)
    finally:
        store.close()


# --------------------------------------------------------------------------- export


def test_export_csv_and_json(tmp_path: Path) -> None:
    settings = mini_settings(tmp_path)
    item = next(i for i in load_bank(settings=settings) if i.id == "m1-q06")
    learner = "-1-1"  # a valid name that a spreadsheet would evaluate as a formula
    grade = grade_answer(item, "Model Registry", settings=settings)
    with Learner(learner, settings=settings) as who:
        who.record_answer("quiz-1", item, "Model Registry", grade, now=NOW)
        csv_text, json_text = who.export("csv"), who.export("json")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(rows) == 1 and rows[0]["item_id"] == "m1-q06" and rows[0]["correct"] == "1"
    assert rows[0]["learner"] == "'-1-1" and json.loads(rows[0]["response"]) == "Model Registry"
    data = json.loads(json_text)
    assert data["learner"] == learner and data["attempts"][0]["response"] == "Model Registry"
    assert data["progress"]["modules"][0]["module"] == 1
