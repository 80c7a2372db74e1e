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

from tutor.progress.migrations.columns import (
    create_learner_log,
    learner_key,
    placement,
    required,
    schedule,
    texts,
)

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _missing("learners"):
        op.create_table("learners", sa.Column("name", sa.Text, primary_key=True), required("created_at"))
    if _missing("items"):
        op.create_table(
            "items",
            sa.Column("id", sa.Text, primary_key=True),
            *placement(),
            *texts("origin", "item_json", "updated_at"),
        )
    if _missing("attempts"):
        create_learner_log(
            "attempts",
            *texts("quiz_id", "item_id"),
            *placement(),
            *texts("item_type", "origin", "response_json"),
            required("correct", sa.Integer),
            required("score", sa.Float),
            sa.Column("grader", sa.Text),
            sa.Column("rating", sa.Integer),
            required("answered_at"),
            sa.UniqueConstraint("learner", "quiz_id", "item_id"),
        )
        op.create_index("attempts_by_learner_module", "attempts", ["learner", "module", "id"])
    if _missing("item_state"):
        op.create_table(
            "item_state",
            learner_key(),
            sa.Column("item_id", sa.Text, primary_key=True),
            *placement(),
            *schedule(),
            *(required(n, sa.Integer) for n in ("attempts", "correct")),
            required("last_score", sa.Float),
            required("last_correct", sa.Integer),
            required("last_answered"),
        )
        op.create_index("item_state_by_due", "item_state", ["learner", "due"])
    if _missing("chat_turns"):
        create_learner_log(
            "chat_turns",
            *texts("role", "content"),
            sa.Column("meta_json", sa.Text),
            required("created_at"),
        )
        op.create_index("chat_turns_by_learner", "chat_turns", ["learner", "id"])
    if _missing("chat_questions"):
        create_learner_log(
            "chat_questions",
            sa.Column("module", sa.Integer),
            required("asked_at"),
        )
        op.create_index("chat_questions_by_learner", "chat_questions", ["learner", "module"])


def downgrade() -> None:
    for table in ("chat_questions", "chat_turns", "item_state", "attempts", "items", "learners"):
        op.drop_table(table)
