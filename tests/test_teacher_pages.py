"""The teacher pages with Streamlit's AppTest (no browser), on the synthetic class."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
import streamlit as st
from classroom_fixtures import finish_bank, fits_a_quiz, record, synthetic_responses
from quiz_fixtures import mini_retriever, mini_settings
from streamlit.testing.v1 import AppTest

from tutor.classroom.review_store import reviews_for
from tutor.classroom.withhold import quiz_gate
from tutor.progress import Learner, open_progress_store
from tutor.quiz import build_quiz
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60


@pytest.fixture
def class_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_ITEM_STATS_MIN_ANSWERS", "5")
    store = open_progress_store(Settings())
    try:
        record(store, synthetic_responses())
    finally:
        store.close()
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    monkeypatch.setattr(sys, "path", list(sys.path))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app_pages" / name), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def test_dashboard_shows_the_class_with_numbers_behind_charts(class_data) -> None:
    at = page("teacher_dashboard.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Learners"] == "6" and metrics["Answers"] == "42"
    labels = [e.label for e in at.expander]
    assert "Mastery numbers" in labels and "Objective numbers" in labels
    frames = [df.value for df in at.dataframe]
    mastery = next(f for f in frames if "Recent accuracy %" in f.columns)
    l1 = mastery[(mastery["Learner"] == "l1") & (mastery["Module"] == "M1")].iloc[0]
    assert l1["Recent accuracy %"] == pytest.approx(71.4) and l1["Answers"] == 7
    stuck = next(f for f in frames if "Wrong" in f.columns)
    assert list(stuck["Learner"]) == ["l6", "l4", "l5", "l3"]


def test_items_page_flags_the_bad_item(class_data) -> None:
    at = page("teacher_items.py")
    stats = next(df.value for df in at.dataframe if "Discrimination" in df.value.columns)
    bad = stats[stats["Item"] == "m1-bad"].iloc[0]
    assert bad["Discrimination"] == pytest.approx(-0.91) and "negative_discrimination" in bad["Flags"]
    good = stats[stats["Item"] == "m1-good"].iloc[0]
    assert good["Flags"] == "" and good["Discrimination"] == pytest.approx(0.55)


def test_review_flow_teacher_approves_learner_gets_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder
) -> None:
    """A generated item appears in the queue; the teacher approves it in the page and a learner
    gets it; the one the teacher rejects no learner gets."""
    s = mini_settings(tmp_path, show_unreviewed_items=False)
    for name, value in {
        "TUTOR_DATA_DIR": str(s.data_dir),
        "TUTOR_CORPUS_DIR": str(s.corpus_dir),
        "TUTOR_SHOW_UNREVIEWED_ITEMS": "false",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    monkeypatch.setattr(sys, "path", list(sys.path))
    retriever = mini_retriever(s, fake_embedder)

    def learner_gets(seed: int) -> set[str]:
        with Learner("ana", settings=s) as who:
            if not who.attempts():
                finish_bank(who)  # generated items join a learner's quizzes once the bank is seen
            quiz = build_quiz(
                1, 30, who, retriever=retriever, rng=random.Random(seed), item_gate=quiz_gate(who.store, 1, s)
            )
        return {i.id for i in quiz.items}

    before = learner_gets(0)  # a learner's quiz draws generated items: they enter the queue, unserved
    st.cache_resource.clear()
    at = page("teacher_items.py")
    pending_ids = [e.label.split(" · ")[0] for e in at.expander if "· pending ·" in e.label]
    assert len(pending_ids) >= 2
    with open_progress_store(s) as store:
        queued = {i: reviews_for(store).get_review(i).item for i in pending_ids}
    # Approve one that can sit beside the bank items (one asking a bank item's fact never joins).
    approve_id = next(i for i in pending_ids if fits_a_quiz(queued[i], s))
    reject_id = next(i for i in pending_ids if i != approve_id)
    assert approve_id not in before and reject_id not in before
    assert any(t.value and "Validation passed" in t.value for t in at.success)

    at.button(key=f"approve-{approve_id}").click().run()
    assert not at.exception
    at.button(key=f"reject-{reject_id}").click().run()
    assert not at.exception
    st.cache_resource.clear()

    got = [learner_gets(seed) for seed in range(6)]
    assert any(approve_id in ids for ids in got)
    assert all(reject_id not in ids for ids in got)


def test_teacher_edits_a_flagged_item_from_its_statistics(class_data) -> None:
    at = page("teacher_items.py")
    at.selectbox(key="stats_item").select("m1-bad").run()
    assert any("Discrimination -0.91" in e.value.replace("\\", "") for e in at.error)  # the flag, in words
    at.toggle(key="edit-stats-m1-bad").set_value(True).run()
    assert not at.exception
    stem = next(a for a in at.text_area if a.label == "Stem")
    stem.set_value("Which SageMaker service reports drift on deployed models?")
    next(b for b in at.button if b.label == "Save and approve").click().run()
    # The synthetic items cite a section the default course lacks: the bank's validation refuses
    # the edit, says why, and changes nothing.
    assert any("01-mini.md" in e.value.replace("\\", "") for e in at.error)
    with open_progress_store(Settings()) as store:
        review = store.get_item_review("m1-bad")
    assert review is None or "Which SageMaker" not in review.item_json
