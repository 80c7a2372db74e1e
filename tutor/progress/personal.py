"""Personal scheduling: FSRS parameters fitted to one learner's own review history.

FSRS's default parameters describe an average Anki user. Once a learner has enough reviews
(``settings.personal_scheduling_min_reviews``, quiz answers and flashcards together), the
``fsrs`` optimizer fits the 21 weights to their history; the fit is kept only when it
predicts that history better than the defaults do, and it is refitted as the history grows.
The fitted scheduler then drives their predicted recall and the spacing of their reviews.

The fitted weights are a cache, not a record: the fit is deterministic (the optimizer seeds
its shuffle), so they live in a small JSON file per learner under the data directory and
are recomputed from the stored history whenever the file is missing or stale.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from fsrs import Rating, ReviewLog, Scheduler
from pydantic import BaseModel, Field, ValidationError

from tutor.progress.recall import ReviewEvent, replay, trace_id
from tutor.progress.records import utc_now
from tutor.progress.scheduling import scheduler as default_scheduler
from tutor.settings import Settings

REFIT_GROWTH = 1.25
"""Refit when the history has grown by a quarter since the last fit."""
MIN_BATCH = 32
_optimizer_lock = threading.Lock()
_EPS = 1e-6


class SchedulerParams(BaseModel):
    """FSRS weights fitted to one learner's review history."""

    learner: str
    parameters: list[float] = Field(description="The 21 FSRS weights.")
    reviews: int = Field(description="Reviews the fit used.")
    log_loss_default: float = Field(description="Log loss of the default weights on that history.")
    log_loss_fitted: float = Field(description="Log loss of the fitted weights on that history.")
    fitted_at: datetime


def params_path(settings: Settings, learner: str) -> Path:
    """The learner's cache file (named by a hash: a name never becomes a path)."""
    digest = hashlib.sha256(learner.encode()).hexdigest()[:24]
    return Path(settings.data_dir) / "learner-model" / f"{digest}.json"


def load_params(settings: Settings, learner: str) -> SchedulerParams | None:
    try:
        params = SchedulerParams.model_validate_json(
            params_path(settings, learner).read_text(encoding="utf-8")
        )
    except (OSError, ValidationError):
        return None  # absent or damaged: it is only a cache, refit
    return params if params.learner == learner else None


def save_params(settings: Settings, params: SchedulerParams) -> None:
    path = params_path(settings, params.learner)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(params.model_dump_json(), encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a read-only data dir: the fit is used now and redone next time


class ScheduleInfo(BaseModel):
    """What the learner is told about how their reviews are scheduled."""

    personal: bool
    desired_retention: float
    reviews: int
    needed: int
    fitted_on: int | None = None
    log_loss_default: float | None = None
    log_loss_fitted: float | None = None

    @property
    def sentence(self) -> str:
        target = f"Reviews are scheduled so you recall about {self.desired_retention:.0%} of what you review"
        if self.personal:
            return (
                f"{target}, using a memory model fitted to your own {self.fitted_on} reviews "
                f"(it predicts your answers better than the default: log loss "
                f"{self.log_loss_fitted:.3f} vs {self.log_loss_default:.3f})."
            )
        more = max(0, self.needed - self.reviews)
        return (
            f"{target}, using FSRS's default memory model. After {more} more review(s) it is fitted "
            "to your own history."
            if more
            else f"{target}, using FSRS's default memory model (a fit to your history did not predict it better)."
        )


def make_scheduler(parameters: list[float] | None, settings: Settings) -> Scheduler:
    """A scheduler with these weights (defaults when None), no fuzz, the course's retention."""
    if parameters is None and abs(settings.recall_target - 0.9) < 1e-9:
        return default_scheduler()
    kwargs = {"parameters": parameters} if parameters is not None else {}
    return Scheduler(desired_retention=settings.recall_target, enable_fuzzing=False, **kwargs)


def review_logs(events: list[ReviewEvent]) -> list[ReviewLog]:
    """Review events as the ``fsrs`` optimizer's review logs (one integer card id per trace)."""
    return [
        ReviewLog(
            card_id=trace_id(e.key),
            rating=Rating(e.rating),
            review_datetime=e.at.astimezone(UTC),
            review_duration=e.elapsed_ms,
        )
        for e in events
    ]


def predictions(events: list[ReviewEvent], scheduler: Scheduler) -> list[tuple[float, int]]:
    """(predicted recall, recalled 0/1) for every review made a day or more after the trace's
    previous one, predicted from the history before it. The same reviews the optimizer scores."""
    by_key: dict[str, list[ReviewEvent]] = defaultdict(list)
    for e in sorted(events, key=lambda e: e.at):
        by_key[e.key].append(e)
    out = []
    for history in by_key.values():
        for k in range(1, len(history)):
            card = replay(history[:k], scheduler)
            at = history[k].at.astimezone(UTC)
            if card.last_review is None or (at - card.last_review).days < 1:
                continue
            p = float(scheduler.get_card_retrievability(card, current_datetime=at))
            out.append((p, int(history[k].recalled)))
    return out


def log_loss(pairs: list[tuple[float, int]]) -> float:
    if not pairs:
        return math.nan
    total = 0.0
    for p, y in pairs:
        p = min(1 - _EPS, max(_EPS, p))
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / len(pairs)


def fit_parameters(events: list[ReviewEvent]) -> list[float]:
    """FSRS weights fitted to ``events`` with the ``fsrs`` optimizer (needs torch and pandas).

    The optimizer silently returns the defaults unless it sees 512 day-apart reviews (its
    mini-batch size); a learner has far fewer, so the batch is scaled to the history. The
    module constant is shared, hence the lock.
    """
    # Imported here, not at the top: it loads torch and pandas (seconds), which only a fit needs.
    import fsrs.optimizer as fsrs_optimizer

    logs = review_logs(events)
    scored = len(predictions(events, default_scheduler()))
    with _optimizer_lock:
        saved = fsrs_optimizer.mini_batch_size
        fsrs_optimizer.mini_batch_size = max(MIN_BATCH, min(saved, scored // 4 or MIN_BATCH))
        try:
            if scored < fsrs_optimizer.mini_batch_size:
                return list(default_scheduler().parameters)
            return [float(w) for w in fsrs_optimizer.Optimizer(logs).compute_optimal_parameters()]
        finally:
            fsrs_optimizer.mini_batch_size = saved


def fit_for(learner: str, events: list[ReviewEvent], now: datetime | None = None) -> SchedulerParams:
    """Fit, and score both parameter sets on the same history."""
    fitted = fit_parameters(events)
    return SchedulerParams(
        learner=learner,
        parameters=fitted,
        reviews=len(events),
        log_loss_default=log_loss(predictions(events, default_scheduler())),
        log_loss_fitted=log_loss(predictions(events, Scheduler(parameters=fitted, enable_fuzzing=False))),
        fitted_at=now or utc_now(),
    )


def _usable(params: SchedulerParams | None) -> bool:
    return params is not None and params.log_loss_fitted < params.log_loss_default


def personal_scheduler(learner: str, settings: Settings) -> Scheduler:
    """The scheduler to review with now: the learner's fitted weights if they are better than
    the defaults, else the defaults (no fitting here: a review must be instant)."""
    params = load_params(settings, learner)
    return make_scheduler(params.parameters if _usable(params) and params else None, settings)


def learner_scheduler(
    learner: str, events: list[ReviewEvent], settings: Settings, *, refit: bool = False
) -> tuple[Scheduler, ScheduleInfo]:
    """The learner's scheduler (personal weights when fitted and better) and what to tell them.

    ``events`` is the learner's whole review history. ``refit``: fit now if the history
    reached the threshold and grew since the last fit (seconds of CPU; the CLI and the
    Progress page pass it, a single review does not).
    """
    params = load_params(settings, learner)
    needed = settings.personal_scheduling_min_reviews
    grown = params is None or len(events) >= params.reviews * REFIT_GROWTH
    if refit and len(events) >= needed and grown:
        params = fit_for(learner, events)
        save_params(settings, params)
    personal = _usable(params)
    info = ScheduleInfo(
        personal=personal,
        desired_retention=settings.recall_target,
        reviews=len(events),
        needed=needed,
        fitted_on=params.reviews if params else None,
        log_loss_default=params.log_loss_default if params else None,
        log_loss_fitted=params.log_loss_fitted if params else None,
    )
    return make_scheduler(params.parameters if personal and params else None, settings), info
