"""`tutor ask` and `tutor chat`: cited answers in the terminal."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from tutor.cli_common import JsonOpt, ModuleOpt
from tutor.cli_common import fail as _fail
from tutor.exceptions import TutorError
from tutor.models import Answer, ChatTurn

console = Console()


def _print_answer(answer: Answer, streamed: bool) -> None:
    if not streamed:
        console.print(answer.answer, highlight=False, markup=False)
    if answer.notice:
        console.print(f"[yellow]Note:[/] {answer.notice}", highlight=False)
    flagged = [s for s in answer.sentences if not s.supported]
    for s in flagged:
        console.print(f"[red]⚠ not supported by the cited passages:[/] {s.text}", highlight=False)
    for c in answer.citations:
        console.print(f"[bold cyan][{c.n}][/] {c.label}", highlight=False)
    mode = answer.provider or "offline"
    console.print(f"[dim]{mode} · {answer.latency_ms:.0f} ms[/]")


def _stream(question: str, history: list[ChatTurn], module: int | None) -> Answer:
    from tutor.answer import stream_answer

    final: Answer | None = None
    for piece in stream_answer(question, history=history, module=module):
        if isinstance(piece, Answer):
            final = piece
        else:
            console.print(piece, end="", highlight=False, markup=False, soft_wrap=True)
    console.print()
    assert final is not None
    return final


def register(app: typer.Typer) -> None:
    @app.command()
    def ask(
        question: Annotated[str, typer.Argument(help="Your question about the course.")],
        module: ModuleOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Answer one question with citations (offline unless TUTOR_LLM is set)."""
        try:
            if as_json:
                from tutor.answer import answer_question

                print(answer_question(question, module=module).model_dump_json(indent=2))
                return
            _print_answer(_stream(question, [], module), streamed=True)
        except TutorError as e:
            _fail(e)

    @app.command()
    def chat(module: ModuleOpt = None) -> None:
        """A conversation in the terminal; follow-up questions use the history. Ctrl-D or 'quit' ends it."""
        from tutor.answer import describe_mode

        console.print(f"[bold]SageMaker tutor[/] — {describe_mode()}. Ask away; 'quit' to leave.")
        history: list[ChatTurn] = []
        while True:
            try:
                question = console.input("[bold green]you>[/] ")
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
                console.print(f"[red]{e.message}[/] {e.hint or ''}")
                continue
            _print_answer(answer, streamed=True)
            history += [
                ChatTurn(role="user", content=question),
                ChatTurn(role="assistant", content=answer.answer),
            ]
