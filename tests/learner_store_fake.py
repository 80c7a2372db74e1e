"""An in-memory stand-in for the store's flashcard and personal-scheduling methods, on top of
the real SQLite progress store (answers, items, chat). Replaced by the SQL store's own
methods once they land; the tests below exercise the same contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutor.progress.card_store import SchedulerParams
from tutor.progress.records import CardReviewRecord, CardState
from tutor.progress.sqlite_store import SQLiteProgressStore
from tutor.progress.store import Schedule


class FakeLearnerStore:
    def __init__(self, path: Path) -> None:
        self.sql = SQLiteProgressStore(path)
        self.cards: dict[tuple[str, str], CardState] = {}
        self.reviews: list[CardReviewRecord] = []
        self.params: dict[str, SchedulerParams] = {}

    def __getattr__(self, name: str) -> Any:  # answers, items, chat: the real store
        return getattr(self.sql, name)

    def card_states(self, learner: str, module: int | None = None) -> list[CardState]:
        return [
            c
            for (who, _), c in self.cards.items()
            if who == learner and (module is None or c.module == module)
        ]

    def card_reviews(self, learner: str, module: int | None = None) -> list[CardReviewRecord]:
        return [r for r in self.reviews if r.learner == learner and (module is None or r.module == module)]

    def record_card_review(self, review: CardReviewRecord, schedule: Schedule) -> CardState:
        self.sql.ensure_learner(review.learner)
        old = self.cards.get((review.learner, review.card_id))
        card_json, due, rating = schedule(old.card_json if old else None)
        stored = review.model_copy(update={"id": len(self.reviews) + 1, "rating": rating})
        self.reviews.append(stored)
        state = CardState(
            learner=review.learner,
            card_id=review.card_id,
            module=review.module,
            objective=review.objective,
            card_json=card_json,
            due=due,
            reviews=(old.reviews if old else 0) + 1,
            lapses=(old.lapses if old else 0) + int(rating == 1),
            last_rating=rating,
            last_reviewed=review.reviewed_at,
        )
        self.cards[(review.learner, review.card_id)] = state
        return state

    def scheduler_params(self, learner: str) -> SchedulerParams | None:
        return self.params.get(learner)

    def save_scheduler_params(self, params: SchedulerParams) -> None:
        self.params[params.learner] = params
