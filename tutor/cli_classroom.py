"""`tutor items ...` (item statistics, export, review) and `tutor class report`: the teacher's
classroom in the terminal."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from tutor.cli_common import JsonOpt, ModuleOpt, fail
from tutor.exceptions import TutorError

console = Console()

items_app = typer.Typer(no_args_is_help=True, help="Quiz items: statistics, export, review.")
class_app = typer.Typer(no_args_is_help=True, help="The class: report and gradebook.")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _num(value: float | None, fmt: str = "{:+.2f}") -> str:
    return "—" if value is None else fmt.format(value)


@items_app.command("stats")
def items_stats(module: ModuleOpt = None, as_json: JsonOpt = False) -> None:
    """Per item: answers, difficulty, discrimination, option choices, time; flags broken items."""
    from tutor.classroom.item_stats import class_item_stats

    try:
        report = class_item_stats(module)
    except TutorError as e:
        fail(e)
    if as_json:
        print(report.model_dump_json(indent=2))
        return
    if not report.items:
        console.print("No answers yet.")
        return
    table = Table(title=f"Item statistics ({report.learners} learners, {report.answers} first answers)")
    for col in ("item", "type", "origin", "answers", "difficulty", "discrimination", "D", "time", "flags"):
        table.add_column(col)
    for s in report.items:
        flags = ", ".join(f.kind for f in s.flags) or ("too few answers" if s.too_few else "")
        time = "—" if s.time_median_ms is None else f"{s.time_median_ms / 1000:.1f} s"
        table.add_row(
            s.item_id,
            s.item_type,
            s.origin,
            str(s.answers),
            _pct(s.difficulty),
            _num(s.discrimination),
            _num(s.upper_lower),
            time,
            flags,
            style="red" if s.flags else ("dim" if s.too_few else None),
        )
    console.print(table)
    for s in report.flagged:
        for f in s.flags:
            console.print(f"[red]{s.item_id}[/]: {f.message}", highlight=False)
    console.print(
        f"Items with fewer than {report.min_answers} answers are not judged (TUTOR_ITEM_STATS_MIN_ANSWERS).",
        style="dim",
    )


@class_app.command("report")
def class_report(
    class_name: Annotated[
        str | None, typer.Option("--class", help="Only the learners of this class.")
    ] = None,
    as_json: JsonOpt = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print the gradebook as CSV.")] = False,
    inactive_days: Annotated[int, typer.Option(min=1, help="Inactive: nothing done for this many days.")] = 7,
) -> None:
    """How the class is doing: mastery per module, weakest objectives, inactive and stuck
    learners, what the class asks and what the tutor could not answer."""
    from tutor.classroom.gradebook import gradebook_csv
    from tutor.classroom.report import build_class_report

    if as_json and as_csv:
        fail(TutorError("Choose --json or --csv, not both.", "Drop one of the two options."))
    try:
        report = build_class_report(class_name=class_name, inactive_days=inactive_days)
    except TutorError as e:
        fail(e)
    if as_csv:
        print(gradebook_csv(report.gradebook), end="")
        return
    if as_json:
        print(report.model_dump_json(indent=2))
        return
    _print_report(report)


def _print_report(report: Any) -> None:
    if not report.learners:
        console.print("No learners yet.")
        return
    mastery = Table(title=f"Mastery ({len(report.learners)} learners): recent accuracy, ✓ mastered")
    mastery.add_column("learner")
    for m in report.modules:
        mastery.add_column(f"M{m}", justify="right")
    cells = {(c.learner, c.module): c for c in report.mastery}
    for learner in report.learners:
        row = [learner]
        for m in report.modules:
            c = cells.get((learner, m))
            row.append(
                "" if c is None or not c.answers else f"{_pct(c.recent_accuracy)}{' ✓' if c.mastered else ''}"
            )
        mastery.add_row(*row)
    console.print(mastery)

    weakest = Table(title="Objectives, weakest first")
    for col in ("module", "objective", "class accuracy", "answers", "learners"):
        weakest.add_column(col)
    for o in report.objectives:
        weakest.add_row(str(o.module), o.text, _pct(o.accuracy), str(o.answers), str(o.learners))
    console.print(weakest)

    if report.stuck:
        console.print("[bold]Stuck[/] (many wrong answers on one objective):")
        for s in report.stuck:
            console.print(
                f"  {s.learner}: module {s.module}, {s.text} — {s.wrong} wrong, recent {_pct(s.recent_accuracy)}",
                highlight=False,
            )
    if report.inactive:
        console.print(f"[bold]Inactive[/] for {report.inactive_days}+ days:")
        for i in report.inactive:
            when = i.last_activity.date().isoformat() if i.last_activity else "never active"
            console.print(f"  {i.learner}: {when}", highlight=False)
    if report.chat.modules:
        console.print("[bold]Asked in chat[/], by module:")
        for m in report.chat.modules:
            console.print(
                f"  {m.title}: {m.questions} questions from {m.learners} learners; topics: {', '.join(m.topics)}",
                highlight=False,
            )
    if report.chat.declined:
        console.print("[bold]Declined[/] (the course does not cover them):")
        for d in report.chat.declined:
            console.print(f"  {d.question!r} ×{d.asked}", highlight=False)


class ExportFormat(StrEnum):
    qti = "qti"
    yaml = "yaml"


@items_app.command("export")
def items_export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="qti: a QTI 2.1 zip; yaml: bank YAML.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write (a .zip for qti).")],
    module: ModuleOpt = None,
) -> None:
    """Export the quiz items for a learning management system (QTI 2.1) or the bank (YAML)."""
    from tutor.classroom.export import export_items, exportable_items

    try:
        n = export_items(fmt.value, out, exportable_items(module))
    except TutorError as e:
        fail(e)
    except OSError as e:
        fail(TutorError(f"Could not write {out}: {e}", "Check the path and that you may write there."))
    console.print(f"Wrote {n} items to {out}.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `tutor items` and `tutor class` to ``app``."""
    app.add_typer(items_app, name="items")
    app.add_typer(class_app, name="class")
