"""Real browser sessions for the class load benchmark: learners in headless Chromium (Debian's
chromium through PyPI playwright), signed in to the app processes round-robin, asking a course
question every think time while the simulated learners run. Measures the time from pressing
Enter to the cited answer on screen."""

from __future__ import annotations

import random
import time
import traceback
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _idle(page: object) -> None:
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=120_000)  # type: ignore[attr-defined]


def browser_sessions(
    urls: list[str], names: list[str], password: str, questions: list[str], seconds: float, think_s: float
) -> dict[str, list]:
    """Each name signs in on ``urls[i % len(urls)]`` and asks until ``seconds`` have passed."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list] = {"browser_answer_s": [], "browser_sign_in_s": [], "browser_errors": []}
    rng = random.Random(7)
    deadline = time.monotonic() + seconds
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        pages = []
        for i, name in enumerate(names):
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            started = time.perf_counter()
            page.goto(urls[i % len(urls)])
            page.get_by_role("heading", name="Sign in").wait_for(timeout=120_000)
            page.get_by_label("Username", exact=True).fill(name)
            page.get_by_label("Password", exact=True).fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
            _idle(page)
            out["browser_sign_in_s"].append(time.perf_counter() - started)
            pages.append(page)
        while time.monotonic() < deadline:
            for page in pages:
                try:
                    messages = page.get_by_test_id("stChatMessage")
                    before = messages.count()
                    page.get_by_test_id("stChatInputTextArea").fill(rng.choice(questions))
                    started = time.perf_counter()
                    page.keyboard.press("Enter")
                    page.wait_for_function(
                        "n => document.querySelectorAll('[data-testid=stChatMessage]').length >= n",
                        arg=before + 2,
                        timeout=120_000,
                    )
                    _idle(page)
                    out["browser_answer_s"].append(time.perf_counter() - started)
                except Exception:  # noqa: BLE001 - counted, and the run goes on
                    out["browser_errors"].append(traceback.format_exc(limit=2))
            time.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))
        browser.close()
    return out
