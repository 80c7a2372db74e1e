"""`tutor config`: every setting, its value and what it does."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from tutor.cli.common import JsonOpt, console, fail
from tutor.exceptions import TutorError
from tutor.settings import Settings, get_settings


def register(app: typer.Typer) -> None:
    """Add the settings command to ``app``."""

    @app.command()
    def config(as_json: JsonOpt = False) -> None:
        """Show every setting, its current value and what it does (set them as TUTOR_<NAME>)."""
        try:
            s = get_settings()
        except TutorError as e:  # one line per bad TUTOR_* variable
            fail(e)
        rows = []
        for name, field in Settings.model_fields.items():
            value = getattr(s, name)
            rows.append(
                {
                    "env": f"TUTOR_{name.upper()}",
                    "value": str(value) if value is not None else None,
                    "description": field.description or "",
                }
            )
        if as_json:
            print(json.dumps(rows, indent=2))
            return
        table = Table("variable", "value", "what it does")
        for r in rows:
            table.add_row(r["env"], r["value"] or "(unset)", r["description"])
        console.print(table)
