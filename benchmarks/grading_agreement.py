"""Agreement of the quiz grader with a teacher's marks on the labelled grading set.

tests/data/grading_set.yaml holds learner answers to bank items, each labelled right,
partial or wrong by hand before the grader was tuned. The grader agrees with an answer's
label when its score falls in the same class (1 right, between 0 and 1 partial, 0 wrong).
The parts are reported separately: "tune" was used in the first round of changes to the
grader; "heldout" was held out in the first round and looked at in the second; "heldout2"
was written before the second round and not looked at while tuning.

    .venv/bin/python benchmarks/grading_agreement.py          # offline grader, real embedding model
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from pydantic import BaseModel

from tutor.course.bank import load_bank
from tutor.embeddings import Embedder, load_embedder
from tutor.quiz.grading import grade_answer
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
GRADING_SET = ROOT / "tests" / "data" / "grading_set.yaml"


class LabelledAnswer(BaseModel):
    item: str
    split: str
    kind: str
    label: str
    answer: str | list[str]


def load_set(path: Path = GRADING_SET) -> list[LabelledAnswer]:
    return [LabelledAnswer.model_validate(raw) for raw in yaml.safe_load(path.read_text(encoding="utf-8"))]


def grade_class(score: float) -> str:
    return "right" if score >= 1.0 else ("partial" if score > 0 else "wrong")


def run(settings: Settings, embedder: Embedder) -> dict[str, list[tuple[LabelledAnswer, float, str]]]:
    """Split -> (answer, score, class) per labelled answer."""
    bank = {i.id: i for i in load_bank(settings=settings)}
    out: dict[str, list[tuple[LabelledAnswer, float, str]]] = {}
    for row in load_set():
        grade = grade_answer(bank[row.item], row.answer, settings=settings, embedder=embedder)
        out.setdefault(row.split, []).append((row, grade.score, grade_class(grade.score)))
    return out


def main() -> None:
    settings = Settings(corpus_dir=ROOT / "corpus")
    results = run(settings, load_embedder(settings))
    for split in ("tune", "heldout", "heldout2"):
        rows = results.get(split, [])
        if not rows:
            continue
        agree = [r for r in rows if r[0].label == r[2]]
        print(f"{split}: {len(agree)}/{len(rows)} agree ({len(agree) / len(rows):.1%})")
        for row, score, cls in rows:
            if row.label != cls:
                print(
                    f"   {row.item} {row.kind:<10} label {row.label:<7} graded {cls:<7} ({score:.2f}): {row.answer}"
                )
    sys.exit(0)


if __name__ == "__main__":
    main()
