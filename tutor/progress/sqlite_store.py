"""The progress store in one SQLite file: the personal-mode default.

The implementation is ``SQLProgressStore`` (SQLAlchemy, shared with PostgreSQL); this keeps
the path-based constructor that callers and tests use. Durability (WAL, ``synchronous=FULL``,
``BEGIN IMMEDIATE`` writes, busy timeout) is set up in ``engine.py``.
"""

from __future__ import annotations

from pathlib import Path

from tutor.progress.engine import BUSY_TIMEOUT_S, sqlite_url
from tutor.progress.schema import from_db_time, to_db_time
from tutor.progress.sql_store import SQLProgressStore

__all__ = ["BUSY_TIMEOUT_S", "SQLiteProgressStore", "from_db_time", "to_db_time"]


class SQLiteProgressStore(SQLProgressStore):
    """A ProgressStore in the SQLite file ``path`` (created, with its folder, if missing)."""

    def __init__(self, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        super().__init__(sqlite_url(self.path), busy_timeout_s=busy_timeout_s)
