"""`tutor users`: the teacher's accounts for class mode (add, import, list, passwd, disable).

Passwords are read from standard input (``--password-stdin``), never from the command line
where other users could see them in the process list, and never printed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tutor.accounts import (
    Account,
    AccountStore,
    add_user,
    change_password,
    import_roster,
    open_account_store,
)
from tutor.cli.common import JsonOpt, console, fail
from tutor.exceptions import AccountError, TutorError

users = typer.Typer(no_args_is_help=True, help="Accounts for class mode (TUTOR_AUTH=password or oidc).")

NameArg = Annotated[str, typer.Argument(help="The account name (also the learner name; case is ignored).")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]

TemporaryOpt = Annotated[bool, typer.Option("--temporary", help="The user must change it at next sign-in.")]


def _read_password(from_stdin: bool) -> str:
    if not from_stdin:
        raise AccountError(
            "No password given.", "Pipe it in with --password-stdin (e.g. from a password manager)."
        )
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _open() -> AccountStore:
    return open_account_store()


def _row(a: Account) -> dict[str, object]:
    return {
        "name": a.name,
        "role": a.role,
        "class": a.class_name,
        "email": a.email,
        "disabled": a.disabled,
        "must_change_password": a.must_change_password,
        "locked_until": a.locked_until.isoformat() if a.locked_until else None,
        "last_sign_in": a.last_sign_in.isoformat() if a.last_sign_in else None,
    }


@users.command("add")
def add(
    name: NameArg,
    role: Annotated[str, typer.Option("--role", help="learner or teacher.")] = "learner",
    class_name: Annotated[str | None, typer.Option("--class", help="The learner's class.")] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="Email for single sign-on (TUTOR_AUTH=oidc).")
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add one account."""
    try:
        password = _read_password(True) if password_stdin else None
        with _open() as accounts:
            account = add_user(accounts, name, role, password, class_name=class_name, email=email)
    except TutorError as e:
        fail(e)
    console.print(f"Added {account.role} [bold]{account.name}[/]", highlight=False)


@users.command("import")
def import_(
    roster: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV: name,role,class,email.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the one-time passwords (default: ROSTER-passwords.csv)."),
    ] = None,
    class_name: Annotated[str | None, typer.Option("--class", help="Class of rows that name none.")] = None,
) -> None:
    """Create accounts for a roster, each with a one-time password changed at first sign-in."""
    target = out or roster.with_name(f"{roster.stem}-passwords.csv")
    try:
        with _open() as accounts:
            created = import_roster(accounts, roster, target, default_class=class_name)
    except TutorError as e:
        fail(e)
    console.print(
        f"Created {len(created)} account(s). One-time passwords: {target} (readable only by you; "
        "hand them out and delete the file).",
        highlight=False,
    )


@users.command("list")
def list_(as_json: JsonOpt = False) -> None:
    """List the accounts (never their passwords)."""
    try:
        with _open() as accounts:
            rows = [_row(a) for a in accounts.list()]
    except TutorError as e:
        fail(e)
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table("name", "role", "class", "email", "state", "last sign-in")
    for r in rows:
        state = "disabled" if r["disabled"] else "locked" if r["locked_until"] else "ok"
        if r["must_change_password"]:
            state += ", must change password"
        table.add_row(
            *(str(r[k] or "") for k in ("name", "role", "class", "email")),
            state,
            str(r["last_sign_in"] or ""),
        )
    console.print(table)


@users.command("passwd")
def passwd(name: NameArg, password_stdin: PasswordStdin = False, temporary: TemporaryOpt = False) -> None:
    """Set an account's password (also unlocks it)."""
    try:
        password = _read_password(password_stdin)
        with _open() as accounts:
            account = change_password(accounts, name, password, must_change=temporary)
    except TutorError as e:
        fail(e)
    console.print(f"Password of [bold]{account.name}[/] changed.", highlight=False)


@users.command("disable")
def disable(name: NameArg) -> None:
    """Stop an account from signing in (its progress is kept)."""
    try:
        with _open() as accounts:
            account = accounts.set_disabled(name, True)
    except TutorError as e:
        fail(e)
    console.print(f"[bold]{account.name}[/] can no longer sign in.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the `users` command group to ``app``."""
    app.add_typer(users, name="users")
