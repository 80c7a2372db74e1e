"""The progress-store methods added for class mode, on SQLite and on a real PostgreSQL
server: the saved in-progress quiz, flashcard schedules and reviews, the teacher's item
review queue and the cross-learner read for class statistics."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from at_once import run_at_once
from pydantic import ValidationError
from test_progress_store import attempt, make_item, schedule_for

from tutor.progress.records import ItemReview
from tutor.progress.sql_store import SQLProgressStore

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def card_schedule(rating: int, due: datetime):
    """A stand-in scheduler: counts reviews in the card JSON so the test sees what it was given."""

    def schedule(card_json: str | None) -> tuple[str, datetime, int]:
        seen = json.loads(card_json)["reviews"] if card_json else 0
        return json.dumps({"reviews": seen + 1}), due, rating

    return schedule


def test_one_saved_quiz_per_learner(progress_url: str) -> None:
    with SQLProgressStore(progress_url) as store:
        assert store.load_quiz_session("ana") is None
        store.save_quiz_session("ana", '{"position": 1}')
        store.save_quiz_session("ana", '{"position": 2}')  # replaces, never a second row
        store.save_quiz_session("ben", '{"position": 9}')
        saved = store.load_quiz_session("ana")
        assert saved is not None and json.loads(saved.payload_json) == {"position": 2}
        assert saved.updated_at.tzinfo is not None
        assert store.clear_quiz_session("ana") and not store.clear_quiz_session("ana")
        assert store.load_quiz_session("ana") is None
        assert json.loads(store.load_quiz_session("ben").payload_json) == {"position": 9}


def test_card_reviews_schedule_atomically(progress_url: str) -> None:
    with SQLProgressStore(progress_url) as store:
        first = store.record_card_review(
            "ana", "glossary:drift", card_schedule(3, NOW + timedelta(days=1)), NOW
        )
        assert (first.card_json, first.last_rating) == ('{"reviews": 1}', 3)
        later = NOW + timedelta(days=1, hours=1)
        second = store.record_card_review(
            "ana", "glossary:drift", card_schedule(1, later + timedelta(minutes=10)), later
        )
        assert json.loads(second.card_json) == {"reviews": 2}  # the scheduler saw the stored card
        store.record_card_review("ana", "glossary:endpoint", card_schedule(4, NOW + timedelta(days=9)), NOW)

        states = store.card_states("ana")
        assert [s.card_id for s in states] == ["glossary:drift", "glossary:endpoint"]  # soonest due first
        assert states[0].last_rating == 1 and states[0].updated_at == later
        assert [s.card_id for s in store.due_cards("ana", later + timedelta(hours=1))] == ["glossary:drift"]
        assert store.due_cards("ana", NOW) == []
        assert [(r.card_id, r.rating) for r in store.card_reviews("ana")] == [
            ("glossary:drift", 3),
            ("glossary:drift", 1),
            ("glossary:endpoint", 4),
        ]
        assert [r.rating for r in store.card_reviews("ana", "glossary:endpoint")] == [4]
        assert store.card_states("ben") == [] and store.card_reviews("ben") == []  # isolated


def test_a_failing_card_schedule_records_nothing(progress_url: str) -> None:
    def broken(card_json: str | None) -> tuple[str, datetime, int]:
        raise RuntimeError("scheduler crashed")

    with SQLProgressStore(progress_url) as store:
        with pytest.raises(RuntimeError):
            store.record_card_review("ana", "c1", broken, NOW)
        assert store.card_states("ana") == [] and store.card_reviews("ana") == []


def test_item_review_queue(progress_url: str) -> None:
    item = make_item(1)
    with SQLProgressStore(progress_url) as store:
        assert store.get_item_review(item.id) is None
        store.set_item_review(
            ItemReview(
                item_id=item.id, status="pending", item_json=item.model_dump_json(), validation_json="[]"
            )
        )
        store.set_item_review(ItemReview(item_id="item-2", status="pending", item_json="{}"))
        assert [r.item_id for r in store.list_item_reviews("pending")] == [item.id, "item-2"]
        store.set_item_review(
            ItemReview(
                item_id=item.id,
                status="approved",
                item_json=item.model_dump_json(),
                reviewer="teacher",
                note="grounded and clear",
            )
        )
        review = store.get_item_review(item.id)
        assert review is not None
        assert (review.status, review.reviewer, review.note, review.validation_json) == (
            "approved",
            "teacher",
            "grounded and clear",
            None,  # a decision replaces the whole row
        )
        assert [r.item_id for r in store.list_item_reviews("pending")] == ["item-2"]
        assert len(store.list_item_reviews()) == 2
    with pytest.raises(ValidationError):
        ItemReview(item_id="x", status="maybe", item_json="{}")


def test_all_attempts_crosses_learners_for_the_teacher(progress_url: str) -> None:
    one, two = make_item(1, module=1), make_item(2, module=2)
    with SQLProgressStore(progress_url) as store:
        store.record_attempt(attempt("ana", "q1", one), one, schedule_for(1.0))
        store.record_attempt(attempt("ben", "q1", two, correct=False), two, schedule_for(0.0))
        store.record_attempt(attempt("ben", "q1", one), one, schedule_for(1.0))
        everyone = store.all_attempts()
        assert [(a.learner, a.item_id) for a in everyone] == [
            ("ana", "item-1"),
            ("ben", "item-2"),
            ("ben", "item-1"),
        ]
        assert [a.learner for a in store.all_attempts(module=2)] == ["ben"]
        assert [a.item_id for a in store.attempts("ana")] == ["item-1"]  # the learner's own view is unchanged


def _reviewer(url: str, n: int, start: Any) -> None:
    store = SQLProgressStore(url)
    start.wait()  # both reviewers begin together, so they race on the same cards

    def slow_count(card_json: str | None) -> tuple[str, datetime, int]:
        seen = json.loads(card_json)["reviews"] if card_json else 0
        time.sleep(0.002)  # widen the read-modify-write window
        return json.dumps({"reviews": seen + 1}), NOW, 3

    for i in range(n):
        store.record_card_review("ana", f"card-{i % 3}", slow_count, NOW)
    store.close()


def test_two_processes_reviewing_the_same_cards_lose_no_update(progress_url: str) -> None:
    SQLProgressStore(progress_url).close()
    run_at_once(_reviewer, *[(progress_url, 30)] * 2)
    with SQLProgressStore(progress_url) as store:
        reviews = store.card_reviews("ana")
        assert len(reviews) == 60
        for state in store.card_states("ana"):
            assert json.loads(state.card_json)["reviews"] == sum(
                1 for r in reviews if r.card_id == state.card_id
            )
