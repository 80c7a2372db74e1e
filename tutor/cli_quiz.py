"""`tutor quiz`, `tutor review` and `tutor progress`: checkpoint quizzes, spaced review and
mastery in the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from tutor.cli_common import JsonOpt, ModuleOpt, fail
from tutor.exceptions import TutorError
from tutor.quiz.items import ItemType, QuizItem

console = Console()

LearnerOption = Annotated[
    str | None, typer.Option("--learner", "-l", help="Whose quiz and progress (default: 'default').")
]
CountOpt = Annotated[int, typer.Option("--count", "-n", min=1, max=50, help="How many questions.")]
SeedOpt = Annotated[int | None, typer.Option("--seed", help="Fix the random choices (for demos and tests).")]

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
    if item.type is ItemType.matching:
        answer: dict[str, str] = {}
        for prompt in item.prompts:
            answer[prompt] = ""  # stays empty (wrong) after three unreadable tries
            for _ in range(_ATTEMPTS):
                text = typer.prompt(f"  {prompt}")
                try:
                    answer[prompt] = _pick(text.strip().lower(), item.options)
                    break
                except _BadInput as e:
                    console.print(f"[yellow]{e}[/]")
        return answer
    for _ in range(_ATTEMPTS):
        text = typer.prompt("Your answer", default="", show_default=False)
        try:
            return parse_response(item, text)
        except _BadInput as e:
            console.print(f"[yellow]{e}[/]")
    # Three unreadable tries: an answer that grades as wrong (None for true/false, see _run).
    return {ItemType.multiple_response: [], ItemType.ordering: [], ItemType.true_false: None}.get(
        item.type, ""
    )


def _show_grade(grade: Any) -> None:
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


def _run(quiz: Any, learner: str) -> None:
    """Ask every item, grade, show feedback with the cited passage, record the answer."""
    from tutor.progress import get_progress, open_progress_store, record_answer
    from tutor.quiz import grade_answer

    for notice in quiz.notices:
        console.print(f"[yellow]Note:[/] {notice}", highlight=False)
    store = open_progress_store()
    total = 0.0
    answered = 0
    try:
        for n, item in enumerate(quiz.items, 1):
            _show_item(n, len(quiz.items), item)
            try:
                response = _ask(item)
            except (typer.Abort, EOFError, KeyboardInterrupt):
                console.print("\n[yellow]Quiz stopped.[/] Answers given so far are saved.")
                break
            if response is None:
                response = not item.answer  # unreadable true/false: graded as the wrong answer
            grade = grade_answer(item, response)
            record_answer(learner, quiz.id, item, response, grade, progress=store)
            _show_grade(grade)
            total += grade.score
            answered += 1
        if answered:
            console.print(f"\n[bold]Score: {total:.1f} / {answered}[/] ({total / answered:.0%})")
        if quiz.module is not None:
            p = get_progress(learner, progress=store).module(quiz.module)
            if p is not None:
                state = "[green]mastered[/]" if p.mastered else f"not yet mastered: {p.to_master}"
                acc = "-" if p.recent_accuracy is None else f"{p.recent_accuracy:.0%}"
                console.print(
                    f"Module {p.module} ({p.title}): recent accuracy {acc} over {p.recent_answered} answers, "
                    f"{p.objectives_covered}/{p.objectives_total} objectives; {state}.",
                    highlight=False,
                )
    finally:
        store.close()


# --------------------------------------------------------------------------- commands


def register(app: typer.Typer) -> None:
    """Add the quiz commands to ``app``."""

    @app.command()
    def quiz(
        module: ModuleOpt = None,
        count: CountOpt = 5,
        learner: LearnerOption = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the quiz items as JSON; ask nothing.")
        ] = False,
        seed: SeedOpt = None,
    ) -> None:
        """A checkpoint quiz: due reviews, earlier mistakes and new questions, with cited feedback."""
        import random

        from tutor.progress import learner_or_default
        from tutor.quiz import build_quiz

        try:
            name = learner_or_default(learner)
            built = build_quiz(module, count, name, rng=random.Random(seed) if seed is not None else None)
            if as_json:
                print(built.model_dump_json(indent=2))
                return
            _run(built, name)
        except TutorError as e:
            fail(e)

    @app.command()
    def review(
        module: ModuleOpt = None,
        count: CountOpt = 10,
        learner: LearnerOption = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the due items as JSON; ask nothing.")
        ] = False,
    ) -> None:
        """Answer the questions that are due for spaced review (FSRS)."""
        from tutor.progress import due_states, learner_or_default
        from tutor.quiz import build_quiz

        try:
            name = learner_or_default(learner)
            built = build_quiz(module, count, name, review_only=True)
            if as_json:
                print(built.model_dump_json(indent=2))
                return
            if not built.items:
                console.print("Nothing is due for review. Well done!")
                upcoming = sorted(due_states(name, module, now=_far_future()), key=lambda s: s.due)
                if upcoming:
                    console.print(f"Next review: {upcoming[0].due.astimezone():%Y-%m-%d %H:%M}.")
                return
            _run(built, name)
        except TutorError as e:
            fail(e)

    @app.command()
    def progress(
        learner: LearnerOption = None,
        as_json: JsonOpt = False,
        export: Annotated[
            str | None, typer.Option("--export", help="Export the learner's history: csv or json.")
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="File to write the export to (default: print).")
        ] = None,
        all_learners: Annotated[bool, typer.Option("--learners", help="List every learner.")] = False,
    ) -> None:
        """Per-module accuracy, mastery and due reviews; export of a learner's history."""
        from tutor.progress import export_history, get_progress, learner_or_default, list_learners

        try:
            if all_learners:
                names = list_learners()
                print(json.dumps(names) if as_json else "\n".join(names) or "No learners yet.")
                return
            name = learner_or_default(learner)
            if export is not None:
                fmt = export.lower()
                if fmt not in ("csv", "json"):
                    raise typer.BadParameter("use csv or json", param_hint="--export")
                text = export_history(name, fmt)  # type: ignore[arg-type]
                if out is None:
                    print(text, end="" if text.endswith("\n") else "\n")
                else:
                    try:
                        out.write_text(text, encoding="utf-8")
                    except OSError as e:
                        raise TutorError(
                            f"Could not write {out}: {e.strerror}.", "Check the path and permissions."
                        ) from e
                    console.print(f"Wrote {name}'s history to {out}.", highlight=False)
                return
            report = get_progress(name)
            if as_json:
                print(report.model_dump_json(indent=2))
                return
            _print_progress(report)
        except TutorError as e:
            fail(e)


def _far_future() -> Any:
    from datetime import UTC, datetime

    return datetime(9999, 1, 1, tzinfo=UTC)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _print_progress(report: Any) -> None:
    o = report.overall
    console.print(
        f"[bold]{report.learner}[/]: {o.answered} answers, accuracy {_pct(o.accuracy)}, "
        f"{o.modules_mastered}/{o.modules_total} modules mastered, {o.due} reviews due, "
        f"{o.chat_questions} chat questions.",
        highlight=False,
    )
    table = Table(
        "module", "title", "answered", "accuracy", "recent", "objectives", "mastered", "due", "chat"
    )
    for m in report.modules:
        table.add_row(
            str(m.module),
            m.title[:24],
            str(m.answered),
            _pct(m.accuracy),
            f"{_pct(m.recent_accuracy)} of {m.recent_answered}",
            f"{m.objectives_covered}/{m.objectives_total}",
            "[green]yes[/]" if m.mastered else "no",
            str(m.due),
            str(m.chat_questions),
        )
    console.print(table)
    console.print(
        f"[dim]Mastery: {report.mastery_threshold:.0%} or better over the last {report.mastery_window} "
        "answers of a module, covering its objectives.[/]"
    )
    weak = [(m.module, w) for m in report.modules for w in m.weak_objectives]
    if weak:
        console.print("Objectives to practise: " + ", ".join(w for _, w in weak), highlight=False)
