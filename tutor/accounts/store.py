"""Accounts and the sign-in log, in the progress database (same engine, same migrations).

Password hashes are read only by ``password_hash`` for the sign-in check; an ``Account``
never carries one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from tutor.accounts.records import Account, Role, SignInEvent, SignInOutcome, name_key
from tutor.exceptions import AccountError, ProgressStoreError
from tutor.progress.factory import open_progress_store
from tutor.progress.schema import accounts, sign_in_events
from tutor.progress.sql_store import SQLProgressStore
from tutor.settings import Settings

A = accounts.c


def _account(r: Any) -> Account:
    """An accounts row as the account: the hash stays behind, flags stored as 0/1 read as bools."""
    return Account.model_validate({**r._asdict(), "has_password": r.password_hash is not None})


class AccountStore:
    """Accounts of one progress database. Thread-safe like the store it shares an engine with."""

    def __init__(self, store: SQLProgressStore, owns_store: bool = False) -> None:
        self._store = store
        self._owns_store = owns_store

    def close(self) -> None:
        if self._owns_store:
            self._store.close()

    def __enter__(self) -> AccountStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self, write: bool, action: str) -> Iterator[sa.Connection]:
        engine = self._store.write_engine if write else self._store.engine
        try:
            with engine.begin() as c:
                yield c
        except sa.exc.IntegrityError:
            raise
        except sa.exc.SQLAlchemyError as e:
            raise ProgressStoreError(f"Could not {action} the accounts: {e}", "Check the database.") from e

    # --- reading ----------------------------------------------------------------------------
    def get(self, name: str) -> Account | None:
        with self._tx(False, "read") as c:
            row = c.execute(sa.select(accounts).where(A.name_key == name_key(name))).first()
        return _account(row) if row else None

    def get_by_email(self, email: str) -> Account | None:
        with self._tx(False, "read") as c:
            row = c.execute(sa.select(accounts).where(A.email == email.strip().lower())).first()
        return _account(row) if row else None

    def password_hash(self, name: str) -> str | None:
        with self._tx(False, "read") as c:
            return c.scalar(sa.select(A.password_hash).where(A.name_key == name_key(name)))

    def list(self, class_name: str | None = None) -> list[Account]:
        query = sa.select(accounts).order_by(A.name_key)
        if class_name is not None:
            query = query.where(A.class_name == class_name)
        with self._tx(False, "list") as c:
            return [_account(r) for r in c.execute(query)]

    def events(self, name: str | None = None) -> list[SignInEvent]:
        e = sign_in_events.c
        query = sa.select(sign_in_events).order_by(e.id)
        if name is not None:
            query = query.where(e.name_key == name_key(name))
        with self._tx(False, "read the sign-in log of") as c:
            return [SignInEvent.model_validate(r._asdict()) for r in c.execute(query)]

    # --- changing ---------------------------------------------------------------------------
    def add(
        self,
        name: str,
        role: Role,
        now: datetime,
        *,
        password_hash: str | None = None,
        email: str | None = None,
        class_name: str | None = None,
        must_change_password: bool = False,
    ) -> Account:
        values = {
            "name_key": name_key(name),
            "name": name,
            "email": email.strip().lower() if email else None,
            "role": role,
            "class_name": class_name,
            "password_hash": password_hash,
            "must_change_password": int(must_change_password),
            "disabled": 0,
            "failed_count": 0,
            "locked_until": None,
            "created_at": now,
            "last_sign_in": None,
        }
        try:
            with self._tx(True, "add to") as c:
                c.execute(sa.insert(accounts).values(**values))
        except sa.exc.IntegrityError as e:
            taken = self.get(name)
            what = f"the name {taken.name!r}" if taken else f"the email {email!r}"
            raise AccountError(
                f"Could not add {name!r}: {what} is already taken (names ignore upper/lower case).",
                "Pick another name, or change the existing account with `tutor users passwd`.",
            ) from e
        account = self.get(name)
        assert account is not None
        return account

    def _update(self, name: str, action: str, **values: Any) -> Account:
        with self._tx(True, action) as c:
            done = c.execute(
                sa.update(accounts).where(A.name_key == name_key(name)).values(**values)
            ).rowcount
        if not done:
            raise AccountError(f"There is no account {name!r}.", "See the accounts with `tutor users list`.")
        account = self.get(name)
        assert account is not None
        return account

    def set_password(self, name: str, password_hash: str, must_change: bool) -> Account:
        return self._update(
            name,
            "change a password in",
            password_hash=password_hash,
            must_change_password=int(must_change),
            failed_count=0,
            locked_until=None,
        )

    def set_disabled(self, name: str, disabled: bool) -> Account:
        return self._update(name, "disable an account in", disabled=int(disabled))

    def record_failure(self, name: str, now: datetime, after: int, base_s: float, max_s: float) -> Account:
        """One more wrong password; from the ``after``-th in a row on, lock the account for
        ``base_s`` doubling with each further one, at most ``max_s``. Atomic, so two wrong
        attempts at once both count."""
        with self._tx(True, "record a failed sign-in in") as c:
            failures = c.scalar(
                sa.update(accounts)
                .where(A.name_key == name_key(name))
                .values(failed_count=A.failed_count + 1)
                .returning(A.failed_count)
            )
            if failures is not None and failures >= after:
                lock_s = min(max_s, base_s * 2 ** (failures - after))
                c.execute(
                    sa.update(accounts)
                    .where(A.name_key == name_key(name))
                    .values(locked_until=now + timedelta(seconds=lock_s))
                )
        account = self.get(name)
        assert account is not None
        return account

    def record_success(self, name: str, now: datetime, new_hash: str | None = None) -> Account:
        values: dict[str, Any] = {"failed_count": 0, "locked_until": None, "last_sign_in": now}
        if new_hash is not None:
            values["password_hash"] = new_hash  # pwdlib re-hashed with current parameters
        return self._update(name, "record a sign-in in", **values)

    def log(self, name: str, method: str, outcome: SignInOutcome, now: datetime) -> None:
        with self._tx(True, "log a sign-in in") as c:
            c.execute(
                sa.insert(sign_in_events).values(
                    name_key=name_key(name), method=method, outcome=outcome, at=now
                )
            )


def open_account_store(settings: Settings | None = None) -> AccountStore:
    """The accounts of the configured progress database (closed with the returned store)."""
    store = open_progress_store(settings)
    if not isinstance(store, SQLProgressStore):  # the factory only makes SQL stores today
        store.close()
        raise AccountError("Accounts need the SQL progress store.", "Unset any custom progress store.")
    return AccountStore(store, owns_store=True)
