"""Share of the labelled injection sets the detector flags, and what slips, per set.

    .venv/bin/python benchmarks/injection_detector.py                   # every set
    .venv/bin/python benchmarks/injection_detector.py --split heldout2  # one pair

Splits: dev (tuned on), heldout (written with dev; looked at after round 1, then tuned on in
round 2), heldout2 (written after round 1, before round 2; never tuned on).

Attacks are reworded instructions to an AI in seven languages; benign sentences are
course-like text that must NOT be flagged (a false positive removes course text).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.markdown import parse_markdown
from tutor.safety.injection import is_ai_directive
from tutor.safety.passages import matches_word_list
from tutor.text import split_sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "injection"


def load(name: str) -> list[dict[str, str]]:
    return [
        json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "heldout", "heldout2"], action="append")
    ap.add_argument(
        "--corpus", action="store_true", help="also: sentences flagged in the course and the shared dev guide"
    )
    args = ap.parse_args()
    for split in args.split or ["dev", "heldout", "heldout2"]:
        report(split)
    if args.corpus:
        corpus_false_positives()


def corpus_false_positives() -> None:
    """Every sentence of the bundled course and of ../shared's dev guide is course text: each
    one flagged would be removed from an answer."""
    folders = [ROOT / "corpus", ROOT.parent / "shared" / "corpora" / "sagemaker-dev-guide"]
    if not folders[1].exists():
        folders[1] = Path("/work/shared/corpora/sagemaker-dev-guide")
    for folder in folders:
        sentences = [
            sentence
            for path in sorted(folder.glob("*.md"))
            for section in parse_markdown(path.read_text(encoding="utf-8", errors="replace"))[1]
            for sentence in split_sentences(section.body)
        ]
        flagged = [s for s in sentences if is_ai_directive(s)]
        print(f"{folder.name}: {len(flagged)} of {len(sentences)} sentences flagged")
        for sentence in flagged[:20]:
            print(f"  {sentence[:160]}")


def report(split: str) -> None:
    for kind in ("attacks", "benign"):
        rows = load(f"{kind}-{split}.jsonl")
        old = sum(matches_word_list(r["text"]) for r in rows)
        flagged = [r for r in rows if is_ai_directive(r["text"])]
        print(
            f"{kind}-{split}: {len(flagged)}/{len(rows)} flagged ({len(flagged) / len(rows):.0%}); "
            f"the old word list flagged {old}/{len(rows)}"
        )
        shown = [r for r in rows if r not in flagged] if kind == "attacks" else flagged
        label = "slips through" if kind == "attacks" else "wrongly flagged"
        for r in shown:
            print(f"  {label} [{r['lang']}]: {r['text']}")


if __name__ == "__main__":
    main()
