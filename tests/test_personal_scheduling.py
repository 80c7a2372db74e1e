"""Personal scheduling: with enough reviews, FSRS weights are fitted to the learner's own
history (the fsrs optimizer), kept when they predict it better, cached, and used."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from classroom_fixtures import exact_grade

from tutor.course.bank import load_bank
from tutor.progress import Learner, open_progress_store, personal
from tutor.progress.personal import (
    fit_parameters,
    learner_scheduler,
    load_params,
    params_path,
    personal_scheduler,
    predictions,
)
from tutor.progress.recall import ReviewEvent
from tutor.progress.scheduling import scheduler as default_scheduler
from tutor.settings import Settings

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DEFAULTS = list(default_scheduler().parameters)


def forgetful_history(items: int = 30, rounds: int = 7, seed: int = 3) -> list[ReviewEvent]:
    """A learner who forgets much faster than FSRS's average user: recall exp(-t / 1.5 days),
    reviewed every 1-6 days."""
    rng = random.Random(seed)
    events = []
    for i in range(items):
        at = START + timedelta(hours=i)
        for r in range(rounds):
            if r:
                gap = rng.randint(1, 6)
                at += timedelta(days=gap)
                recalled = rng.random() < math.exp(-gap / 1.5)
            else:
                recalled = True
            events.append(
                ReviewEvent(
                    kind="item", ref=f"i{i}", module=1, objective="m1-a", rating=3 if recalled else 1, at=at
                )
            )
    return sorted(events, key=lambda e: e.at)


@pytest.fixture(scope="module")
def history() -> list[ReviewEvent]:
    return forgetful_history()


def test_too_few_reviews_keeps_the_defaults(tmp_path: Path, history) -> None:
    s = Settings(data_dir=tmp_path)
    sched, info = learner_scheduler("ana", history[:50], s, refit=True)
    assert list(sched.parameters) == DEFAULTS and not info.personal
    assert "After 50 more review(s)" in info.sentence and "90%" in info.sentence
    assert not params_path(s, "ana").exists()


def test_fit_predicts_the_learner_better_and_is_used(tmp_path: Path, history) -> None:
    s = Settings(data_dir=tmp_path)
    assert len(history) >= s.personal_scheduling_min_reviews
    sched, info = learner_scheduler("ana", history, s, refit=True)
    assert info.personal and list(sched.parameters) != DEFAULTS
    assert info.log_loss_fitted < info.log_loss_default
    assert "fitted to your own 210 reviews" in info.sentence
    # The fast forgetter's memory fades faster under the fitted weights than under the defaults.
    fitted_p = [p for p, _ in predictions(history, sched)]
    default_p = [p for p, _ in predictions(history, default_scheduler())]
    assert sum(fitted_p) / len(fitted_p) < sum(default_p) / len(default_p)
    # Cached per learner, used for reviews without refitting, and not shown to another learner.
    cached = load_params(s, "ana")
    assert cached is not None and cached.parameters == list(sched.parameters)
    assert list(personal_scheduler("ana", s).parameters) == list(sched.parameters)
    assert list(personal_scheduler("bob", s).parameters) == DEFAULTS


def test_no_refit_until_the_history_grows(tmp_path: Path, history, monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(data_dir=tmp_path)
    learner_scheduler("ana", history, s, refit=True)
    first = load_params(s, "ana")
    calls = []
    monkeypatch.setattr(personal, "fit_for", lambda *a, **k: calls.append(a) or first)
    learner_scheduler("ana", history + history[:10], s, refit=True)
    assert calls == []  # grew by under a quarter
    learner_scheduler("ana", history + history[:60], s, refit=True)
    assert len(calls) == 1


def test_a_damaged_cache_is_refitted_not_trusted(tmp_path: Path, history) -> None:
    s = Settings(data_dir=tmp_path)
    path = params_path(s, "ana")
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert load_params(s, "ana") is None
    assert list(personal_scheduler("ana", s).parameters) == DEFAULTS


def test_tiny_histories_return_the_defaults_from_the_optimizer(history) -> None:
    assert fit_parameters(history[:20]) == DEFAULTS


def test_quiz_answers_are_scheduled_with_the_learners_own_weights(tmp_path: Path, history) -> None:
    s = Settings(data_dir=tmp_path)
    learner_scheduler("ana", history, s, refit=True)  # ana forgets fast; bob has no fit
    item = load_bank(2, settings=s)[0]
    grade = exact_grade(item)
    due = {}
    with open_progress_store(s) as store:
        for name in ("ana", "bob"):
            who = Learner(name, store=store, settings=s)
            who.record_answer("q1", item, item.answer, grade, now=START)
            who.record_answer("q2", item, item.answer, grade, now=START + timedelta(hours=1))
            who.record_answer("q3", item, item.answer, grade, now=START + timedelta(days=2))
            due[name] = who.due_states(now=START + timedelta(days=365))[0].due
    assert due["ana"] < due["bob"]  # her review comes sooner: she forgets faster
