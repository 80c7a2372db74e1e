"""The class report: learners x modules mastery, per-objective class accuracy (weakest first),
inactive and stuck learners, what the class asks in chat and what the tutor declined."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from tutor.accounts.records import name_key
from tutor.accounts.store import AccountStore
from tutor.classroom.answers import store_for
from tutor.classroom.chat_summary import ChatSummary, summarize_chats
from tutor.classroom.gradebook import Gradebook, build_gradebook, learner_progress
from tutor.course.objectives import module_objectives, module_titles
from tutor.exceptions import ConfigError
from tutor.progress.mastery import LearnerProgress
from tutor.progress.records import AttemptRecord, ChatMessage, utc_now
from tutor.progress.sql_store import SQLProgressStore
from tutor.progress.store import ProgressStore
from tutor.settings import Settings, get_settings

STUCK_MIN_WRONG = 3
"""Wrong answers on one objective before a learner can count as stuck on it."""
STUCK_BELOW = 0.5
"""...and recent accuracy on it (last answers) below this."""
INACTIVE_DAYS = 7
CHAT_READ_LIMIT = 100_000
"""Chat turns read per learner for the chat summary (all of them, in practice)."""


class MasteryCell(BaseModel):
    learner: str
    module: int
    mastered: bool
    recent_accuracy: float | None
    answers: int


class ObjectiveAccuracy(BaseModel):
    module: int
    objective: str
    text: str
    answers: int
    learners: int
    accuracy: float | None = Field(description="Mean score of the class's answers; None if none.")


class InactiveLearner(BaseModel):
    learner: str
    last_activity: datetime | None = Field(description="Last answer or chat message; None: never.")


class StuckLearner(BaseModel):
    learner: str
    module: int
    objective: str
    text: str
    wrong: int
    answers: int
    recent_accuracy: float | None


class ClassReport(BaseModel):
    class_name: str | None
    learners: list[str]
    modules: dict[int, str]
    mastery: list[MasteryCell]
    objectives: list[ObjectiveAccuracy] = Field(description="Weakest first; unanswered ones last.")
    inactive: list[InactiveLearner]
    inactive_days: int
    stuck: list[StuckLearner]
    chat: ChatSummary
    gradebook: Gradebook
    generated_at: datetime = Field(default_factory=utc_now)


def class_learners(store: ProgressStore, class_name: str | None) -> list[str]:
    """Every learner, or the learner accounts of ``class_name`` (class mode). A teacher or admin
    who tried the quizzes has a progress record too, but is no learner of the class."""
    if class_name is None:
        names = store.list_learners()
        if isinstance(store, SQLProgressStore):
            staff = {name_key(a.name) for a in AccountStore(store).list() if a.role != "learner"}
            names = [n for n in names if name_key(n) not in staff]
        return names
    if not isinstance(store, SQLProgressStore):
        raise ConfigError(
            f"This progress store keeps no accounts, so --class {class_name!r} cannot be used.",
            "Classes come with class-mode accounts (`tutor users add NAME --class C`); leave out --class.",
        )
    accounts = AccountStore(store).list(class_name.strip())
    names = [a.name for a in accounts if a.role == "learner"]
    if not names:
        raise ConfigError(
            f"No learner is in class {class_name!r}.", "Check the class name (`tutor users list`)."
        )
    return names


def objective_accuracy(attempts: list[AttemptRecord], settings: Settings) -> list[ObjectiveAccuracy]:
    declared = module_objectives(settings)
    texts = {(m, o.id): o.text for m, objs in declared.items() for o in objs}
    scores: dict[tuple[int, str], list[float]] = defaultdict(list)
    who: dict[tuple[int, str], set[str]] = defaultdict(set)
    for a in attempts:
        scores[(a.module, a.objective)].append(a.score)
        who[(a.module, a.objective)].add(a.learner)
    keys = list(dict.fromkeys([*scores, *texts]))
    out = [
        ObjectiveAccuracy(
            module=m,
            objective=o,
            text=texts.get((m, o), o),
            answers=len(scores.get((m, o), [])),
            learners=len(who.get((m, o), set())),
            accuracy=sum(scores[(m, o)]) / len(scores[(m, o)]) if scores.get((m, o)) else None,
        )
        for m, o in keys
    ]
    out.sort(
        key=lambda x: (
            x.accuracy is None,
            x.accuracy if x.accuracy is not None else 0,
            -x.answers,
            x.objective,
        )
    )
    return out


def stuck_learners(attempts: list[AttemptRecord], progress: list[LearnerProgress]) -> list[StuckLearner]:
    """Learners with many wrong answers on one objective and still mostly wrong lately."""
    wrong: dict[tuple[str, int, str], int] = defaultdict(int)
    for a in attempts:
        if not a.correct:
            wrong[(a.learner, a.module, a.objective)] += 1
    out: list[StuckLearner] = []
    for p in progress:
        for m in p.modules:
            for o in m.objectives:
                n_wrong = wrong.get((p.learner, m.module, o.id), 0)
                if (
                    n_wrong >= STUCK_MIN_WRONG
                    and o.recent_accuracy is not None
                    and o.recent_accuracy < STUCK_BELOW
                ):
                    out.append(
                        StuckLearner(
                            learner=p.learner,
                            module=m.module,
                            objective=o.id,
                            text=o.text,
                            wrong=n_wrong,
                            answers=o.answered,
                            recent_accuracy=o.recent_accuracy,
                        )
                    )
    out.sort(key=lambda s: (-s.wrong, s.learner.lower(), s.objective))
    return out


def inactive_learners(
    learners: list[str], attempts: list[AttemptRecord], chats: list[ChatMessage], now: datetime, days: int
) -> list[InactiveLearner]:
    last: dict[str, datetime] = {}
    for when, learner in [(a.answered_at, a.learner) for a in attempts] + [
        (t.created_at, t.learner) for t in chats
    ]:
        if learner not in last or when > last[learner]:
            last[learner] = when
    cutoff = now - timedelta(days=days)
    out = [
        InactiveLearner(learner=x, last_activity=last.get(x))
        for x in learners
        if x not in last or last[x] < cutoff
    ]
    out.sort(key=lambda i: (i.last_activity is not None, i.last_activity or now, i.learner.lower()))
    return out


def build_class_report(
    *,
    class_name: str | None = None,
    store: ProgressStore | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
    inactive_days: int = INACTIVE_DAYS,
) -> ClassReport:
    settings = settings or get_settings()
    now = now or utc_now()
    with store_for(settings, store) as s:
        learners = class_learners(s, class_name)
        progress = [learner_progress(s, x, settings, now) for x in learners]
        attempts = [a for x in learners for a in s.attempts(x)]
        chats = [t for x in learners for t in s.load_chat(x, CHAT_READ_LIMIT)]
    titles = module_titles(settings)
    book = build_gradebook(progress, settings)
    return ClassReport(
        class_name=class_name,
        learners=book.learners,
        modules=book.modules,
        mastery=[MasteryCell.model_validate(r, from_attributes=True) for r in book.rows],
        objectives=objective_accuracy(attempts, settings),
        inactive=inactive_learners(learners, attempts, chats, now, inactive_days),
        inactive_days=inactive_days,
        stuck=stuck_learners(attempts, progress),
        chat=summarize_chats(chats, titles),
        gradebook=book,
        generated_at=now,
    )
