"""Item quality of real quizzes: the figures issue 13 is judged on.

Ten quizzes (modules 1-5, two seeds, ten items each) from `tutor quiz --json`, then:

- stems with "according to the course" / "fill in the blank" (count);
- share of stems that repeat a run of ten words of the course;
- share of single-choice items with a stem word only the key repeats;
- keys repeated within a quiz (count of repeated keys over the ten quizzes);
- quiz items stating another item's key, and per-origin (bank / generated) counts.

    .venv/bin/python benchmarks/item_quality.py                 # ingest the corpus into a temp dir
    .venv/bin/python benchmarks/item_quality.py --data-dir DIR  # use an existing index
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from tutor.course.items import ItemType, QuizItem
from tutor.quiz.generation import generate_for_module
from tutor.quiz.guidelines import CourseText, course_phrasing, gives_away, repeated_keys, stem_echo
from tutor.settings import Settings

MODULES = (1, 2, 3, 4, 5)
SEEDS = (1, 2)
COUNT = 10


def quiz_json(module: int, seed: int, env: dict[str, str]) -> list[QuizItem]:
    """One quiz as `tutor quiz --json` prints it."""
    tutor = Path(sys.executable).with_name("tutor")
    out = subprocess.run(
        [str(tutor), "quiz", "--module", str(module), "--count", str(COUNT), "--seed", str(seed), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return [QuizItem.model_validate(i) for i in json.loads(out.stdout)["items"]]


def course_text(settings: Settings) -> CourseText:
    return CourseText.from_texts(
        p.read_text(encoding="utf-8") for p in sorted(Path(settings.corpus_dir).glob("*.md"))
    )


def measure(quizzes: list[list[QuizItem]], course: CourseText) -> dict[str, object]:
    items = [i for q in quizzes for i in q]
    single = [i for i in items if i.type is ItemType.single_choice]
    phrasing = [i for i in items if course_phrasing(i)]
    copied = [i for i in items if course.copies(i.stem)]
    echo = [i for i in single if stem_echo(i)]
    repeats = [k for q in quizzes for k in repeated_keys(q)]
    giveaways = [(a.id, b.id) for q in quizzes for a in q for b in q if gives_away(a, b)]
    return {
        "quizzes": len(quizzes),
        "items": len(items),
        "by_origin": dict(Counter(i.origin for i in items)),
        "course_phrasing": len(phrasing),
        "copied_run_share": round(len(copied) / len(items), 3) if items else 0.0,
        "copied_run_by_origin": dict(Counter(i.origin for i in copied)),
        "single_choice": len(single),
        "stem_echo_share": round(len(echo) / len(single), 3) if single else 0.0,
        "stem_echo_items": [f"{i.id}: {i.stem[:70]} -> {i.answer}" for i in echo],
        "repeated_keys": len(repeats),
        "repeated_key_texts": repeats,
        "giveaways": len(giveaways),
        "copied_items": [f"{i.id}: {i.stem[:90]}" for i in copied],
        "phrasing_items": [f"{i.id}: {i.stem[:90]}" for i in phrasing],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, help="An existing data dir with the course indexed.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = args.data_dir or Path(scratch)
        env = {
            **os.environ,
            "TUTOR_DATA_DIR": str(data_dir),
            "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
        }
        env.pop("TUTOR_LLM", None)
        if args.data_dir is None:
            tutor = Path(sys.executable).with_name("tutor")
            subprocess.run([str(tutor), "ingest"], env=env, check=True, capture_output=True)
        settings = Settings(data_dir=data_dir)
        quizzes = [quiz_json(m, s, env) for m in MODULES for s in SEEDS]
        course = course_text(settings)
        figures = measure(quizzes, course)
        # A fresh learner's quizzes are bank items first: measure the generator on its own
        # too (what a learner sees once the bank of an objective is used up).
        generated = [
            generate_for_module(m, COUNT, settings=settings, rng=random.Random(s)).items
            for m in MODULES
            for s in SEEDS
        ]
        figures["generated_only"] = measure(generated, course)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{figures['quizzes']} quizzes, {figures['items']} items {figures['by_origin']}")
    print(f"stems with 'according to the course' / 'fill in the blank': {figures['course_phrasing']}")
    print(
        f"stems repeating a run of ten course words: {figures['copied_run_share']:.1%} {figures['copied_run_by_origin']}"
    )
    print(
        f"single-choice items with a stem word only the key repeats: {figures['stem_echo_share']:.1%}"
        f" of {figures['single_choice']}"
    )
    print(f"keys repeated within a quiz: {figures['repeated_keys']} {figures['repeated_key_texts']}")
    print(f"items whose stem or options state another item's key: {figures['giveaways']}")
    for label in ("stem_echo_items", "copied_items", "phrasing_items"):
        for line in figures[label]:  # type: ignore[union-attr]
            print(f"  {label[:-6]}: {line}")
    g = figures["generated_only"]
    assert isinstance(g, dict)
    print(
        f"generated only ({g['items']} items from generate_for_module, same modules and seeds): "
        f"course phrasing {g['course_phrasing']}, copied runs {g['copied_run_share']:.1%}, "
        f"stem echo {g['stem_echo_share']:.1%} of {g['single_choice']}, keys repeated in one module's list {g['repeated_keys']} (a quiz drops them)"
    )


if __name__ == "__main__":
    main()
