"""The review queue and withholding: generated items wait for a teacher in class mode,
approved ones are served, rejected and retired ones never are, edits and new items pass the
bank's validation, and a flagged generated item is withheld until reviewed again."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from classroom_fixtures import ITEMS, finish_bank, fits_a_quiz, record, synthetic_responses
from quiz_fixtures import NEW_ITEM, mini_retriever, mini_settings

from tutor.classroom.item_stats import compute_item_stats
from tutor.classroom.review_queue import ReviewQueue
from tutor.classroom.reviews import MemoryReviewStore
from tutor.classroom.withhold import ReviewGate, review_gate, show_unreviewed
from tutor.exceptions import InvalidItemError, QuizError
from tutor.progress import Learner, open_progress_store
from tutor.quiz import build_quiz
from tutor.settings import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def class_settings(tmp_path: Path) -> Settings:
    return mini_settings(tmp_path, show_unreviewed_items=False)


@pytest.fixture
def retriever(class_settings, fake_embedder):
    return mini_retriever(class_settings, fake_embedder)


def quiz_ids(settings: Settings, retriever, reviews: MemoryReviewStore, seed: int = 1) -> list[str]:
    """A 30-question quiz for a learner who has seen the whole bank (so generated items join)."""
    gate = ReviewGate(reviews, settings)
    with Learner("ana", settings=settings) as who:
        if not who.attempts():
            finish_bank(who, NOW - timedelta(days=1))
        quiz = build_quiz(1, 30, who, retriever=retriever, rng=random.Random(seed), now=NOW, item_gate=gate)
    return [i.id for i in quiz.items]


def test_class_mode_withholds_unreviewed_until_approved(class_settings, retriever) -> None:
    reviews = MemoryReviewStore()
    served = quiz_ids(class_settings, retriever, reviews)
    pending = reviews.list_reviews("pending")
    assert pending, "generated items enter the queue"
    assert all(r.item.origin != "bank" for r in pending)
    assert not {r.item_id for r in pending} & set(served)  # none served before review
    first = pending[0]
    assert first.details.passage and "Model" in first.details.passage  # its cited passage
    assert first.details.problems == []  # generated items passed validation

    approved = next(r.item_id for r in pending if fits_a_quiz(r.item, class_settings))
    rejected = next(r.item_id for r in pending if r.item_id != approved)
    queue = ReviewQueue(reviews, class_settings)
    queue.approve(approved, "ms-t")
    queue.reject(rejected, "ms-t", note="ambiguous")
    for seed in range(5):  # whatever the shuffle, the approved item is in, the rejected one out
        served = quiz_ids(class_settings, retriever, reviews, seed)
        assert rejected not in served
    assert any(approved in quiz_ids(class_settings, retriever, reviews, s) for s in range(5))
    assert reviews.get_review(rejected).details.history[-1].status == "pending"  # history kept


def test_personal_mode_serves_unreviewed_but_never_rejected_or_retired(tmp_path, fake_embedder) -> None:
    settings = mini_settings(tmp_path)
    assert show_unreviewed(settings) is True
    assert show_unreviewed(mini_settings(tmp_path, show_unreviewed_items=False)) is False
    retriever = mini_retriever(settings, fake_embedder)
    reviews = MemoryReviewStore()
    served = quiz_ids(settings, retriever, reviews)
    generated = [i for i in served if not i.startswith("m1-q")]
    assert generated, "unreviewed generated items are served in personal mode"
    queue = ReviewQueue(reviews)
    queue.reject(generated[0], "me")
    queue.retire("m1-q01", "me", note="outdated")  # a bank item
    for seed in range(5):
        served = quiz_ids(settings, retriever, reviews, seed)
        assert generated[0] not in served and "m1-q01" not in served
    assert reviews.get_review("m1-q01").details.source == "bank"


def test_edit_uses_the_bank_validation_and_keeps_history(class_settings, retriever) -> None:
    reviews = MemoryReviewStore()
    queue = ReviewQueue(reviews, class_settings)
    with pytest.raises(InvalidItemError, match=r"not supported|weakly supported"):
        queue.edit("m1-q01", {"answer": "Feature Store"}, "ms-t")
    assert reviews.get_review("m1-q01") is None  # a refused edit changes nothing
    with pytest.raises(InvalidItemError, match="answer must be one of the options"):
        queue.edit("m1-q01", {"answer": "Nonsense"}, "ms-t")

    stem = "Which SageMaker service reports when inputs drift away from the training baseline?"
    edited = queue.edit("m1-q01", {"stem": stem}, "ms-t")
    assert edited.status == "approved" and edited.item.stem == stem
    assert edited.details.history[-1].item.stem != stem  # the old version is kept
    served = build_quiz(
        1,
        30,
        settings=class_settings,
        retriever=retriever,
        rng=random.Random(2),
        now=NOW,
        item_gate=ReviewGate(reviews, class_settings),
    )
    served_q01 = next(i for i in served.items if i.id == "m1-q01")
    assert served_q01.stem == stem  # learners get the edited version


def test_author_a_new_item(class_settings, retriever) -> None:
    reviews = MemoryReviewStore()
    queue = ReviewQueue(reviews, class_settings)
    bad = {**NEW_ITEM, "objective": "m1-nope", "answer": "Amazon S3"}
    with pytest.raises(InvalidItemError) as e:
        queue.author(bad, "ms-t")
    assert "not declared" in e.value.message and "supported" in e.value.message
    with pytest.raises(QuizError, match="already exists"):
        queue.author({**NEW_ITEM, "id": "m1-q01"}, "ms-t")
    review = queue.author(NEW_ITEM, "ms-t")
    assert review.status == "approved" and review.details.source == "authored"
    assert any("m1-teacher-1" in quiz_ids(class_settings, retriever, reviews, s) for s in range(5))


def test_flagged_generated_item_is_withheld_until_reviewed(tmp_path: Path) -> None:
    settings = mini_settings(tmp_path, item_stats_min_answers=5, show_unreviewed_items=True)
    reviews = MemoryReviewStore()
    bad = ITEMS["m1-bad"]  # a generated item strong learners miss (see classroom_fixtures)
    queue = ReviewQueue(reviews, settings)
    queue.enqueue([bad])
    queue.approve("m1-bad", "ms-t")
    assert ReviewGate(reviews, settings).admit([bad]) == [bad]

    store = open_progress_store(settings)
    try:
        record(store, synthetic_responses())
        gate = review_gate(store, reviews, 1, settings=settings)
    finally:
        store.close()
    assert gate.admit([bad]) == []  # flagged: withheld, even though approved before
    review = reviews.get_review("m1-bad")
    assert review.status == "pending" and "negative_discrimination" in review.details.flags
    assert review.note.startswith("flagged")

    queue.approve("m1-bad", "ms-t", note="key checked, it is right")
    assert ReviewGate(reviews, settings, gate.flags).admit([bad]) == [bad]  # reviewed: served again
    stats = compute_item_stats(synthetic_responses(), ITEMS, settings=settings)
    assert queue.sync_flags(stats) == []  # the same flags stay acknowledged


def test_unknown_ids_are_refused() -> None:
    queue = ReviewQueue(MemoryReviewStore())
    with pytest.raises(QuizError, match="No item"):
        queue.approve("nope", "t")
    with pytest.raises(QuizError, match="No item"):
        queue.retire("nope", "t")
