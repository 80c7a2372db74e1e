"""The hand-written SQLite migrations of the progress store before Alembic, kept for tests.

Until the store moved to SQLAlchemy + Alembic, ``tutor/progress/migrations.py`` held this
list and the store applied each entry in a ``BEGIN IMMEDIATE`` transaction, recording its
name in a ``migrations`` table. Databases made that way exist on learners' machines; the
tests build them with ``create_legacy_database`` (same SQL, same bookkeeping) to prove the
Alembic baseline recognises them. ``tests/fixtures/progress-legacy.sqlite3`` was written by
that store itself (commit e4dd1c1) with answers, schedules and chat of three learners.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_learners_items_attempts",
        """
        CREATE TABLE learners (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        CREATE TABLE items (
            id TEXT PRIMARY KEY,
            module INTEGER NOT NULL,
            objective TEXT NOT NULL,
            origin TEXT NOT NULL,
            item_json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            learner TEXT NOT NULL REFERENCES learners(name),
            quiz_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            module INTEGER NOT NULL,
            objective TEXT NOT NULL,
            item_type TEXT NOT NULL,
            origin TEXT NOT NULL,
            response_json TEXT NOT NULL,
            correct INTEGER NOT NULL,
            score REAL NOT NULL,
            grader TEXT,
            rating INTEGER,
            answered_at TEXT NOT NULL,
            UNIQUE (learner, quiz_id, item_id)
        );
        CREATE INDEX attempts_by_learner_module ON attempts (learner, module, id);
        """,
    ),
    (
        "m002_item_state",
        """
        CREATE TABLE item_state (
            learner TEXT NOT NULL REFERENCES learners(name),
            item_id TEXT NOT NULL,
            module INTEGER NOT NULL,
            objective TEXT NOT NULL,
            card_json TEXT NOT NULL,
            due TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            last_score REAL NOT NULL,
            last_correct INTEGER NOT NULL,
            last_answered TEXT NOT NULL,
            PRIMARY KEY (learner, item_id)
        );
        CREATE INDEX item_state_by_due ON item_state (learner, due);
        """,
    ),
    (
        "m003_chat",
        """
        CREATE TABLE chat_turns (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            learner TEXT NOT NULL REFERENCES learners(name),
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            meta_json TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX chat_turns_by_learner ON chat_turns (learner, id);
        CREATE TABLE chat_questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            learner TEXT NOT NULL REFERENCES learners(name),
            module INTEGER,
            asked_at TEXT NOT NULL
        );
        CREATE INDEX chat_questions_by_learner ON chat_questions (learner, module);
        """,
    ),
]


def create_legacy_database(path: Path, upto: int | None = None) -> None:
    """Apply the first ``upto`` legacy migrations (all by default) the way the old store did."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for name, sql in MIGRATIONS[:upto]:
            con.execute("BEGIN IMMEDIATE")
            for statement in (s.strip() for s in sql.split(";")):
                if statement:
                    con.execute(statement)
            con.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (name, "2026-05-01T00:00:00.000000+00:00"),
            )
            con.execute("COMMIT")
    finally:
        con.close()
