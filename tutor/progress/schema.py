"""The progress database's tables as SQLAlchemy Core objects, for the store's queries.

This is the schema at the newest migration; the migrations under ``migrations/versions``
create it step by step and are the only thing that changes a database. Times are stored as
fixed-width UTC ISO text (what the first SQLite store wrote), so string order is time order
on every engine and old rows need no conversion.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

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


def _required(name: str, type_: Any = Text) -> Column[Any]:
    return Column(name, type_, nullable=False)


def _texts(*names: str) -> list[Column[Any]]:
    """Required text columns, in this order."""
    return [_required(n) for n in names]


def _learner_key() -> Column[str]:
    """The learner as (part of) the primary key: one row per learner (and item or card)."""
    return Column("learner", Text, ForeignKey("learners.name"), primary_key=True)


def _learner_log(name: str, *columns: Any) -> Table:
    """A per-learner event log: an autoincrement id, the learner, then ``columns``."""
    learner = Column("learner", Text, ForeignKey("learners.name"), nullable=False)
    id_ = Column("id", Integer, primary_key=True, autoincrement=True)
    return Table(name, metadata, id_, learner, *columns, sqlite_autoincrement=True)


def _schedule_table(name: str, key: str, *columns: Any) -> Table:
    """One FSRS schedule per learner and ``key`` (an item or a card), indexed by due time."""
    keys = (_learner_key(), Column(key, Text, primary_key=True))
    return Table(name, metadata, *keys, *columns, Index(f"{name}_by_due", "learner", "due"))


def _placement() -> list[Column[Any]]:
    """Where an item sits in the course: its module and learning objective."""
    return [_required("module", Integer), _required("objective")]


def _schedule() -> list[Column[Any]]:
    """An FSRS card (JSON) and when it is next due."""
    return [_required("card_json"), _required("due", UtcTime)]


learners = Table(
    "learners", metadata, Column("name", Text, primary_key=True), _required("created_at", UtcTime)
)

items = Table(
    "items",
    metadata,
    Column("id", Text, primary_key=True),
    *_placement(),
    *_texts("origin", "item_json"),
    _required("updated_at", UtcTime),
)

attempts = _learner_log(
    "attempts",
    *_texts("quiz_id", "item_id"),
    *_placement(),
    *_texts("item_type", "origin", "response_json"),
    _required("correct", Integer),
    _required("score", Float),
    Column("grader", Text),
    Column("rating", Integer),
    _required("answered_at", UtcTime),
    Column("elapsed_ms", Integer),
    UniqueConstraint("learner", "quiz_id", "item_id"),
    Index("attempts_by_learner_module", "learner", "module", "id"),
)

item_state = _schedule_table(
    "item_state",
    "item_id",
    *_placement(),
    *_schedule(),
    _required("attempts", Integer),
    _required("correct", Integer),
    _required("last_score", Float),
    _required("last_correct", Integer),
    _required("last_answered", UtcTime),
)

chat_turns = _learner_log(
    "chat_turns",
    *_texts("role", "content"),
    Column("meta_json", Text),
    _required("created_at", UtcTime),
    Index("chat_turns_by_learner", "learner", "id"),
)

chat_questions = _learner_log(
    "chat_questions",
    Column("module", Integer),
    _required("asked_at", UtcTime),
    Index("chat_questions_by_learner", "learner", "module"),
)

# --- added for class mode (migration 0002) ------------------------------------------------------
quiz_sessions = Table(
    "quiz_sessions", metadata, _learner_key(), _required("payload_json"), _required("updated_at", UtcTime)
)

card_states = _schedule_table(
    "card_states",
    "card_id",
    *_schedule(),
    _required("last_rating", Integer),
    _required("updated_at", UtcTime),
)

card_reviews = _learner_log(
    "card_reviews",
    _required("card_id"),
    _required("rating", Integer),
    _required("reviewed_at", UtcTime),
    Index("card_reviews_by_learner", "learner", "card_id", "id"),
)

item_reviews = Table(
    "item_reviews",
    metadata,
    Column("item_id", Text, primary_key=True),
    *_texts("status", "item_json"),
    *(Column(n, Text) for n in ("validation_json", "reviewer", "note")),
    _required("updated_at", UtcTime),
    Index("item_reviews_by_status", "status", "item_id"),
)

# --- accounts and sign-ins for class mode (migration 0003) --------------------------------------
accounts = Table(
    "accounts",
    metadata,
    # casefold()ed name: "Maria" and "maria" are one account.
    Column("name_key", Text, primary_key=True),
    _required("name"),
    Column("email", Text, unique=True),
    _required("role"),
    Column("class_name", Text),
    Column("password_hash", Text),
    *(_required(n, Integer) for n in ("must_change_password", "disabled", "failed_count")),
    Column("locked_until", UtcTime),
    _required("created_at", UtcTime),
    Column("last_sign_in", UtcTime),
)

sign_in_events = Table(
    "sign_in_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_texts("name_key", "method", "outcome"),
    _required("at", UtcTime),
    Index("sign_in_events_by_name", "name_key", "id"),
    sqlite_autoincrement=True,
)
