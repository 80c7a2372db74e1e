"""`tutor progress`: per-module accuracy, mastery and due reviews; a learner's history export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tutor.cli.common import JsonOpt, LearnerOption, console, fail, open_learner, print_json
from tutor.exceptions import TutorError
from tutor.progress import LearnerProgress, list_learners


def register(app: typer.Typer) -> None:
    """Add the progress command to ``app``."""

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
        try:
            if all_learners:
                names = list_learners()
                print(json.dumps(names) if as_json else "\n".join(names) or "No learners yet.")
                return
            who = open_learner(learner)
        except TutorError as e:
            fail(e)
        try:
            if export is not None:
                fmt = export.lower()
                if fmt not in ("csv", "json"):
                    raise typer.BadParameter("use csv or json", param_hint="--export")
                text = who.export("csv" if fmt == "csv" else "json")
                if out is None:
                    print(text, end="" if text.endswith("\n") else "\n")
                else:
                    try:
                        out.write_text(text, encoding="utf-8")
                    except OSError as e:
                        raise TutorError(
                            f"Could not write {out}: {e.strerror}.", "Check the path and permissions."
                        ) from e
                    console.print(f"Wrote {who.name}'s history to {out}.", highlight=False)
                return
            report = who.progress()
            if as_json:
                print_json(report)
                return
            _print_progress(report)
        except TutorError as e:
            fail(e)
        finally:
            who.close()


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _print_progress(report: LearnerProgress) -> None:
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
