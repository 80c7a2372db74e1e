"""`tutor quiz`, `tutor review` and `tutor progress` through Typer's test runner, on the mini course."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from quiz_fixtures import mini_retriever, mini_settings
from typer.testing import CliRunner

from tutor.cli import progress as cli_progress
from tutor.cli import quizzes as cli_quiz
from tutor.course.items import ItemType, QuizItem

LETTERS = "abcdefghij"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder) -> typer.Typer:
    settings = mini_settings(tmp_path)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TUTOR_CORPUS_DIR", str(settings.corpus_dir))
    retriever = mini_retriever(settings, fake_embedder)
    key = (str(settings.data_dir), settings.chroma_url, settings.collection)
    monkeypatch.setattr("tutor.retrieval.search._retrievers", {key: retriever})
    app = typer.Typer()
    cli_quiz.register(app)
    cli_progress.register(app)
    return app


def run(app: typer.Typer, *args: str, input: str | None = None):
    result = CliRunner().invoke(app, list(args), input=input)
    return result


def right_input(item: QuizItem) -> str:
    """What a learner who knows the answer types for ``item``."""
    letter = {o: LETTERS[i] for i, o in enumerate(item.options)}
    if item.type is ItemType.single_choice:
        return letter[str(item.answer)] + "\n"
    if item.type in (ItemType.multiple_response, ItemType.ordering):
        return " ".join(letter[a] for a in item.answer) + "\n"  # type: ignore[union-attr]
    if item.type is ItemType.true_false:
        return ("t" if item.answer else "f") + "\n"
    if item.type is ItemType.matching:
        return "".join(letter[item.answer[p]] + "\n" for p in item.prompts)  # type: ignore[index]
    return f"{item.answer}\n"


def test_quiz_json_emits_items(app) -> None:
    result = run(app, "quiz", "--module", "1", "--count", "4", "--json", "--seed", "3")
    assert result.exit_code == 0, result.output
    quiz = json.loads(result.output)
    assert quiz["module"] == 1 and len(quiz["items"]) == 4
    for raw in quiz["items"]:
        QuizItem.model_validate(raw)


def test_interactive_quiz_records_answers_and_progress(app, tmp_path: Path) -> None:
    planned = json.loads(run(app, "quiz", "-m", "1", "-n", "5", "--json", "--seed", "9", "-l", "ana").output)
    items = [QuizItem.model_validate(raw) for raw in planned["items"]]
    # One unreadable answer first: the CLI asks again instead of failing.
    unreadable = items[0].type not in (ItemType.matching, ItemType.short_answer)
    typed = ("zz\n" if unreadable else "") + right_input(items[0])
    typed += "".join(right_input(i) for i in items[1:])
    result = run(app, "quiz", "-m", "1", "-n", "5", "--seed", "9", "-l", "ana", input=typed)
    assert result.exit_code == 0, result.output
    assert "Score: 5.0 / 5 (100%)" in result.output
    assert "From 01-mini.md" in result.output  # the cited passage is shown

    progress = json.loads(run(app, "progress", "-l", "ana", "--json").output)
    assert progress["overall"]["answered"] == 5 and progress["overall"]["accuracy"] == 1.0
    assert json.loads(run(app, "progress", "-l", "ben", "--json").output)["overall"]["answered"] == 0

    out = tmp_path / "ana.csv"
    result = run(app, "progress", "-l", "ana", "--export", "csv", "--out", str(out))
    assert result.exit_code == 0 and len(out.read_text().splitlines()) == 6
    assert json.loads(run(app, "progress", "--learners", "--json").output) == ["ana"]

    review = run(app, "review", "-l", "ana")
    assert review.exit_code == 0 and "Nothing is due" in review.output and "Next review" in review.output


def test_progress_text_table(app) -> None:
    result = run(app, "progress", "-l", "ana")
    assert result.exit_code == 0 and "Mini" in result.output and "mastered" in result.output


def test_errors_are_messages_with_hints(app) -> None:
    result = run(app, "quiz", "-m", "7", "--json")
    assert result.exit_code == 2
    assert "Error:" in result.output and "Hint:" in result.output
    bad_name = run(app, "progress", "-l", "a/b")
    assert bad_name.exit_code == 2 and "not allowed" in bad_name.output
    bad_format = run(app, "progress", "--export", "xml")
    assert bad_format.exit_code != 0


def test_parse_response_shapes() -> None:
    item = QuizItem(
        id="t1",
        module=1,
        objective="m1-o",
        type=ItemType.multiple_response,
        stem="Which of these are deployment options? Select all.",
        options=["Batch transform", "Clarify", "Serverless Inference", "Ground Truth"],
        answer=["Batch transform", "Serverless Inference"],
        explanation="Both are ways to deploy a model.",
        grounding={"source": "x.md", "section": "y"},
    )
    assert cli_quiz.parse_response(item, "a, c") == ["Batch transform", "Serverless Inference"]
    assert cli_quiz.parse_response(item, "1 3 3") == ["Batch transform", "Serverless Inference"]
    with pytest.raises(ValueError):
        cli_quiz.parse_response(item, "a x")
