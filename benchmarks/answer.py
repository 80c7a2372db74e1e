"""Offline answer benchmark on the labelled curriculum questions.

Ingests the bundled corpus into a temporary data dir, then for every question in
benchmarks/data/curriculum-questions.jsonl (the labelled set the answerer was tuned on) and
benchmarks/data/curriculum-questions-heldout.jsonl (written later, and not tuned on) measures
the warm offline answer latency and whether the expected service/term appears both in the
answer and in a cited passage.

    .venv/bin/python benchmarks/answer.py [--data-dir DIR] [--show-misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _answering import warm_retriever
from _common import ROOT

QUESTIONS = ROOT / "benchmarks" / "data" / "curriculum-questions.jsonl"
HELD_OUT = ROOT / "benchmarks" / "data" / "curriculum-questions-heldout.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, help="Reuse an index here instead of a fresh temp dir.")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    from tutor.answer import answer_question
    from tutor.retrieval.evaluation import load_questions, percentile

    with warm_retriever(args.data_dir) as retriever:
        for label, path in (("labelled", QUESTIONS), ("held-out", HELD_OUT)):
            questions = load_questions(path)
            latencies, correct, misses = [], 0, []
            for q in questions:
                a = answer_question(q.question, retriever=retriever)
                latencies.append(a.latency_ms)
                terms = [t.lower() for t in q.expected_terms]
                in_answer = any(t in a.answer.lower() for t in terms)
                in_cited = any(
                    t in c.quote.lower() or t in " ".join(c.section_path).lower()
                    for t in terms
                    for c in a.citations
                )
                if a.covered and in_answer and in_cited:
                    correct += 1
                else:
                    misses.append((q.id, q.question, q.expected_terms, a.answer[:160]))
            n = len(questions)
            print(f"{label} questions ({path.name}): {n}")
            print(
                f"  offline answer latency warm: p50 {percentile(latencies, 50):.0f} ms, "
                f"p95 {percentile(latencies, 95):.0f} ms (target p50 < 150 ms)"
            )
            print(
                f"  answer accuracy (expected term in answer and in a cited passage): "
                f"{correct}/{n} = {correct / n:.1%} (target >= 90%)"
            )
            if args.show_misses:
                for m in misses:
                    print("    miss", *m, sep=" | ")


if __name__ == "__main__":
    main()
