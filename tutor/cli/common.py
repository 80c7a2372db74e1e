"""Consoles, options and error display shared by every `tutor` command module."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console

from tutor.exceptions import TutorError
from tutor.flashcards.deck import load_deck
from tutor.progress import Learner, learner_or_default
from tutor.settings import get_settings

console = Console()
err = Console(stderr=True)

ModuleOpt = Annotated[
    int | None, typer.Option("--module", "-m", min=0, max=9, help="Only this module (0-5).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
LearnerOpt = Annotated[str, typer.Option("--learner", "-l", help="Whose progress (default: 'default').")]
LearnerOption = Annotated[
    str | None, typer.Option("--learner", "-l", help="Whose quiz and progress (default: 'default').")
]


def fail(e: TutorError, code: int = 2) -> NoReturn:
    """Print a TutorError as a message and a hint, and exit."""
    err.print(f"[bold red]Error:[/] {e.message}", highlight=False)
    if e.hint:
        err.print(f"[yellow]Hint:[/] {e.hint}", highlight=False)
    raise typer.Exit(code)


def print_json(model: BaseModel) -> None:
    """A result as indented JSON on stdout (what --json prints)."""
    print(model.model_dump_json(indent=2))


def open_learner(name: str | None) -> Learner:
    """The named learner (or the default one) on the data directory's store, knowing the
    course's flashcards, so progress is counted as everywhere else. Close it after use."""
    settings = get_settings()
    return Learner(learner_or_default(name), settings=settings, card_topics=load_deck(settings).topics())
