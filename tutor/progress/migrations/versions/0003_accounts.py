"""Class mode: accounts (argon2id password hashes, roles, lockout) and the sign-in log.

Revision ID: 0003_accounts
Revises: 0002_class_tables
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_accounts"
down_revision = "0002_class_tables"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("name_key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, unique=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("class_name", sa.Text),
        sa.Column("password_hash", sa.Text),
        sa.Column("must_change_password", sa.Integer, nullable=False),
        sa.Column("disabled", sa.Integer, nullable=False),
        sa.Column("failed_count", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("last_sign_in", sa.Text),
    )
    op.create_table(
        "sign_in_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("sign_in_events_by_name", "sign_in_events", ["name_key", "id"])


def downgrade() -> None:
    op.drop_table("sign_in_events")
    op.drop_table("accounts")
