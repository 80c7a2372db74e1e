"""Moving to Alembic loses nothing: a progress database made by the hand-written SQLite
migrations (before SQLAlchemy) is recognised, stamped and upgraded in place; the migrations
build exactly the schema the store queries, on both engines; two processes opening a new
database at once migrate it once."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from at_once import run_at_once
from legacy_progress_schema import MIGRATIONS, create_legacy_database

from tutor.progress import Learner
from tutor.progress.engine import WRITE, create_progress_engine
from tutor.progress.migrations import HERE, _config, head_revision
from tutor.progress.names import validate_learner_name
from tutor.progress.records import AttemptRecord
from tutor.progress.scheduling import review
from tutor.progress.schema import metadata
from tutor.progress.sql_store import SQLProgressStore
from tutor.progress.sqlite_store import SQLiteProgressStore
from tutor.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "progress-legacy.sqlite3"
LEGACY_TABLES = ("learners", "items", "attempts", "item_state", "chat_turns", "chat_questions", "migrations")
REVISIONS = ["0001_baseline", "0002_class_tables", "0003_accounts", "0004_fold_learner_names"]


def _dump(path: Path, fold_names: bool = False) -> dict[str, list[tuple]]:
    """Every row of every legacy table, in the legacy columns only (learner names folded, as
    migration 0004 folds them, when ``fold_names``)."""
    con = sqlite3.connect(path)
    out = {}
    for table in LEGACY_TABLES:
        legacy_cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "elapsed_ms"]
        rows = con.execute(f"SELECT {', '.join(legacy_cols)} FROM {table}").fetchall()
        if fold_names and table != "migrations":
            at = legacy_cols.index("name" if table == "learners" else "learner") if table != "items" else None
            rows = [tuple(fold(v) if i == at else v for i, v in enumerate(r)) for r in rows]
        out[table] = sorted(rows, key=repr)
    con.close()
    return out


def test_a_database_made_by_the_old_store_is_upgraded_in_place_without_losing_a_row(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    settings.ensure_data_dir()
    shutil.copy(FIXTURE, settings.progress_db)
    before = _dump(settings.progress_db, fold_names=True)
    assert len(before["attempts"]) == 24 and len(before["chat_turns"]) == 6  # the fixture is not empty

    with SQLiteProgressStore(settings.progress_db) as store:
        assert store.applied_migrations() == REVISIONS
        assert store.integrity_check() == "ok"
    after = _dump(settings.progress_db)
    assert after == before  # every row of every table, only "Ben" folded to "ben"

    with SQLiteProgressStore(settings.progress_db) as store:
        assert store.list_learners() == ["ana", "ben", "zoë"]
        assert store.attempts("Ben") == []  # the name is a folded key now
        old = store.attempts("ben")
        assert len(old) == 8 and all(a.elapsed_ms is None and a.rating in (1, 2, 3) for a in old)
        assert len(store.item_states("zoë")) == 4
        # The old rows can be added to: a new answer on an item the learner already has a card for.
        item = store.get_items(["legacy-0"])["legacy-0"]
        when = old[-1].answered_at
        new = old[0].model_copy(update={"id": None, "quiz_id": "after-upgrade", "elapsed_ms": 4200})
        assert store.record_attempt(new, item, lambda card: review(card, 1.0, when))
        assert store.attempts("ben")[-1].elapsed_ms == 4200
        states = {s.item_id: s for s in store.item_states("ben")}
        assert states["legacy-0"].attempts == 3
    with Learner("ana", settings=settings) as ana:
        assert ana.chat()[0].content == "What is Model Monitor, ana?"
        assert ana.progress().overall.answered == 8


def test_a_database_with_only_some_old_migrations_gets_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    create_legacy_database(db, upto=1)  # an early version: learners, items, attempts only
    con = sqlite3.connect(db)
    con.execute("INSERT INTO learners VALUES ('ana', '2026-05-01T00:00:00.000000+00:00')")
    con.commit()
    con.close()
    with SQLiteProgressStore(db) as store:
        assert store.applied_migrations() == REVISIONS
        assert store.list_learners() == ["ana"]
        store.save_chat_turn("ana", "user", "hello")  # a table of a later legacy migration
        store.save_quiz_session("ana", "{}")  # and of the first Alembic one


def test_a_complete_legacy_database_is_stamped_not_rebuilt(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    create_legacy_database(db)
    con = sqlite3.connect(db)
    # Stamped (the baseline's DDL does not run), the existing tables and rows stay as they are.
    con.execute("INSERT INTO learners VALUES ('kept', '2026-05-01T00:00:00.000000+00:00')")
    con.commit()
    con.close()
    assert [n for n, _ in MIGRATIONS] == ["m001_learners_items_attempts", "m002_item_state", "m003_chat"]
    with SQLiteProgressStore(db) as store:
        assert store.list_learners() == ["kept"]
        assert store.applied_migrations() == REVISIONS


def test_the_migrations_build_exactly_the_schema_the_store_queries(progress_url: str) -> None:
    SQLProgressStore(progress_url).close()
    engine = sa.create_engine(progress_url)
    with engine.connect() as c:
        diffs = compare_metadata(MigrationContext.configure(c, opts={"compare_type": False}), metadata)
    engine.dispose()
    assert diffs == []


def test_the_migrations_ship_inside_the_package() -> None:
    assert HERE.parent.name == "progress" and (HERE / "env.py").is_file()
    versions = sorted(p.stem for p in (HERE / "versions").glob("0*.py"))
    assert versions == REVISIONS and head_revision() == REVISIONS[-1]
    assert (HERE / "versions" / "__init__.py").is_file()  # makes setuptools include them


def _open(url: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    barrier.wait()
    store = SQLProgressStore(url)
    store.ensure_learner("ana")
    store.close()


def _open_at_once(url: str) -> None:
    run_at_once(_open, *[(url,)] * 3)
    with SQLProgressStore(url) as store:
        assert store.applied_migrations() == REVISIONS
        assert "ana" in store.list_learners()
    engine = sa.create_engine(url)
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT COUNT(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


def test_processes_opening_a_new_database_at_once_migrate_it_once(progress_url: str) -> None:
    _open_at_once(progress_url)


def test_processes_opening_a_legacy_database_at_once_stamp_it_once(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "progress.sqlite3")
    _open_at_once(f"sqlite:///{tmp_path / 'progress.sqlite3'}")
    assert len(_dump(tmp_path / "progress.sqlite3")["attempts"]) == 24


def test_elapsed_ms_round_trips(progress_url: str) -> None:
    from test_progress_store import attempt, make_item, schedule_for

    item = make_item(1)
    with SQLProgressStore(progress_url) as store:
        a: AttemptRecord = attempt("ana", "q1", item).model_copy(update={"elapsed_ms": 1234})
        assert store.record_attempt(a, item, schedule_for(1.0))
        assert store.attempts("ana")[0].elapsed_ms == 1234


def fold(name: str) -> str:
    """What tutor/progress/names.py makes of a name (valid legacy names only)."""
    return validate_learner_name(name)


def _database_at(url: str, revision: str) -> None:
    """A database migrated only up to ``revision`` (as an older tutor left it)."""
    engine = create_progress_engine(url)
    with engine.execution_options(**WRITE).begin() as c:
        command.upgrade(_config(c), revision)
    engine.dispose()


def test_names_that_fold_together_are_merged_without_losing_a_row(progress_url: str) -> None:
    _database_at(progress_url, "0003_accounts")
    engine = sa.create_engine(progress_url)
    t0 = "2026-05-01T09:00:00.000000+00:00"
    t1 = "2026-05-02T09:00:00.000000+00:00"
    with engine.begin() as c:
        run = lambda sql, **p: c.execute(sa.text(sql), p)  # noqa: E731
        for name, created in (("Maria", t1), ("maria", t0), ("Ben", t0)):
            run("INSERT INTO learners VALUES (:n, :t)", n=name, t=created)
        attempt = (
            "INSERT INTO attempts (learner, quiz_id, item_id, module, objective, item_type, origin, "
            "response_json, correct, score, answered_at) VALUES (:l, :q, :i, 1, 'o', 'true_false', 'bank', "
            "'true', :c, :c, :t)"
        )
        run(attempt, l="Maria", q="q1", i="item-1", c=1, t=t1)
        run(attempt, l="maria", q="q1", i="item-1", c=0, t=t0)  # the same quiz and item: both kept
        run(attempt, l="maria", q="q2", i="item-2", c=1, t=t0)
        state = "INSERT INTO item_state VALUES (:l, :i, 1, 'o', :card, :t, :a, :c, :c, :c, :t)"
        run(state, l="Maria", i="item-1", card='{"newer": true}', t=t1, a=1, c=1)
        run(state, l="maria", i="item-1", card='{"newer": false}', t=t0, a=1, c=0)
        run(
            "INSERT INTO chat_turns (learner, role, content, created_at) VALUES ('Maria', 'user', 'hi', :t)",
            t=t1,
        )
        run(
            "INSERT INTO chat_turns (learner, role, content, created_at) VALUES ('maria', 'user', 'yo', :t)",
            t=t0,
        )
        run("INSERT INTO quiz_sessions VALUES ('Maria', '{\"n\": 2}', :t)", t=t1)
        run("INSERT INTO quiz_sessions VALUES ('maria', '{\"n\": 1}', :t)", t=t0)
        run("INSERT INTO card_states VALUES ('maria', 'c1', '{}', :t, 3, :t)", t=t0)
    engine.dispose()

    with SQLProgressStore(progress_url) as store:
        assert store.applied_migrations() == REVISIONS
        assert store.list_learners() == ["ben", "maria"]
        answers = store.attempts("maria")
        assert sorted((a.quiz_id, a.item_id) for a in answers) == [
            ("q1", "item-1"),
            ("q1~Maria", "item-1"),
            ("q2", "item-2"),
        ]
        (merged,) = [s for s in store.item_states("maria") if s.item_id == "item-1"]
        assert (merged.attempts, merged.correct, merged.card_json) == (2, 1, '{"newer": true}')
        assert sorted(t.content for t in store.load_chat("maria")) == ["hi", "yo"]
        assert store.load_quiz_session("maria").payload_json == '{"n": 2}'  # the most recent
        assert [c.card_id for c in store.card_states("maria")] == ["c1"]
        assert store.attempts("Maria") == [] and store.load_chat("Maria") == []
