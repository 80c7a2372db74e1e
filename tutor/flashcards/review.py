"""Reviewing flashcards with FSRS: the learner rates each card Again, Hard, Good or Easy, and
the card's next review is scheduled by the learner's own scheduler (personal parameters
once fitted)."""

from __future__ import annotations

from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

from tutor.exceptions import FlashcardError
from tutor.flashcards.cards import Flashcard
from tutor.flashcards.deck import Deck
from tutor.progress.names import validate_learner_name
from tutor.progress.personal import personal_scheduler
from tutor.progress.recall import trace_id
from tutor.progress.records import CardState, utc_now
from tutor.progress.store import ProgressStore, Schedule
from tutor.settings import Settings, get_settings

RATINGS: dict[str, Rating] = {
    "again": Rating.Again,
    "hard": Rating.Hard,
    "good": Rating.Good,
    "easy": Rating.Easy,
}
NEW_PER_SESSION = 10
"""New cards introduced per session, after the due ones: a manageable daily dose."""


def parse_rating(value: str | int) -> Rating:
    """'again'/'hard'/'good'/'easy' (or 1-4, or the first letter) -> Rating."""
    text = str(value).strip().lower()
    if text in {"1", "2", "3", "4"}:
        return Rating(int(text))
    for name, rating in RATINGS.items():
        if text and name.startswith(text):
            return rating
    raise FlashcardError(f"{value!r} is not a rating.", "Rate with again, hard, good or easy (or 1-4).")


def schedule_with(scheduler: Scheduler, card: Flashcard, rating: Rating, when: datetime) -> Schedule:
    """The store's read-modify-write step for one review, under ``scheduler``."""

    def schedule(card_json: str | None) -> tuple[str, datetime, int]:
        fsrs_card = (
            Card.from_json(card_json) if card_json else Card(card_id=trace_id(f"card:{card.id}"), due=when)
        )
        fsrs_card, _ = scheduler.review_card(fsrs_card, rating, review_datetime=when)
        return fsrs_card.to_json(), fsrs_card.due.astimezone(UTC), int(rating)

    return schedule


class CardReviews:
    """One learner's flashcard reviews in ``store``: the cards to review now, and each rating
    recorded and scheduled by the learner's own scheduler (``settings``: the tutor's by default)."""

    def __init__(self, learner: str, store: ProgressStore, settings: Settings | None = None) -> None:
        self.learner = validate_learner_name(learner)
        self.store = store
        self._settings = settings

    def review(self, card: Flashcard, rating: Rating | str | int, now: datetime | None = None) -> CardState:
        """Record one review of ``card`` and schedule its next one; returns the card's new state."""
        settings = self._settings or get_settings()
        rating = rating if isinstance(rating, Rating) else parse_rating(rating)
        when = (now or utc_now()).astimezone(UTC)
        scheduler = personal_scheduler(self.learner, settings)
        schedule = schedule_with(scheduler, card, rating, when)
        return self.store.record_card_review(self.learner, card.id, schedule, when)

    def session(
        self,
        deck: Deck,
        module: int | None = None,
        *,
        now: datetime | None = None,
        new_cards: int = NEW_PER_SESSION,
    ) -> list[Flashcard]:
        """Cards to review now: the due ones (most overdue first), then up to ``new_cards``
        cards never reviewed, in course order."""
        now = now or utc_now()
        cards = {c.id: c for c in deck.for_module(module)}
        states = [s for s in self.store.card_states(self.learner) if s.card_id in cards]
        due = [cards[s.card_id] for s in sorted(states, key=lambda s: s.due) if s.due <= now]
        seen = {s.card_id for s in states}
        fresh = [c for c in cards.values() if c.id not in seen][: max(0, new_cards)]
        return due + fresh
