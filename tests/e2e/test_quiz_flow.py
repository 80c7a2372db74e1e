"""The quiz flow in a real Chromium: a reload mid-quiz keeps the quiz and the learner, the
Progress page's review button starts the review on the first click, a feedback passage with
a table shows a table, and the results table shows the key. Screenshots at desktop width and
at 390 px (a phone) go to tests/artifacts/.

The app runs on a free local port against a temporary data directory: the fixture course of
test_browser.py indexed, plus learners seeded straight into the progress store (answers
from long ago, so reviews are due) and a quiz in progress.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from browser_kit import ARTIFACTS, ROOT, app_env, chromium, ingest, shot, wait_idle, write_docs
from servers import streamlit_app
from test_browser import DOCS, answer_question, go

from tutor.course.bank import load_bank
from tutor.progress import Learner, open_progress_store
from tutor.quiz import Quiz, grade_answer
from tutor.quiz.in_progress import QuizInProgress, QuizSessions
from tutor.settings import Settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REVIEWER = "e2e-reviewer"
TABLE_LEARNER = "e2e-table"
TABLE_ITEM = "m4-q01"
"""A matching item whose cited passage holds the deployment-options table."""
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _seed(data: Path) -> None:
    """Due reviews for REVIEWER; TABLE_LEARNER registered."""
    settings = Settings(data_dir=data, corpus_dir=ROOT / "corpus")
    bank = {i.id: i for i in load_bank(settings=settings)}
    long_ago = datetime.now(UTC) - timedelta(days=90)
    with Learner(REVIEWER, settings=settings) as who:
        for item in [i for i in bank.values() if i.module == 1][:3]:
            who.record_answer(
                "seed", item, item.answer, grade_answer(item, item.answer, settings=settings), now=long_ago
            )
    with Learner(TABLE_LEARNER, settings=settings) as who:
        who.register()


def _seed_table_quiz(data: Path) -> None:
    """A one-question quiz in progress for TABLE_LEARNER, kept where the app keeps it."""
    settings = Settings(data_dir=data, corpus_dir=ROOT / "corpus")
    item = {i.id: i for i in load_bank(settings=settings)}[TABLE_ITEM]
    quiz = Quiz(
        id="e2e-table-quiz",
        module=4,
        learner=TABLE_LEARNER,
        items=[item],
        reasons={item.id: "new"},
        created_at=datetime.now(UTC),
    )
    with open_progress_store(settings) as store:
        QuizSessions(store).save(QuizInProgress(learner=TABLE_LEARNER, quiz=quiz))


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(URL of the running app, its data directory)."""
    data = tmp_path_factory.mktemp("e2e-quiz-data")
    env = app_env(data)
    ingest(env, write_docs(tmp_path_factory.mktemp("e2e-quiz-docs"), DOCS))
    _seed(data)
    log_path = tmp_path_factory.mktemp("e2e-quiz-log") / "streamlit.log"
    with streamlit_app("app.py", env, log_path, ARTIFACTS / "e2e-quiz-streamlit.log") as url:
        yield url, data


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


def _page(browser: object, viewport: dict[str, int]) -> tuple[object, object]:
    context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
    return context, context.new_page()


def _open(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.get_by_role("heading", level=1).first.wait_for(timeout=120_000)  # type: ignore[attr-defined]
    wait_idle(page)


def _learner_shown(page: object) -> str:
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first  # type: ignore[attr-defined]
    return box.evaluate(
        "e => e.innerText + ' ' + Array.from(e.querySelectorAll('input')).map(i => i.value + ' ' + (i.getAttribute('aria-label') || '')).join(' ')"
    )


def test_reload_and_page_changes_keep_the_quiz_and_the_learner(
    app: tuple[str, Path], browser: object
) -> None:
    app_url = app[0]
    context, page = _page(browser, DESKTOP)
    try:
        _open(page, app_url)
        page.get_by_label("Your name").fill("e2e-reload")  # type: ignore[attr-defined]
        page.get_by_role("button", name="Start learning").click()  # type: ignore[attr-defined]
        page.get_by_label("Your name").wait_for(state="detached")  # type: ignore[attr-defined]
        wait_idle(page)
        go(page, "Quiz")
        page.get_by_role("button", name="Start quiz").click()  # type: ignore[attr-defined]
        page.get_by_role("button", name="Check my answer").wait_for(timeout=60_000)  # type: ignore[attr-defined]
        wait_idle(page)
        bank = {" ".join(i.stem.split()): i for i in load_bank() if i.module == 1}
        answer_question(page, bank)
        page.get_by_role("button", name="Next question").click(timeout=60_000)  # type: ignore[attr-defined]
        page.get_by_text("Question 2 of 5", exact=False).wait_for()  # type: ignore[attr-defined]
        wait_idle(page)
        stem = page.locator("h4").first.inner_text().strip()  # type: ignore[attr-defined]
        assert "learner=e2e-reload" in page.url  # type: ignore[attr-defined]

        page.reload()  # type: ignore[attr-defined]
        page.get_by_text("Question 2 of 5", exact=False).wait_for(timeout=60_000)  # type: ignore[attr-defined]
        wait_idle(page)
        assert page.locator("h4").first.inner_text().strip() == stem  # type: ignore[attr-defined]
        assert "e2e-reload" in _learner_shown(page)
        shot(page, "quiz-11-after-reload")

        go(page, "Progress")
        assert "learner=e2e-reload" in page.url  # type: ignore[attr-defined]
        page.reload()  # type: ignore[attr-defined]
        page.get_by_role("heading", name="Your progress").wait_for(timeout=60_000)  # type: ignore[attr-defined]
        wait_idle(page)
        assert "e2e-reload" in _learner_shown(page)
        go(page, "Quiz")
        page.get_by_text("Question 2 of 5", exact=False).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    except Exception:
        shot(page, "quiz-failure-reload")
        raise
    finally:
        context.close()  # type: ignore[attr-defined]


def test_review_button_starts_the_review_on_the_first_click(app: tuple[str, Path], browser: object) -> None:
    app_url = app[0]
    context, page = _page(browser, DESKTOP)
    try:
        _open(page, f"{app_url}/progress?learner={REVIEWER}")
        # The Progress page's Next-up card: three questions are due, so it offers the review.
        page.get_by_text("3 due question", exact=False).first.wait_for(timeout=60_000)  # type: ignore[attr-defined]
        button = page.get_by_role("button", name="Start the review").first  # type: ignore[attr-defined]
        button.wait_for(timeout=60_000)
        shot(page, "quiz-12-progress-due")
        button.click()  # once
        page.get_by_text("Question 1 of 3", exact=False).wait_for(timeout=30_000)  # type: ignore[attr-defined]
        wait_idle(page)
        assert page.get_by_role("heading", name="Quiz").count() == 1  # type: ignore[attr-defined]
        assert page.get_by_text("due for review", exact=False).count() >= 1  # type: ignore[attr-defined]
        shot(page, "quiz-13-review-started")
    except Exception:
        shot(page, "quiz-failure-review")
        raise
    finally:
        context.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390px"])
def test_table_passage_renders_as_a_table_and_results_show_the_key(
    app: tuple[str, Path], browser: object, viewport: dict[str, int]
) -> None:
    app_url, data = app
    _seed_table_quiz(data)
    context, page = _page(browser, viewport)
    width = viewport["width"]
    item = {i.id: i for i in load_bank()}[TABLE_ITEM]
    try:
        _open(page, f"{app_url}/quiz?learner={TABLE_LEARNER}")
        page.get_by_text("Question 1 of 1", exact=False).wait_for(timeout=60_000)  # type: ignore[attr-defined]
        wait_idle(page)
        answer_question(page, {" ".join(item.stem.split()): item})
        see_score = page.get_by_role("button", name="See my score")  # type: ignore[attr-defined]
        see_score.wait_for(timeout=60_000)
        wait_idle(page)
        # The cited passage's Markdown table is drawn as a table, not as "| Need | … |" text.
        passage_table = page.locator("[data-testid=stMarkdownContainer] table").first  # type: ignore[attr-defined]
        passage_table.wait_for()
        assert "Deployment option" in passage_table.inner_text()
        assert page.get_by_text("|---|", exact=False).count() == 0  # type: ignore[attr-defined]
        shot(page, f"quiz-14-feedback-table-{width}")
        see_score.click()
        page.get_by_role("heading", name="Your score").wait_for(timeout=60_000)  # type: ignore[attr-defined]
        wait_idle(page)
        results = page.locator(".st-key-quiz-results table").first  # type: ignore[attr-defined]
        assert results.locator("th").first.inner_text().strip() == "Question 1"
        labels = results.locator("tbody tr td:first-child").all_inner_texts()
        assert labels == ["Your answer", "Key", "Result"], labels
        key_cell = results.locator("tbody tr").nth(1).locator("td").nth(1).inner_text()
        assert "Score every customer for churn once a night → Batch transform" in key_cell, key_cell
        # Readable on a phone: the table is no wider than the screen (it wraps, no cut columns).
        box = results.bounding_box()
        assert box is not None and box["width"] <= width, box
        shot(page, f"quiz-15-results-{width}")
        page.get_by_role("button", name="Take another quiz").click()  # type: ignore[attr-defined]
        page.get_by_role("button", name="Start quiz").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    except Exception:
        shot(page, f"quiz-failure-table-{width}")
        raise
    finally:
        context.close()  # type: ignore[attr-defined]
