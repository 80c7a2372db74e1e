"""`tutor quiz` and `tutor review`: checkpoint quizzes and spaced review in the terminal."""

from __future__ import annotations

import random
import re
import time
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from tutor.boundary import tolerate_bad_input
from tutor.classroom.withhold import quiz_gate
from tutor.cli.common import LearnerOption, ModuleOpt, console, fail, open_learner, print_json
from tutor.course.grades import Grade
from tutor.course.items import ItemType, QuizItem
from tutor.exceptions import TutorError
from tutor.progress import Learner
from tutor.quiz import Quiz, answer_item, build_quiz
from tutor.safety.text_cleaning import clean_user_text

CountOpt = Annotated[int, typer.Option("--count", "-n", min=1, max=50, help="How many questions.")]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Fix the random choices (for demos and tests).")]
QuizJsonOpt = Annotated[bool, typer.Option("--json", help="Print the quiz items as JSON; ask nothing.")]
DueJsonOpt = Annotated[bool, typer.Option("--json", help="Print the due items as JSON; ask nothing.")]

_LETTERS = "abcdefghij"
_ATTEMPTS = 3


# --------------------------------------------------------------------------- input parsing


class _BadInput(ValueError):
    """The typed answer could not be read; the message says what to type."""


def _letters(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,;]+", text.strip().lower()) if t]


def _pick(token: str, options: list[str]) -> str:
    """An option from a letter, a number or the option's own text."""
    if len(token) == 1 and token in _LETTERS[: len(options)]:
        return options[_LETTERS.index(token)]
    if token.isdigit() and 1 <= int(token) <= len(options):
        return options[int(token) - 1]
    for option in options:
        if option.lower() == token.lower():
            return option
    raise _BadInput(f"'{token}' is not one of the letters a-{_LETTERS[len(options) - 1]}.")


def parse_response(item: QuizItem, text: str) -> Any:
    """Turn what the learner typed into the item type's response shape."""
    if item.type is ItemType.single_choice:
        return _pick(text.strip(), item.options)
    if item.type is ItemType.multiple_response:
        picks = [_pick(t, item.options) for t in _letters(text)]
        if not picks:
            raise _BadInput("Type the letters of every right option, e.g. 'a c'.")
        return list(dict.fromkeys(picks))
    if item.type is ItemType.true_false:
        t = text.strip().lower()
        if t in ("t", "true", "y", "yes"):
            return True
        if t in ("f", "false", "n", "no"):
            return False
        raise _BadInput("Type t (true) or f (false).")
    if item.type is ItemType.ordering:
        picks = [_pick(t, item.options) for t in _letters(text)]
        if sorted(picks) != sorted(item.options):
            raise _BadInput(f"Type all {len(item.options)} letters once each, in order, e.g. 'c a b'.")
        return picks
    if not text.strip():
        raise _BadInput("Type an answer.")
    return text.strip()


# --------------------------------------------------------------------------- display


def _show_item(n: int, total: int, item: QuizItem) -> None:
    console.print(f"\n[bold]Question {n}/{total}[/] [dim]({item.type.value.replace('_', ' ')})[/]")
    console.print(item.stem, highlight=False, markup=False)
    if item.options:
        for i, option in enumerate(item.options):
            console.print(f"  [cyan]{_LETTERS[i]})[/] {option}", highlight=False)
    hints = {
        ItemType.single_choice: "one letter",
        ItemType.multiple_response: "every right letter, e.g. 'a c'",
        ItemType.true_false: "t or f",
        ItemType.ordering: "the letters in the right order, e.g. 'c a b'",
        ItemType.short_answer: "a few words",
        ItemType.matching: "a letter for each item",
    }
    console.print(f"[dim]Answer with {hints[item.type]}.[/]")


def _ask(item: QuizItem) -> Any:
    """Prompt until the answer can be read (a few tries), then return the response."""
    tolerate_bad_input()  # invalid UTF-8 typed at a prompt is cleaned, not a crash
    if item.type is ItemType.matching:
        answer: dict[str, str] = {}
        for prompt in item.prompts:
            answer[prompt] = ""  # stays empty (wrong) after three unreadable tries
            for _ in range(_ATTEMPTS):
                text = clean_user_text(typer.prompt(f"  {prompt}"))
                try:
                    answer[prompt] = _pick(text.strip().lower(), item.options)
                    break
                except _BadInput as e:
                    console.print(f"[yellow]{e}[/]")
        return answer
    for _ in range(_ATTEMPTS):
        text = clean_user_text(typer.prompt("Your answer", default="", show_default=False))
        try:
            return parse_response(item, text)
        except _BadInput as e:
            console.print(f"[yellow]{e}[/]")
    # Three unreadable tries: an answer that grades as wrong (None for true/false, see _run).
    return {ItemType.multiple_response: [], ItemType.ordering: [], ItemType.true_false: None}.get(
        item.type, ""
    )


def _show_grade(grade: Grade) -> None:
    mark = (
        "[bold green]✓[/]"
        if grade.correct
        else ("[bold yellow]~[/]" if grade.score > 0 else "[bold red]✗[/]")
    )
    console.print(f"{mark} {grade.feedback}", highlight=False)
    console.print(f"[bold]Why:[/] {grade.explanation}", highlight=False)
    if grade.passage:
        text = grade.passage if len(grade.passage) <= 600 else grade.passage[:600] + "…"
        console.print(f"[dim]From {grade.source} › {grade.section}:[/]", highlight=False)
        console.print(text, style="dim", highlight=False, markup=False)
    if grade.notice:
        console.print(f"[yellow]Note:[/] {grade.notice}", highlight=False)


def _run(quiz: Quiz, learner: Learner) -> None:
    """Ask every item, grade it, record it, and show feedback with the cited passage."""
    for notice in quiz.notices:
        console.print(f"[yellow]Note:[/] {notice}", highlight=False)
    total = 0.0
    answered = 0
    for n, item in enumerate(quiz.items, 1):
        _show_item(n, len(quiz.items), item)
        shown_at = time.monotonic()
        try:
            response = _ask(item)
        except (typer.Abort, EOFError, KeyboardInterrupt):
            console.print("\n[yellow]Quiz stopped.[/] Answers given so far are saved.")
            break
        if response is None:
            response = not item.answer  # unreadable true/false: graded as the wrong answer
        elapsed_ms = int((time.monotonic() - shown_at) * 1000)
        grade = answer_item(learner, quiz.id, item, response, elapsed_ms=elapsed_ms)
        _show_grade(grade)
        total += grade.score
        answered += 1
    if answered:
        console.print(f"\n[bold]Score: {total:.1f} / {answered}[/] ({total / answered:.0%})")
    if quiz.module is not None:
        p = learner.progress().module(quiz.module)
        if p is not None:
            state = "[green]mastered[/]" if p.mastered else f"not yet mastered: {p.to_master}"
            acc = "-" if p.recent_accuracy is None else f"{p.recent_accuracy:.0%}"
            console.print(
                f"Module {p.module} ({p.title}): recent accuracy {acc} over {p.recent_answered} answers, "
                f"{p.objectives_covered}/{p.objectives_total} objectives; {state}.",
                highlight=False,
            )


# --------------------------------------------------------------------------- commands


def register(app: typer.Typer) -> None:
    """Add the quiz commands to ``app``."""

    @app.command()
    def quiz(
        module: ModuleOpt = None,
        count: CountOpt = 5,
        learner: LearnerOption = None,
        as_json: QuizJsonOpt = False,
        seed: SeedOpt = None,
    ) -> None:
        """A checkpoint quiz: due reviews, earlier mistakes and new questions, with cited feedback."""
        try:
            with open_learner(learner) as who:
                rng = random.Random(seed) if seed is not None else None
                built = build_quiz(
                    module, count, who, rng=rng, item_gate=quiz_gate(who.store, module, who.settings)
                )
                if as_json:
                    print_json(built)
                    return
                _run(built, who)
        except TutorError as e:
            fail(e)

    @app.command()
    def review(
        module: ModuleOpt = None,
        count: CountOpt = 10,
        learner: LearnerOption = None,
        as_json: DueJsonOpt = False,
    ) -> None:
        """Answer the questions that are due for spaced review (FSRS)."""
        try:
            with open_learner(learner) as who:
                built = build_quiz(
                    module, count, who, review_only=True, item_gate=quiz_gate(who.store, module, who.settings)
                )
                if as_json:
                    print_json(built)
                    return
                if not built.items:
                    console.print("Nothing is due for review. Well done!")
                    upcoming = sorted(who.due_states(module, now=_far_future()), key=lambda s: s.due)
                    if upcoming:
                        console.print(f"Next review: {upcoming[0].due.astimezone():%Y-%m-%d %H:%M}.")
                    return
                _run(built, who)
        except TutorError as e:
            fail(e)


def _far_future() -> datetime:
    return datetime(9999, 1, 1, tzinfo=UTC)
