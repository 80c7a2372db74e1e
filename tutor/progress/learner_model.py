"""Everything the learner model knows about one learner, read from the store in one place:
progress with predicted recall (answers and flashcards, under their own scheduler), what is
due, and how their reviews are scheduled. The CLI, the Progress page and the Next-up card
all start here, so they agree."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from tutor.course.objectives import Objective, module_objectives, module_titles
from tutor.progress.mastery import LearnerProgress, compute_progress
from tutor.progress.names import validate_learner_name
from tutor.progress.personal import ScheduleInfo, learner_scheduler
from tutor.progress.recall import CardTopics, ReviewEvent, events_from
from tutor.progress.records import utc_now
from tutor.progress.store import ProgressStore
from tutor.settings import Settings, get_settings


class LearnerModel(BaseModel):
    learner: str
    progress: LearnerProgress
    due_items: dict[int, int]
    """Module -> quiz items due for review now."""
    due_cards: dict[int, int]
    """Module -> flashcards due for review now."""
    schedule: ScheduleInfo
    objectives: dict[int, list[Objective]]
    """Declared objectives in course order."""
    events: list[ReviewEvent]
    """Every review (answers and flashcards), oldest first."""
    now: datetime


def load_learner_model(
    learner: str,
    *,
    store: ProgressStore,
    settings: Settings | None = None,
    now: datetime | None = None,
    card_topics: CardTopics,
    refit: bool = False,
) -> LearnerModel:
    """``card_topics`` maps flashcard ids to (module, objective): the deck's (cards are course
    content; the store keeps only their schedules)."""
    settings = settings or get_settings()
    name = validate_learner_name(learner)
    now = now or utc_now()
    topics = card_topics
    attempts = store.attempts(name)
    events = events_from(attempts, store.card_reviews(name), topics)
    scheduler, schedule = learner_scheduler(name, events, settings, refit=refit)
    objectives = module_objectives(settings)
    progress = compute_progress(
        name,
        attempts,
        store.item_states(name),
        store.chat_question_counts(name),
        objectives,
        module_titles(settings),
        settings,
        now,
        events=events,
        scheduler=scheduler,
    )
    due_items: dict[int, int] = {}
    for s in store.due_states(name, now):
        due_items[s.module] = due_items.get(s.module, 0) + 1
    due_cards: dict[int, int] = {}
    for c in store.card_states(name):
        if c.due <= now and c.card_id in topics:
            module = topics[c.card_id][0]
            due_cards[module] = due_cards.get(module, 0) + 1
    return LearnerModel(
        learner=name,
        progress=progress,
        due_items=due_items,
        due_cards=due_cards,
        schedule=schedule,
        objectives=objectives,
        events=events,
        now=now,
    )
