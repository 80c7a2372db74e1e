"""Staged chunks: searchable by keyword as soon as a file is read, before their vectors exist.

Ingest works in two stages. The first reads a file and stages its chunks here, which makes them
part of the library at once: the retriever's BM25 index is built over the store's chunks and
these. The second stage embeds staged chunks in the background and moves them into the vector
store (``VectorStore.upsert`` un-stages them). A crash between the stages loses nothing: the
next ingest finds the staged chunks here and embeds them.

SQLite in WAL mode: one writer (ingest, behind the index lock), readers in other processes (the
app, ``tutor search``) see each committed file at once. ``path=None`` keeps the table in
memory, the twin used with ``InMemoryStore``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from tutor.models import Chunk

_SCHEMA = """
CREATE TABLE IF NOT EXISTS staged (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    source_path TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS staged_source ON staged (source_path);
"""
_VARS = 500
"""Ids per ``IN (...)`` query: well under SQLite's limit on bound variables."""


def semantic_share(waiting: int, total: int) -> float:
    """How much of a library has its vectors, when ``waiting`` of its ``total`` chunks are staged
    (a staged chunk may also be stored while its vector is replaced, so ``total`` is at least
    ``waiting``)."""
    return 1 - waiting / max(total, waiting, 1)


class StagedChunks:
    """Chunks waiting for their vectors, oldest first."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        if self.path is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.executescript(_SCHEMA)
            return db
        if not self.path.exists() and not os.access(self.path.parent, os.W_OK):
            return None  # a read-only data dir with nothing staged: nothing to read
        if not os.access(self.path.parent, os.W_OK):
            return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            return self._connect_writable()
        except sqlite3.DatabaseError:
            # A damaged file: set it aside and start empty. Its chunks are listed by the
            # manifest but held nowhere, so the next ingest reads their files again.
            self.path.replace(self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}"))
            return self._connect_writable()

    def _connect_writable(self) -> sqlite3.Connection:
        assert self.path is not None
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM staged").fetchone()
        return db

    def _rows(self, sql: str, args: Iterable[object] = ()) -> list[tuple]:
        if self._db is None:
            return []
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    def stage(self, chunks: list[Chunk]) -> None:
        """Add (or replace) ``chunks``, in one transaction."""
        if not chunks:
            return
        assert self._db is not None, "staging needs a writable data dir"
        rows = [(c.id, c.source_path, c.model_dump_json()) for c in chunks]
        with self._lock, self._db:
            self._db.executemany(
                "INSERT INTO staged (id, source_path, record) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET record = excluded.record",
                rows,
            )

    def remove(self, ids: Iterable[str]) -> None:
        id_list = list(ids)
        if not id_list or self._db is None:
            return
        with self._lock, self._db:
            for i in range(0, len(id_list), _VARS):
                part = id_list[i : i + _VARS]
                self._db.execute(f"DELETE FROM staged WHERE id IN ({','.join('?' * len(part))})", part)

    def oldest(self, limit: int) -> list[Chunk]:
        """Up to ``limit`` staged chunks, in the order they were staged."""
        rows = self._rows("SELECT record FROM staged ORDER BY seq LIMIT ?", [limit])
        return [Chunk.model_validate_json(r[0]) for r in rows]

    def get(self, ids: list[str]) -> list[Chunk]:
        found: list[Chunk] = []
        for i in range(0, len(ids), _VARS):
            part = ids[i : i + _VARS]
            rows = self._rows(f"SELECT record FROM staged WHERE id IN ({','.join('?' * len(part))})", part)
            found.extend(Chunk.model_validate_json(r[0]) for r in rows)
        return found

    def all(self) -> list[Chunk]:
        return [Chunk.model_validate_json(r[0]) for r in self._rows("SELECT record FROM staged ORDER BY seq")]

    def ids(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT id FROM staged")}

    def ids_for_source(self, source_path: str) -> set[str]:
        return {r[0] for r in self._rows("SELECT id FROM staged WHERE source_path = ?", [source_path])}

    def count(self) -> int:
        rows = self._rows("SELECT count(*) FROM staged")
        return int(rows[0][0]) if rows else 0
