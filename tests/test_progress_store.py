"""The SQLite progress store: migrations, atomic answers, learner isolation, chat history,
concurrent writers and SIGKILL in the middle of writing."""

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

import pytest

from tutor.course.items import Grounding, ItemType, QuizItem
from tutor.exceptions import LearnerNameError
from tutor.progress import (
    Learner,
    list_learners,
    validate_learner_name,
)
from tutor.progress import migrations as migrations_module
from tutor.progress.records import AttemptRecord
from tutor.progress.scheduling import review
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
    return AttemptRecord(
        learner=learner,
        quiz_id=quiz,
        item_id=item.id,
        module=item.module,
        objective=item.objective,
        item_type=item.type.value,
        response=correct,
        correct=correct,
        score=1.0 if correct else 0.0,
        grader="exact",
        answered_at=when,
    )


def schedule_for(score: float, when: datetime = NOW):
    return lambda card_json: review(card_json, score, when)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "progress.sqlite3"


# --------------------------------------------------------------------------- schema


def test_migrations_are_named_and_applied_once(db: Path) -> None:
    with SQLiteProgressStore(db) as store:
        names = [n for n, _ in migrations_module.MIGRATIONS]
        assert store.applied_migrations() == sorted(names)
    with SQLiteProgressStore(db) as store:  # reopening applies nothing twice
        assert store.applied_migrations() == sorted(names)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT COUNT(*) FROM migrations").fetchone()[0] == len(names)
    con.close()


def test_an_old_database_is_upgraded(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = list(migrations_module.MIGRATIONS)
    monkeypatch.setattr(migrations_module, "MIGRATIONS", full[:1])
    monkeypatch.setattr("tutor.progress.sqlite_store.MIGRATIONS", full[:1])
    with SQLiteProgressStore(db) as store:
        assert store.applied_migrations() == [full[0][0]]
        store.ensure_learner("ana")
    monkeypatch.setattr("tutor.progress.sqlite_store.MIGRATIONS", full)
    with SQLiteProgressStore(db) as store:
        assert store.applied_migrations() == sorted(n for n, _ in full)
        assert store.list_learners() == ["ana"]  # data survives the upgrade
        store.save_chat_turn("ana", "user", "hello")  # a table of a later migration


# --------------------------------------------------------------------------- answers


def test_record_attempt_is_atomic_and_idempotent(db: Path) -> None:
    item = make_item(1)
    with SQLiteProgressStore(db) as store:
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


def test_a_failing_schedule_rolls_the_answer_back(db: Path) -> None:
    item = make_item(1)

    def broken(card_json):
        raise RuntimeError("scheduler crashed")

    with SQLiteProgressStore(db) as store:
        with pytest.raises(RuntimeError):
            store.record_attempt(attempt("ana", "q1", item), item, broken)
        assert store.attempts("ana") == [] and store.item_states("ana") == []
        assert store.record_attempt(attempt("ana", "q1", item), item, schedule_for(1.0))


def test_learners_are_isolated(db: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    item = make_item(1)
    with SQLiteProgressStore(settings.progress_db) as store:
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


def test_chat_history_save_load_clear(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
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
    assert validate_learner_name("  Ana   Maria ") == "Ana Maria"
    assert validate_learner_name("team_1.b-2") == "team_1.b-2"
    assert validate_learner_name("Zoë") == "Zoë"
    assert validate_learner_name("x" * 40) == "x" * 40
    for bad in ("", "   ", "x" * 41, "a/b", "..", "<script>", "a;drop", "a\x00b", "__"):
        with pytest.raises(LearnerNameError):
            validate_learner_name(bad)


# --------------------------------------------------------------------------- processes


def _writer(path: str, learner: str, quiz: str, n: int, ack_path: str | None) -> None:
    """Record ``n`` answers; after each commit append 'quiz item' to the ack file."""
    store = SQLiteProgressStore(Path(path))
    fd = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT) if ack_path else None
    for i in range(n):
        item = make_item(i % 7)
        store.record_attempt(
            attempt(learner, f"{quiz}-{i}", item, correct=i % 3 != 0), item, schedule_for(1.0)
        )
        if fd is not None:
            os.write(fd, f"{quiz}-{i} {item.id}\n".encode())
    store.close()


def _fork() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork")


def test_two_processes_answering_at_once_both_land(db: Path) -> None:
    SQLiteProgressStore(db).close()  # schema first, so the writers only race on answers
    ctx = _fork()
    procs = [ctx.Process(target=_writer, args=(str(db), "ana", f"p{k}", 40, None)) for k in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with SQLiteProgressStore(db) as store:
        rows = store.attempts("ana")
        assert len(rows) == 80
        # No lost update: each item's counter matches its attempts.
        states = {s.item_id: s for s in store.item_states("ana")}
        for item_id, state in states.items():
            assert state.attempts == sum(1 for a in rows if a.item_id == item_id)


def test_sigkill_while_writing_never_corrupts_or_loses_acknowledged_answers(db: Path, tmp_path: Path) -> None:
    ack = tmp_path / "acks.txt"
    SQLiteProgressStore(db).close()
    ctx = _fork()
    rng = random.Random(42)
    for run in range(20):
        p = ctx.Process(target=_writer, args=(str(db), "kim", f"run{run}", 10_000, str(ack)))
        p.start()
        time.sleep(rng.uniform(0.05, 0.25))
        os.kill(p.pid, signal.SIGKILL)
        p.join(10)
        assert p.exitcode == -signal.SIGKILL
    acknowledged = {tuple(line.split()) for line in ack.read_text().splitlines() if len(line.split()) == 2}
    assert len(acknowledged) > 20, len(acknowledged)
    with SQLiteProgressStore(db) as store:
        assert store.integrity_check() == "ok"
        stored = {(a.quiz_id, a.item_id) for a in store.attempts("kim")}
        assert acknowledged <= stored
        # Each answer and its schedule were written together or not at all.
        rows = store.attempts("kim")
        for state in store.item_states("kim"):
            assert state.attempts == sum(1 for a in rows if a.item_id == state.item_id)
