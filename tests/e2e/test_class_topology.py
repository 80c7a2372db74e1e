"""The class topology as processes on 127.0.0.1: a real PostgreSQL server, a Chroma server
and two app processes in class mode sharing both. A learner signs in on each app process,
asks a question (a cited answer from the Chroma server) and answers a quiz item; both
answers and both conversations land once in PostgreSQL.

deploy/compose.yaml describes the same topology with containers (Docker cannot run here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_kit import chromium, shot, wait_idle, write_docs
from class_servers import class_env, start_app, start_chroma, tutor_cli
from servers import stop
from test_browser import DOCS, QUESTION, answer_question, go

from tutor.course.bank import load_bank
from tutor.progress.sql_store import SQLProgressStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory, postgres_server) -> Iterator[tuple[list[str], str]]:
    database_url = postgres_server.create_database("topology")
    logs = tmp_path_factory.mktemp("topology-logs")
    chroma, chroma_url = start_chroma(tmp_path_factory.mktemp("chroma"), logs / "chroma.log")
    procs = [chroma]
    try:
        data = tmp_path_factory.mktemp("topology-data")  # one shared volume, as in compose
        docs = write_docs(tmp_path_factory.mktemp("topology-docs"), DOCS)
        env = class_env(data, auth="password", database_url=database_url, chroma_url=chroma_url)
        tutor_cli(env, "ingest", str(docs), "--quiet")  # the teacher indexes once, into the server
        tutor_cli(env, "users", "add", "Ana", "--class", "7b", "--password-stdin", stdin="ana-password\n")
        urls = []
        for n in (1, 2):
            proc, url = start_app(env, logs / f"app-{n}.log")
            procs.append(proc)
            urls.append(url)
        yield urls, database_url
    finally:
        for proc in reversed(procs):
            stop(proc)


def _journey(url: str, page: object, n: int) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Sign in").wait_for(timeout=120_000)  # type: ignore[attr-defined]
    page.get_by_label("Username", exact=True).fill("ana")  # type: ignore[attr-defined]
    page.get_by_label("Password", exact=True).fill("ana-password")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)  # type: ignore[attr-defined]
    wait_idle(page)
    page.get_by_test_id("stChatInputTextArea").fill(QUESTION)  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    citation = page.locator("[data-testid=stExpander]", has_text=re.compile(r"\[1\] e2e-"))  # type: ignore[attr-defined]
    citation.first.wait_for(timeout=120_000)
    wait_idle(page)
    shot(page, f"app{n}-answer", prefix="topology")

    go(page, "Quiz")
    check = page.get_by_role("button", name="Check my answer")  # type: ignore[attr-defined]
    if n == 1:
        page.get_by_role("button", name="Start quiz").click()  # type: ignore[attr-defined]
    else:
        # On the second app process the quiz begun on the first resumes where it was left
        # (the first item answered, its feedback shown): it is kept in PostgreSQL.
        page.get_by_role("button", name="Next question").click(timeout=120_000)  # type: ignore[attr-defined]
    check.wait_for(timeout=120_000)
    wait_idle(page)
    bank = {" ".join(i.stem.split()): i for i in load_bank()}
    answer_question(page, bank)
    page.get_by_role("button", name=re.compile("^(Next question|See my score)$")).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_idle(page)
    shot(page, f"app{n}-quiz", prefix="topology")


def test_a_learner_on_each_app_process_shares_one_database(topology: tuple[list[str], str]) -> None:
    urls, database_url = topology
    with chromium() as browser:
        for n, url in enumerate(urls, start=1):
            context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
            try:
                _journey(url, context.new_page(), n)
            finally:
                context.close()
    with SQLProgressStore(database_url) as store:
        attempts = store.attempts("ana")
        # One answer on each process, each stored once: the second continues the quiz the
        # first process started (the quiz in progress lives in the shared database too).
        assert len(attempts) == 2 and len({(a.quiz_id, a.item_id) for a in attempts}) == 2
        chat = store.load_chat("ana")
        assert [t.role for t in chat] == ["user", "assistant", "user", "assistant"]
        assert all(t.content == QUESTION for t in chat if t.role == "user")
        assert store.list_learners() == ["ana"]
