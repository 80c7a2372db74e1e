"""Column factories shared by the revision files under ``versions/``.

Part of the frozen history: a revision's meaning must not change, so these only ever gain new
functions; an existing one is never edited. Every time here is plain text (the schema's
``UtcTime`` stores fixed-width UTC ISO text), and nothing here imports the live schema.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op


def required(name: str, type_: Any = sa.Text) -> sa.Column:
    return sa.Column(name, type_, nullable=False)


def texts(*names: str) -> list[sa.Column]:
    """Required text columns, in this order."""
    return [required(n) for n in names]


def optional_texts(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Text) for n in names]


def learner_key() -> sa.Column:
    """The learner as (part of) the primary key: one row per learner (and item or card)."""
    return sa.Column("learner", sa.Text, sa.ForeignKey("learners.name"), primary_key=True)


def learner() -> sa.Column:
    return sa.Column("learner", sa.Text, sa.ForeignKey("learners.name"), nullable=False)


def serial_id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def create_learner_log(name: str, *columns: Any) -> None:
    """A per-learner event log: an autoincrement id, the learner, then ``columns``."""
    op.create_table(name, serial_id(), learner(), *columns, sqlite_autoincrement=True)


def placement() -> list[sa.Column]:
    """Where an item sits in the course: its module and learning objective."""
    return [required("module", sa.Integer), required("objective")]


def schedule() -> list[sa.Column]:
    """An FSRS card (JSON) and when it is next due."""
    return [required("card_json"), required("due")]
