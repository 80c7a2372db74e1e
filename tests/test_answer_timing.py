"""Time to answer is recorded with every quiz answer (for the teacher's item statistics)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from quiz_fixtures import mini_settings, use_mini_course
from typer.testing import CliRunner

from tutor.classroom.item_stats import class_item_stats
from tutor.cli import quizzes as cli_quiz
from tutor.course.items import ItemType, QuizItem
from tutor.progress import Learner, open_progress_store
from tutor.quiz import answer_item


def test_cli_quiz_records_time_to_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder
) -> None:
    settings = use_mini_course(tmp_path, monkeypatch, fake_embedder)
    app = typer.Typer()
    cli_quiz.register(app)
    planned = json.loads(
        CliRunner().invoke(app, ["quiz", "-m", "1", "-n", "2", "--json", "--seed", "4"]).output
    )
    items = [QuizItem.model_validate(raw) for raw in planned["items"]]
    typed = "".join(
        "t\n" if i.type is ItemType.true_false else ("a\n" * max(1, len(i.prompts))) if i.options else "x\n"
        for i in items
    )
    result = CliRunner().invoke(app, ["quiz", "-m", "1", "-n", "2", "--seed", "4", "-l", "ana"], input=typed)
    assert result.exit_code == 0, result.output
    with open_progress_store(settings) as store:
        attempts = store.all_attempts()
    assert len(attempts) == 2 and all(a.elapsed_ms is not None and a.elapsed_ms >= 0 for a in attempts)


def test_time_to_answer_reaches_item_statistics(tmp_path: Path) -> None:
    settings = mini_settings(tmp_path)
    from_bank = QuizItem.model_validate(
        {
            "id": "m1-t",
            "module": 1,
            "objective": "m1-monitor",
            "type": "true_false",
            "stem": "True or false: Model Monitor watches deployed models.",
            "answer": True,
            "explanation": "Model Monitor watches deployed models and reports drift.",
            "grounding": {"source": "01-mini.md", "section": "What Model Monitor is"},
        }
    )
    for name, ms in [("ana", 4000), ("ben", 8000), ("cy", 9000)]:
        with Learner(name, settings=settings) as who:
            answer_item(who, "q1", from_bank, True, elapsed_ms=ms)
    (stats,) = class_item_stats(1, settings=settings).items
    assert (stats.timed_answers, stats.time_median_ms, stats.time_mean_ms) == (3, 8000, 7000)
