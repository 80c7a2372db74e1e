"""`tutor cards`: review the course's flashcards with FSRS, list them, export them to Anki or CSV."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tutor.cli.common import JsonOpt, LearnerOption, ModuleOpt, console, fail
from tutor.course.objectives import module_titles
from tutor.exceptions import FlashcardError, TutorError
from tutor.flashcards.deck import load_deck
from tutor.flashcards.export import cards_csv, write_apkg
from tutor.flashcards.review import CardReviews, parse_rating
from tutor.progress.factory import open_progress_store
from tutor.progress.names import learner_or_default
from tutor.progress.records import utc_now
from tutor.settings import get_settings

cards_app = typer.Typer(
    no_args_is_help=True, help="Flashcards from the course: review with FSRS, export to Anki."
)


class ExportFormat(StrEnum):
    apkg = "apkg"
    csv = "csv"


@cards_app.command("review")
def review_cmd(
    module: ModuleOpt = None,
    learner: LearnerOption = None,
    new: Annotated[int, typer.Option("--new", min=0, help="New cards to add after the due ones.")] = 10,
) -> None:
    """Review due flashcards (then a few new ones): rate each Again, Hard, Good or Easy."""
    settings = get_settings()
    try:
        name = learner_or_default(learner)
        store = open_progress_store(settings)
    except TutorError as e:
        fail(e)
    try:
        reviews = CardReviews(name, store, settings)
        cards = reviews.session(load_deck(settings), module, new_cards=new)
        if not cards:
            console.print("No flashcards are due and none are new here. Well done!")
            return
        console.print(f"{len(cards)} card(s). Press Enter to turn a card; rate it a/h/g/e; q stops.\n")
        done = 0
        for n, card in enumerate(cards, 1):
            console.print(f"[bold]{n}/{len(cards)}[/] [dim]{escape(card.objective)}[/]")
            console.print(escape(card.front), highlight=False)
            if typer.prompt("", default="", show_default=False, prompt_suffix="").strip().lower() == "q":
                break
            console.print(f"[green]{escape(card.back)}[/]", highlight=False)
            console.print(f"[dim]{escape(card.source)}, “{escape(card.section)}”[/]", highlight=False)
            while True:
                answer = typer.prompt("Again, Hard, Good or Easy? [a/h/g/e, q]").strip().lower()
                if answer == "q":
                    break
                try:
                    rating = parse_rating(answer)
                    break
                except FlashcardError as e:
                    console.print(f"[yellow]{escape(e.hint or e.message)}[/]")
            if answer == "q":
                break
            state = reviews.review(card, rating)
            done += 1
            console.print(f"[dim]Next review: {state.due.astimezone():%Y-%m-%d %H:%M}[/]\n")
        console.print(f"Reviewed {done} card(s).")
    except TutorError as e:
        fail(e)
    finally:
        store.close()


@cards_app.command("list")
def list_cmd(module: ModuleOpt = None, as_json: JsonOpt = False) -> None:
    """Every flashcard of the course (or of one module)."""
    try:
        cards = load_deck().for_module(module)
    except TutorError as e:
        fail(e)
    if as_json:
        print(json.dumps([c.model_dump(mode="json", exclude={"passage"}) for c in cards], indent=2))
        return
    for c in cards:
        console.print(f"[cyan]{c.id}[/] [dim]m{c.module} {escape(c.objective)} {c.kind}[/]", highlight=False)
        console.print(f"  Q: {escape(c.front)}\n  A: {escape(c.back)}", highlight=False)
    console.print(f"{len(cards)} card(s).")


@cards_app.command("export")
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="apkg (Anki) or csv.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    learner: LearnerOption = None,
    module: ModuleOpt = None,
) -> None:
    """Export flashcards as an Anki package or CSV. With --learner, each card carries that
    learner's schedule (CSV) or a tutor-new / tutor-due tag (Anki)."""
    settings = get_settings()
    try:
        cards = load_deck(settings).for_module(module)
        states = None
        now = None
        if learner is not None:
            name = learner_or_default(learner)
            store = open_progress_store(settings)
            try:
                states = {s.card_id: s for s in store.card_states(name)}
            finally:
                store.close()
            now = utc_now()
        if fmt is ExportFormat.apkg:
            n = write_apkg(cards, out, module_titles(settings), states, now)
        else:
            if not cards:
                raise FlashcardError(
                    "There are no flashcards to export.", "Pick another module, or none for all."
                )
            try:
                out.write_text(cards_csv(cards, states), encoding="utf-8")
            except OSError as e:
                raise FlashcardError(
                    f"Could not write {out}: {e.strerror}.", "Check the path and permissions."
                ) from e
            n = len(cards)
        console.print(f"Wrote {n} card(s) to {out}.", highlight=False)
    except TutorError as e:
        fail(e)


def register(app: typer.Typer) -> None:
    app.add_typer(cards_app, name="cards")
