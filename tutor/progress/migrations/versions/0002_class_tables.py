"""Class mode: answer times, saved quizzes, flashcard schedules, item review queue.

Revision ID: 0002_class_tables
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tutor.progress.migrations.columns import (
    create_learner_log,
    learner_key,
    optional_texts,
    required,
    schedule,
    texts,
)

revision = "0002_class_tables"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: answers recorded before this column existed have no time.
    op.add_column("attempts", sa.Column("elapsed_ms", sa.Integer, nullable=True))
    op.create_table("quiz_sessions", learner_key(), required("payload_json"), required("updated_at"))
    op.create_table(
        "card_states",
        learner_key(),
        sa.Column("card_id", sa.Text, primary_key=True),
        *schedule(),
        required("last_rating", sa.Integer),
        required("updated_at"),
    )
    op.create_index("card_states_by_due", "card_states", ["learner", "due"])
    create_learner_log(
        "card_reviews",
        required("card_id"),
        required("rating", sa.Integer),
        required("reviewed_at"),
    )
    op.create_index("card_reviews_by_learner", "card_reviews", ["learner", "card_id", "id"])
    op.create_table(
        "item_reviews",
        sa.Column("item_id", sa.Text, primary_key=True),
        *texts("status", "item_json"),
        *optional_texts("validation_json", "reviewer", "note"),
        required("updated_at"),
    )
    op.create_index("item_reviews_by_status", "item_reviews", ["status", "item_id"])


def downgrade() -> None:
    for table in ("item_reviews", "card_reviews", "card_states", "quiz_sessions"):
        op.drop_table(table)
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("elapsed_ms")
