"""Accounts of class mode: who may sign in, with which role."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Role = Literal["learner", "teacher"]
ROLES: tuple[str, ...] = ("learner", "teacher")
SignInOutcome = Literal["ok", "wrong_password", "unknown_name", "locked", "disabled", "password_changed"]


def name_key(name: str) -> str:
    """The case-insensitive key of a name: 'Maria' and 'maria' are one account."""
    return name.casefold()


class Account(BaseModel):
    """One account, without its password hash (which never leaves the store)."""

    name: str = Field(description="As the teacher typed it; also the learner name progress is kept under.")
    role: Role
    email: str | None = Field(default=None, description="For single sign-on: the identity provider's email.")
    class_name: str | None = None
    has_password: bool = False
    must_change_password: bool = False
    disabled: bool = False
    failed_count: int = 0
    locked_until: datetime | None = None
    created_at: datetime
    last_sign_in: datetime | None = None

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher"


class SignInEvent(BaseModel):
    name_key: str
    method: Literal["password", "oidc"]
    outcome: SignInOutcome
    at: datetime
