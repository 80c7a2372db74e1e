"""Reviews kept in the progress store's ``item_reviews`` table (shared by every app process).

The table holds one row per item: status, the item as JSON, a validation JSON column,
reviewer, note and time. ``ReviewDetails`` (cited passage, validation problems, flags and the
history of earlier decisions) is what goes into the validation JSON column.
"""

from __future__ import annotations

from pydantic import ValidationError

from tutor.classroom.reviews import ItemReview, ReviewDetails, ReviewStatus
from tutor.course.items import QuizItem
from tutor.progress.records import ItemReview as ItemReviewRow
from tutor.progress.store import ProgressStore


def _from_row(row: ItemReviewRow) -> ItemReview | None:
    try:
        item = QuizItem.model_validate_json(row.item_json)
    except ValidationError:
        return None  # a row this version cannot read (written by another tool): skip, keep it
    try:
        details = ReviewDetails.model_validate_json(row.validation_json or "{}")
    except ValidationError:
        details = ReviewDetails()
    return ItemReview(
        item_id=row.item_id,
        status=row.status,
        item=item,
        reviewer=row.reviewer,
        note=row.note,
        updated_at=row.updated_at,
        details=details,
    )


class StoreReviews:
    """A ``ReviewStore`` over the progress store's ``item_reviews`` table."""

    def __init__(self, rows: ProgressStore) -> None:
        self.rows = rows

    def get_review(self, item_id: str) -> ItemReview | None:
        row = self.rows.get_item_review(item_id)
        return _from_row(row) if row is not None else None

    def save_review(self, review: ItemReview) -> None:
        self.rows.set_item_review(
            ItemReviewRow(
                item_id=review.item_id,
                status=review.status,
                item_json=review.item.model_dump_json(),
                validation_json=review.details.model_dump_json(),
                reviewer=review.reviewer,
                note=review.note,
                updated_at=review.updated_at,
            )
        )

    def list_reviews(self, status: ReviewStatus | None = None) -> list[ItemReview]:
        out = [r for row in self.rows.list_item_reviews(status) if (r := _from_row(row)) is not None]
        return sorted(out, key=lambda r: r.updated_at, reverse=True)


def reviews_for(store: ProgressStore) -> StoreReviews:
    """The review queue kept in ``store``."""
    return StoreReviews(store)
