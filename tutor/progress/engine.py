"""SQLAlchemy engines for the progress store: SQLite (personal mode) or PostgreSQL (a class).

SQLite keeps the durability of the first hand-written store, because "nothing is lost" is
the requirement:

- WAL journal: readers never block the writer, and a process killed mid-write leaves the
  last committed state intact (the uncommitted tail of the WAL is ignored on recovery).
- ``synchronous=FULL``: a commit is on disk before ``record_attempt`` returns, so an
  acknowledged answer survives even a power cut, not only a killed process.
- Every write is one ``BEGIN IMMEDIATE`` transaction (connections opened with the
  ``tutor_write`` execution option): the write lock is taken up front, so two processes
  never both read an item's card and then overwrite each other's update; the loser waits
  (busy timeout) instead of failing with "database is locked" half-way.

pysqlite's own transaction handling is switched off (``isolation_level = None``) and the
``begin`` event issues BEGIN itself, the recipe SQLAlchemy documents for SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url

from tutor.exceptions import ProgressStoreError

BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another process's transaction before giving up."""

WRITE = {"tutor_write": True}
"""Execution options of a write transaction (BEGIN IMMEDIATE on SQLite)."""


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(Path(path)))


def safe_url(url: str | URL) -> str:
    """The URL with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_engine(url: URL, busy_timeout_s: float) -> sa.Engine:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise ProgressStoreError(
            f"The progress database must be a file, not {database or 'memory'!r}.",
            "Give a path, e.g. sqlite:////var/lib/tutor/progress.sqlite3, or unset TUTOR_DATABASE_URL.",
        )
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url, connect_args={"timeout": busy_timeout_s, "check_same_thread": False}, pool_pre_ping=False
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise ProgressStoreError(
                    f"The progress database {database} could not switch to WAL mode (got {mode}).",
                    "Put the data directory on a local disk (WAL does not work on network shares).",
                )
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        immediate = connection.get_execution_options().get("tutor_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(url: URL) -> sa.Engine:
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3, the driver we ship
    # pre_ping: a class server outlives database restarts; a dead pooled connection is
    # replaced instead of failing a learner's answer.
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def create_progress_engine(url: str | URL, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sa.Engine:
    """An engine for a ``sqlite:///PATH`` or ``postgresql+psycopg://...`` URL."""
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as e:
        raise ProgressStoreError(
            "The database URL (TUTOR_DATABASE_URL) is not a URL SQLAlchemy understands.",
            "Use postgresql+psycopg://USER:PASSWORD@HOST:5432/DBNAME or sqlite:////PATH/progress.sqlite3.",
        ) from e
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, busy_timeout_s)
    if backend == "postgresql":
        return _postgres_engine(parsed)
    raise ProgressStoreError(
        f"The progress store does not support {backend!r} databases ({safe_url(parsed)}).",
        "Use PostgreSQL (postgresql+psycopg://...) or SQLite (sqlite:////PATH).",
    )
