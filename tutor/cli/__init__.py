"""The `tutor` command line: everything the app does, as commands (see ``commands``)."""

from tutor.cli.commands import app, main

__all__ = ["app", "main"]
