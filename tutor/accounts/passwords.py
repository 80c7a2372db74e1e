"""Password hashing: argon2id through pwdlib, nothing home-made. Clear passwords are never
stored, printed or logged; only these functions see them."""

from __future__ import annotations

import secrets

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from tutor.exceptions import AccountError

MIN_PASSWORD_CHARS = 8
_HASHER = PasswordHash((Argon2Hasher(),))  # argon2id with pwdlib's (OWASP-level) defaults
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))
# No look-alikes (0/O, 1/l/I) in one-time passwords a teacher may read out or print.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def check_new_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(
            f"The password is {len(password)} characters long; at least {MIN_PASSWORD_CHARS} are needed.",
            "Choose a longer password (a few words make a good one).",
        )
    if password != password.strip():
        raise AccountError("The password starts or ends with a space.", "Remove the spaces around it.")
    return password


def hash_password(password: str) -> str:
    return _HASHER.hash(check_new_password(password))


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """(right?, a new hash when the stored one uses outdated parameters)."""
    if password_hash is None:
        _HASHER.verify(password, _DUMMY_HASH)
        return False, None
    return _HASHER.verify_and_update(password, password_hash)


def burn_time(password: str) -> None:
    """Spend a verification's time for an unknown name (no timing hint that it is unknown)."""
    _HASHER.verify(password, _DUMMY_HASH)


def one_time_password(length: int = 14) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
