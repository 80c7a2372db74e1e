"""The review queue kept in the progress store (survives a restart, shared by processes) and
the `tutor items review` commands."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer
import yaml
from classroom_fixtures import finish_bank, fits_a_quiz
from quiz_fixtures import NEW_ITEM, mini_retriever, mini_settings
from typer.testing import CliRunner

from tutor.classroom.review_queue import ReviewQueue
from tutor.classroom.review_store import reviews_for
from tutor.classroom.reviews import ItemReview as ClassroomReview
from tutor.classroom.withhold import quiz_gate
from tutor.cli import classroom as cli_classroom
from tutor.course.items import QuizItem
from tutor.progress import Learner, open_progress_store
from tutor.progress.records import ItemReview as ItemReviewRow
from tutor.progress.sql_store import SQLProgressStore
from tutor.quiz import build_quiz

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    s = mini_settings(tmp_path, show_unreviewed_items=False)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(s.data_dir))
    monkeypatch.setenv("TUTOR_CORPUS_DIR", str(s.corpus_dir))
    monkeypatch.setenv("TUTOR_SHOW_UNREVIEWED_ITEMS", "false")
    return s


def learner_quiz(settings, retriever, seed: int = 1) -> list[str]:
    with Learner("ana", settings=settings) as who:
        if not who.attempts():
            finish_bank(who, NOW - timedelta(days=1))  # generated items join once the bank is seen
        quiz = build_quiz(
            1,
            30,
            who,
            retriever=retriever,
            rng=random.Random(seed),
            now=NOW,
            item_gate=quiz_gate(who.store, 1, settings),
        )
    return [i.id for i in quiz.items]


def test_reviews_survive_a_restart_with_their_history(settings, fake_embedder) -> None:
    retriever = mini_retriever(settings, fake_embedder)
    served = learner_quiz(settings, retriever)  # draws generated items: they enter the queue
    with open_progress_store(settings) as store:
        pending = reviews_for(store).list_reviews("pending")
        assert pending and not {r.item_id for r in pending} & set(served)
        target = next(r.item_id for r in pending if fits_a_quiz(r.item, settings))
        ReviewQueue(reviews_for(store), settings).approve(target, "ms-t", note="checked")
        ReviewQueue(reviews_for(store), settings).retire("m1-q01", "ms-t")
    with open_progress_store(settings) as store:  # a new process: read back from the database
        review = reviews_for(store).get_review(target)
        assert review is not None and review.status == "approved" and review.note == "checked"
        assert [e.status for e in review.details.history] == ["pending"]
        assert review.details.passage and review.details.source == "generated"
        row = store.get_item_review(target)
        assert isinstance(row, ItemReviewRow) and json.loads(row.validation_json)["source"] == "generated"
    assert any(target in learner_quiz(settings, retriever, s) for s in range(5))
    assert all("m1-q01" not in learner_quiz(settings, retriever, s) for s in range(5))


def test_an_unreadable_row_is_skipped_not_lost(settings) -> None:
    with open_progress_store(settings) as store:
        store.set_item_review(ItemReviewRow(item_id="odd", status="pending", item_json="{}"))
        assert reviews_for(store).list_reviews() == []
        assert store.get_item_review("odd") is not None  # still there


def test_review_commands(settings, tmp_path: Path) -> None:
    app = typer.Typer()
    cli_classroom.register(app)
    run = CliRunner().invoke

    assert run(app, ["items", "review", "list"]).stdout.strip() == "The queue is empty."
    result = run(app, ["items", "review", "retire", "m1-q02", "--reviewer", "ms-t", "--note", "old"])
    assert result.exit_code == 0 and "retired" in result.stdout
    listed = json.loads(run(app, ["items", "review", "list", "--json"]).stdout)
    assert [(r["item_id"], r["status"], r["reviewer"]) for r in listed] == [("m1-q02", "retired", "ms-t")]
    shown = run(app, ["items", "review", "show", "m1-q02"])
    assert shown.exit_code == 0 and "Cited passage" in shown.stdout and "Model Registry" in shown.stdout

    new_item = tmp_path / "new.yaml"
    new_item.write_text(
        yaml.safe_dump(
            {
                "id": "m1-teacher-1",
                "module": 1,
                "objective": "m1-monitor",
                "type": "true_false",
                "stem": "True or false: SageMaker Model Monitor raises alarms in Amazon CloudWatch.",
                "answer": True,
                "explanation": "SageMaker Model Monitor raises alarms in Amazon CloudWatch.",
                "grounding": {"source": "01-mini.md", "section": "What Model Monitor is"},
            }
        )
    )
    assert run(app, ["items", "review", "author", "--file", str(new_item)]).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("stem: 12\n")
    result = run(app, ["items", "review", "edit", "m1-teacher-1", "--file", str(bad)])
    assert result.exit_code == 2 and "not valid" in result.output
    assert run(app, ["items", "review", "approve", "nope"]).exit_code == 2
    assert run(app, ["items", "review", "list", "--status", "maybe"]).exit_code == 2

    out = tmp_path / "bank.yaml"
    assert (
        run(app, ["items", "export", "--format", "yaml", "--out", str(out), "--module", "1"]).exit_code == 0
    )
    exported = {e["id"] for e in yaml.safe_load(out.read_text())}
    assert "m1-teacher-1" in exported and "m1-q02" not in exported and "m1-q01" in exported


def test_review_history_round_trips_on_every_engine(progress_url: str) -> None:
    """SQLite and a real PostgreSQL server keep a review's details and history alike."""
    item = QuizItem.model_validate({**NEW_ITEM, "id": "m1-gen-x", "origin": "generated"})
    with SQLProgressStore(progress_url) as store:
        reviews = reviews_for(store)
        reviews.save_review(ClassroomReview(item_id=item.id, status="pending", item=item))
        ReviewQueue(reviews).reject(item.id, "ms-t", note="too easy")
        ReviewQueue(reviews).approve(item.id, "ms-t", note="on second thought")
    with SQLProgressStore(progress_url) as store:
        review = reviews_for(store).get_review(item.id)
    assert review is not None and review.item == item
    assert (review.status, review.note) == ("approved", "on second thought")
    assert [(e.status, e.note) for e in review.details.history] == [
        ("pending", None),
        ("rejected", "too easy"),
    ]
