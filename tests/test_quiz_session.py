"""Building quizzes: new / wrong / due mix, no repeats, shuffled options, review-only quizzes,
LLM fallback and errors."""

from __future__ import annotations

import itertools
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from langchain_core.language_models import FakeListChatModel
from quiz_fixtures import mini_retriever

from tutor.course.items import ItemType, QuizItem
from tutor.exceptions import LearnerNameError, QuizError
from tutor.index.store import InMemoryStore
from tutor.progress import Learner, open_progress_store
from tutor.quiz import build_quiz, grade_answer, shuffle_options
from tutor.quiz.session import clashes
from tutor.quiz.validation import duplicate_pairs

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(settings):
    s = open_progress_store(settings)
    yield s
    s.close()


@pytest.fixture
def who(settings, store):
    """A learner's handle on the test store, by name."""
    return lambda name: Learner(name, store=store, settings=settings)


def _right(item: QuizItem):
    return item.answer


def _wrong(item: QuizItem):
    if item.type is ItemType.true_false:
        return not item.answer
    if item.type is ItemType.short_answer:
        return "no idea"
    if item.type is ItemType.matching:
        return {}
    if item.type in (ItemType.multiple_response, ItemType.ordering):
        return []
    return next(o for o in item.options if o != item.answer)


def _answer_all(quiz, learner, settings, store, right, when) -> None:
    for item in quiz.items:
        response = _right(item) if right(item) else _wrong(item)
        grade = grade_answer(item, response, settings=settings)
        assert Learner(learner, store=store, settings=settings).record_answer(
            quiz.id, item, response, grade, now=when
        )


def test_quiz_without_learner_is_all_new_distinct_and_shuffled(settings, retriever) -> None:
    quiz = build_quiz(1, 8, settings=settings, retriever=retriever, rng=random.Random(5), now=NOW)
    assert len(quiz.items) == 8 and quiz.module == 1 and quiz.learner is None
    assert len({i.id for i in quiz.items}) == 8
    assert duplicate_pairs(quiz.items) == []
    assert set(quiz.reasons.values()) == {"new"}
    assert {i.origin for i in quiz.items} == {"bank", "generated"}
    for item in quiz.items:  # options shuffled, the item still valid
        QuizItem.model_validate(item.model_dump())
        if item.type is ItemType.ordering:
            assert item.options != item.answer


def test_bank_first_generated_only_once_the_bank_is_seen(settings, retriever, store) -> None:
    ana = Learner("ana", store=store, settings=settings)
    first = build_quiz(1, 7, ana, settings=settings, retriever=retriever, rng=random.Random(1), now=NOW)
    # Seven unseen bank items fill a quiz of seven: no generated item "for variety".
    assert {i.origin for i in first.items} == {"bank"}
    _answer_all(first, "ana", settings, store, lambda i: True, NOW)
    later = build_quiz(
        1,
        4,
        ana,
        settings=settings,
        retriever=retriever,
        rng=random.Random(2),
        now=NOW + timedelta(minutes=2),
    )
    new = [i for i in later.items if later.reasons[i.id] == "new"]
    assert new and {i.origin for i in new} == {"generated"}


def test_a_quiz_never_asks_one_fact_twice(settings, retriever) -> None:
    for seed in range(6):
        quiz = build_quiz(1, 12, settings=settings, retriever=retriever, rng=random.Random(seed), now=NOW)
        pairs = [(a.id, b.id) for a, b in itertools.combinations(quiz.items, 2) if clashes(a, [b])]
        assert pairs == []
        keys = [
            str(i.answer) for i in quiz.items if i.type in (ItemType.single_choice, ItemType.short_answer)
        ]
        assert len(keys) == len(set(keys))


def test_shuffle_changes_order_not_content(settings) -> None:
    from tutor.course.bank import load_bank

    item = next(i for i in load_bank(settings=settings) if i.type is ItemType.single_choice)
    orders = {tuple(shuffle_options(item, random.Random(seed)).options) for seed in range(20)}
    assert len(orders) > 1
    assert all(sorted(o) == sorted(item.options) for o in orders)


def test_quiz_never_repeats_when_the_pool_is_small(settings, fake_embedder) -> None:
    empty = mini_retriever(settings, fake_embedder)
    empty.store = InMemoryStore()  # nothing indexed: only the seven bank items
    quiz = build_quiz(1, 20, settings=settings, retriever=empty, rng=random.Random(1), now=NOW)
    assert sorted(i.id for i in quiz.items) == [f"m1-q0{n}" for n in range(1, 8)]
    assert any("nothing of module 1 is indexed" in n for n in quiz.notices)


def test_wrong_and_due_items_come_back(settings, retriever, store, who) -> None:
    first = build_quiz(
        1, 6, who("ana"), settings=settings, retriever=retriever, rng=random.Random(2), now=NOW
    )
    wrong_ids = {i.id for i in first.items[:3]}
    _answer_all(first, "ana", settings, store, lambda i: i.id not in wrong_ids, NOW)

    # Minutes later the right answers are not due yet (FSRS learning steps); mistakes come back.
    later = NOW + timedelta(minutes=2)
    second = build_quiz(
        1, 6, who("ana"), settings=settings, retriever=retriever, rng=random.Random(3), now=later
    )
    reasons = second.reasons
    assert {i for i, r in reasons.items() if r == "wrong"} <= wrong_ids
    assert sum(1 for r in reasons.values() if r == "wrong") == 2  # at most 30% of 6
    assert "new" in reasons.values()
    assert len({i.id for i in second.items}) == len(second.items)

    # Days later everything answered is due: due items lead, capped at 40%.
    much_later = NOW + timedelta(days=30)
    third = build_quiz(
        1, 5, who("ana"), settings=settings, retriever=retriever, rng=random.Random(4), now=much_later
    )
    assert sum(1 for r in third.reasons.values() if r == "due") == 2
    assert len(third.items) == 5


def test_review_only_gives_due_items_or_none(settings, retriever, store, who) -> None:
    assert build_quiz(1, 5, who("ben"), review_only=True, settings=settings, retriever=retriever).items == []
    quiz = build_quiz(1, 4, who("ben"), settings=settings, retriever=retriever, rng=random.Random(1), now=NOW)
    _answer_all(quiz, "ben", settings, store, lambda i: True, NOW)
    assert build_quiz(1, 5, who("ben"), review_only=True, settings=settings, now=NOW).items == []
    due = build_quiz(1, 10, who("ben"), review_only=True, settings=settings, now=NOW + timedelta(days=60))
    assert {i.id for i in due.items} == {i.id for i in quiz.items}
    assert set(due.reasons.values()) == {"due"}
    # Generated items are reviewed from the copy kept in the store, no index needed.
    assert any(i.origin == "generated" for i in due.items) == any(i.origin == "generated" for i in quiz.items)


def test_learners_do_not_share_history(settings, retriever, store, who) -> None:
    quiz = build_quiz(
        1, 4, who("cara"), settings=settings, retriever=retriever, rng=random.Random(8), now=NOW
    )
    _answer_all(quiz, "cara", settings, store, lambda i: False, NOW)
    other = build_quiz(
        1, 4, who("dev"), settings=settings, retriever=retriever, rng=random.Random(8), now=NOW
    )
    assert set(other.reasons.values()) == {"new"}


def test_llm_generator_failure_falls_back_to_offline(settings, retriever) -> None:
    llm = FakeListChatModel(responses=["not JSON"])
    # More items than the bank's seven: only then does the quiz ask for generated ones.
    quiz = build_quiz(1, 10, settings=settings, retriever=retriever, llm=llm, rng=random.Random(1), now=NOW)
    assert any("LLM generator failed" in n for n in quiz.notices)
    assert {i.origin for i in quiz.items} <= {"bank", "generated"}


def test_llm_items_are_used_when_valid(settings, retriever) -> None:
    draft = {
        "type": "single_choice",
        "stem": "Which SageMaker service is a central catalog of trained models for production use?",
        "options": ["Model Registry", "Model Monitor", "Feature Store", "Pipelines"],
        "correct": ["Model Registry"],
        "explanation": "Model Registry is a central catalog of trained models for production use.",
        "quote": "SageMaker Model Registry is a central catalog of trained models for production use.",
    }
    llm = FakeListChatModel(responses=[json.dumps(draft)])
    quiz = build_quiz(1, 7, settings=settings, retriever=retriever, llm=llm, rng=random.Random(1), now=NOW)
    assert duplicate_pairs(quiz.items) == []
    # The LLM item asks what bank item m1-q06 asks: only one of the two may be in the quiz.
    same = [i for i in quiz.items if "central catalog" in i.stem]
    assert len(same) <= 1


def test_bad_requests_raise_tutor_errors(settings, retriever) -> None:
    with pytest.raises(QuizError):
        build_quiz(1, 0, settings=settings, retriever=retriever)
    with pytest.raises(QuizError) as info:
        build_quiz(7, 3, settings=settings, retriever=retriever)
    assert info.value.hint
    with pytest.raises(LearnerNameError):
        build_quiz(1, 3, Learner("../etc", settings=settings), settings=settings, retriever=retriever)
