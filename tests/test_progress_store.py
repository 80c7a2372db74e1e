"""The progress store contract, on SQLite and on a real PostgreSQL server: migrations,
atomic answers, learner isolation, chat history, concurrent writers and SIGKILL in the
middle of writing."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from at_once import run_at_once
from servers import free_port

from tutor.course.items import Grounding, ItemType, QuizItem
from tutor.exceptions import LearnerNameError, ProgressStoreError
from tutor.progress import (
    Learner,
    list_learners,
    open_progress_store,
    validate_learner_name,
)
from tutor.progress.migrations import head_revision
from tutor.progress.records import AttemptRecord
from tutor.progress.scheduling import review
from tutor.progress.sql_store import SQLProgressStore
from tutor.progress.sqlite_store import SQLiteProgressStore
from tutor.settings import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def make_item(n: int, module: int = 1, objective: str = "m1-monitor") -> QuizItem:
    return QuizItem(
        id=f"item-{n}",
        module=module,
        objective=objective,
        type=ItemType.true_false,
        stem=f"True or false: statement number {n} is true.",
        answer=True,
        explanation="True. The course says so in the section.",
        grounding=Grounding(source="01-mini.md", section="What Model Monitor is"),
    )


def attempt(
    learner: str, quiz: str, item: QuizItem, correct: bool = True, when: datetime = NOW
) -> AttemptRecord:
    return AttemptRecord.answer_to(item, learner, quiz, correct, correct, grader="exact", answered_at=when)


def schedule_for(score: float, when: datetime = NOW):
    return lambda card_json: review(card_json, score, when)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite3"


# --------------------------------------------------------------------------- schema

REVISIONS = ["0001_baseline", "0002_class_tables", "0003_accounts", "0004_fold_learner_names"]


def test_migrations_are_applied_once(progress_url: str) -> None:
    with SQLProgressStore(progress_url) as store:
        assert store.applied_migrations() == REVISIONS
        assert REVISIONS[-1] == head_revision()
        store.ensure_learner("ana")
    with SQLProgressStore(progress_url) as store:  # reopening applies nothing twice, loses nothing
        assert store.applied_migrations() == REVISIONS
        assert store.list_learners() == ["ana"]


def test_sqlite_keeps_its_durability_settings(db: Path) -> None:
    with SQLiteProgressStore(db) as store:
        store.ensure_learner("ana")
        with store._engine.connect() as c:  # the pooled connections the store writes with
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == REVISIONS[-1]
    con.close()


def test_a_write_takes_the_sqlite_write_lock_up_front(db: Path) -> None:
    """BEGIN IMMEDIATE: while one store writes, a second writer waits (here: times out)."""
    item = make_item(1)
    SQLiteProgressStore(db).close()
    blocked = SQLiteProgressStore(db, busy_timeout_s=0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ProgressStoreError, match="holding the progress database"):
            blocked.record_attempt(attempt("ana", "q1", item), item, schedule_for(1.0))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert blocked.record_attempt(attempt("ana", "q1", item), item, schedule_for(1.0))
    blocked.close()


def test_a_bad_database_url_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(ProgressStoreError, match="does not support 'mysql'"):
        SQLProgressStore("mysql://u:secret@127.0.0.1/tutor")
    with pytest.raises(ProgressStoreError, match="must be a file"):
        SQLProgressStore("sqlite://")
    port = free_port()  # nothing listens there
    with pytest.raises(ProgressStoreError, match="PostgreSQL server is running") as err:
        SQLProgressStore(f"postgresql+psycopg://tutor:s3cret@127.0.0.1:{port}/tutor?connect_timeout=2")
    assert "s3cret" not in str(err.value)


def test_the_factory_picks_the_engine_from_settings(tmp_path: Path, progress_url: str) -> None:
    default = open_progress_store(Settings(data_dir=tmp_path / "personal"))
    assert (
        isinstance(default, SQLiteProgressStore)
        and default.path == tmp_path / "personal" / "progress.sqlite3"
    )
    default.close()
    configured = open_progress_store(Settings(data_dir=tmp_path, database_url=progress_url))
    assert configured.backend == progress_url.split(":")[0].split("+")[0]
    configured.close()
    assert "**" in str(Settings(database_url=progress_url).database_url)  # masked in `tutor config`


# --------------------------------------------------------------------------- answers


def test_record_attempt_is_atomic_and_idempotent(progress_url: str) -> None:
    item = make_item(1)
    with SQLProgressStore(progress_url) as store:
        assert store.record_attempt(attempt("ana", "q1", item), item, schedule_for(1.0))
        # The same answer submitted again (a page rerun) is not counted twice.
        assert not store.record_attempt(attempt("ana", "q1", item, correct=False), item, schedule_for(0.0))
        assert store.record_attempt(attempt("ana", "q2", item, correct=False), item, schedule_for(0.0))
        rows = store.attempts("ana")
        assert [(a.quiz_id, a.correct) for a in rows] == [("q1", True), ("q2", False)]
        assert all(a.rating in (1, 2, 3) for a in rows)
        (state,) = store.item_states("ana")
        assert (state.attempts, state.correct, state.last_correct) == (2, 1, False)
        assert store.get_items([item.id])[item.id] == item


def test_a_failing_schedule_rolls_the_answer_back(progress_url: str) -> None:
    item = make_item(1)

    def broken(card_json):
        raise RuntimeError("scheduler crashed")

    with SQLProgressStore(progress_url) as store:
        with pytest.raises(RuntimeError):
            store.record_attempt(attempt("ana", "q1", item), item, broken)
        assert store.attempts("ana") == [] and store.item_states("ana") == []
        assert store.record_attempt(attempt("ana", "q1", item), item, schedule_for(1.0))


def test_learners_are_isolated(progress_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=progress_url)
    item = make_item(1)
    with open_progress_store(settings) as store:
        store.record_attempt(attempt("ana", "q1", item, correct=False), item, schedule_for(0.0))
        store.save_chat_turn("ana", "user", "What is Model Monitor?")
        store.record_chat_question("ana", 4)
        assert store.attempts("ben") == [] and store.item_states("ben") == []
        assert store.load_chat("ben") == [] and store.chat_question_counts("ben") == {}
        assert store.due_states("ben", NOW + timedelta(days=99)) == []
    with Learner("ben", settings=settings) as ben, Learner("ana", settings=settings) as ana:
        assert ben.progress().overall.answered == 0
        assert ana.progress().overall.answered == 1
        assert "item-1" not in ben.export("csv")
    assert list_learners(settings=settings) == ["ana"]


# --------------------------------------------------------------------------- chat


def test_chat_history_save_load_clear(progress_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=progress_url)
    ana = Learner("ana", settings=settings)
    for n in range(5):
        ana.store.save_chat_turn(
            ana.name, "user" if n % 2 == 0 else "assistant", f"message {n}", json.dumps({"n": n})
        )
    turns = ana.chat(3)
    assert [t.content for t in turns] == ["message 2", "message 3", "message 4"]  # last three, oldest first
    assert json.loads(turns[0].meta_json or "{}") == {"n": 2}
    ana.store.record_chat_question(ana.name, 2)
    ana.store.record_chat_question(ana.name, 2)
    ana.store.record_chat_question(ana.name, None)
    assert ana.clear_chat() == 5
    assert ana.chat() == []
    progress = ana.progress()  # questions asked still count for progress
    ana.close()
    assert progress.overall.chat_questions == 3


def test_learner_names() -> None:
    assert validate_learner_name("  Ana   Maria ") == "ana maria"  # case-folded (issue 11)
    assert validate_learner_name("team_1.b-2") == "team_1.b-2"
    assert validate_learner_name("Zoë") == "zoë"
    assert validate_learner_name("x" * 40) == "x" * 40
    for bad in ("", "   ", "x" * 41, "a/b", "..", "<script>", "a;drop", "a\x00b", "__"):
        with pytest.raises(LearnerNameError):
            validate_learner_name(bad)


# --------------------------------------------------------------------------- processes


def _counting_schedule(card_json: str | None) -> tuple[str, datetime, int]:
    """Counts reviews in the card, slowly: a read-modify-write that two unserialised
    writers would get wrong (both read n, both write n + 1)."""
    seen = json.loads(card_json)["reviews"] if card_json else 0
    time.sleep(0.002)
    return json.dumps({"reviews": seen + 1}), NOW, 3


def _writer(url: str, learner: str, quiz: str, n: int, ack_path: str | None, start: Any = None) -> None:
    """Record ``n`` answers; after each commit append 'quiz item' to the ack file."""
    store = SQLProgressStore(url)
    if start is not None:
        start.wait()  # both writers begin together, so they do race on the same items
    fd = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT) if ack_path else None
    for i in range(n):
        item = make_item(i % 7)
        store.record_attempt(
            attempt(learner, f"{quiz}-{i}", item, correct=i % 3 != 0), item, _counting_schedule
        )
        if fd is not None:
            os.write(fd, f"{quiz}-{i} {item.id}\n".encode())
    store.close()


def _fork() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork")


def test_two_processes_answering_at_once_both_land(progress_url: str) -> None:
    SQLProgressStore(progress_url).close()  # schema first, so the writers only race on answers
    run_at_once(_writer, *[(progress_url, "ana", f"p{k}", 40, None) for k in range(2)])
    with SQLProgressStore(progress_url) as store:
        rows = store.attempts("ana")
        assert len(rows) == 80
        # No lost update: each item's counter and card match its attempts.
        states = {s.item_id: s for s in store.item_states("ana")}
        for item_id, state in states.items():
            assert state.attempts == sum(1 for a in rows if a.item_id == item_id)
            assert json.loads(state.card_json)["reviews"] == state.attempts


def test_sigkill_while_writing_never_corrupts_or_loses_acknowledged_answers(
    progress_url: str, tmp_path: Path
) -> None:
    ack = tmp_path / "acks.txt"
    SQLProgressStore(progress_url).close()
    ctx = _fork()
    rng = random.Random(42)
    for run in range(20):
        p = ctx.Process(target=_writer, args=(progress_url, "kim", f"run{run}", 10_000, str(ack)))
        p.start()
        time.sleep(rng.uniform(0.05, 0.25))
        os.kill(p.pid, signal.SIGKILL)
        p.join(10)
        assert p.exitcode == -signal.SIGKILL
    acknowledged = {tuple(line.split()) for line in ack.read_text().splitlines() if len(line.split()) == 2}
    assert len(acknowledged) > 20, len(acknowledged)
    with SQLProgressStore(progress_url) as store:
        assert store.integrity_check() == "ok"
        stored = {(a.quiz_id, a.item_id) for a in store.attempts("kim")}
        assert acknowledged <= stored
        # Each answer and its schedule were written together or not at all.
        rows = store.attempts("kim")
        for state in store.item_states("kim"):
            assert state.attempts == sum(1 for a in rows if a.item_id == state.item_id)
