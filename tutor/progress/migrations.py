"""Named schema migrations for the SQLite progress store.

Like simonw/llm: a ``migrations`` table lists the names already applied; each new change is
a new named entry appended here, never an edit to an old one. Each runs in its own
``BEGIN IMMEDIATE`` transaction together with the row that records it, so a crash leaves
either the old schema or the new one and two processes starting at once apply it once.
"""

from __future__ import annotations

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
