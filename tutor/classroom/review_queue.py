"""The review queue: generated items wait here, with their cited passage and validation
results, until a teacher approves, edits or rejects them; any item can be retired; teachers
can author new items. Every change keeps the earlier state in the review's history."""

from __future__ import annotations

from typing import Any

from tutor.classroom.item_checks import check_item
from tutor.classroom.item_stats import ItemStatsReport
from tutor.classroom.reviews import (
    ItemReview,
    ItemSource,
    ReviewDetails,
    ReviewEvent,
    ReviewStatus,
    ReviewStore,
)
from tutor.course.bank import load_bank
from tutor.course.items import QuizItem
from tutor.exceptions import InvalidItemError, QuizError
from tutor.progress.records import utc_now
from tutor.quiz.feedback import section_passage
from tutor.quiz.validation import item_problems
from tutor.settings import Settings, get_settings


def _passage(item: QuizItem, settings: Settings) -> str:
    return (
        section_passage(item.grounding.source, item.grounding.section, settings) or item.grounding.quote or ""
    )


class ReviewQueue:
    """The queue of item reviews in ``reviews``; ``settings`` (the tutor's by default) give
    the course files that cited passages and the bank come from."""

    def __init__(self, reviews: ReviewStore, settings: Settings | None = None) -> None:
        self.reviews = reviews
        self._settings = settings

    @property
    def settings(self) -> Settings:
        return self._settings or get_settings()

    def enqueue(self, items: list[QuizItem]) -> list[ItemReview]:
        """Put generated items not yet known into the queue as pending, with their cited
        passage and validation results. Items already reviewed (any status) are left as they are."""
        settings = self.settings
        added: list[ItemReview] = []
        for item in items:
            if item.origin == "bank" or self.reviews.get_review(item.id) is not None:
                continue
            passage = _passage(item, settings)
            review = ItemReview(
                item_id=item.id,
                status="pending",
                item=item,
                details=ReviewDetails(
                    source="generated", passage=passage, problems=item_problems(item, passage)
                ),
            )
            self.reviews.save_review(review)
            added.append(review)
        return added

    def review_of(self, item_id: str, item: QuizItem | None = None) -> ItemReview:
        """The item's review; for an item never reviewed (a bank item, or ``item`` as learners
        answered it), a new one, so that any item can be edited and retired like the others."""
        review = self.reviews.get_review(item_id)
        if review is not None:
            return review
        settings = self.settings
        bank = {i.id: i for i in load_bank(settings=settings)}
        known = bank.get(item_id) or (item if item is not None and item.id == item_id else None)
        if known is None:
            raise QuizError(
                f"No item {item_id!r} is in the review queue or the bank.",
                "List the queue with `tutor items review list`.",
            )
        generated = item_id not in bank and known.origin != "bank"
        return ItemReview(
            item_id=item_id,
            status="pending" if generated else "approved",
            item=known,
            details=ReviewDetails(
                source="generated" if generated else "bank", passage=_passage(known, settings)
            ),
        )

    def _change(
        self,
        review: ItemReview,
        status: ReviewStatus,
        reviewer: str,
        note: str | None,
        item: QuizItem | None = None,
    ) -> ItemReview:
        """Move ``review`` to ``status``, keeping the previous state (and item, if replaced)."""
        previous = ReviewEvent(
            status=review.status,
            reviewer=review.reviewer,
            note=review.note,
            at=review.updated_at,
            item=review.item if item is not None else None,
        )
        details = review.details.model_copy(update={"history": [*review.details.history, previous]})
        if status == "approved":
            details.acknowledged_flags = list(dict.fromkeys([*details.acknowledged_flags, *details.flags]))
        updated = review.model_copy(
            update={
                "status": status,
                "reviewer": reviewer,
                "note": note,
                "updated_at": utc_now(),
                "item": item or review.item,
                "details": details,
            }
        )
        self.reviews.save_review(updated)
        return updated

    def approve(self, item_id: str, reviewer: str, note: str | None = None) -> ItemReview:
        review = self.review_of(item_id)
        if review.details.problems:
            raise InvalidItemError(
                f"Item {item_id} fails validation: {'; '.join(review.details.problems)}.",
                "Edit it so it passes, or reject it.",
            )
        return self._change(review, "approved", reviewer, note)

    def reject(self, item_id: str, reviewer: str, note: str | None = None) -> ItemReview:
        return self._change(self.review_of(item_id), "rejected", reviewer, note)

    def retire(self, item_id: str, reviewer: str, note: str | None = None) -> ItemReview:
        """Stop serving any item, bank items included. Its answers and history are kept."""
        return self._change(self.review_of(item_id), "retired", reviewer, note)

    def edit(
        self,
        item_id: str,
        changes: dict[str, Any],
        reviewer: str,
        note: str | None = None,
        item: QuizItem | None = None,
    ) -> ItemReview:
        """Apply ``changes`` (item fields) with the bank's validation; the edited item is
        approved. Refused, changing nothing, when the edited item would not pass. ``item``: the
        item as learners saw it, for one neither in the bank nor reviewed yet."""
        review = self.review_of(item_id, item=item)
        raw = {**review.item.model_dump(mode="json"), **changes, "id": item_id}
        check = check_item(raw, self.settings)
        if not check.ok or check.item is None:
            raise InvalidItemError(
                f"The edited item {item_id} is not valid: {'; '.join(check.problems)}.",
                "Fix what is listed and save again; the item is unchanged.",
            )
        review.details.passage = check.passage
        review.details.problems = []
        return self._change(review, "approved", reviewer, note, item=check.item)

    def author(self, raw: dict[str, Any], reviewer: str) -> ItemReview:
        """A new item written by a teacher: validated as bank items are, then approved."""
        settings = self.settings
        check = check_item({**raw, "origin": "bank"}, settings)
        if not check.ok or check.item is None:
            raise InvalidItemError(
                f"The new item is not valid: {'; '.join(check.problems)}.",
                "Fix what is listed and save again.",
            )
        item = check.item
        if self.reviews.get_review(item.id) is not None or item.id in {
            i.id for i in load_bank(settings=settings)
        }:
            raise QuizError(f"An item with the id {item.id!r} already exists.", "Choose another id.")
        source: ItemSource = "authored"
        review = ItemReview(
            item_id=item.id,
            status="approved",
            item=item,
            reviewer=reviewer,
            details=ReviewDetails(source=source, passage=check.passage),
        )
        self.reviews.save_review(review)
        return review

    def sync_flags(self, stats: ItemStatsReport) -> list[str]:
        """Record item-statistics flags on the reviews. A flagged generated item with no review
        enters the queue; an approved generated item with a flag the teacher has not seen goes
        back to pending (withheld until reviewed again). Returns the ids sent back to review."""
        sent_back: list[str] = []
        for s in stats.items:
            kinds = [f.kind for f in s.flags]
            review = self.reviews.get_review(s.item_id)
            if review is None:
                continue
            if review.details.flags != kinds:
                review.details.flags = kinds
                self.reviews.save_review(review)
            fresh = [k for k in kinds if k not in review.details.acknowledged_flags]
            if review.details.source == "generated" and review.status == "approved" and fresh:
                self._change(review, "pending", "item statistics", f"flagged: {', '.join(fresh)}")
                sent_back.append(s.item_id)
        return sent_back
