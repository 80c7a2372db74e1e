"""`tutor next`: the one thing to study now, with its reason and the command that starts it."""

from __future__ import annotations

import typer

from tutor.cli.common import JsonOpt, LearnerOption, console, fail, print_json
from tutor.exceptions import TutorError
from tutor.flashcards.deck import load_deck
from tutor.progress import Learner
from tutor.progress.names import learner_or_default
from tutor.progress.next_step import NextStep, recommend
from tutor.settings import Settings, get_settings


def next_step_for(learner: str, settings: Settings | None = None) -> NextStep:
    """Open the store, read the learner model (refitting personal parameters if due), recommend."""
    settings = settings or get_settings()
    topics = load_deck(settings).topics()
    with Learner(learner, settings=settings, card_topics=topics) as who:
        return recommend(who.model(refit=True))


def print_step(step: NextStep) -> None:
    console.print(f"[bold]Next up:[/] {step.title}", highlight=False)
    console.print(step.reason, highlight=False)
    console.print(f"Start it with: [cyan]{step.command}[/]", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("next")
    def next_cmd(learner: LearnerOption = None, as_json: JsonOpt = False) -> None:
        """What to study next: due reviews, then what you are forgetting, then what is new."""
        try:
            step = next_step_for(learner_or_default(learner))
        except TutorError as e:
            fail(e)
        if as_json:
            print_json(step)
        else:
            print_step(step)
