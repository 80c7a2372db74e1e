"""Per-module accuracy and mastery, computed from a learner's attempts (a pure function).

A module is mastered when, over its last ``mastery_window`` checkpoint answers, the mean
score reaches ``mastery_threshold`` (90%) and those answers cover at least
``mastery_min_objective_share`` of the module's declared objectives. "Recent" on purpose:
a learner who was shaky early and is now consistently right has mastered the module, and
one who has forgotten it (wrong reviews) loses mastery again.

Mastery also fades with time: the module's predicted recall (recall.py: the FSRS memory
model over every item and flashcard the learner reviewed) must be at least
``recall_target`` *now*. A module mastered a month ago and never reviewed since lapses, and
the learner is told when it was mastered, what recall is now and how many reviews restore it.

Module 0 (the course overview) is shown apart: it is not one of the course's five modules
and does not count in "modules mastered".
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from fsrs import Scheduler
from pydantic import BaseModel, Field

from tutor.course.objectives import Objective
from tutor.progress.recall import (
    ObjectiveRecall,
    ReviewEvent,
    events_from,
    module_recall,
    objective_recalls,
    trace_recalls,
)
from tutor.progress.records import AttemptRecord, ItemState, utc_now
from tutor.progress.scheduling import scheduler as default_scheduler
from tutor.settings import Settings

MIN_MASTERY_ANSWERS = 10
"""Fewest recent answers mastery is judged on (or the window, if smaller): three lucky
answers are not mastery."""
OBJECTIVE_WINDOW = 5
"""Answers per objective that decide whether it is weak."""
OVERVIEW_MODULE = 0
"""The course overview: shown apart, not counted among the modules to master."""


class ObjectiveProgress(BaseModel):
    id: str
    text: str
    answered: int
    accuracy: float | None = Field(description="Mean score over all answers; None if none.")
    recent_accuracy: float | None = Field(description=f"Mean score over the last {OBJECTIVE_WINDOW} answers.")
    covered: bool = Field(description="Answered within the module's recent window.")
    weak: bool = Field(description="Answered, but recent accuracy is below the mastery threshold.")
    predicted_recall: float | None = Field(
        default=None, description="Memory model's probability of recall now; None: never practised."
    )
    fading: int = Field(default=0, description="Its items and cards whose predicted recall is below target.")


class ModuleProgress(BaseModel):
    module: int
    title: str
    answered: int
    accuracy: float | None
    recent_answered: int
    recent_accuracy: float | None
    mastered: bool
    objectives_total: int
    objectives_covered: int
    objectives: list[ObjectiveProgress] = Field(default_factory=list)
    weak_objectives: list[str] = Field(default_factory=list)
    uncovered_objectives: list[str] = Field(default_factory=list)
    due: int = Field(description="Items of this module due for review now.")
    chat_questions: int = Field(description="Questions the learner asked in chat about this module.")
    last_answered: datetime | None = None
    to_master: str = Field(description="What is still missing for mastery, in words.")
    overview: bool = Field(default=False, description="The course overview (module 0), shown apart.")
    predicted_recall: float | None = Field(
        default=None, description="Mean predicted recall now over the practised objectives."
    )
    meets_bar: bool = Field(default=False, description="Accuracy and objective coverage reach the bar.")
    mastered_on: datetime | None = Field(
        default=None, description="When the accuracy bar was reached (and has held since)."
    )
    lapsed: bool = Field(default=False, description="The bar holds but predicted recall fell below target.")
    to_restore: int = Field(default=0, description="Items and cards to review to restore recall.")
    status: str = Field(default="", description="Mastery in one sentence, with when and why.")


class OverallProgress(BaseModel):
    answered: int
    accuracy: float | None
    modules_mastered: int = Field(description="Course modules mastered (the overview is not counted).")
    modules_total: int = Field(description="Course modules (the overview is not counted).")
    due: int
    chat_questions: int


class LearnerProgress(BaseModel):
    learner: str
    modules: list[ModuleProgress]
    overall: OverallProgress
    mastery_threshold: float
    mastery_window: int
    recall_target: float = 0.9
    generated_at: datetime = Field(default_factory=utc_now)

    def module(self, module: int) -> ModuleProgress | None:
        return next((m for m in self.modules if m.module == module), None)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _missing(
    recent: int, needed: int, accuracy: float | None, threshold: float, share: float, min_share: float
) -> str:
    parts = []
    if recent < needed:
        parts.append(f"answer {needed - recent} more checkpoint questions")
    if accuracy is None or accuracy < threshold:
        parts.append(
            f"reach {threshold:.0%} on recent answers (now {0 if accuracy is None else accuracy:.0%})"
        )
    if share < min_share:
        parts.append("answer questions on every objective")
    return "; ".join(parts) if parts else "mastered"


def _meets_bar(recent: list[AttemptRecord], declared_ids: list[str], settings: Settings) -> bool:
    """The course's bar over the recent window: enough answers, 90%+, objectives covered."""
    needed = min(settings.mastery_window, MIN_MASTERY_ANSWERS)
    accuracy = _mean([a.score for a in recent])
    covered = {a.objective for a in recent}
    share = (
        sum(1 for o in declared_ids if o in covered) / len(declared_ids)
        if declared_ids
        else (1.0 if recent else 0.0)
    )
    return (
        len(recent) >= needed
        and accuracy is not None
        and accuracy >= settings.mastery_threshold - 1e-9
        and share >= settings.mastery_min_objective_share - 1e-9
    )


def _bar_since(mine: list[AttemptRecord], declared_ids: list[str], settings: Settings) -> datetime | None:
    """When the bar was last reached and has held after every answer since (None: not now)."""
    since = None
    for k in range(len(mine)):
        if _meets_bar(mine[max(0, k + 1 - settings.mastery_window) : k + 1], declared_ids, settings):
            since = since or mine[k].answered_at
        else:
            since = None
    return since


def _restore_words(items: int, cards: int) -> str:
    parts = []
    if items:
        parts.append(f"{items} question{'s' if items != 1 else ''}")
    if cards:
        parts.append(f"{cards} card{'s' if cards != 1 else ''}")
    return " and ".join(parts) or "the module"


def _day(value: datetime) -> str:
    return f"{value.day} {value:%b %Y}"


def compute_progress(
    learner: str,
    attempts: list[AttemptRecord],
    states: list[ItemState],
    chat_counts: dict[int | None, int],
    objectives: dict[int, list[Objective]],
    titles: dict[int, str],
    settings: Settings,
    now: datetime | None = None,
    *,
    events: list[ReviewEvent] | None = None,
    scheduler: Scheduler | None = None,
) -> LearnerProgress:
    """Everything the progress page shows, from stored facts only.

    ``events`` are every review behind predicted recall (default: the answers alone; the
    learner model adds flashcard reviews); ``scheduler`` is the learner's FSRS scheduler
    (personal parameters when fitted; the defaults otherwise).
    """
    now = now or utc_now()
    threshold, window, target = settings.mastery_threshold, settings.mastery_window, settings.recall_target
    by_module: dict[int, list[AttemptRecord]] = defaultdict(list)
    for a in sorted(attempts, key=lambda a: (a.answered_at, a.id or 0)):
        by_module[a.module].append(a)
    due_by_module: dict[int, int] = defaultdict(int)
    for s in states:
        if s.due <= now:
            due_by_module[s.module] += 1
    traces = trace_recalls(
        events if events is not None else events_from(attempts), scheduler or default_scheduler(), now
    )
    recalls: dict[str, ObjectiveRecall] = objective_recalls(
        traces, {o.id: m for m, objs in objectives.items() for o in objs}, target
    )
    modules = sorted(set(objectives) | set(by_module) | {r.module for r in recalls.values()})
    out: list[ModuleProgress] = []
    for m in modules:
        mine = by_module.get(m, [])
        recent = mine[-window:]
        declared = objectives.get(m, [])
        declared_ids = [o.id for o in declared]
        recent_objectives = {a.objective for a in recent}
        covered = [o for o in declared_ids if o in recent_objectives]
        share = len(covered) / len(declared_ids) if declared_ids else (1.0 if recent else 0.0)
        per_objective: list[ObjectiveProgress] = []
        texts = {o.id: o.text for o in declared}
        practised = {r.objective for r in recalls.values() if r.module == m and r.predicted is not None}
        seen_ids = declared_ids + sorted(({a.objective for a in mine} | practised) - set(declared_ids))
        for oid in seen_ids:
            scores = [a.score for a in mine if a.objective == oid]
            recent_scores = scores[-OBJECTIVE_WINDOW:]
            recent_acc = _mean(recent_scores)
            recall = recalls.get(oid)
            per_objective.append(
                ObjectiveProgress(
                    id=oid,
                    text=texts.get(oid, oid),
                    answered=len(scores),
                    accuracy=_mean(scores),
                    recent_accuracy=recent_acc,
                    covered=oid in recent_objectives,
                    weak=recent_acc is not None and recent_acc < threshold,
                    predicted_recall=recall.predicted if recall else None,
                    fading=recall.fading if recall else 0,
                )
            )
        module_recalls = [recalls[o] for o in seen_ids if o in recalls]
        predicted = module_recall(module_recalls)
        recent_accuracy = _mean([a.score for a in recent])
        needed = min(window, MIN_MASTERY_ANSWERS)
        bar = _meets_bar(recent, declared_ids, settings)
        remembered = predicted is not None and predicted >= target - 1e-9
        mastered = bar and remembered
        fading_items = sum(r.fading_items for r in module_recalls)
        fading_cards = sum(r.fading_cards for r in module_recalls)
        since = _bar_since(mine, declared_ids, settings) if bar else None
        lapsed = bar and not remembered
        to_master = _missing(
            len(recent), needed, recent_accuracy, threshold, share, settings.mastery_min_objective_share
        )
        if lapsed:
            restore = _restore_words(fading_items, fading_cards)
            to_master = f"recall is now about {0 if predicted is None else predicted:.0%}: review {restore}"
        if mastered and since is not None:
            status = f"Mastered on {_day(since)}; recall now about {predicted:.0%}."
        elif lapsed and since is not None:
            status = f"Mastered on {_day(since)}; {to_master}."
        elif not mine and predicted is None:
            status = "Not started."
        else:
            status = f"Not mastered yet: {to_master}."
        out.append(
            ModuleProgress(
                module=m,
                title=titles.get(m, f"Module {m}"),
                answered=len(mine),
                accuracy=_mean([a.score for a in mine]),
                recent_answered=len(recent),
                recent_accuracy=recent_accuracy,
                mastered=mastered,
                objectives_total=len(declared_ids),
                objectives_covered=len(covered),
                objectives=per_objective,
                weak_objectives=[o.id for o in per_objective if o.weak],
                uncovered_objectives=[o for o in declared_ids if o not in recent_objectives],
                due=due_by_module.get(m, 0),
                chat_questions=chat_counts.get(m, 0),
                last_answered=mine[-1].answered_at if mine else None,
                to_master=to_master,
                overview=m == OVERVIEW_MODULE,
                predicted_recall=predicted,
                meets_bar=bar,
                mastered_on=since,
                lapsed=lapsed,
                to_restore=fading_items + fading_cards if lapsed else 0,
                status=status,
            )
        )
    course = [p for p in out if not p.overview]
    overall = OverallProgress(
        answered=len(attempts),
        accuracy=_mean([a.score for a in attempts]),
        modules_mastered=sum(1 for p in course if p.mastered),
        modules_total=len(course),
        due=sum(due_by_module.values()),
        chat_questions=sum(chat_counts.values()),
    )
    return LearnerProgress(
        learner=learner,
        modules=out,
        overall=overall,
        mastery_threshold=threshold,
        mastery_window=window,
        recall_target=target,
    )
