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
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from legacy_progress_schema import MIGRATIONS, create_legacy_database

from tutor.progress import Learner
from tutor.progress.migrations import HERE, head_revision
from tutor.progress.records import AttemptRecord
from tutor.progress.scheduling import review
from tutor.progress.schema import metadata
from tutor.progress.sql_store import SQLProgressStore
from tutor.progress.sqlite_store import SQLiteProgressStore
from tutor.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "progress-legacy.sqlite3"
LEGACY_TABLES = ("learners", "items", "attempts", "item_state", "chat_turns", "chat_questions", "migrations")
REVISIONS = ["0001_baseline", "0002_class_tables"]


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every legacy table, in the legacy columns only."""
    con = sqlite3.connect(path)
    out = {}
    for table in LEGACY_TABLES:
        legacy_cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "elapsed_ms"]
        out[table] = con.execute(f"SELECT {', '.join(legacy_cols)} FROM {table} ORDER BY 1, 2").fetchall()
    con.close()
    return out


def test_a_database_made_by_the_old_store_is_upgraded_in_place_without_losing_a_row(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    settings.ensure_data_dir()
    shutil.copy(FIXTURE, settings.progress_db)
    before = _dump(settings.progress_db)
    assert len(before["attempts"]) == 24 and len(before["chat_turns"]) == 6  # the fixture is not empty

    with SQLiteProgressStore(settings.progress_db) as store:
        assert store.applied_migrations() == REVISIONS
        assert store.integrity_check() == "ok"
    after = _dump(settings.progress_db)
    assert after == before  # every row of every table, unchanged

    with SQLiteProgressStore(settings.progress_db) as store:
        assert store.list_learners() == ["ana", "Ben", "zoë"]
        old = store.attempts("Ben")
        assert len(old) == 8 and all(a.elapsed_ms is None and a.rating in (1, 2, 3) for a in old)
        assert len(store.item_states("zoë")) == 4
        # The old rows can be added to: a new answer on an item the learner already has a card for.
        item = store.get_items(["legacy-0"])["legacy-0"]
        when = old[-1].answered_at
        new = old[0].model_copy(update={"id": None, "quiz_id": "after-upgrade", "elapsed_ms": 4200})
        assert store.record_attempt(new, item, lambda card: review(card, 1.0, when))
        assert store.attempts("Ben")[-1].elapsed_ms == 4200
        states = {s.item_id: s for s in store.item_states("Ben")}
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
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(3)
    procs = [ctx.Process(target=_open, args=(url, barrier)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
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
