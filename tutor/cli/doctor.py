"""`tutor doctor`: report, and with --repair fix, a store and manifest that disagree."""

from __future__ import annotations

from typing import Annotated

import typer

from tutor.cli.common import JsonOpt, console, fail, print_json
from tutor.exceptions import TutorError
from tutor.index.doctor import diagnose
from tutor.index.doctor import repair as run_repair

RepairOpt = Annotated[
    bool, typer.Option("--repair", help="Rebuild the manifest from the store (deletes nothing).")
]


def register(app: typer.Typer) -> None:
    @app.command()
    def doctor(repair: RepairOpt = False, as_json: JsonOpt = False) -> None:
        """Check that the index and its manifest agree; --repair makes them agree again."""
        try:
            if repair:
                report = run_repair()
                health, after = report.before, report.after
            else:
                health, after = diagnose(), None
        except TutorError as e:
            fail(e)
        if as_json:
            print_json(report if repair else health)
        else:
            console.print(health.summary(), highlight=False, markup=False)
            for source in health.unlisted_sources[:20]:
                console.print(f"  not in the manifest: {source}", highlight=False, markup=False)
            for source in health.missing_sources[:20]:
                console.print(f"  chunks missing from the store: {source}", highlight=False, markup=False)
            if after is not None:
                console.print(
                    f"Repaired: {report.adopted} chunks listed again, {report.forgotten} missing ids "
                    f"dropped (their files are read again at the next ingest). {after.summary()}",
                    highlight=False,
                    markup=False,
                )
            elif not health.ok:
                console.print("Run `tutor doctor --repair` to rebuild the manifest from the store.")
        if not health.ok and after is None:
            raise typer.Exit(1)
