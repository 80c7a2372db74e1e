"""The `tutor` command app: every command group is registered here, in one place.

Each group lives in its own module with a ``register(app)`` function; the commands are a thin
shell over the library that turns ``TutorError``s into a message and a hint.
"""

from __future__ import annotations

import sys

import typer

from tutor.cli import (
    answers,
    answers_batch,
    cards,
    classroom,
    config,
    doctor,
    library,
    progress,
    quizzes,
    study,
    users,
)
from tutor.cli.common import err
from tutor.exceptions import TutorError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="An offline AI tutor for Amazon SageMaker's role in the ML lifecycle.",
)

for group in (
    library,
    answers,
    answers_batch,
    quizzes,
    progress,
    study,
    cards,
    config,
    doctor,
    classroom,
    users,
):
    group.register(app)


def main() -> None:
    try:
        app()
    except TutorError as e:  # a library error that a command did not catch itself
        err.print("Error: " + e.message, highlight=False, markup=False)
        if e.hint:
            err.print("Hint: " + e.hint, highlight=False, markup=False)
        sys.exit(2)
