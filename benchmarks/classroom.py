"""Benchmark the teacher views on a simulated class: how long item statistics, the class
report and the quiz gate take when the progress store holds a class's answers.

Simulated class: ``--learners`` learners (ability uniform in 0.2..0.95) each answer
``--answers`` bank items of all modules (an item is right with probability = ability; one
item per module is "broken": right with probability 1 - ability). Prints figures as JSON,
including whether the broken items were flagged (a sanity check, not a tuning set).

    .venv/bin/python benchmarks/classroom.py --learners 30 --answers 200
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tutor.classroom.item_stats import class_item_stats
from tutor.classroom.report import build_class_report
from tutor.classroom.reviews import MemoryReviewStore
from tutor.classroom.withhold import review_gate
from tutor.course.bank import load_bank
from tutor.course.items import QuizItem
from tutor.progress import open_progress_store
from tutor.progress.records import AttemptRecord
from tutor.settings import Settings


def _wrong_choice(item: QuizItem, rng: random.Random) -> Any:
    if item.options and isinstance(item.answer, str):
        return rng.choice([o for o in item.options if o != item.answer])
    if isinstance(item.answer, bool):
        return not item.answer
    return "not the answer"


def simulate(settings: Settings, learners: int, answers: int, seed: int) -> set[str]:
    rng = random.Random(seed)
    bank = [i for i in load_bank(settings=settings) if i.type.value in ("single_choice", "true_false")]
    broken = {next(i.id for i in bank if i.module == m) for m in sorted({i.module for i in bank})}
    t0 = datetime(2026, 9, 1, tzinfo=UTC)
    store = open_progress_store(settings)
    try:
        for n in range(learners):
            ability = rng.uniform(0.2, 0.95)
            for k, item in enumerate(rng.sample(bank, min(answers, len(bank)))):
                p = 1 - ability if item.id in broken else ability
                right = rng.random() < p
                response = item.answer if right else _wrong_choice(item, rng)
                when = t0 + timedelta(minutes=k)
                attempt = AttemptRecord.answer_to(
                    item, f"learner{n:02d}", f"q{n}-{k}", response, right, answered_at=when
                )
                store.record_attempt(attempt, item, lambda _c, when=attempt.answered_at: ("{}", when, 3))
    finally:
        store.close()
    return broken


def timed(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument(
        "--answers", type=int, default=200, help="Answers per learner (at most the bank size)."
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        start = time.perf_counter()
        broken = simulate(settings, args.learners, args.answers, args.seed)
        fill_s = time.perf_counter() - start
        store = open_progress_store(settings)
        try:
            stats_ms, report = timed(lambda: class_item_stats(store=store, settings=settings))
            class_ms, _ = timed(lambda: build_class_report(store=store, settings=settings))
            gate_ms, _ = timed(lambda: review_gate(store, MemoryReviewStore(), 1, settings=settings))
        finally:
            store.close()
    flagged = {s.item_id for s in report.flagged}
    print(
        json.dumps(
            {
                "learners": args.learners,
                "first_answers": report.answers,
                "items": len(report.items),
                "fill_store_s": round(fill_s, 1),
                "item_stats_ms_p50": round(stats_ms, 1),
                "class_report_ms_p50": round(class_ms, 1),
                "quiz_gate_module_1_ms_p50": round(gate_ms, 1),
                "broken_items": sorted(broken),
                "broken_flagged": sorted(broken & flagged),
                "other_items_flagged": len(flagged - broken),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
