"""Fold learner names: NFKC, case-folded, spaces collapsed ("Maria" and "maria" are one learner).

Learner names are keys since tutor/progress/names.py folds them; rows written before keep the
name as typed. Every row moves to the folded name. When two names fold together they are one
person typed two ways, so their rows MERGE, and nothing is dropped:

- answers, chat, chat questions, flashcard reviews: moved (an answer whose quiz and item the
  other spelling also has keeps its own row, its quiz id suffixed with ``~`` and the old name);
- an item's review schedule: one state, attempts and correct answers added up, the card and
  last result of the most recent answer;
- a saved quiz or a flashcard's state: the most recent one;
- the learner row: the earliest creation time.

The folding is copied here, not imported, so this revision keeps meaning what it meant.

Revision ID: 0004_fold_learner_names
Revises: 0003_accounts
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004_fold_learner_names"
down_revision = "0003_accounts"
branch_labels = None
depends_on = None

MOVED = ("chat_turns", "chat_questions", "card_reviews")


def fold(name: str) -> str:
    cleaned = unicodedata.normalize("NFKC", re.sub(r"\s+", " ", name).strip()).casefold()
    return unicodedata.normalize("NFKC", cleaned)


def _one(c: sa.Connection, sql: str, **params: Any) -> Any:
    return c.execute(sa.text(sql), params).first()


def _merge_learner(c: sa.Connection, old: str, new: str) -> None:
    created = _one(c, "SELECT created_at FROM learners WHERE name = :n", n=old)[0]
    existing = _one(c, "SELECT created_at FROM learners WHERE name = :n", n=new)
    if existing is None:
        c.execute(
            sa.text("INSERT INTO learners (name, created_at) VALUES (:n, :t)"), {"n": new, "t": created}
        )
    elif created < existing[0]:
        c.execute(sa.text("UPDATE learners SET created_at = :t WHERE name = :n"), {"n": new, "t": created})

    for row in c.execute(
        sa.text("SELECT id, quiz_id, item_id FROM attempts WHERE learner = :o"), {"o": old}
    ).fetchall():
        quiz_id = row.quiz_id
        if _one(
            c,
            "SELECT 1 FROM attempts WHERE learner = :n AND quiz_id = :q AND item_id = :i",
            n=new,
            q=quiz_id,
            i=row.item_id,
        ):
            quiz_id = f"{quiz_id}~{old}"  # both spellings answered it: keep both answers
        c.execute(
            sa.text("UPDATE attempts SET learner = :n, quiz_id = :q WHERE id = :id"),
            {"n": new, "q": quiz_id, "id": row.id},
        )

    for table in MOVED:
        c.execute(sa.text(f"UPDATE {table} SET learner = :n WHERE learner = :o"), {"n": new, "o": old})

    for row in c.execute(sa.text("SELECT * FROM item_state WHERE learner = :o"), {"o": old}).fetchall():
        other = _one(c, "SELECT * FROM item_state WHERE learner = :n AND item_id = :i", n=new, i=row.item_id)
        if other is None:
            c.execute(
                sa.text("UPDATE item_state SET learner = :n WHERE learner = :o AND item_id = :i"),
                {"n": new, "o": old, "i": row.item_id},
            )
            continue
        latest = row if row.last_answered > other.last_answered else other
        c.execute(
            sa.text(
                "UPDATE item_state SET module = :module, objective = :objective, card_json = :card_json, "
                "due = :due, attempts = :attempts, correct = :correct, last_score = :last_score, "
                "last_correct = :last_correct, last_answered = :last_answered "
                "WHERE learner = :n AND item_id = :i"
            ),
            {
                "module": latest.module,
                "objective": latest.objective,
                "card_json": latest.card_json,
                "due": latest.due,
                "attempts": row.attempts + other.attempts,
                "correct": row.correct + other.correct,
                "last_score": latest.last_score,
                "last_correct": latest.last_correct,
                "last_answered": latest.last_answered,
                "n": new,
                "i": row.item_id,
            },
        )
        c.execute(
            sa.text("DELETE FROM item_state WHERE learner = :o AND item_id = :i"),
            {"o": old, "i": row.item_id},
        )

    # One saved quiz per learner and one state per flashcard: the most recent one stays.
    for table, key in (("quiz_sessions", ()), ("card_states", ("card_id",))):
        cols = ", ".join(("updated_at", *key))
        for row in c.execute(
            sa.text(f"SELECT {cols} FROM {table} WHERE learner = :o"), {"o": old}
        ).fetchall():
            match = " AND ".join(f"{k} = :{k}" for k in key)
            where = f"learner = :who{' AND ' + match if match else ''}"
            keys = {k: getattr(row, k) for k in key}
            other = _one(c, f"SELECT updated_at FROM {table} WHERE {where}", who=new, **keys)
            if other is not None and other.updated_at >= row.updated_at:
                c.execute(sa.text(f"DELETE FROM {table} WHERE {where}"), {"who": old, **keys})
                continue
            if other is not None:
                c.execute(sa.text(f"DELETE FROM {table} WHERE {where}"), {"who": new, **keys})
            c.execute(
                sa.text(f"UPDATE {table} SET learner = :n WHERE {where}"), {"n": new, "who": old, **keys}
            )

    c.execute(sa.text("DELETE FROM learners WHERE name = :o"), {"o": old})


def upgrade() -> None:
    c = op.get_bind()
    for (name,) in c.execute(sa.text("SELECT name FROM learners ORDER BY name")).fetchall():
        if fold(name) != name:
            _merge_learner(c, name, fold(name))
    for row in c.execute(sa.text("SELECT name_key, name FROM accounts")).fetchall():
        if fold(row.name) != row.name:
            c.execute(
                sa.text("UPDATE accounts SET name = :n WHERE name_key = :k"),
                {"n": fold(row.name), "k": row.name_key},
            )


def downgrade() -> None:
    """Nothing to undo: the folded names are valid names of the old schema too."""
