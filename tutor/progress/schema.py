"""The progress database's tables as SQLAlchemy Core objects, for the store's queries.

This is the schema at the newest migration; the migrations under ``migrations/versions``
create it step by step and are the only thing that changes a database. Times are stored as
fixed-width UTC ISO text (what the first SQLite store wrote), so string order is time order
on every engine and old rows need no conversion.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator


def to_db_time(value: datetime) -> str:
    """UTC ISO text with a fixed width, so string order is time order in SQL."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class UtcTime(TypeDecorator[datetime]):
    """A timezone-aware datetime kept as fixed-width UTC ISO text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> str | None:
        return None if value is None else to_db_time(value)

    def process_result_value(self, value: str | None, dialect: object) -> datetime | None:
        return None if value is None else from_db_time(value)


metadata = MetaData()


def _learner() -> Column[str]:
    return Column("learner", Text, ForeignKey("learners.name"), nullable=False)


learners = Table(
    "learners",
    metadata,
    Column("name", Text, primary_key=True),
    Column("created_at", UtcTime, nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("id", Text, primary_key=True),
    Column("module", Integer, nullable=False),
    Column("objective", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("item_json", Text, nullable=False),
    Column("updated_at", UtcTime, nullable=False),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _learner(),
    Column("quiz_id", Text, nullable=False),
    Column("item_id", Text, nullable=False),
    Column("module", Integer, nullable=False),
    Column("objective", Text, nullable=False),
    Column("item_type", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("response_json", Text, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("grader", Text),
    Column("rating", Integer),
    Column("answered_at", UtcTime, nullable=False),
    Column("elapsed_ms", Integer),
    UniqueConstraint("learner", "quiz_id", "item_id"),
    Index("attempts_by_learner_module", "learner", "module", "id"),
    sqlite_autoincrement=True,
)

item_state = Table(
    "item_state",
    metadata,
    Column("learner", Text, ForeignKey("learners.name"), primary_key=True),
    Column("item_id", Text, primary_key=True),
    Column("module", Integer, nullable=False),
    Column("objective", Text, nullable=False),
    Column("card_json", Text, nullable=False),
    Column("due", UtcTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("correct", Integer, nullable=False),
    Column("last_score", Float, nullable=False),
    Column("last_correct", Integer, nullable=False),
    Column("last_answered", UtcTime, nullable=False),
    Index("item_state_by_due", "learner", "due"),
)

chat_turns = Table(
    "chat_turns",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _learner(),
    Column("role", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("meta_json", Text),
    Column("created_at", UtcTime, nullable=False),
    Index("chat_turns_by_learner", "learner", "id"),
    sqlite_autoincrement=True,
)

chat_questions = Table(
    "chat_questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _learner(),
    Column("module", Integer),
    Column("asked_at", UtcTime, nullable=False),
    Index("chat_questions_by_learner", "learner", "module"),
    sqlite_autoincrement=True,
)

# --- added for class mode (migration 0002) ------------------------------------------------------
quiz_sessions = Table(
    "quiz_sessions",
    metadata,
    Column("learner", Text, ForeignKey("learners.name"), primary_key=True),
    Column("payload_json", Text, nullable=False),
    Column("updated_at", UtcTime, nullable=False),
)

card_states = Table(
    "card_states",
    metadata,
    Column("learner", Text, ForeignKey("learners.name"), primary_key=True),
    Column("card_id", Text, primary_key=True),
    Column("card_json", Text, nullable=False),
    Column("due", UtcTime, nullable=False),
    Column("last_rating", Integer, nullable=False),
    Column("updated_at", UtcTime, nullable=False),
    Index("card_states_by_due", "learner", "due"),
)

card_reviews = Table(
    "card_reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _learner(),
    Column("card_id", Text, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("reviewed_at", UtcTime, nullable=False),
    Index("card_reviews_by_learner", "learner", "card_id", "id"),
    sqlite_autoincrement=True,
)

item_reviews = Table(
    "item_reviews",
    metadata,
    Column("item_id", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("item_json", Text, nullable=False),
    Column("validation_json", Text),
    Column("reviewer", Text),
    Column("note", Text),
    Column("updated_at", UtcTime, nullable=False),
    Index("item_reviews_by_status", "status", "item_id"),
)
