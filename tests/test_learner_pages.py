"""The Flashcards page, the Progress page's Next-up card and its question texts, with
Streamlit's AppTest (no browser, no embedding model: these pages need no retriever)."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
import streamlit as st
from classroom_fixtures import exact_grade
from streamlit.testing.v1 import AppTest

from tutor.course.bank import load_bank
from tutor.flashcards.deck import load_deck
from tutor.progress import Learner, open_progress_store
from tutor.progress.learner_model import load_learner_model
from tutor.progress.next_step import recommend
from tutor.progress.records import utc_now
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _keep_main_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest runs a page as ``__main__`` and leaves it there; a later spawn pool (PDF
    extraction) would then start every worker by importing the page, and hang. Put it back."""
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    st.cache_resource.clear()  # the pages open the test's data directory afresh
    s = open_progress_store(Settings())  # a second connection to the same database
    yield s
    s.close()
    st.cache_resource.clear()


def page(name: str, learner: str = "ana") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / name), default_timeout=60)
    at.session_state["learner"] = learner
    return at.run()


def shown(at: AppTest) -> str:
    """Every Markdown text on the page, with the escaping backslashes removed."""
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


def test_flashcards_page_reviews_a_card_with_fsrs(store) -> None:
    at = page("flashcards.py")
    assert not at.exception
    first = load_deck(Settings()).cards[0]
    assert first.front in shown(at)
    next(b for b in at.button if b.label == "Show the answer").click()
    at.run()
    assert first.back in shown(at)
    next(b for b in at.button if b.label == "Good").click()
    at.run()
    assert [(r.card_id, r.rating) for r in store.card_reviews("ana")] == [(first.id, 3)]
    assert store.card_reviews("bob") == []
    second = load_deck(Settings()).cards[1]
    assert second.front in shown(at)


def test_progress_page_next_up_matches_tutor_next_and_shows_questions(store) -> None:
    item = load_bank(2, settings=Settings())[0]
    with Learner("ana", store=store) as who:
        grade = exact_grade(item, correct=False)
        who.record_answer("q1", item, "x", grade, now=utc_now() - timedelta(days=3))
    at = page("progress.py")
    assert not at.exception
    step = recommend(
        load_learner_model(
            "ana", store=store, settings=Settings(), card_topics=load_deck(Settings()).topics()
        )
    )
    assert step.title in shown(at)
    assert [m.value for m in at.metric if m.label == "Modules mastered"] == ["0 of 5"]
    recent = at.dataframe[-1].value
    assert list(recent["Question"]) == [item.stem] and item.id not in str(recent.to_dict())
