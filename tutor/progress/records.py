"""Pydantic records the progress store reads and writes: the contract between store and callers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from tutor.course.items import QuizItem
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
    elapsed_ms: int | None = Field(
        default=None, ge=0, description="Milliseconds from showing the item to the answer; None if unknown."
    )

    @classmethod
    def answer_to(
        cls, item: QuizItem, learner: str, quiz_id: str, response: Any, correct: bool, **more: Any
    ) -> AttemptRecord:
        """``learner``'s answer to ``item`` (its module, objective, type and origin copied in);
        ``score`` is 1 or 0 by ``correct`` unless given."""
        more.setdefault("score", 1.0 if correct else 0.0)
        return cls(
            learner=learner,
            quiz_id=quiz_id,
            item_id=item.id,
            module=item.module,
            objective=item.objective,
            item_type=item.type.value,
            origin=item.origin,
            response=response,
            correct=correct,
            **more,
        )


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


class SavedQuizSession(BaseModel):
    """A learner's one in-progress quiz, kept so it survives a reload or a second app process."""

    learner: str
    payload_json: str = Field(description="The quiz session as JSON text; its shape is the quiz code's.")
    updated_at: datetime


class CardState(BaseModel):
    """One learner's FSRS schedule of one flashcard."""

    learner: str
    card_id: str
    card_json: str
    due: datetime
    last_rating: int = Field(description="FSRS rating of the last review (1-4).")
    updated_at: datetime


class CardReview(BaseModel):
    """One review of one flashcard by one learner."""

    id: int
    learner: str
    card_id: str
    rating: int
    reviewed_at: datetime


ItemReviewStatus = Literal["pending", "approved", "rejected", "retired"]
ITEM_REVIEW_STATUSES: tuple[str, ...] = ("pending", "approved", "rejected", "retired")


class ItemReview(BaseModel):
    """A quiz item in the teacher's review queue, and what was decided about it."""

    item_id: str
    status: ItemReviewStatus
    item_json: str = Field(description="The item as JSON text, as it was reviewed.")
    validation_json: str | None = Field(default=None, description="Automatic checks' findings, JSON text.")
    reviewer: str | None = None
    note: str | None = None
    updated_at: datetime = Field(default_factory=utc_now)


Schedule = Callable[[str | None], tuple[str, datetime, int]]
"""Given the item's current FSRS card as JSON (None for a new item), return (new card JSON,
due date, rating). Called inside the store's write transaction so read-modify-write of the
card cannot race another process answering the same item."""
