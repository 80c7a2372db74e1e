"""Class mode: accounts (argon2id password hashes, roles, lockout) and the sign-in log.

Revision ID: 0003_accounts
Revises: 0002_class_tables
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tutor.progress.migrations.columns import optional_texts, required, serial_id, texts

revision = "0003_accounts"
down_revision = "0002_class_tables"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name_key", sa.Text, primary_key=True),
        required("name"),
        sa.Column("email", sa.Text, unique=True),
        required("role"),
        *optional_texts("class_name", "password_hash"),
        *(required(n, sa.Integer) for n in ("must_change_password", "disabled", "failed_count")),
        sa.Column("locked_until", sa.Text),
        required("created_at"),
        sa.Column("last_sign_in", sa.Text),
    )
    op.create_table(
        "sign_in_events",
        serial_id(),
        *texts("name_key", "method", "outcome", "at"),
        sqlite_autoincrement=True,
    )
    op.create_index("sign_in_events_by_name", "sign_in_events", ["name_key", "id"])


def downgrade() -> None:
    op.drop_table("sign_in_events")
    op.drop_table("accounts")
