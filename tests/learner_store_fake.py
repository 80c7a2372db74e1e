"""An in-memory stand-in for the store's flashcard methods (same signatures as the SQL
store's), on top of the real SQLite progress store for answers, items and chat."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tutor.progress.records import CardReview, CardState, utc_now
from tutor.progress.sqlite_store import SQLiteProgressStore
from tutor.progress.store import Schedule


class FakeLearnerStore:
    def __init__(self, path: Path) -> None:
        self.sql = SQLiteProgressStore(path)
        self.cards: dict[tuple[str, str], CardState] = {}
        self.reviews: list[CardReview] = []

    def __getattr__(self, name: str) -> Any:  # answers, items, chat: the real store
        return getattr(self.sql, name)

    def card_states(self, learner: str) -> list[CardState]:
        return sorted((c for (who, _), c in self.cards.items() if who == learner), key=lambda c: c.due)

    def card_reviews(self, learner: str, card_id: str | None = None) -> list[CardReview]:
        return [r for r in self.reviews if r.learner == learner and card_id in (None, r.card_id)]

    def record_card_review(
        self, learner: str, card_id: str, schedule: Schedule, reviewed_at: datetime | None = None
    ) -> CardState:
        when = reviewed_at or utc_now()
        self.sql.ensure_learner(learner)
        old = self.cards.get((learner, card_id))
        card_json, due, rating = schedule(old.card_json if old else None)
        self.reviews.append(
            CardReview(
                id=len(self.reviews) + 1, learner=learner, card_id=card_id, rating=rating, reviewed_at=when
            )
        )
        state = CardState(
            learner=learner,
            card_id=card_id,
            card_json=card_json,
            due=due,
            last_rating=rating,
            updated_at=when,
        )
        self.cards[(learner, card_id)] = state
        return state
