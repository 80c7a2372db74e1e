"""How well does predicted recall predict what a learner will remember?

Simulated learners whose true memory follows a known model that is NOT FSRS: exponential
forgetting, with a random difficulty per item and a random forgetting rate per learner.
Each learner studies new items and reviews due ones over simulated weeks; the review
schedule, the memory replay and the personal fit all go through the app's code
(tutor.progress.recall, tutor.progress.personal, tutor.progress.scheduling).

Every review at least a day after the item's previous one is predicted, from the history
before it, by three models:

  (a) the current mastery rule: the learner's recent accuracy in the module (last 20 answers),
      which is what "mastered" rested on before (it does not change with time);
  (b) FSRS with its default parameters (the item's retrievability now);
  (c) FSRS with parameters fitted to the learner's own history (tutor.progress.personal).

The first half of each learner's weeks is history only: (c) is fitted on it, and all three
models are scored on the second half (held out from the fit). Log loss (lower is better)
and AUC (higher is better) over every scored review of every learner.

    .venv/bin/python benchmarks/learner_model.py [--learners 12] [--weeks 8] [--seed 7]
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from fsrs import Card, Scheduler

from tutor.progress.personal import fit_for, log_loss
from tutor.progress.recall import ReviewEvent, replay, trace_id
from tutor.progress.scheduling import rating_for
from tutor.progress.scheduling import scheduler as default_scheduler

START = datetime(2026, 1, 5, tzinfo=UTC)
MODULES = 5
ITEMS_PER_MODULE = 24
NEW_PER_DAY = 4
MAX_REVIEWS_PER_DAY = 40
ATTENDANCE = 0.7
"""Chance the learner studies on a given day: real learners skip days, so reviews come late."""
WINDOW = 20


# --------------------------------------------------------------------------- the true memory


@dataclass
class Memory:
    """Ground truth for one learner and one item: exponential forgetting, p = exp(-t / S)."""

    difficulty: float  # 0 easy .. 1 hard
    strength: float = 0.0  # S in days; 0 = never studied
    first: float = 0.0  # S after the first study
    last: datetime | None = None

    def p_recall(self, now: datetime) -> float:
        if self.last is None:
            return 0.3  # prior knowledge on first sight
        days = (now - self.last).total_seconds() / 86400
        return math.exp(-days / self.strength)

    def update(self, now: datetime, recalled: bool, p: float, forgetting: float) -> None:
        if self.last is None:
            self.strength = self.first = (4.0 - 3.0 * self.difficulty) / forgetting
        elif recalled:
            # Spacing effect: a hard-won recall (low p) strengthens memory most.
            self.strength *= 1.5 + (5.0 - 3.0 * self.difficulty) * (1.0 - p) + 0.5 / forgetting
        else:
            # Seeing the answer after a lapse re-encodes it, weaker than the first time.
            self.strength = max(0.5 * self.first, 0.35 * self.strength)
        self.last = now


@dataclass
class Learner:
    name: str
    forgetting: float
    items: dict[str, Memory]
    module_of: dict[str, int]
    events: list[ReviewEvent] = field(default_factory=list)
    cards: dict[str, Card] = field(default_factory=dict)  # the app's FSRS schedule per item


def make_learner(k: int, rng: random.Random) -> Learner:
    items, module_of = {}, {}
    for m in range(1, MODULES + 1):
        for i in range(ITEMS_PER_MODULE):
            key = f"m{m}-i{i}"
            items[key] = Memory(difficulty=rng.random())
            module_of[key] = m
    return Learner(f"sim-{k}", forgetting=math.exp(rng.gauss(0.0, 0.6)), items=items, module_of=module_of)


# --------------------------------------------------------------------------- predictions


def mastery_rule(recent: deque[float]) -> float:
    """(a): recent accuracy in the module, as the mastery rule judges it (0.5 with no answers)."""
    return sum(recent) / len(recent) if recent else 0.5


def fsrs_recall(history: list[ReviewEvent], scheduler: Scheduler, now: datetime) -> float:
    """(b)/(c): the item's retrievability now, exactly as tutor.progress.recall computes it."""
    card = replay(history, scheduler)
    return float(scheduler.get_card_retrievability(card, current_datetime=now))


def auc(pairs: list[tuple[float, int]]) -> float:
    """Probability that a recalled review got a higher prediction than a forgotten one."""
    pos = [p for p, y in pairs if y]
    neg = [p for p, y in pairs if not y]
    if not pos or not neg:
        return math.nan
    ranked = sorted((p, y) for p, y in pairs)
    # Mann-Whitney U with average ranks for ties.
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


# --------------------------------------------------------------------------- simulation


def study_day(
    learner: Learner,
    day: datetime,
    rng: random.Random,
    recent: dict[int, deque[float]],
    on_review: Callable[..., None],
) -> None:
    """One session: due items (most overdue first), then new items, through the app's FSRS."""
    sched = default_scheduler()
    due = sorted((c.due, key) for key, c in learner.cards.items() if c.due <= day)
    queue = [key for _, key in due][:MAX_REVIEWS_PER_DAY]
    fresh = [k for k in learner.items if k not in learner.cards][:NEW_PER_DAY]
    for n, key in enumerate(queue + fresh):
        now = day + timedelta(minutes=2 * n)
        memory = learner.items[key]
        p = memory.p_recall(now)
        recalled = rng.random() < p
        history = [e for e in learner.events if e.ref == key]
        if history and (now - history[-1].at).days >= 1:
            on_review(learner, key, history, now, int(recalled), recent[learner.module_of[key]])
        memory.update(now, recalled, p, learner.forgetting)
        rating = rating_for(1.0 if recalled else 0.0)  # a quiz answer: right Good, wrong Again
        card = learner.cards.get(key) or Card(card_id=trace_id(f"item:{key}"), due=now)
        learner.cards[key], _ = sched.review_card(card, rating, review_datetime=now)
        learner.events.append(
            ReviewEvent(
                kind="item",
                ref=key,
                module=learner.module_of[key],
                objective=f"m{learner.module_of[key]}",
                rating=int(rating),
                at=now,
            )
        )
        recent[learner.module_of[key]].append(1.0 if recalled else 0.0)


def simulate(learners: int, weeks: int, seed: int) -> dict[str, list[tuple[float, int]]]:
    rng = random.Random(seed)
    scored: dict[str, list[tuple[float, int]]] = defaultdict(list)
    fit_seconds, fits_used, history_sizes = [], 0, []
    half = weeks * 7 // 2
    for k in range(learners):
        learner = make_learner(k, rng)
        recent: dict[int, deque[float]] = defaultdict(lambda: deque(maxlen=WINDOW))
        fitted: dict[str, Scheduler] = {}  # set at half time

        def on_review(learner, key, history, now, outcome, module_recent, fitted=fitted) -> None:
            if "c" not in fitted:  # first half: history only
                return
            scored["a"].append((mastery_rule(module_recent), outcome))
            scored["b"].append((fsrs_recall(history, default_scheduler(), now), outcome))
            scored["c"].append((fsrs_recall(history, fitted["c"], now), outcome))

        for d in range(weeks * 7):
            if d == half:
                started = time.perf_counter()
                params = fit_for(learner.name, learner.events, now=START + timedelta(days=d))
                fit_seconds.append(time.perf_counter() - started)
                history_sizes.append(params.reviews)
                fitted["c"] = Scheduler(parameters=params.parameters, enable_fuzzing=False)
                fits_used += int(params.parameters != list(default_scheduler().parameters))
            if rng.random() < ATTENDANCE:
                day = START + timedelta(days=d, hours=rng.uniform(8, 21))
                study_day(learner, day, rng, recent, on_review)
        print(
            f"  {learner.name}: forgetting x{learner.forgetting:.2f}, {len(learner.events)} reviews, "
            f"fit on {history_sizes[-1]} in {fit_seconds[-1]:.1f}s",
            flush=True,
        )
    print(
        f"fits that moved off the defaults: {fits_used} of {learners}; mean fit {sum(fit_seconds) / len(fit_seconds):.1f}s"
    )
    return scored


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--learners", type=int, default=12)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(
        f"{args.learners} simulated learners, {args.weeks} weeks, {MODULES}x{ITEMS_PER_MODULE} items, "
        f"seed {args.seed}; fit on the first half, scored on the second"
    )
    scored = simulate(args.learners, args.weeks, args.seed)
    names = {
        "a": "(a) mastery rule: recent accuracy",
        "b": "(b) FSRS, default parameters",
        "c": "(c) FSRS, fitted per learner",
    }
    n = len(scored["a"])
    base = sum(y for _, y in scored["a"]) / n if n else math.nan
    print(f"\nscored reviews: {n} (recalled {base:.1%})")
    print(f"{'model':38} {'log loss':>9} {'AUC':>7} {'mean p':>7}")
    for key, label in names.items():
        pairs = scored[key]
        mean_p = sum(p for p, _ in pairs) / len(pairs)
        print(f"{label:38} {log_loss(pairs):9.4f} {auc(pairs):7.3f} {mean_p:7.3f}")
    print(
        f"{'(constant: overall recall rate)':38} {log_loss([(base, y) for _, y in scored['a']]):9.4f} {0.5:7.3f} {base:7.3f}"
    )


if __name__ == "__main__":
    main()
