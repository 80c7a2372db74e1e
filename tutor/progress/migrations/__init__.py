"""Alembic migrations of the progress store, shipped inside the package and run in code.

``upgrade_schema(engine)`` brings any progress database to the newest revision when a store
opens it: the SQLite file of today's personal mode, one made by the hand-written migrations
of earlier versions (recognised and stamped, never rebuilt), or a class's PostgreSQL.
All of it happens in ONE write transaction (SQLite ``BEGIN IMMEDIATE``; PostgreSQL takes a
transaction-scoped advisory lock), so a crash leaves the old schema or the new one, and two
processes starting at once apply each migration once.

A new schema change is a new file under ``versions/`` (``down_revision`` = the previous
head), never an edit of an old one, plus the matching change to ``tutor/progress/schema.py``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

HERE = Path(__file__).resolve().parent
BASELINE = "0001_baseline"
LEGACY_NAMES = frozenset({"m001_learners_items_attempts", "m002_item_state", "m003_chat"})
"""The hand-written migrations whose result is exactly the baseline revision."""

_PG_LOCK_KEY = 7_150_015  # any constant: serialises migrations between processes


def _config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None, "the progress store has no migrations"
    return head


def current_revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def applied_revisions(connection: sa.Connection) -> list[str]:
    """Every revision the database has, oldest first."""
    current = current_revision(connection)
    if current is None:
        return []
    return [s.revision for s in reversed(list(_scripts().iterate_revisions(current, "base")))]


def _is_legacy_complete(connection: sa.Connection) -> bool:
    """True for a database made by the hand-written migrations m001-m003 (no Alembic yet)."""
    inspector = sa.inspect(connection)
    if inspector.has_table("alembic_version") or not inspector.has_table("migrations"):
        return False
    names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM migrations")}
    return names >= LEGACY_NAMES


def upgrade_schema(engine: sa.Engine) -> None:
    """Bring the database to the newest revision (a no-op costing one query when it is)."""
    with engine.connect() as probe:
        if current_revision(probe) == head_revision():
            return
    # tutor_write: our SQLite engine begins this transaction with BEGIN IMMEDIATE.
    with engine.execution_options(tutor_write=True).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        cfg = _config(connection)
        # Checked inside the lock: another process may have just done it.
        if _is_legacy_complete(connection):
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, "head")
