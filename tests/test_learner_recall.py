"""Predicted recall per objective (FSRS replay of answers and flashcard reviews) and mastery
that lapses with time, pinned with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from quiz_fixtures import mini_settings

from tutor.course.objectives import Objective
from tutor.progress import Learner
from tutor.progress.mastery import compute_progress
from tutor.progress.recall import events_from, objective_recalls, trace_recalls
from tutor.progress.records import AttemptRecord, CardReview
from tutor.progress.scheduling import scheduler
from tutor.settings import Settings

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
OBJECTIVES = {
    0: [Objective(id="m0-o1", module=0, text="overview", sections=[], source="00.md")],
    1: [
        Objective(id=f"m1-o{k}", module=1, text=f"objective {k}", sections=[], source="01.md")
        for k in range(1, 4)
    ],
}


def answer(n: int, score: float, at: datetime, item: str | None = None, objective: str | None = None):
    return AttemptRecord(
        id=n,
        learner="ana",
        quiz_id=f"q{at:%j}",
        item_id=item or f"i{n % 20}",
        module=1,
        objective=objective or f"m1-o{n % 3 + 1}",
        item_type="single_choice",
        response="x",
        correct=score >= 1,
        score=score,
        answered_at=at,
    )


def twenty_right(at: datetime, start: int = 0) -> list[AttemptRecord]:
    return [answer(start + n, 1.0, at + timedelta(minutes=n)) for n in range(20)]


def module1(attempts, tmp_path: Path, now: datetime, events=None):
    s = mini_settings(tmp_path)
    p = compute_progress(
        "ana", attempts, [], {}, OBJECTIVES, {0: "Overview", 1: "Mini"}, s, now, events=events
    )
    return p, p.module(1)


def test_mastery_lapses_with_time_and_says_when_and_why(tmp_path: Path) -> None:
    attempts = twenty_right(NOW)
    _, fresh = module1(attempts, tmp_path, NOW + timedelta(hours=1))
    assert fresh.mastered and fresh.meets_bar and fresh.predicted_recall == pytest.approx(1.0)
    assert fresh.status.startswith("Mastered on 3 Nov 2026")

    _, later = module1(attempts, tmp_path, NOW + timedelta(days=30))
    assert later.meets_bar and not later.mastered and later.lapsed
    assert later.predicted_recall is not None and later.predicted_recall < 0.9
    # Every one of the 20 items has faded below the target after a month unreviewed.
    assert later.to_restore == 20
    assert later.status == (
        f"Mastered on 3 Nov 2026; recall is now about {later.predicted_recall:.0%}: review 20 questions."
    )


def test_lapse_day_is_where_fsrs_says_recall_crosses_target(tmp_path: Path) -> None:
    attempts = twenty_right(NOW)
    days = [d for d in range(1, 60) if not module1(attempts, tmp_path, NOW + timedelta(days=d))[1].mastered]
    first = days[0]
    assert days == list(range(first, 60))  # once lapsed, it stays lapsed without review
    # One item answered right once: the day FSRS puts its retrievability below 0.9. The
    # module's items were answered over 20 minutes, so it lapses that day or the next.
    one = [answer(1, 1.0, NOW + timedelta(minutes=10), item="a")]
    single = next(
        d
        for d in range(1, 60)
        if trace_recalls(events_from(one), scheduler(), NOW + timedelta(days=d))[0].predicted < 0.9
    )
    assert first in (single, single + 1)
    _, before = module1(attempts, tmp_path, NOW + timedelta(days=first - 1))
    _, after = module1(attempts, tmp_path, NOW + timedelta(days=first))
    assert before.predicted_recall >= 0.9 > after.predicted_recall


def test_reviewing_restores_mastery(tmp_path: Path) -> None:
    later = NOW + timedelta(days=30)
    attempts = twenty_right(NOW) + twenty_right(later, start=20)
    _, m = module1(attempts, tmp_path, later + timedelta(hours=1))
    assert m.mastered and not m.lapsed
    # Two spaced right answers build stability: recall still holds a week later, unlike after one.
    _, week = module1(attempts, tmp_path, later + timedelta(days=7))
    _, once = module1(twenty_right(NOW), tmp_path, NOW + timedelta(days=7))
    assert week.predicted_recall > once.predicted_recall


def test_wrong_answers_fade_faster(tmp_path: Path) -> None:
    right = [answer(1, 1.0, NOW, item="a", objective="m1-o1")]
    wrong = [answer(1, 0.0, NOW, item="a", objective="m1-o1")]
    day = NOW + timedelta(days=2)
    r_right = trace_recalls(events_from(right), scheduler(), day)[0].predicted
    r_wrong = trace_recalls(events_from(wrong), scheduler(), day)[0].predicted
    assert r_wrong < r_right


def test_flashcard_reviews_count_as_memory_evidence(tmp_path: Path) -> None:
    cards = [
        CardReview(id=1, learner="ana", card_id="c1", rating=3, reviewed_at=NOW),
        CardReview(id=2, learner="ana", card_id="c2", rating=1, reviewed_at=NOW),
        CardReview(id=3, learner="ana", card_id="gone", rating=1, reviewed_at=NOW),  # no longer in the deck
    ]
    topics = {"c1": (1, "m1-o2"), "c2": (1, "m1-o2")}
    events = events_from([], cards, topics)
    assert len(events) == 2
    traces = trace_recalls(events, scheduler(), NOW + timedelta(days=5))
    recalls = objective_recalls(traces, {"m1-o1": 1, "m1-o2": 1}, 0.9)
    assert recalls["m1-o1"].predicted is None and recalls["m1-o2"].cards == 2
    assert recalls["m1-o2"].fading_cards == 2 and 0 < recalls["m1-o2"].predicted < 0.9
    _, m = module1([], tmp_path, NOW + timedelta(days=5), events=events)
    assert m.predicted_recall == pytest.approx(recalls["m1-o2"].predicted)
    assert not m.mastered and m.status.startswith("Not mastered yet")


def test_overview_is_shown_apart_and_not_counted(tmp_path: Path) -> None:
    p, _ = module1(twenty_right(NOW), tmp_path, NOW)
    assert p.module(0).overview and not p.module(1).overview
    assert p.overall.modules_total == 1 and p.overall.modules_mastered == 1


def test_the_course_counts_five_modules() -> None:
    with Learner("nobody", settings=Settings()) as who:
        p = who.progress()
    assert p.overall.modules_total == 5
    assert [m.module for m in p.modules if m.overview] == [0]
    assert all(m.status == "Not started." for m in p.modules)
