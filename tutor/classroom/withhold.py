"""Which items learners may be served, given the teacher's reviews and the item statistics.

- Rejected and retired items are never served (bank items included).
- A generated item with an item-statistics flag the teacher has not seen is withheld until a
  teacher reviews it again (approving it acknowledges the flags it had then).
- An approved item is served in its reviewed (possibly edited) version.
- A generated item nobody has reviewed yet is served only when unreviewed items are allowed:
  ``settings.show_unreviewed_items``, by default yes in personal mode and no in class mode.
- Bank items are curated: served unless retired.

``ReviewGate`` is the ``tutor.quiz.gate.ItemGate`` that applies this to quiz building; it
also puts every generated item it sees into the review queue.
"""

from __future__ import annotations

from tutor.classroom.item_stats import class_item_stats
from tutor.classroom.review_queue import ReviewQueue
from tutor.classroom.review_store import reviews_for
from tutor.classroom.reviews import ItemReview, ReviewStore
from tutor.course.items import QuizItem
from tutor.progress.store import ProgressStore
from tutor.settings import Settings, get_settings


def show_unreviewed(settings: Settings) -> bool:
    if settings.show_unreviewed_items is not None:
        return settings.show_unreviewed_items
    return not settings.class_mode


def servable(item: QuizItem, review: ItemReview | None, flags: set[str], allow_unreviewed: bool) -> bool:
    status = review.status if review is not None else None
    if status in ("rejected", "retired"):
        return False
    generated = item.origin != "bank" or (review is not None and review.details.source == "generated")
    if not generated:
        return True
    if flags - set(review.details.acknowledged_flags if review is not None else []):
        return False
    return status == "approved" or allow_unreviewed


class ReviewGate:
    """Applies the teacher's reviews to quiz building (see the module docstring)."""

    def __init__(
        self,
        reviews: ReviewStore,
        settings: Settings | None = None,
        flags: dict[str, set[str]] | None = None,
    ) -> None:
        self.reviews = reviews
        self.settings = settings or get_settings()
        self.flags = flags or {}
        self.allow_unreviewed = show_unreviewed(self.settings)
        # One read of the queue per quiz, not one per candidate item.
        self._known = {r.item_id: r for r in reviews.list_reviews()}

    def extra_items(self, module: int | None) -> list[QuizItem]:
        return [
            r.item
            for r in self._known.values()
            if r.status == "approved"
            and r.details.source == "authored"
            and (module is None or r.item.module == module)
        ]

    def admit(self, items: list[QuizItem]) -> list[QuizItem]:
        new = [i for i in items if i.origin != "bank" and i.id not in self._known]
        for review in ReviewQueue(self.reviews, self.settings).enqueue(new):
            self._known[review.item_id] = review
        out: list[QuizItem] = []
        for item in items:
            review = self._known.get(item.id)
            if servable(item, review, self.flags.get(item.id, set()), self.allow_unreviewed):
                out.append(review.item if review is not None and review.status == "approved" else item)
        return out


def review_gate(
    store: ProgressStore, reviews: ReviewStore, module: int | None = None, *, settings: Settings | None = None
) -> ReviewGate:
    """A gate with the current item-statistics flags of ``module`` (recorded on the reviews)."""
    settings = settings or get_settings()
    stats = class_item_stats(module, store=store, settings=settings)
    ReviewQueue(reviews, settings).sync_flags(stats)
    flags = {s.item_id: {f.kind for f in s.flags} for s in stats.items if s.flags}
    return ReviewGate(reviews, settings, flags)


def quiz_gate(store: ProgressStore, module: int | None, settings: Settings) -> ReviewGate:
    """The gate to pass to ``build_quiz``: the store's review queue and current flags."""
    return review_gate(store, reviews_for(store), module, settings=settings)
