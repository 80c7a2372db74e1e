"""Predicted recall: how likely the learner is to remember each objective *now*.

Every quiz item and flashcard a learner has reviewed is one memory trace. Its review history
(quiz answers mapped to FSRS ratings, flashcard ratings as given) is replayed through an FSRS
scheduler, which yields the trace's retrievability at any moment: the memory model's
probability of recall, falling with time since the last review.

Answer evidence enters through the replay: every graded answer is a rating (right: Good,
partly right: Hard, wrong: Again), so a wrong answer leaves the trace with a low stability
that fades within a day or two, and a run of right answers builds stability that lasts. The
accuracy bar of mastery (mastery.py) is the other half of the evidence: mastery needs both.

An objective's predicted recall is the mean over its traces; a module's is the mean over its
practised objectives, each counted once however many items it has.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Literal

from fsrs import Card, Rating, Scheduler
from pydantic import BaseModel, Field

from tutor.progress.records import AttemptRecord, CardReview
from tutor.progress.scheduling import rating_for

TraceKind = Literal["item", "card"]


class ReviewEvent(BaseModel):
    """One recall attempt on one trace: a quiz answer or a flashcard review."""

    kind: TraceKind
    ref: str = Field(description="Item id or card id.")
    module: int
    objective: str
    rating: int = Field(ge=1, le=4)
    at: datetime
    elapsed_ms: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref}"

    @property
    def recalled(self) -> bool:
        return self.rating != int(Rating.Again)


class TraceRecall(BaseModel):
    """One item or card now: FSRS retrievability and whether its last review succeeded."""

    kind: TraceKind
    ref: str
    module: int
    objective: str
    reviews: int
    last_reviewed: datetime
    last_recalled: bool
    predicted: float = Field(description="FSRS retrievability now: the probability of recall.")


class ObjectiveRecall(BaseModel):
    objective: str
    module: int
    predicted: float | None = Field(description="Mean predicted recall of its traces; None: never practised.")
    items: int = Field(description="Quiz items practised on this objective.")
    cards: int = Field(description="Flashcards reviewed on this objective.")
    fading: int = Field(description="Traces whose predicted recall is below the recall target now.")
    fading_items: int = 0
    fading_cards: int = 0
    last_practised: datetime | None = None


CardTopics = Mapping[str, tuple[int, str]]
"""Flashcard id -> (module, objective), from the deck: cards are course content, not stored."""


def events_from(
    attempts: Iterable[AttemptRecord],
    card_reviews: Iterable[CardReview] = (),
    card_topics: CardTopics | None = None,
) -> list[ReviewEvent]:
    """Quiz answers and flashcard reviews as one time-ordered list of review events. Reviews of
    cards no longer in the deck (``card_topics``) are left out: they teach no objective now."""
    topics = card_topics or {}
    out = [
        ReviewEvent(
            kind="item",
            ref=a.item_id,
            module=a.module,
            objective=a.objective,
            # The stored rating is the one FSRS scheduled with; older rows may lack it.
            rating=a.rating if a.rating is not None else int(rating_for(a.score)),
            at=a.answered_at,
            elapsed_ms=a.elapsed_ms,
        )
        for a in attempts
    ]
    out += [
        ReviewEvent(
            kind="card",
            ref=r.card_id,
            module=topics[r.card_id][0],
            objective=topics[r.card_id][1],
            rating=r.rating,
            at=r.reviewed_at,
        )
        for r in card_reviews
        if r.card_id in topics
    ]
    return sorted(out, key=lambda e: (_utc(e.at), e.key))


def _utc(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


def trace_id(key: str) -> int:
    """A stable integer id for a trace (FSRS cards and review logs are keyed by int)."""
    return int.from_bytes(hashlib.sha1(key.encode()).digest()[:6], "big")


def replay(events: list[ReviewEvent], scheduler: Scheduler) -> Card:
    """The FSRS card after ``events`` (one trace's reviews, oldest first) under ``scheduler``.

    Replaying rather than reading the stored card lets fitted personal parameters apply to
    the whole history, not only to reviews made after the fit.
    """
    first = _utc(events[0].at)
    card = Card(card_id=trace_id(events[0].key), due=first)
    for e in events:
        card, _ = scheduler.review_card(card, Rating(e.rating), review_datetime=_utc(e.at))
    return card


def trace_recalls(events: list[ReviewEvent], scheduler: Scheduler, now: datetime) -> list[TraceRecall]:
    """Every trace's recall at ``now``, from its review events."""
    now = _utc(now)
    by_key: dict[str, list[ReviewEvent]] = defaultdict(list)
    for e in events:
        by_key[e.key].append(e)
    out = []
    for history in by_key.values():
        history.sort(key=lambda e: _utc(e.at))
        card = replay(history, scheduler)
        # A review later than ``now`` (clock skew) counts as just now: retrievability 1.
        r = float(scheduler.get_card_retrievability(card, current_datetime=now))
        last = history[-1]
        out.append(
            TraceRecall(
                kind=last.kind,
                ref=last.ref,
                module=last.module,
                objective=last.objective,
                reviews=len(history),
                last_reviewed=last.at,
                last_recalled=last.recalled,
                predicted=r,
            )
        )
    return out


def objective_recalls(
    traces: list[TraceRecall], objectives: dict[str, int], target: float
) -> dict[str, ObjectiveRecall]:
    """Objective id -> its recall. ``objectives`` maps declared objective ids to their module;
    objectives that only appear in the history are included too."""
    by_objective: dict[str, list[TraceRecall]] = defaultdict(list)
    for t in traces:
        by_objective[t.objective].append(t)
    modules = dict(objectives)
    for t in traces:
        modules.setdefault(t.objective, t.module)
    out = {}
    for oid, module in modules.items():
        mine = by_objective.get(oid, [])
        fading = [t for t in mine if t.predicted < target]
        out[oid] = ObjectiveRecall(
            objective=oid,
            module=module,
            predicted=sum(t.predicted for t in mine) / len(mine) if mine else None,
            items=sum(1 for t in mine if t.kind == "item"),
            cards=sum(1 for t in mine if t.kind == "card"),
            fading=len(fading),
            fading_items=sum(1 for t in fading if t.kind == "item"),
            fading_cards=sum(1 for t in fading if t.kind == "card"),
            last_practised=max((t.last_reviewed for t in mine), default=None),
        )
    return out


def module_recall(recalls: Iterable[ObjectiveRecall]) -> float | None:
    """Mean predicted recall over the practised objectives (None when none is practised)."""
    values = [r.predicted for r in recalls if r.predicted is not None]
    return sum(values) / len(values) if values else None
