"""Share of the labelled injection sets the detector flags, and what slips, per set.

    .venv/bin/python benchmarks/injection_detector.py            # dev sets (tuned on)
    .venv/bin/python benchmarks/injection_detector.py --heldout  # held-out sets (report only)

Attacks are reworded instructions to an AI in seven languages; benign sentences are
course-like text that must NOT be flagged (a false positive removes course text).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.injection import is_ai_directive
from tutor.safety import matches_word_list

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "injection"


def load(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout", action="store_true", help="the held-out sets instead of the dev sets")
    args = ap.parse_args()
    split = "heldout" if args.heldout else "dev"
    for kind in ("attacks", "benign"):
        rows = load(f"{kind}-{split}.jsonl")
        old = sum(matches_word_list(r["text"]) for r in rows)
        flagged = [r for r in rows if is_ai_directive(r["text"])]
        print(f"{kind}-{split}: {len(flagged)}/{len(rows)} flagged ({len(flagged) / len(rows):.0%}); "
              f"the old word list flagged {old}/{len(rows)}")
        shown = [r for r in rows if r not in flagged] if kind == "attacks" else flagged
        label = "slips through" if kind == "attacks" else "wrongly flagged"
        for r in shown:
            print(f"  {label} [{r['lang']}]: {r['text']}")


if __name__ == "__main__":
    main()
