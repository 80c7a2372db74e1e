"""Per-module accuracy and mastery, computed from a learner's attempts (a pure function).

A module is mastered when, over its last ``mastery_window`` checkpoint answers, the mean
score reaches ``mastery_threshold`` (90%) and those answers cover at least
``mastery_min_objective_share`` of the module's declared objectives. "Recent" on purpose:
a learner who was shaky early and is now consistently right has mastered the module, and
one who has forgotten it (wrong reviews) loses mastery again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from pydantic import BaseModel, Field

from tutor.course.objectives import Objective
from tutor.progress.records import AttemptRecord, ItemState, utc_now
from tutor.settings import Settings

MIN_MASTERY_ANSWERS = 10
"""Fewest recent answers mastery is judged on (or the window, if smaller): three lucky
answers are not mastery."""
OBJECTIVE_WINDOW = 5
"""Answers per objective that decide whether it is weak."""


class ObjectiveProgress(BaseModel):
    id: str
    text: str
    answered: int
    accuracy: float | None = Field(description="Mean score over all answers; None if none.")
    recent_accuracy: float | None = Field(description=f"Mean score over the last {OBJECTIVE_WINDOW} answers.")
    covered: bool = Field(description="Answered within the module's recent window.")
    weak: bool = Field(description="Answered, but recent accuracy is below the mastery threshold.")


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


class OverallProgress(BaseModel):
    answered: int
    accuracy: float | None
    modules_mastered: int
    modules_total: int
    due: int
    chat_questions: int


class LearnerProgress(BaseModel):
    learner: str
    modules: list[ModuleProgress]
    overall: OverallProgress
    mastery_threshold: float
    mastery_window: int
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


def compute_progress(
    learner: str,
    attempts: list[AttemptRecord],
    states: list[ItemState],
    chat_counts: dict[int | None, int],
    objectives: dict[int, list[Objective]],
    titles: dict[int, str],
    settings: Settings,
    now: datetime | None = None,
) -> LearnerProgress:
    """Everything the progress page shows, from stored facts only."""
    now = now or utc_now()
    threshold, window = settings.mastery_threshold, settings.mastery_window
    by_module: dict[int, list[AttemptRecord]] = defaultdict(list)
    for a in sorted(attempts, key=lambda a: (a.answered_at, a.id or 0)):
        by_module[a.module].append(a)
    due_by_module: dict[int, int] = defaultdict(int)
    for s in states:
        if s.due <= now:
            due_by_module[s.module] += 1
    modules = sorted(set(objectives) | set(by_module))
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
        seen_ids = declared_ids + sorted({a.objective for a in mine} - set(declared_ids))
        for oid in seen_ids:
            scores = [a.score for a in mine if a.objective == oid]
            recent_scores = scores[-OBJECTIVE_WINDOW:]
            recent_acc = _mean(recent_scores)
            per_objective.append(
                ObjectiveProgress(
                    id=oid,
                    text=texts.get(oid, oid),
                    answered=len(scores),
                    accuracy=_mean(scores),
                    recent_accuracy=recent_acc,
                    covered=oid in recent_objectives,
                    weak=recent_acc is not None and recent_acc < threshold,
                )
            )
        recent_accuracy = _mean([a.score for a in recent])
        needed = min(window, MIN_MASTERY_ANSWERS)
        mastered = (
            len(recent) >= needed
            and recent_accuracy is not None
            and recent_accuracy >= threshold - 1e-9
            and share >= settings.mastery_min_objective_share - 1e-9
        )
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
                to_master=_missing(
                    len(recent),
                    needed,
                    recent_accuracy,
                    threshold,
                    share,
                    settings.mastery_min_objective_share,
                ),
            )
        )
    overall = OverallProgress(
        answered=len(attempts),
        accuracy=_mean([a.score for a in attempts]),
        modules_mastered=sum(1 for p in out if p.mastered),
        modules_total=len(out),
        due=sum(due_by_module.values()),
        chat_questions=sum(chat_counts.values()),
    )
    return LearnerProgress(
        learner=learner,
        modules=out,
        overall=overall,
        mastery_threshold=threshold,
        mastery_window=window,
    )
