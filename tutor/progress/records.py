"""Pydantic records the progress store reads and writes: the contract between store and callers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from tutor.models import ChatTurn


def utc_now() -> datetime:
    return datetime.now(UTC)


class AttemptRecord(BaseModel):
    """One answer to one item, as graded."""

    id: int | None = Field(default=None, description="Row id; set by the store.")
    learner: str
    quiz_id: str
    item_id: str
    module: int
    objective: str
    item_type: str
    origin: str = "bank"
    response: Any = Field(description="The learner's response, in the item type's response shape.")
    correct: bool
    score: float = Field(ge=0, le=1)
    grader: str | None = Field(default=None, description="How it was graded: exact, partial, semantic, llm…")
    rating: int | None = Field(default=None, description="FSRS rating given to the item (1-4).")
    answered_at: datetime = Field(default_factory=utc_now)


class ItemState(BaseModel):
    """What the store knows about one learner and one item: its FSRS card and its record."""

    learner: str
    item_id: str
    module: int
    objective: str
    card_json: str
    due: datetime
    attempts: int
    correct: int
    last_score: float
    last_correct: bool
    last_answered: datetime


class ChatMessage(BaseModel):
    """One stored message of a learner's chat with the tutor."""

    id: int
    learner: str
    role: Literal["user", "assistant", "system"] | str
    content: str
    meta_json: str | None = None
    created_at: datetime

    def turn(self) -> ChatTurn:
        """The message as the answer chain reads a conversation (role and text only)."""
        role: Literal["user", "assistant"] = "user" if self.role == "user" else "assistant"
        return ChatTurn(role=role, content=self.content)
