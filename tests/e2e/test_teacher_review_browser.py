"""The review flow in a real Chromium: generated items wait in the teacher's queue (class
mode: unreviewed items are not served); the teacher approves one and rejects another in the
Quiz items page; a learner's quiz then has the approved one and never the rejected one.

The teacher page runs as its own Streamlit app (``streamlit run app_pages/teacher_items.py``)
until sign-in puts it in the app's navigation for teachers; the learner's quiz is built the way
the Quiz page builds it (``build_quiz`` with the classroom's gate).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_kit import ARTIFACTS, ROOT, app_env, chromium, ingest, shot, wait_idle
from classroom_fixtures import fits_a_quiz
from quiz_fixtures import write_corpus
from servers import streamlit_app

from tutor.classroom.review_store import reviews_for
from tutor.progress import open_progress_store
from tutor.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def class_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("review-data")
    corpus = write_corpus(tmp_path_factory.mktemp("review-course"))  # the mini course and its bank
    env = app_env(
        data,
        TUTOR_CORPUS_DIR=str(corpus),
        TUTOR_SHOW_UNREVIEWED_ITEMS="false",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
    )
    ingest(env, corpus / "01-mini.md")
    return env


@pytest.fixture(scope="module")
def teacher_url(class_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("review-log") / "streamlit.log"
    with streamlit_app(
        "app_pages/teacher_items.py", class_env, log_path, ARTIFACTS / "review-streamlit.log"
    ) as url:
        yield url


def learner_quiz_ids(env: dict[str, str], seed: int) -> set[str]:
    """A module-1 quiz for learner 'lee', built in a separate process as the Quiz page builds it."""
    code = (
        "import random, sys\n"
        "from tutor.classroom.withhold import quiz_gate\n"
        "from tutor.progress import Learner\n"
        "from tutor.quiz import build_quiz\n"
        "from classroom_fixtures import finish_bank\n"
        "with Learner('lee') as who:\n"
        "    if not who.attempts():\n"
        "        finish_bank(who)  # generated items join once the bank is seen\n"
        f"    quiz = build_quiz(1, 30, who, rng=random.Random({seed}),"
        " item_gate=quiz_gate(who.store, 1, who.settings))\n"
        "print(' '.join(i.id for i in quiz.items))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return set(out.stdout.split())


def expander_of(page: object, item_id: str) -> object:
    box = page.locator("[data-testid=stExpander]", has_text=item_id).first  # type: ignore[attr-defined]
    box.wait_for(timeout=60_000)
    return box


def pick(env: dict[str, str]) -> tuple[str, str]:
    """(an item to approve, one to reject) among the pending ones: the approved one must be
    able to sit beside the bank items in a quiz (one asking a bank item's fact never joins)."""
    settings = Settings(data_dir=Path(env["TUTOR_DATA_DIR"]), corpus_dir=Path(env["TUTOR_CORPUS_DIR"]))
    with open_progress_store(settings) as store:
        pending = reviews_for(store).list_reviews("pending")
    approve = next(r.item_id for r in pending if fits_a_quiz(r.item, settings))
    return approve, next(r.item_id for r in pending if r.item_id != approve)


def test_teacher_approves_learner_gets_it_rejected_never(class_env: dict[str, str], teacher_url: str) -> None:
    before = learner_quiz_ids(class_env, 0)  # draws generated items: they enter the queue unserved
    approved, rejected = pick(class_env)
    assert approved not in before and rejected not in before

    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(teacher_url)
        page.get_by_role("heading", name="Quiz items").wait_for(timeout=120_000)
        wait_idle(page)
        page.get_by_role("tab", name="Review queue").click()
        wait_idle(page)

        box = expander_of(page, approved)
        assert "· pending ·" in box.inner_text() and "Validation passed" in box.inner_text()
        box.get_by_role("button", name="Approve").click()
        wait_idle(page)
        box = expander_of(page, rejected)
        box.get_by_role("button", name="Reject").click()
        wait_idle(page)
        shot(page, "queue", prefix="review")

    got = [learner_quiz_ids(class_env, seed) for seed in range(4)]
    assert any(approved in ids for ids in got), (approved, got)
    assert all(rejected not in ids for ids in got)
