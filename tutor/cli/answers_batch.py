"""`tutor ask --file` (many questions, one model load, JSON Lines out) and `tutor eval-answers`
(accuracy with the expected term cited, decline precision/recall and latency on a labelled set)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from tutor.answer import answer_question
from tutor.answer.scoring import format_report, load_cases, score_case, summarize
from tutor.cli.common import JsonOpt, ModuleOpt, console, fail, print_json
from tutor.exceptions import ConfigError, TutorError
from tutor.models import Answer
from tutor.retrieval.search import get_retriever, require_index


def read_questions(path: Path) -> list[str]:
    """One question a line; blank lines and lines starting with '#' are skipped."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(
            f"Cannot read {path}: {e}", "Give a UTF-8 text file with one question a line."
        ) from e
    questions = [
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    if not questions:
        raise ConfigError(f"{path} holds no questions.", "Write one question a line.")
    return questions


def ask_file(path: Path, *, as_json: bool, module: int | None) -> None:
    """Answer every question of ``path`` with one retriever (one model load). A question that is
    refused (empty after cleaning, too long) gets an error line; the others still run."""

    questions = read_questions(path)
    retriever = get_retriever()
    require_index(retriever)
    for question in questions:
        try:
            answer = answer_question(question, module=module, retriever=retriever)
        except TutorError as e:
            if as_json:
                print(json.dumps({"question": question, "error": e.message, "hint": e.hint}), flush=True)
            else:
                console.print(
                    f"[bold]Q:[/] {question}\n[red]{e.message}[/] {e.hint or ''}\n", highlight=False
                )
            continue
        if as_json:
            print(answer.model_dump_json(), flush=True)
        else:
            console.print(f"[bold]Q:[/] {question}", highlight=False, markup=True)
            console.print(answer.answer, highlight=False, markup=False)
            for c in answer.citations:
                console.print(f"  [cyan][{c.n}][/] {c.label}", highlight=False)
            console.print(f"[dim]{answer.latency_ms:.0f} ms[/]\n")


def pick_reading(typed: str, options: list[str]) -> str:
    """After an ask-back, "2" means the second reading offered; anything else is a new question."""
    choice = typed.strip().rstrip(".)")
    if options and choice.isdigit() and 1 <= int(choice) <= len(options):
        console.print(f"[dim]→ {options[int(choice) - 1]}[/]", highlight=False)
        return options[int(choice) - 1]
    return typed


def _read_answers(path: Path) -> dict[str, Answer]:
    """Answers from `tutor ask --file ... --json`, by question (error lines are skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(
            f"Cannot read {path}: {e}", "Give the output of `tutor ask --file ... --json`."
        ) from e
    answers: dict[str, Answer] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if "error" not in data:
                answer = Answer.model_validate(data)
                answers[answer.question] = answer
        except ValueError as e:
            raise ConfigError(
                f"{path}:{n} is not an answer line: {e}", "Give the output of `tutor ask --file ... --json`."
            ) from e
    return answers


def register(app: typer.Typer) -> None:
    @app.command("eval-answers")
    def eval_answers(
        labelled: Annotated[
            Path,
            typer.Argument(
                help='JSON Lines: {"question": ..., "expected_terms": [...]}; no expected_terms = must be declined.'
            ),
        ],
        answers: Annotated[
            Path | None,
            typer.Option(
                help="Score these answers (from `tutor ask --file ... --json`) instead of asking now."
            ),
        ] = None,
        show_misses: Annotated[bool, typer.Option(help="List the questions scored wrong.")] = False,
        as_json: JsonOpt = False,
        module: ModuleOpt = None,
    ) -> None:
        """Score the tutor's answers on your labelled questions: accuracy, decline precision/recall, latency."""

        try:
            cases = load_cases(labelled)
            if answers is not None:
                given = _read_answers(answers)
                missing = [c.question for c in cases if c.question not in given]
                if missing:
                    raise ConfigError(
                        f"{len(missing)} labelled questions have no answer in {answers}, e.g. {missing[0]!r}.",
                        "Answer the same questions with `tutor ask --file QUESTIONS.txt --json > answers.jsonl`.",
                    )
                got = [given[c.question] for c in cases]
            else:
                retriever = get_retriever()
                require_index(retriever)
                got = [answer_question(c.question, module=module, retriever=retriever) for c in cases]
            report = summarize([score_case(c, a) for c, a in zip(cases, got, strict=True)])
        except TutorError as e:
            fail(e)
        if as_json:
            print_json(report)
            return
        for line in format_report(report):
            console.print(line, highlight=False)
        if show_misses:
            for r in report.results:
                if not r.correct:
                    kind = "should be declined" if r.must_decline else "in course"
                    console.print(
                        f"  [red]miss[/] {r.id} ({kind}): {r.question}\n    {r.answer[:200]}", highlight=False
                    )
