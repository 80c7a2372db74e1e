"""SQLite implementation of the progress store.

Durability choices, because "nothing is lost" is the requirement:

- WAL journal: readers never block the writer, and a process killed mid-write leaves the
  last committed state intact (the uncommitted tail of the WAL is ignored on recovery).
- ``synchronous=FULL``: a commit is on disk before ``record_attempt`` returns, so an
  acknowledged answer survives even a power cut, not only a killed process.
- Every write is one ``BEGIN IMMEDIATE`` transaction: the write lock is taken up front, so
  two processes never both read an item's card and then overwrite each other's update;
  the loser waits (busy timeout) instead of failing with "database is locked" mid-way.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tutor.course.items import QuizItem
from tutor.exceptions import ProgressStoreError
from tutor.progress.migrations import MIGRATIONS
from tutor.progress.records import AttemptRecord, ChatMessage, ItemState, utc_now
from tutor.progress.store import Schedule

BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another process's transaction before giving up."""


def to_db_time(value: datetime) -> str:
    """UTC ISO text with a fixed width, so string order is time order in SQL."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class SQLiteProgressStore:
    """A ProgressStore in one SQLite file. One connection per instance, guarded by a lock so
    the Streamlit app can share an instance between sessions (threads)."""

    def __init__(self, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; we issue BEGIN IMMEDIATE ourselves.
            self._conn = sqlite3.connect(
                str(self.path), timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise ProgressStoreError(
                    f"The progress database {self.path} could not switch to WAL mode (got {mode}).",
                    "Put the data directory on a local disk (WAL does not work on network shares).",
                )
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise self._error("open", e) from e

    # --- plumbing ---------------------------------------------------------------------------
    def _error(self, action: str, e: Exception) -> ProgressStoreError:
        text = str(e).lower()
        if "locked" in text or "busy" in text:
            hint = "Another tutor process is holding the progress database; try again in a moment."
        elif "malformed" in text or "not a database" in text:
            hint = f"The file {self.path} is damaged; move it aside to start a new progress record."
        else:
            hint = f"Check that {self.path.parent} exists, is writable and has free space."
        return ProgressStoreError(f"Could not {action} the progress database {self.path}: {e}", hint)

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: committed on success, rolled back on any error."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as e:
                raise self._error(action, e) from e
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as e:
                try:
                    self._conn.execute("ROLLBACK")
                except sqlite3.DatabaseError:
                    pass
                if isinstance(e, sqlite3.DatabaseError):
                    raise self._error(action, e) from e
                raise

    @contextmanager
    def _read(self, action: str) -> Iterator[sqlite3.Connection]:
        """A read transaction: several SELECTs see one consistent snapshot."""
        with self._lock:
            try:
                self._conn.execute("BEGIN")
                try:
                    yield self._conn
                finally:
                    self._conn.execute("COMMIT")
            except sqlite3.DatabaseError as e:
                raise self._error(action, e) from e

    def _migrate(self) -> None:
        with self._write("migrate") as c:
            c.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        for name, sql in MIGRATIONS:
            with self._write(f"apply migration {name} to") as c:
                # Checked inside the write transaction: another process may have just applied it.
                if c.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue
                # One statement at a time: executescript would commit our transaction first.
                for statement in (s.strip() for s in sql.split(";")):
                    if statement:
                        c.execute(statement)
                c.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, to_db_time(utc_now()))
                )

    @staticmethod
    def _ensure_learner(c: sqlite3.Connection, learner: str) -> None:
        c.execute(
            "INSERT OR IGNORE INTO learners (name, created_at) VALUES (?, ?)",
            (learner, to_db_time(utc_now())),
        )

    # --- learners and items -----------------------------------------------------------------
    def ensure_learner(self, learner: str) -> None:
        with self._write("add a learner to") as c:
            self._ensure_learner(c, learner)

    def list_learners(self) -> list[str]:
        with self._read("list learners in") as c:
            return [r["name"] for r in c.execute("SELECT name FROM learners ORDER BY name COLLATE NOCASE")]

    @staticmethod
    def _save_item(c: sqlite3.Connection, item: QuizItem) -> None:
        c.execute(
            "INSERT INTO items (id, module, objective, origin, item_json, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET module = excluded.module, objective = excluded.objective, "
            "origin = excluded.origin, item_json = excluded.item_json, updated_at = excluded.updated_at",
            (
                item.id,
                item.module,
                item.objective,
                item.origin,
                item.model_dump_json(),
                to_db_time(utc_now()),
            ),
        )

    def save_items(self, items: list[QuizItem]) -> None:
        if not items:
            return
        with self._write("save items to") as c:
            for item in items:
                self._save_item(c, item)

    def get_items(self, ids: list[str]) -> dict[str, QuizItem]:
        out: dict[str, QuizItem] = {}
        with self._read("read items from") as c:
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                marks = ",".join("?" * len(part))
                for r in c.execute(f"SELECT id, item_json FROM items WHERE id IN ({marks})", part):
                    try:
                        out[r["id"]] = QuizItem.model_validate_json(r["item_json"])
                    except ValueError:
                        continue  # an item saved by an older schema that no longer validates
        return out

    # --- answers and scheduling -------------------------------------------------------------
    def record_attempt(self, attempt: AttemptRecord, item: QuizItem, schedule: Schedule) -> bool:
        with self._write("record an answer in") as c:
            self._ensure_learner(c, attempt.learner)
            cur = c.execute(
                "INSERT OR IGNORE INTO attempts (learner, quiz_id, item_id, module, objective, item_type, "
                "origin, response_json, correct, score, grader, rating, answered_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt.learner,
                    attempt.quiz_id,
                    attempt.item_id,
                    attempt.module,
                    attempt.objective,
                    attempt.item_type,
                    attempt.origin,
                    json.dumps(attempt.response),
                    int(attempt.correct),
                    attempt.score,
                    attempt.grader,
                    attempt.rating,
                    to_db_time(attempt.answered_at),
                ),
            )
            if cur.rowcount == 0:
                return False  # already answered in this quiz: keep the first answer only
            attempt_id = cur.lastrowid
            self._save_item(c, item)
            row = c.execute(
                "SELECT card_json, attempts, correct FROM item_state WHERE learner = ? AND item_id = ?",
                (attempt.learner, attempt.item_id),
            ).fetchone()
            card_json, due, rating = schedule(row["card_json"] if row else None)
            c.execute("UPDATE attempts SET rating = ? WHERE id = ?", (rating, attempt_id))
            c.execute(
                "INSERT INTO item_state (learner, item_id, module, objective, card_json, due, attempts, correct, "
                "last_score, last_correct, last_answered) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) "
                "ON CONFLICT (learner, item_id) DO UPDATE SET module = excluded.module, "
                "objective = excluded.objective, card_json = excluded.card_json, due = excluded.due, "
                "attempts = item_state.attempts + 1, correct = item_state.correct + excluded.correct, "
                "last_score = excluded.last_score, last_correct = excluded.last_correct, "
                "last_answered = excluded.last_answered",
                (
                    attempt.learner,
                    attempt.item_id,
                    attempt.module,
                    attempt.objective,
                    card_json,
                    to_db_time(due),
                    int(attempt.correct),
                    attempt.score,
                    int(attempt.correct),
                    to_db_time(attempt.answered_at),
                ),
            )
            return True

    @staticmethod
    def _attempt(r: sqlite3.Row) -> AttemptRecord:
        return AttemptRecord(
            id=r["id"],
            learner=r["learner"],
            quiz_id=r["quiz_id"],
            item_id=r["item_id"],
            module=r["module"],
            objective=r["objective"],
            item_type=r["item_type"],
            origin=r["origin"],
            response=json.loads(r["response_json"]),
            correct=bool(r["correct"]),
            score=r["score"],
            grader=r["grader"],
            rating=r["rating"],
            answered_at=from_db_time(r["answered_at"]),
        )

    def _learner_rows(
        self,
        table: str,
        learner: str,
        module: int | None,
        order: str,
        what: str,
        where: str = "",
        args: tuple[object, ...] = (),
    ) -> list[sqlite3.Row]:
        """Rows of one learner (optionally one module) from ``table``; names are ours, not input."""
        sql = f"SELECT * FROM {table} WHERE learner = ?{where}"
        params: list[object] = [learner, *args]
        if module is not None:
            sql += " AND module = ?"
            params.append(module)
        with self._read(what) as c:
            return list(c.execute(f"{sql} ORDER BY {order}", params))

    def attempts(self, learner: str, module: int | None = None) -> list[AttemptRecord]:
        rows = self._learner_rows("attempts", learner, module, "id", "read answers from")
        return [self._attempt(r) for r in rows]

    @staticmethod
    def _state(r: sqlite3.Row) -> ItemState:
        return ItemState(
            learner=r["learner"],
            item_id=r["item_id"],
            module=r["module"],
            objective=r["objective"],
            card_json=r["card_json"],
            due=from_db_time(r["due"]),
            attempts=r["attempts"],
            correct=r["correct"],
            last_score=r["last_score"],
            last_correct=bool(r["last_correct"]),
            last_answered=from_db_time(r["last_answered"]),
        )

    def item_states(self, learner: str, module: int | None = None) -> list[ItemState]:
        rows = self._learner_rows(
            "item_state", learner, module, "last_answered", "read review schedules from"
        )
        return [self._state(r) for r in rows]

    def due_states(self, learner: str, now: datetime, module: int | None = None) -> list[ItemState]:
        rows = self._learner_rows(
            "item_state", learner, module, "due", "read due reviews from", " AND due <= ?", (to_db_time(now),)
        )
        return [self._state(r) for r in rows]

    # --- chat -------------------------------------------------------------------------------
    def save_chat_turn(self, learner: str, role: str, content: str, meta_json: str | None = None) -> int:
        with self._write("save a chat message in") as c:
            self._ensure_learner(c, learner)
            cur = c.execute(
                "INSERT INTO chat_turns (learner, role, content, meta_json, created_at) VALUES (?, ?, ?, ?, ?)",
                (learner, role, content, meta_json, to_db_time(utc_now())),
            )
            return int(cur.lastrowid or 0)

    def load_chat(self, learner: str, limit: int = 50) -> list[ChatMessage]:
        with self._read("read chat history from") as c:
            rows = c.execute(
                "SELECT * FROM chat_turns WHERE learner = ? ORDER BY id DESC LIMIT ?",
                (learner, max(0, limit)),
            ).fetchall()
        return [
            ChatMessage(
                id=r["id"],
                learner=r["learner"],
                role=r["role"],
                content=r["content"],
                meta_json=r["meta_json"],
                created_at=from_db_time(r["created_at"]),
            )
            for r in reversed(rows)
        ]

    def clear_chat(self, learner: str) -> int:
        with self._write("clear chat history in") as c:
            return c.execute("DELETE FROM chat_turns WHERE learner = ?", (learner,)).rowcount

    def record_chat_question(self, learner: str, module: int | None) -> None:
        with self._write("count a chat question in") as c:
            self._ensure_learner(c, learner)
            c.execute(
                "INSERT INTO chat_questions (learner, module, asked_at) VALUES (?, ?, ?)",
                (learner, module, to_db_time(utc_now())),
            )

    def chat_question_counts(self, learner: str) -> dict[int | None, int]:
        with self._read("count chat questions in") as c:
            rows = c.execute(
                "SELECT module, COUNT(*) AS n FROM chat_questions WHERE learner = ? GROUP BY module",
                (learner,),
            )
            return {r["module"]: r["n"] for r in rows}

    # --- housekeeping -----------------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        with self._read("read migrations of") as c:
            return [r["name"] for r in c.execute("SELECT name FROM migrations ORDER BY name")]

    def integrity_check(self) -> str:
        with self._read("check") as c:
            return str(c.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SQLiteProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
