"""What a teacher and a signing-in learner do with accounts: add, import a roster, sign in
(with lockout and back-off), change a password, sign in through single sign-on."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import datetime
from pathlib import Path

from tutor.accounts.passwords import burn_time, hash_password, one_time_password, verify_password
from tutor.accounts.records import ROLES, Account, Role, name_key
from tutor.accounts.store import AccountStore
from tutor.exceptions import AccountError, LearnerNameError, SignInError
from tutor.progress.names import validate_learner_name
from tutor.progress.records import utc_now
from tutor.settings import Settings, get_settings

_WRONG = "Wrong username or password."


def _role(role: str) -> Role:
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.", "Use learner or teacher.")
    return role  # type: ignore[return-value]


def add_user(
    accounts: AccountStore,
    name: str,
    role: str,
    password: str | None,
    *,
    class_name: str | None = None,
    email: str | None = None,
    must_change_password: bool = False,
    now: datetime | None = None,
) -> Account:
    """A new account. Without a password it can only sign in by single sign-on (``email``)."""
    if password is None and not email:
        raise AccountError(f"{name!r} needs a password or an email.", "Give --password-stdin or --email.")
    return accounts.add(
        validate_learner_name(name),
        _role(role),
        now or utc_now(),
        password_hash=hash_password(password) if password is not None else None,
        email=email,
        class_name=(class_name or "").strip() or None,
        must_change_password=must_change_password,
    )


def sign_in(
    accounts: AccountStore,
    name: str,
    password: str,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> Account:
    """The account whose name and password these are, or SignInError. Every attempt is logged.

    After ``settings.lockout_after`` wrong passwords in a row the account is locked for
    ``lockout_base_s``, doubling with each further wrong one; while locked even the right
    password is refused.
    """
    settings = settings or get_settings()
    now = now or utc_now()
    typed = " ".join(name.split())[:80]  # what is logged for an unknown name stays short
    account = accounts.get(typed) if typed else None
    if account is None:
        burn_time(password)
        accounts.log(typed or "?", "password", "unknown_name", now)
        raise SignInError(_WRONG, "Check both; names ignore upper and lower case.")
    if account.locked_until is not None and account.locked_until > now:
        accounts.log(account.name, "password", "locked", now)
        wait = (account.locked_until - now).total_seconds()
        raise SignInError(
            "Too many wrong passwords: this account is locked for now.",
            f"Try again in {max(1, round(wait / 60))} minute(s), or ask your teacher.",
            retry_after_s=wait,
        )
    right, new_hash = verify_password(password, accounts.password_hash(account.name))
    if not right:
        after = accounts.record_failure(
            account.name, now, settings.lockout_after, settings.lockout_base_s, settings.lockout_max_s
        )
        accounts.log(account.name, "password", "wrong_password", now)
        left = settings.lockout_after - after.failed_count
        hint = f"{left} more wrong password(s) lock the account for a while." if 0 < left <= 2 else None
        raise SignInError(_WRONG, hint)
    if account.disabled:
        accounts.log(account.name, "password", "disabled", now)
        raise SignInError("This account is disabled.", "Ask your teacher.")
    accounts.log(account.name, "password", "ok", now)
    return accounts.record_success(account.name, now, new_hash)


def change_password(
    accounts: AccountStore,
    name: str,
    new_password: str,
    *,
    must_change: bool = False,
    now: datetime | None = None,
) -> Account:
    """Set a password (the learner's own at first sign-in, or a teacher's reset)."""
    current = accounts.password_hash(name)
    if current is not None and verify_password(new_password, current)[0]:
        raise AccountError("The new password is the same as the old one.", "Choose a different password.")
    account = accounts.set_password(name, hash_password(new_password), must_change)
    accounts.log(account.name, "password", "password_changed", now or utc_now())
    return account


def oidc_account(accounts: AccountStore, email: str | None, display_name: str | None) -> Account:
    """The account of a single-sign-on user, found by email; a new learner account (named
    after the email or the display name) the first time. Teachers are added beforehand with
    `tutor users add NAME --role teacher --email ...`."""
    if not email:
        raise SignInError(
            "The identity provider did not say who you are (no email).",
            "Ask your teacher to add the 'email' scope to the single sign-on settings.",
        )
    now = utc_now()
    found = accounts.get_by_email(email)
    if found is None:
        base = _name_from(display_name, email)
        for n in range(1, 1000):
            candidate = base if n == 1 else f"{base[:36]}-{n}"
            if accounts.get(candidate) is None:
                try:
                    found = accounts.add(candidate, "learner", now, email=email)
                    break
                except AccountError:
                    continue  # taken between the check and the insert: try the next
        else:
            raise AccountError(f"No free name for {email}.", "Add the account with `tutor users add`.")
    if found.disabled:
        accounts.log(found.name, "oidc", "disabled", now)
        raise SignInError("This account is disabled.", "Ask your teacher.")
    accounts.log(found.name, "oidc", "ok", now)
    return accounts.record_success(found.name, now)


def _name_from(display_name: str | None, email: str) -> str:
    for raw in (display_name, email.split("@")[0]):
        cleaned = re.sub(r"[^\w .-]+", " ", raw or "").strip()[:40]
        try:
            return validate_learner_name(cleaned)
        except LearnerNameError:
            continue
    return "learner"


# --- rosters --------------------------------------------------------------------------------


def _read_roster(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "name" not in (rows[0].keys() if rows else []):
        raise AccountError(
            "The roster has no 'name' column (or no rows).",
            "Use a CSV file whose first line is: name,role,class,email (role, class and email optional).",
        )
    return rows


def import_roster(
    accounts: AccountStore, roster: Path, passwords_out: Path, default_class: str | None = None
) -> list[Account]:
    """Create an account with a one-time password for every roster row.

    Every row is checked before any account is made, so a bad roster changes nothing. The
    one-time passwords go to ``passwords_out``, created new with mode 0600 (only its owner
    can read it); each learner must change theirs at first sign-in.
    """
    rows = _read_roster(roster.read_text(encoding="utf-8-sig"))
    planned: list[tuple[str, Role, str | None, str | None]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        try:
            name = validate_learner_name(row.get("name"))
        except LearnerNameError as e:
            raise AccountError(f"{roster}, line {line}: {e.message}", e.hint) from e
        if name_key(name) in seen or accounts.get(name) is not None:
            raise AccountError(
                f"{roster}, line {line}: the name {name!r} is already taken (names ignore case).",
                "Give each learner a different name; existing accounts are listed by `tutor users list`.",
            )
        seen.add(name_key(name))
        role = _role((row.get("role") or "learner").strip().lower())
        planned.append(
            (name, role, (row.get("class") or default_class or "").strip() or None, row.get("email"))
        )
    try:
        fd = os.open(passwords_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as e:
        raise AccountError(
            f"{passwords_out} already exists.",
            "Move it away or give another --out file; nothing was changed.",
        ) from e
    created: list[Account] = []
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "one_time_password"])
        for name, role, class_name, email in planned:
            password = one_time_password()
            created.append(
                add_user(
                    accounts,
                    name,
                    role,
                    password,
                    class_name=class_name,
                    email=(email or "").strip() or None,
                    must_change_password=True,
                )
            )
            writer.writerow([name, password])
            out.flush()
        os.fsync(out.fileno())
    return created
