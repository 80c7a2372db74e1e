"""Item reviews: what a teacher decided about an item, and the history of those decisions.

One review per item id. A generated item enters as ``pending``; a teacher approves, edits,
rejects or retires it; any item (bank items too) can be retired. Nothing is deleted: a
review's ``history`` keeps every earlier status and every earlier version of an edited item,
and the learners' answers to a retired item stay in the progress store.

``ReviewStore`` is what the review queue needs from storage. ``MemoryReviewStore`` keeps
reviews in memory (tests, and a store without a reviews table).
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from tutor.course.items import QuizItem
from tutor.progress.records import utc_now

ReviewStatus = Literal["pending", "approved", "rejected", "retired"]
STATUSES: tuple[ReviewStatus, ...] = ("pending", "approved", "rejected", "retired")
ItemSource = Literal["generated", "bank", "authored"]


class ReviewEvent(BaseModel):
    """One earlier state of a review."""

    status: ReviewStatus
    reviewer: str | None = None
    note: str | None = None
    at: datetime
    item: QuizItem | None = Field(default=None, description="The item as it was, when an edit replaced it.")


class ReviewDetails(BaseModel):
    """Everything about a review beyond its status: stored as the review's validation JSON."""

    source: ItemSource = "generated"
    passage: str = Field(default="", description="The course passage the item cites.")
    problems: list[str] = Field(default_factory=list, description="Validation problems; empty: valid.")
    flags: list[str] = Field(default_factory=list, description="Item-statistics flags now raised.")
    acknowledged_flags: list[str] = Field(
        default_factory=list, description="Flags a teacher saw when approving: they do not withhold it again."
    )
    history: list[ReviewEvent] = Field(default_factory=list)


class ItemReview(BaseModel):
    item_id: str
    status: ReviewStatus
    item: QuizItem
    reviewer: str | None = None
    note: str | None = None
    updated_at: datetime = Field(default_factory=utc_now)
    details: ReviewDetails = Field(default_factory=ReviewDetails)


class ReviewStore(Protocol):
    def get_review(self, item_id: str) -> ItemReview | None: ...

    def save_review(self, review: ItemReview) -> None:
        """Insert or replace the review of ``review.item_id``."""
        ...

    def list_reviews(self, status: ReviewStatus | None = None) -> list[ItemReview]:
        """Reviews (of one status, or all), most recently updated first."""
        ...


class MemoryReviewStore:
    """Reviews in a dict: for tests and for stores without a reviews table."""

    def __init__(self) -> None:
        self._reviews: dict[str, ItemReview] = {}
        self._lock = threading.Lock()

    def get_review(self, item_id: str) -> ItemReview | None:
        with self._lock:
            review = self._reviews.get(item_id)
            return review.model_copy(deep=True) if review else None

    def save_review(self, review: ItemReview) -> None:
        with self._lock:
            self._reviews[review.item_id] = review.model_copy(deep=True)

    def list_reviews(self, status: ReviewStatus | None = None) -> list[ItemReview]:
        with self._lock:
            out = [r.model_copy(deep=True) for r in self._reviews.values() if status in (None, r.status)]
        return sorted(out, key=lambda r: r.updated_at, reverse=True)
