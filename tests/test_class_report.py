"""The class report and gradebook on the synthetic class, through the library and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
import typer
from classroom_fixtures import record, synthetic_responses
from typer.testing import CliRunner

from tutor.accounts.service import add_user
from tutor.accounts.store import AccountStore
from tutor.classroom.gradebook import gradebook_csv
from tutor.classroom.report import build_class_report
from tutor.cli import classroom as cli_classroom
from tutor.exceptions import ConfigError
from tutor.models import Answer
from tutor.progress import open_progress_store
from tutor.progress.records import utc_now
from tutor.settings import Settings


def answer(question: str, covered: bool, module: int | None) -> str:
    return Answer(
        question=question,
        standalone_question=question,
        answer="..." if covered else "The course does not cover that.",
        mode="offline",
        covered=covered,
        module=module,
        suggestions=[] if covered else ["Model Monitor"],
    ).model_dump_json()


@pytest.fixture
def store():
    s = open_progress_store(Settings())
    record(s, synthetic_responses())
    s.ensure_learner("newbie")  # registered, never did anything
    for learner, question, covered, module in [
        ("chatty", "How does Model Monitor detect drift?", True, 1),
        ("chatty", "What is the price of a GPU?", False, None),
        ("l1", "what is the PRICE of a  gpu?", False, None),
    ]:
        s.save_chat_turn(learner, "user", question)
        s.save_chat_turn(learner, "assistant", "...", answer(question, covered, module))
    yield s
    s.close()


def test_report_figures(store) -> None:
    report = build_class_report(store=store, settings=Settings(), now=utc_now() + timedelta(hours=1))
    assert report.learners == ["chatty", "l1", "l2", "l3", "l4", "l5", "l6", "newbie"]

    # Objective accuracy over every answer: anchors 14 right + good 4 + bad 3 + reviews 0 = 21 of 42.
    weakest = report.objectives[0]
    assert (weakest.objective, weakest.answers, weakest.learners) == ("m1-obj", 42, 6)
    assert weakest.accuracy == pytest.approx(0.5)
    assert all(o.accuracy is None for o in report.objectives[1:])  # declared, never answered: last

    # Stuck: 3+ wrong on the objective and under 50% on its last 5 answers (see classroom_fixtures).
    assert [(s.learner, s.wrong) for s in report.stuck] == [("l6", 6), ("l4", 4), ("l5", 4), ("l3", 3)]
    assert report.stuck[0].recent_accuracy == pytest.approx(0.2)

    # Inactive: the synthetic answers date from 2026-06; chatty and l1 chatted just now (a chat
    # message is activity too); newbie never did anything.
    inactive = [i.learner for i in report.inactive]
    assert inactive[0] == "newbie" and report.inactive[0].last_activity is None
    assert set(inactive) == {"newbie", "l2", "l3", "l4", "l5", "l6"}

    # Chat: by module, and the declined question once, with its two askers (no names).
    by_module = {m.module: m for m in report.chat.modules}
    assert by_module[1].questions == 1 and "monitor" in by_module[1].topics
    assert by_module[None].questions == 2 and by_module[None].learners == 2
    (gap,) = report.chat.declined
    assert (gap.asked, gap.learners) == (2, 2)
    assert "chatty" not in gap.model_dump_json() and "l1" not in gap.model_dump_json()

    # Mastery heatmap cell: l1 answered 7 in module 1, 5 right (anchors, good); not mastered yet.
    cell = next(c for c in report.mastery if c.learner == "l1" and c.module == 1)
    assert (cell.answers, cell.mastered) == (7, False)
    assert cell.recent_accuracy == pytest.approx(5 / 7)


def test_gradebook_csv(store) -> None:
    report = build_class_report(store=store, settings=Settings())
    rows = list(csv.DictReader(io.StringIO(gradebook_csv(report.gradebook))))
    l1 = next(r for r in rows if r["learner"] == "l1" and r["module"] == "1")
    assert l1["answers"] == "7" and l1["mastered"] == "0"
    assert float(l1["accuracy"]) == pytest.approx(5 / 7, abs=1e-4)
    assert l1["last_activity"].startswith("2026-06-01")
    newbie = [r for r in rows if r["learner"] == "newbie"]
    assert newbie and all(r["answers"] == "0" and r["accuracy"] == "" for r in newbie)
    assert {r["learner"] for r in rows} == set(report.learners)


def test_class_filter_keeps_the_learner_accounts_of_that_class(store) -> None:
    accounts = AccountStore(store)
    for name, role, klass in [
        ("l1", "learner", "7b"),
        ("chatty", "learner", "7b"),
        ("ms lee", "teacher", "7b"),
    ]:
        add_user(accounts, name, role, None, class_name=klass, email=f"{name.replace(' ', '')}@school.test")
    add_user(accounts, "l2", "learner", None, class_name="8a", email="l2@school.test")
    report = build_class_report(class_name="7b", store=store, settings=Settings())
    assert sorted(report.learners) == ["chatty", "l1"]  # not the teacher, not another class's learner
    with pytest.raises(ConfigError, match="No learner is in class"):
        build_class_report(class_name="9z", store=store, settings=Settings())


def test_the_whole_class_report_leaves_out_a_teacher_who_practised(store) -> None:
    accounts = AccountStore(store)
    add_user(accounts, "Ms Lee", "teacher", None, class_name="7b", email="lee@school.test")
    add_user(accounts, "l1", "learner", None, class_name="7b", email="l1@school.test")
    store.ensure_learner("Ms Lee")  # she tried a quiz, so she has a progress record
    report = build_class_report(store=store, settings=Settings())
    assert "l1" in report.learners
    assert not [n for n in report.learners if n.casefold() == "ms lee"]


def test_cli_report_json_and_csv(store) -> None:
    app = typer.Typer()
    cli_classroom.register(app)
    runner = CliRunner()
    out = runner.invoke(app, ["class", "report", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["objectives"][0]["objective"] == "m1-obj"
    out = runner.invoke(app, ["class", "report", "--csv"])
    assert out.exit_code == 0 and out.stdout.startswith("learner,module,")
    out = runner.invoke(app, ["class", "report"])
    assert out.exit_code == 0 and "Stuck" in out.stdout and "price of a  gpu" in out.stdout.lower()
    out = runner.invoke(app, ["class", "report", "--json", "--csv"])
    assert out.exit_code == 2
    out = runner.invoke(app, ["items", "stats", "--json"])
    assert out.exit_code == 0 and json.loads(out.stdout)["learners"] == 6
