"""Benchmark the offline quiz item generator on the indexed course.

For each module: take 50 generated candidate items, validate each against its cited chunk,
and report the share that passes, how many of the passing ones duplicate an earlier one,
the time per item, and how many valid distinct items the generator delivers when asked for 50.

    .venv/bin/python benchmarks/quiz_generator.py                 # ingest the corpus into a temp dir
    .venv/bin/python benchmarks/quiz_generator.py --data-dir DIR  # use an existing index
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tutor.quiz.generation.engine import candidates, generate_items, module_chunks
from tutor.quiz.validation import is_duplicate, item_problems
from tutor.quiz.vocabulary import build_vocabulary
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings


def index(data_dir: Path | None, scratch: Path) -> Retriever:
    if data_dir is not None:
        return Retriever(Settings(data_dir=data_dir))
    from tutor.index.ingest import ingest

    settings = Settings(data_dir=scratch)
    report = ingest(settings=settings)
    print(
        f"ingested {report.total_chunks} chunks in {report.seconds:.1f} s into {settings.data_dir}",
        file=sys.stderr,
    )
    return Retriever(settings)


def bench_module(retriever: Retriever, module: int, n: int, seed: int) -> dict[str, object]:
    chunks = retriever.chunks()
    by_id = {c.id: c for c in chunks}
    started = time.perf_counter()
    pool = candidates(chunks, module, rng=random.Random(seed), settings=retriever.settings)[:n]
    sentences = build_vocabulary([c.text for c in module_chunks(chunks, module)]).sentences
    passed = []
    reasons: Counter[str] = Counter()
    for item in pool:
        chunk = by_id.get(item.grounding.passage_id or "")
        problems = item_problems(item, chunk.text if chunk else "", course_sentences=sentences)
        if problems:
            # Group by kind of problem: drop the quoted option and the figures.
            reasons.update(" ".join(re.sub(r"'[^']*'|\([^)]*\)", " ", p).split()) for p in problems)
        else:
            passed.append(item)
    duplicates = 0
    distinct: list = []
    for item in passed:
        if is_duplicate(item, distinct):
            duplicates += 1
        else:
            distinct.append(item)
    elapsed = time.perf_counter() - started
    delivered_started = time.perf_counter()
    delivered = generate_items(chunks, module, n, rng=random.Random(seed), settings=retriever.settings)
    delivered_s = time.perf_counter() - delivered_started
    return {
        "module": module,
        "generated": len(pool),
        "passed": len(passed),
        "pass_share": len(passed) / len(pool) if pool else 0.0,
        "duplicates": duplicates,
        "ms_per_item": 1000 * elapsed / len(pool) if pool else 0.0,
        "rejections": dict(reasons.most_common(5)),
        "types": dict(Counter(i.type.value for i in pool)),
        "delivered_valid_distinct": len(delivered.items),
        "candidates_available": delivered.candidates,
        "delivered_ms_per_item": 1000 * delivered_s / max(1, len(delivered.items)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="Use this data dir's index instead of ingesting.")
    parser.add_argument("-n", type=int, default=50, help="Generated items per module.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quiz-bench-") as scratch:
        retriever = index(args.data_dir, Path(scratch))
        modules = sorted({c.module for c in retriever.chunks() if c.module is not None})
        rows = [bench_module(retriever, m, args.n, args.seed) for m in modules]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(
        f"{'module':>6} {'generated':>9} {'passed':>6} {'share':>6} {'dups':>4} {'ms/item':>7} {'valid of 50':>11}"
    )
    for r in rows:
        print(
            f"{r['module']:>6} {r['generated']:>9} {r['passed']:>6} {r['pass_share']:>6.0%} {r['duplicates']:>4} "
            f"{r['ms_per_item']:>7.2f} {r['delivered_valid_distinct']:>11}"
        )
        if r["rejections"]:
            print(f"{'':>8}rejected because: {r['rejections']}")


if __name__ == "__main__":
    main()
