"""One next step: due reviews first, then the lowest predicted recall, then the next
objective not started in course order; `tutor next` gives the same answer as the card."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from quiz_fixtures import mini_settings
from typer.testing import CliRunner

from tutor.course.objectives import Objective
from tutor.flashcards.deck import load_deck
from tutor.progress import open_progress_store
from tutor.progress.learner_model import LearnerModel, load_learner_model
from tutor.progress.mastery import compute_progress
from tutor.progress.next_step import recommend
from tutor.progress.personal import ScheduleInfo
from tutor.progress.records import AttemptRecord
from tutor.settings import Settings

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
OBJECTIVES = {
    0: [Objective(id="m0-a", module=0, text="Overview A", sections=[], source="00.md")],
    1: [
        Objective(id="m1-a", module=1, text="Objective 1A", sections=[], source="01.md"),
        Objective(id="m1-b", module=1, text="Objective 1B", sections=[], source="01.md"),
    ],
    2: [Objective(id="m2-a", module=2, text="Objective 2A", sections=[], source="02.md")],
}


def attempt(item: str, objective: str, module: int, score: float, at: datetime) -> AttemptRecord:
    return AttemptRecord(
        learner="ana",
        quiz_id=f"q-{at.isoformat()}",
        item_id=item,
        module=module,
        objective=objective,
        item_type="single_choice",
        response="x",
        correct=score >= 1,
        score=score,
        answered_at=at,
    )


def model(tmp_path: Path, attempts, now, due_items=None, due_cards=None, learner="ana") -> LearnerModel:
    s = mini_settings(tmp_path)
    progress = compute_progress(learner, attempts, [], {}, OBJECTIVES, {}, s, now)
    return LearnerModel(
        learner=learner,
        progress=progress,
        due_items=due_items or {},
        due_cards=due_cards or {},
        schedule=ScheduleInfo(personal=False, desired_retention=0.9, reviews=len(attempts), needed=100),
        objectives=OBJECTIVES,
        events=[],
        now=now,
    )


# m0-a and m1-a practised: m1-a answered wrong (fades fast), m0-a right. m1-b, m2-a not started.
HISTORY = [
    attempt("o1", "m0-a", 0, 1.0, NOW - timedelta(days=3)),
    attempt("a1", "m1-a", 1, 0.0, NOW - timedelta(days=3)),
]


def test_due_reviews_come_first(tmp_path: Path) -> None:
    step = recommend(model(tmp_path, HISTORY, NOW, due_items={1: 3}, due_cards={2: 2}))
    assert step.kind == "review_questions" and step.due_questions == 3 and step.due_cards == 2
    assert step.command == "tutor review --learner ana"
    assert "3 questions" in step.reason and "2 flashcards also due" in step.reason


def test_due_cards_when_no_question_is_due(tmp_path: Path) -> None:
    step = recommend(model(tmp_path, HISTORY, NOW, due_cards={2: 1}))
    assert step.kind == "review_cards" and step.command == "tutor cards review --learner ana"


def test_lowest_predicted_recall_next(tmp_path: Path) -> None:
    step = recommend(model(tmp_path, HISTORY, NOW))
    assert step.kind == "practise" and step.objective == "m1-a" and step.module == 1
    assert step.command == "tutor quiz --module 1 --learner ana"
    assert step.predicted_recall is not None and step.predicted_recall < 0.9
    assert f"about {step.predicted_recall:.0%}" in step.reason


def test_next_objective_not_started_in_course_order(tmp_path: Path) -> None:
    fresh = [
        attempt("o1", "m0-a", 0, 1.0, NOW - timedelta(hours=1)),
        attempt("a1", "m1-a", 1, 1.0, NOW - timedelta(hours=1)),
    ]
    step = recommend(model(tmp_path, fresh, NOW))
    assert step.kind == "start" and step.objective == "m1-b" and step.module == 1
    assert step.command == "tutor quiz --module 1 --learner ana"
    # A brand-new learner starts with the overview.
    first = recommend(model(tmp_path, [], NOW, learner="default"))
    assert first.objective == "m0-a" and first.command == "tutor quiz --module 0"


def test_everything_remembered_keeps_the_weakest_fresh(tmp_path: Path) -> None:
    done = [
        attempt(f"x{k}", o.id, m, 1.0, NOW - timedelta(hours=k + 1))
        for k, (m, o) in enumerate((m, o) for m, objs in OBJECTIVES.items() for o in objs)
    ]
    step = recommend(model(tmp_path, done, NOW))
    assert step.kind == "keep" and step.predicted_recall >= 0.9


@pytest.fixture
def store(tmp_path: Path):
    s = open_progress_store(Settings())  # the SQL store of the test's data directory
    yield s
    s.close()


def test_cli_and_card_give_the_same_step(tmp_path: Path, store, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.cli.commands import app

    settings = mini_settings(tmp_path)
    monkeypatch.setenv("TUTOR_CORPUS_DIR", str(settings.corpus_dir))
    store.record_attempt(
        attempt("mm-q1", "m1-monitor", 1, 0.0, NOW), *_item_and_schedule("mm-q1", "m1-monitor")
    )
    out = CliRunner().invoke(app, ["next", "--learner", "ana", "--json"])
    assert out.exit_code == 0, out.output
    from_cli = json.loads(out.output)
    topics = load_deck(settings).topics()
    from_card = recommend(load_learner_model("ana", store=store, settings=settings, card_topics=topics))
    assert from_cli == from_card.model_dump(mode="json")
    assert from_cli["kind"] == "review_questions"  # the wrong answer is due again in minutes
    text = CliRunner().invoke(app, ["next", "--learner", "ana"])
    assert from_card.title in text.output and from_card.command in text.output


def _item_and_schedule(item_id: str, objective: str):
    from tutor.course.items import Grounding, ItemType, QuizItem
    from tutor.progress.scheduling import review

    item = QuizItem(
        id=item_id,
        module=1,
        objective=objective,
        type=ItemType.true_false,
        stem="True or false: Model Monitor watches deployed models.",
        answer=True,
        explanation="Model Monitor watches deployed models for drift.",
        grounding=Grounding(source="01-mini.md", section="What Model Monitor is"),
    )
    return item, lambda card_json: review(card_json, 0.0, NOW)
