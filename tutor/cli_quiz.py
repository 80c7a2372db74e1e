"""Quiz, review and progress commands (filled in by the quiz work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the quiz commands to ``app``."""
