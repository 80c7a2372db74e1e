"""`tutor items ...` (item statistics, export, review) and `tutor class report`: the teacher's
classroom in the terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from tutor.classroom.bank_yaml import item_to_bank_dict
from tutor.classroom.export import export_items, exportable_items
from tutor.classroom.gradebook import gradebook_csv
from tutor.classroom.item_stats import class_item_stats
from tutor.classroom.report import build_class_report
from tutor.classroom.review_queue import ReviewQueue
from tutor.classroom.review_store import reviews_for
from tutor.classroom.reviews import STATUSES
from tutor.cli.common import JsonOpt, ModuleOpt, console, fail, print_json
from tutor.exceptions import TutorError
from tutor.progress import open_progress_store
from tutor.settings import get_settings

items_app = typer.Typer(no_args_is_help=True, help="Quiz items: statistics, export, review.")
class_app = typer.Typer(no_args_is_help=True, help="The class: report and gradebook.")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _num(value: float | None, fmt: str = "{:+.2f}") -> str:
    return "—" if value is None else fmt.format(value)


@items_app.command("stats")
def items_stats(module: ModuleOpt = None, as_json: JsonOpt = False) -> None:
    """Per item: answers, difficulty, discrimination, option choices, time; flags broken items."""
    try:
        report = class_item_stats(module)
    except TutorError as e:
        fail(e)
    if as_json:
        print_json(report)
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
        print_json(report)
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
    try:
        settings = get_settings()
        store = open_progress_store(settings)
        try:
            items = exportable_items(module, settings=settings, reviews=reviews_for(store))
        finally:
            store.close()
        n = export_items(fmt.value, out, items)
    except TutorError as e:
        fail(e)
    except OSError as e:
        fail(TutorError(f"Could not write {out}: {e}", "Check the path and that you may write there."))
    console.print(f"Wrote {n} items to {out}.", highlight=False)


# --------------------------------------------------------------------------- review queue

review_app = typer.Typer(
    no_args_is_help=True, help="The review queue: approve, edit, reject, retire, author."
)
items_app.add_typer(review_app, name="review")

ReviewerOpt = Annotated[
    str, typer.Option("--reviewer", envvar="USER", help="Your name, kept with the decision.")
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why (kept in the item's history).")]
ItemIdArg = Annotated[str, typer.Argument(help="The item's id.")]


@contextmanager
def _queue() -> Iterator[ReviewQueue]:
    """The review queue of the data directory's progress store; errors become messages."""
    settings = get_settings()
    try:
        store = open_progress_store(settings)
    except TutorError as e:
        fail(e)
    try:
        yield ReviewQueue(reviews_for(store), settings)
    except TutorError as e:
        fail(e)
    finally:
        store.close()


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        fail(TutorError(f"Could not read {path}: {e}", "Give a YAML file with the item's fields."))
    if isinstance(data, list) and len(data) == 1:
        data = data[0]  # one entry copied from a bank file
    if not isinstance(data, dict):
        fail(TutorError(f"{path} must hold one item (a YAML mapping of fields).", "See corpus/questions/."))
    return data


@review_app.command("list")
def review_list(
    status: Annotated[
        str | None, typer.Option(help="pending, approved, rejected or retired (default: all).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The items in the queue, most recently changed first."""
    if status is not None and status not in STATUSES:
        fail(TutorError(f"Unknown status {status!r}.", f"Use one of: {', '.join(STATUSES)}."))
    with _queue() as queue:
        found = queue.reviews.list_reviews(status)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps([r.model_dump(mode="json") for r in found], indent=2))
        return
    if not found:
        console.print("The queue is empty." if status is None else f"No {status} items.")
        return
    table = Table(title="Review queue")
    for col in ("item", "status", "source", "module", "problems", "flags", "stem"):
        table.add_column(col)
    for r in found:
        table.add_row(
            r.item_id,
            r.status,
            r.details.source,
            str(r.item.module),
            str(len(r.details.problems)),
            ", ".join(r.details.flags),
            r.item.stem[:60],
        )
    console.print(table)


@review_app.command("show")
def review_show(item_id: ItemIdArg, as_json: JsonOpt = False) -> None:
    """One item with its cited passage, validation results, flags and history."""
    with _queue() as queue:
        review = queue.reviews.get_review(item_id)
    if review is None:
        fail(TutorError(f"No item {item_id!r} is in the queue.", "See `tutor items review list`."))
    if as_json:
        print_json(review)
        return
    console.print(f"[bold]{review.item_id}[/] — {review.status} ({review.details.source})", highlight=False)
    console.print(yaml.safe_dump(item_to_bank_dict(review.item), sort_keys=False, allow_unicode=True))
    console.print("[bold]Cited passage[/]", highlight=False)
    console.print(review.details.passage or "(none)", highlight=False, markup=False)
    console.print(f"[bold]Validation[/]: {'; '.join(review.details.problems) or 'passed'}", highlight=False)
    if review.details.flags:
        console.print(f"[bold]Flags[/]: {', '.join(review.details.flags)}", highlight=False)
    for event in review.details.history:
        console.print(
            f"  {event.at:%Y-%m-%d %H:%M} {event.status} by {event.reviewer or '—'}: {event.note or ''}"
        )


def _decide(action: str, item_id: str, reviewer: str, note: str | None) -> None:

    with _queue() as queue:
        if action == "approve":
            review = queue.approve(item_id, reviewer, note=note)
        elif action == "reject":
            review = queue.reject(item_id, reviewer, note=note)
        else:
            review = queue.retire(item_id, reviewer, note=note)
    console.print(f"{review.item_id}: {review.status}.", highlight=False)


@review_app.command("approve")
def review_approve(item_id: ItemIdArg, reviewer: ReviewerOpt = "teacher", note: NoteOpt = None) -> None:
    """Let learners get the item."""
    _decide("approve", item_id, reviewer, note)


@review_app.command("reject")
def review_reject(item_id: ItemIdArg, reviewer: ReviewerOpt = "teacher", note: NoteOpt = None) -> None:
    """Never serve the item (it stays in the queue's history)."""
    _decide("reject", item_id, reviewer, note)


@review_app.command("retire")
def review_retire(item_id: ItemIdArg, reviewer: ReviewerOpt = "teacher", note: NoteOpt = None) -> None:
    """Stop serving any item, bank items included; its answers and history are kept."""
    _decide("retire", item_id, reviewer, note)


@review_app.command("edit")
def review_edit(
    item_id: ItemIdArg,
    changes: Annotated[Path, typer.Option("--file", help="YAML with the fields to change.")],
    reviewer: ReviewerOpt = "teacher",
    note: NoteOpt = None,
) -> None:
    """Change an item's fields (validated as bank items are); the edited item is approved."""
    fields = _read_yaml(changes)
    with _queue() as queue:
        review = queue.edit(item_id, fields, reviewer, note=note)
    console.print(f"{review.item_id}: edited and approved.", highlight=False)


@review_app.command("author")
def review_author(
    item: Annotated[Path, typer.Option("--file", help="YAML of the new item, in the bank's format.")],
    reviewer: ReviewerOpt = "teacher",
) -> None:
    """Add a new item written by a teacher (validated as bank items are)."""
    raw = _read_yaml(item)
    with _queue() as queue:
        review = queue.author(raw, reviewer)
    console.print(f"{review.item_id}: added and approved.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `tutor items` and `tutor class` to ``app``."""
    app.add_typer(items_app, name="items")
    app.add_typer(class_app, name="class")
