"""`tutor ask` and `tutor chat`: cited answers in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tutor.answer import answer_question, describe_mode, stream_answer
from tutor.boundary import describe_unexpected, tolerate_bad_input
from tutor.cli.answers_batch import ask_file, pick_reading
from tutor.cli.common import JsonOpt, LearnerOpt, ModuleOpt, console, fail, print_json
from tutor.exceptions import TutorError
from tutor.models import Answer, ChatTurn
from tutor.progress import Learner
from tutor.progress.names import validate_learner_name
from tutor.safety.text_cleaning import clean_user_text, strip_controls


def _print_answer(answer: Answer, streamed: bool) -> None:
    # Course text and model output are printed without markup and without control characters
    # (a document's ESC]0;...BEL would retitle the terminal, ESC[2J clear it).
    if not streamed:
        console.print(strip_controls(answer.answer), highlight=False, markup=False)
    if answer.notice:
        console.print(f"[yellow]Note:[/] {escape(strip_controls(answer.notice))}", highlight=False)
    flagged = [s for s in answer.sentences if not s.supported]
    for s in flagged:
        console.print(
            f"[red]⚠ not supported by the cited passages:[/] {escape(strip_controls(s.text))}",
            highlight=False,
        )
    for c in answer.citations:
        console.print(f"[bold cyan][{c.n}][/] {escape(strip_controls(c.label))}", highlight=False)
    mode = answer.provider or "offline"
    console.print(f"[dim]{mode} · {answer.latency_ms:.0f} ms[/]")


def _stream(question: str, history: list[ChatTurn], module: int | None) -> Answer:
    final: Answer | None = None
    for piece in stream_answer(question, history=history, module=module):
        if isinstance(piece, Answer):
            final = piece
        else:
            console.print(strip_controls(piece), end="", highlight=False, markup=False, soft_wrap=True)
    console.print()
    assert final is not None
    return final


def _remember(learner: str, question: str, answer: Answer) -> None:
    """With --learner: keep the conversation and count the question toward the module's progress."""
    if not learner:
        return
    with Learner(learner) as who:
        who.remember_exchange(question, answer)


def _load_history(learner: str) -> list[ChatTurn]:
    if not learner:
        return []
    with Learner(learner) as who:
        return who.history(limit=20)


def register(app: typer.Typer) -> None:
    @app.command()
    def ask(
        question: Annotated[str, typer.Argument(help="Your question about the course.")] = "",
        module: ModuleOpt = None,
        learner: LearnerOpt = "",
        as_json: JsonOpt = False,
        file: Annotated[
            Path | None, typer.Option("--file", "-f", help="Answer every line of this file ('-': stdin).")
        ] = None,
    ) -> None:
        """Answer one question with citations (offline unless TUTOR_LLM is set)."""
        try:
            if file is not None:  # many questions, one model load (tutor.cli.answers_batch)
                return ask_file(file, as_json=as_json, module=module)
            if learner:
                validate_learner_name(learner)  # before any work: a bad name is not an afterthought
            question = clean_user_text(question)
            if as_json:
                answer = answer_question(question, module=module)
                print_json(answer)
            else:
                answer = _stream(question, [], module)
                _print_answer(answer, streamed=True)
            _remember(learner, question, answer)
        except TutorError as e:
            fail(e)

    @app.command()
    def chat(module: ModuleOpt = None, learner: LearnerOpt = "") -> None:
        """A conversation in the terminal; follow-up questions use the history. Ctrl-D or 'quit' ends it."""
        tolerate_bad_input()
        try:
            history = _load_history(learner)
        except TutorError as e:
            fail(e)
        console.print(f"[bold]SageMaker tutor[/] — {describe_mode()}. Ask away; 'quit' to leave.")
        if history:
            console.print(f"[dim](continuing {learner}'s conversation: {len(history)} earlier messages)[/]")
        options: list[str] = []  # readings the tutor offered when the last question was too vague
        while True:
            try:
                question = pick_reading(clean_user_text(console.input("[bold green]you>[/] ")), options)
            except (EOFError, KeyboardInterrupt):
                console.print()
                return
            if question.strip().lower() in {"quit", "exit", ":q"}:
                return
            if not question.strip():
                continue
            try:
                answer = _stream(question, history, module)
            except TutorError as e:
                console.print(f"[red]{escape(e.message)}[/] {escape(e.hint or '')}")
                continue
            except Exception as e:  # noqa: BLE001 - one bad line must not end the conversation
                console.print(
                    f"[red]That question could not be answered ({escape(describe_unexpected(e))}).[/]"
                )
                continue
            _print_answer(answer, streamed=True)
            options = answer.clarify
            if options:
                console.print(f"[dim]Type 1-{len(options)} to pick one, or ask something else.[/]")
            try:
                _remember(learner, question, answer)
            except TutorError as e:
                console.print(f"[yellow]Progress not saved: {e}[/]")
            history += [
                ChatTurn(role="user", content=question),
                ChatTurn(role="assistant", content=answer.answer),
            ]
