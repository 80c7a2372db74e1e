"""One error boundary: clear messages instead of tracebacks (issue 11, finding 3).

Bad settings give one line per variable, non-finite numbers are refused, an unusable data
dir is named with what to do, questions are cleaned before anything sees them, `tutor chat`
survives any single bad line, `--learner` is checked before any work, and nothing from a
document reaches the terminal as an escape sequence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from quiz_fixtures import use_mini_course
from typer.testing import CliRunner

import tutor.cli.answers
import tutor.index.ingest
import tutor.retrieval.retriever
import tutor.retrieval.search
from tutor.cli import app, quizzes
from tutor.exceptions import ConfigError, DataDirError, InvalidQuestionError
from tutor.index.ingest import ingest
from tutor.models import Answer, Chunk
from tutor.retrieval.search import check_question
from tutor.safety.text_cleaning import clean_user_text, strip_controls
from tutor.settings import Settings, get_settings

runner = CliRunner()


# --------------------------------------------------------------------------- settings


def test_bad_settings_are_one_line_per_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_TOP_K", "abc")
    monkeypatch.setenv("TUTOR_MIN_RELEVANCE", "2")
    monkeypatch.setenv("TUTOR_EXTRACT_TIMEOUT_S", "inf")
    with pytest.raises(ConfigError) as info:
        get_settings()
    lines = info.value.message.splitlines()
    assert lines[0] == "3 settings are invalid:"
    assert sorted(line.strip() for line in lines[1:]) == [
        "TUTOR_EXTRACT_TIMEOUT_S=inf: must be a finite number (not inf or nan)",
        "TUTOR_MIN_RELEVANCE=2: must be at most 1.0",
        "TUTOR_TOP_K=abc: must be an integer",
    ]


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "Infinity"])
def test_non_finite_numbers_are_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TUTOR_LLM_TIMEOUT_S", value)
    with pytest.raises(ConfigError, match=f"TUTOR_LLM_TIMEOUT_S={value}: must be"):
        get_settings()


def test_tutor_config_with_a_bad_value_prints_the_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUTOR_TOP_K", "abc")
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 2
    assert "TUTOR_TOP_K=abc: must be an integer" in result.output
    assert "ValidationError" not in result.output and "Traceback" not in result.output
    assert len(result.output.splitlines()) <= 6


# --------------------------------------------------------------------------- data dir


def test_a_file_in_the_way_of_the_data_dir_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(blocker / "data"))
    lesson = tmp_path / "a.md"
    lesson.write_text("# A\n\nSome text about endpoints.\n", encoding="utf-8")
    for args in (["ingest", str(lesson)], ["search", "endpoints"], ["stats"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        out = " ".join(result.output.split())
        assert "cannot be used: a file is in the way" in out, (args, out)
        assert "Set TUTOR_DATA_DIR" in out


def test_an_unwritable_data_dir_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder
) -> None:
    # Root ignores permissions, so the OS error is raised where the lock file is created.
    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "data" / "index.lock"))

    monkeypatch.setattr(tutor.index.ingest.FileLock, "acquire", denied)
    settings = Settings(data_dir=tmp_path / "data")
    with pytest.raises(DataDirError, match="cannot be used: it is not writable by this user"):
        ingest([tmp_path], settings=settings, embedder=fake_embedder)


# --------------------------------------------------------------------------- questions


def test_questions_are_cleaned_before_anything_sees_them() -> None:
    settings = Settings()
    raw = "What is an endpoint\udcff?\x1b]0;pwned\x07\x1b[2J\u202e \ud83d\ude00"
    text = check_question(raw, settings)
    assert text == "What is an endpoint\ufffd? 😀"
    text.encode("utf-8")  # a lone surrogate would raise here (and in the tokenizer)
    with pytest.raises(InvalidQuestionError, match="empty"):
        check_question("\x1b[2J\x00\x07  ", settings)


@settings(max_examples=300, deadline=1000)
@given(st.text(max_size=500) | st.binary(max_size=500))
def test_clean_user_text_always_gives_encodable_text_without_controls(raw: str | bytes) -> None:
    text = clean_user_text(raw)
    text.encode("utf-8")
    assert not any(ord(c) < 32 and c not in "\t\n" for c in text)
    assert "\x1b" not in text and "\x9b" not in text
    assert clean_user_text(text) == text


# --------------------------------------------------------------------------- chat and ask


def _fake_stream(calls: list[str]):
    def stream_answer(question: str, **kwargs) -> Iterator[str | Answer]:
        question = check_question(question, Settings())
        calls.append(question)
        if question == "boom":
            raise RuntimeError("something nobody planned for")
        yield f"Answer to {question}."
        yield Answer(question=question, standalone_question=question, answer=f"Answer to {question}.",
                     mode="offline", covered=True)  # fmt: skip

    return stream_answer


def test_chat_survives_any_single_bad_line(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(tutor.cli.answers, "stream_answer", _fake_stream(calls))
    lines = b"what is \xff\xfe drift\n\x1b[2J\n" + b"x" * 5000 + b"\nboom\nwhat is an endpoint\nquit\n"
    result = runner.invoke(app, ["chat"], input=lines)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # rich wraps long lines
    assert "Answer to what is \ufffd\ufffd drift." in out
    assert "characters long; the limit is" in out  # the over-long line, as a message
    assert "could not be answered (RuntimeError: something nobody planned for)" in out
    assert "Answer to what is an endpoint." in out  # the session went on
    assert "Traceback" not in out and calls[-1] == "what is an endpoint"


def test_ask_checks_the_learner_name_before_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(tutor.cli.answers, "stream_answer", _fake_stream(calls))
    result = runner.invoke(app, ["ask", "What is drift?", "--learner", "../x"])
    assert result.exit_code == 2
    assert "not allowed" in result.output
    assert calls == [] and "Answer to" not in result.output


# --------------------------------------------------------------------------- terminal output

EVIL = "Endpoints serve models.\x1b]0;pwned\x07\x1b[2J Real-time inference is fast [bold]here[/bold]."


def test_search_and_ask_print_no_escape_sequences_from_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder
) -> None:
    # An index written before ingest neutralised escapes: the text goes straight into the store.
    settings = Settings(data_dir=tmp_path / "data")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr(tutor.retrieval.retriever, "load_embedder", lambda s: fake_embedder)
    monkeypatch.setattr(tutor.retrieval.search, "_retrievers", {})
    store = tutor.retrieval.retriever.open_store(settings)
    chunk = Chunk(id="evil", text=EVIL, source="evil\x1b[31m.md", source_path="/evil.md", title="Evil",
                  section_path=["Endpoints\x1b]0;x\x07"], start=0, end=len(EVIL))  # fmt: skip
    store.upsert([chunk], fake_embedder.embed_documents([chunk.text]))

    shown = runner.invoke(app, ["search", "endpoints serve models"])
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.output and "\x07" not in shown.output
    assert "Real-time inference is fast [bold]here[/bold]." in shown.output

    def stream(question: str, **kwargs):
        yield EVIL
        yield Answer(question=question, standalone_question=question, answer=EVIL, mode="offline",
                     covered=True, notice="Note\x1b[2J")  # fmt: skip

    monkeypatch.setattr(tutor.cli.answers, "stream_answer", stream)
    asked = runner.invoke(app, ["ask", "endpoints"])
    assert asked.exit_code == 0, asked.output
    assert "\x1b" not in asked.output and "\x07" not in asked.output
    assert "Endpoints serve models." in asked.output


def test_strip_controls_removes_whole_escape_sequences() -> None:
    assert strip_controls("a\x1b]0;title\x07b\x1b[2Jc\x1b[1;31md\x9b2Je") == "abcde"
    assert json.dumps(strip_controls("tab\tand\nnewline")) == '"tab\\tand\\nnewline"'


def test_a_bad_secret_or_url_setting_is_named_without_echoing_its_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUTOR_DATABASE_URL", '{"user": "ana", "password": "hunter2"}')
    monkeypatch.setenv("TUTOR_TOP_K", "abc")
    try:
        get_settings()
    except ConfigError as e:
        assert "hunter2" not in str(e)
        assert "TUTOR_TOP_K=abc" in e.message
        if "TUTOR_DATABASE_URL" in e.message:
            assert "TUTOR_DATABASE_URL=(hidden)" in e.message
    else:
        pytest.fail("TUTOR_TOP_K=abc was accepted")


def test_a_quiz_survives_answers_that_are_not_valid_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder
) -> None:

    use_mini_course(tmp_path, monkeypatch, fake_embedder)
    quiz_app = typer.Typer()
    quizzes.register(quiz_app)
    garbage = b"\xff\xfe\x1b[2J \xed\xa0\x80 answer\n" * 40
    result = runner.invoke(quiz_app, ["quiz", "--module", "1", "--count", "3", "--seed", "1"], input=garbage)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    # What the quiz itself prints of the answer is the cleaned text (the runner also echoes
    # the raw input, as a terminal would).
    assert "'\ufffd\ufffd \ufffd\ufffd\ufffd answer' is not one of the letters" in result.output
