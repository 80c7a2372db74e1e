"""Spaced review with FSRS: every answered item gets a card whose due date says when to ask again."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from fsrs import Card, Rating, Scheduler


@cache
def scheduler() -> Scheduler:
    """FSRS with default parameters. Fuzzing is off: items answered in one quiz come due
    together, which suits review sessions, and schedules are reproducible in tests."""
    return Scheduler(enable_fuzzing=False)


def rating_for(score: float) -> Rating:
    """Map a graded score to an FSRS rating.

    Fully right is Good (not Easy: a checkpoint answer says nothing about how effortless
    recall was); partly right is Hard, so the item comes back sooner; wrong is Again.
    """
    if score >= 1.0 - 1e-9:
        return Rating.Good
    if score >= 0.5:
        return Rating.Hard
    return Rating.Again


def review(
    card_json: str | None, score: float, now: datetime | None = None, with_scheduler: Scheduler | None = None
) -> tuple[str, datetime, int]:
    """Apply one answer to an item's card. Returns (new card JSON, due date, rating).
    ``with_scheduler``: the learner's own (personal.py); the defaults otherwise."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    card = Card.from_json(card_json) if card_json else Card(due=now)
    rating = rating_for(score)
    card, _log = (with_scheduler or scheduler()).review_card(card, rating, review_datetime=now)
    return card.to_json(), card.due.astimezone(UTC), int(rating)
