"""Baseline: the schema the hand-written SQLite migrations m001-m003 built.

A database made by that code is stamped with this revision instead of running it (see
``upgrade_schema``); every table is also created only when missing, so a database that
had only some of the old migrations gets the rest here without losing a row.

Revision ID: 0001_baseline
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def _learner() -> sa.Column:
    return sa.Column("learner", sa.Text, sa.ForeignKey("learners.name"), nullable=False)


def upgrade() -> None:
    if _missing("learners"):
        op.create_table(
            "learners",
            sa.Column("name", sa.Text, primary_key=True),
            sa.Column("created_at", sa.Text, nullable=False),
        )
    if _missing("items"):
        op.create_table(
            "items",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("module", sa.Integer, nullable=False),
            sa.Column("objective", sa.Text, nullable=False),
            sa.Column("origin", sa.Text, nullable=False),
            sa.Column("item_json", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
        )
    if _missing("attempts"):
        op.create_table(
            "attempts",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            _learner(),
            sa.Column("quiz_id", sa.Text, nullable=False),
            sa.Column("item_id", sa.Text, nullable=False),
            sa.Column("module", sa.Integer, nullable=False),
            sa.Column("objective", sa.Text, nullable=False),
            sa.Column("item_type", sa.Text, nullable=False),
            sa.Column("origin", sa.Text, nullable=False),
            sa.Column("response_json", sa.Text, nullable=False),
            sa.Column("correct", sa.Integer, nullable=False),
            sa.Column("score", sa.Float, nullable=False),
            sa.Column("grader", sa.Text),
            sa.Column("rating", sa.Integer),
            sa.Column("answered_at", sa.Text, nullable=False),
            sa.UniqueConstraint("learner", "quiz_id", "item_id"),
            sqlite_autoincrement=True,
        )
        op.create_index("attempts_by_learner_module", "attempts", ["learner", "module", "id"])
    if _missing("item_state"):
        op.create_table(
            "item_state",
            sa.Column("learner", sa.Text, sa.ForeignKey("learners.name"), primary_key=True),
            sa.Column("item_id", sa.Text, primary_key=True),
            sa.Column("module", sa.Integer, nullable=False),
            sa.Column("objective", sa.Text, nullable=False),
            sa.Column("card_json", sa.Text, nullable=False),
            sa.Column("due", sa.Text, nullable=False),
            sa.Column("attempts", sa.Integer, nullable=False),
            sa.Column("correct", sa.Integer, nullable=False),
            sa.Column("last_score", sa.Float, nullable=False),
            sa.Column("last_correct", sa.Integer, nullable=False),
            sa.Column("last_answered", sa.Text, nullable=False),
        )
        op.create_index("item_state_by_due", "item_state", ["learner", "due"])
    if _missing("chat_turns"):
        op.create_table(
            "chat_turns",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            _learner(),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("meta_json", sa.Text),
            sa.Column("created_at", sa.Text, nullable=False),
            sqlite_autoincrement=True,
        )
        op.create_index("chat_turns_by_learner", "chat_turns", ["learner", "id"])
    if _missing("chat_questions"):
        op.create_table(
            "chat_questions",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            _learner(),
            sa.Column("module", sa.Integer),
            sa.Column("asked_at", sa.Text, nullable=False),
            sqlite_autoincrement=True,
        )
        op.create_index("chat_questions_by_learner", "chat_questions", ["learner", "module"])


def downgrade() -> None:
    for table in ("chat_questions", "chat_turns", "item_state", "attempts", "items", "learners"):
        op.drop_table(table)
