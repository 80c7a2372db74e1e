"""The quiz in progress, kept server-side per learner in the progress store: round trip across
store connections, isolation, an unreadable saved quiz, and the items to retry."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from tutor.course.bank import load_bank
from tutor.exceptions import LearnerNameError
from tutor.progress import open_progress_store
from tutor.quiz import build_quiz, grade_answer
from tutor.quiz.in_progress import AnsweredItem, QuizInProgress, QuizSessions

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def sessions(settings):
    with open_progress_store(settings) as store:
        yield QuizSessions(store)


def _state(settings, learner: str = "ana") -> QuizInProgress:
    from tutor.index.store import InMemoryStore
    from tutor.retrieval.retriever import Retriever

    empty = Retriever(settings, store=InMemoryStore(), embedder=None)  # type: ignore[arg-type]
    quiz = build_quiz(1, 4, settings=settings, retriever=empty, rng=random.Random(1), now=NOW)
    return QuizInProgress(learner=learner, quiz=quiz)


def test_round_trip_keeps_question_answers_and_grades(settings, sessions) -> None:
    state = _state(settings)
    item = state.quiz.items[0]
    grade = grade_answer(item, item.answer, settings=settings)
    state.answers[item.id] = AnsweredItem(response=item.answer, grade=grade)
    state.index = 1
    sessions.save(state)
    with open_progress_store(settings) as other:  # another app process reads the same database
        again = QuizSessions(other).load("ana")
    assert again == state
    sessions.save(state.model_copy(update={"index": 2}))  # saving again replaces the quiz kept
    assert sessions.load("ana").index == 2


def test_learners_do_not_see_each_others_quiz(settings, sessions) -> None:
    store = sessions
    store.save(_state(settings, "ana"))
    assert store.load("bo") is None
    store.clear("ana")
    assert store.load("ana") is None
    store.clear("ana")  # clearing twice is fine
    with pytest.raises(LearnerNameError):
        store.load("../etc/passwd")


def test_an_unreadable_saved_quiz_counts_as_no_quiz(settings, sessions) -> None:
    sessions.save(_state(settings))
    sessions.store.save_quiz_session("ana", "{not json")  # e.g. a quiz saved by an older version
    assert sessions.load("ana") is None
    sessions.store.save_quiz_session("ana", _state(settings, "bo").model_dump_json())
    assert sessions.load("ana") is None  # a payload for another learner is never shown


def test_missed_lists_the_items_not_fully_right(settings) -> None:
    state = _state(settings)
    right, wrong = state.quiz.items[0], state.quiz.items[1]
    state.answers[right.id] = AnsweredItem(
        response=right.answer, grade=grade_answer(right, right.answer, settings=settings)
    )
    bad = {"true_false": lambda i: not i.answer, "short_answer": lambda i: "no idea"}.get(
        wrong.type.value,
        lambda i: [] if isinstance(i.answer, list) else ({} if isinstance(i.answer, dict) else "x"),
    )(wrong)
    if wrong.type.value == "single_choice":
        bad = next(o for o in wrong.options if o != wrong.answer)
    state.answers[wrong.id] = AnsweredItem(response=bad, grade=grade_answer(wrong, bad, settings=settings))
    assert [i.id for i in state.missed()] == [wrong.id]
    assert {i.id for i in load_bank(1, settings=settings)} >= {wrong.id}
