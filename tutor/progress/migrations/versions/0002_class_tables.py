"""Class mode: answer times, saved quizzes, flashcard schedules, item review queue.

Revision ID: 0002_class_tables
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_class_tables"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: answers recorded before this column existed have no time.
    op.add_column("attempts", sa.Column("elapsed_ms", sa.Integer, nullable=True))
    op.create_table(
        "quiz_sessions",
        sa.Column("learner", sa.Text, sa.ForeignKey("learners.name"), primary_key=True),
        sa.Column("payload_json", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "card_states",
        sa.Column("learner", sa.Text, sa.ForeignKey("learners.name"), primary_key=True),
        sa.Column("card_id", sa.Text, primary_key=True),
        sa.Column("card_json", sa.Text, nullable=False),
        sa.Column("due", sa.Text, nullable=False),
        sa.Column("last_rating", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("card_states_by_due", "card_states", ["learner", "due"])
    op.create_table(
        "card_reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner", sa.Text, sa.ForeignKey("learners.name"), nullable=False),
        sa.Column("card_id", sa.Text, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("reviewed_at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("card_reviews_by_learner", "card_reviews", ["learner", "card_id", "id"])
    op.create_table(
        "item_reviews",
        sa.Column("item_id", sa.Text, primary_key=True),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("item_json", sa.Text, nullable=False),
        sa.Column("validation_json", sa.Text),
        sa.Column("reviewer", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_index("item_reviews_by_status", "item_reviews", ["status", "item_id"])


def downgrade() -> None:
    for table in ("item_reviews", "card_reviews", "card_states", "quiz_sessions"):
        op.drop_table(table)
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("elapsed_ms")
