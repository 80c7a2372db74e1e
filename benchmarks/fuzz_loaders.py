"""Fuzz the Markdown and text loaders: generated inputs up to 64 KB, slowest time printed.

Inputs are built from the pieces that made the old regex parser slow (headings padded with
spaces, unclosed and closed fences, front-matter openers, brackets and parentheses of links
and images, anchors, escape sequences, long lines) mixed with random Unicode and random
bytes. Every input goes through load_markdown (as .md) and load_text (as .txt). Target: no
input over 1 s.

    .venv/bin/python benchmarks/fuzz_loaders.py            # 10,000 inputs, seed 0
    .venv/bin/python benchmarks/fuzz_loaders.py --n 500 --seed 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.exceptions import IngestError
from tutor.index.loaders import LoadLimits, load_markdown, load_text

MAX_BYTES = 64 * 1024

PIECES = [
    lambda r: "# a" + " " * r.randint(1, 8000) + "x\n",
    lambda r: "#" * r.randint(1, 8) + " " * r.randint(0, 50) + "#" * r.randint(0, 50) + "\n",
    lambda r: "```x\n" * r.randint(1, 2000),
    lambda r: "~~~\n" * r.randint(1, 200),
    lambda r: "```\ncode line\n```\n\n",
    lambda r: "---" + "\n" * r.randint(1, 5000),
    lambda r: "---\ntitle: x\nmodule: 2\n---\n",
    lambda r: "[a](" * r.randint(1, 3000),
    lambda r: "![](" * r.randint(1, 3000),
    lambda r: '<a name="' * r.randint(1, 2000),
    lambda r: "<span " * r.randint(1, 2000),
    lambda r: "(" * r.randint(1, 3000) + ")" * r.randint(0, 3000),
    lambda r: "\\" * r.randint(1, 3000),
    lambda r: "\x1b]0;title\x07\x1b[2J" * r.randint(1, 50),
    lambda r: "Sentence one. Sentence two! e.g. three? " * r.randint(1, 500),
    lambda r: "\n" * r.randint(1, 3000),
    lambda r: " " * r.randint(1, 20000),
    lambda r: "- item\n" * r.randint(1, 1000),
    lambda r: "| a | b |\n" * r.randint(1, 1000),
    lambda r: "".join(chr(r.randint(32, 0x2FFF)) for _ in range(r.randint(1, 3000))),
    lambda r: "word " * r.randint(1, 10000),
    lambda r: ". " * r.randint(1, 10000),
]


def generate(rng: random.Random) -> bytes:
    """One input: a mix of hostile pieces, sometimes raw bytes, cut at a random size <= 64 KB."""
    size = rng.randint(1, MAX_BYTES)
    if rng.random() < 0.03:
        return bytes(rng.randrange(256) for _ in range(size))
    parts: list[str] = []
    total = 0
    while total < size:
        piece = rng.choice(PIECES)(rng)
        parts.append(piece)
        total += len(piece)
    return "".join(parts).encode("utf-8", "surrogatepass")[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="inputs to generate")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    limits = LoadLimits()
    times: list[float] = []
    outcomes: Counter[str] = Counter()
    slowest = (0.0, -1, "")
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.n):
            data = generate(rng)
            for suffix, loader in ((".md", load_markdown), (".txt", load_text)):
                path = Path(tmp) / f"input{suffix}"
                path.write_bytes(data)
                started = time.perf_counter()
                try:
                    loader(path, 1000, limits)
                    outcome = "ok"
                except IngestError as e:
                    outcome = e.kind
                elapsed = time.perf_counter() - started
                outcomes[f"{suffix} {outcome}"] += 1
                times.append(elapsed)
                if elapsed > slowest[0]:
                    slowest = (elapsed, i, suffix)
            if (i + 1) % 1000 == 0:
                print(f"  {i + 1} inputs, slowest so far {slowest[0] * 1000:.0f} ms", flush=True)
    times.sort()
    print(f"{args.n} inputs x 2 loaders (seed {args.seed}), up to {MAX_BYTES // 1024} KB each")
    print(
        f"per load: p50 {statistics.median(times) * 1000:.1f} ms, "
        f"p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms, "
        f"slowest {slowest[0] * 1000:.1f} ms (input {slowest[1]}, {slowest[2]})"
    )
    print("outcomes: " + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
    over = sum(t > 1.0 for t in times)
    print(f"loads over 1 s: {over}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
