"""Learner names: the key that keeps one learner's progress apart from another's."""

from __future__ import annotations

import re
import unicodedata

from tutor.exceptions import LearnerNameError

DEFAULT_LEARNER = "default"
"""Used when no name is given, so a single learner never has to type one."""

MAX_NAME_CHARS = 40
# Letters (any script), digits, space, dot, underscore and hyphen; nothing that could be
# mistaken for a path, a quote or markup when the name is shown or used in a file name.
_NAME_RE = re.compile(r"[\w .-]+")
_HAS_WORD_RE = re.compile(r"[^\W_]")


def validate_learner_name(name: str | None) -> str:
    """Return the cleaned learner name (trimmed, inner runs of spaces collapsed).

    Accepts 1-40 characters: letters, digits, space, ``.``, ``_`` and ``-``. Raises
    LearnerNameError otherwise.
    """
    if name is None:
        raise LearnerNameError("No learner name was given.", "Type a name such as 'ana' or 'team-1'.")
    # NFC so that the same name typed on two keyboards is the same learner.
    cleaned = unicodedata.normalize("NFC", re.sub(r"\s+", " ", str(name)).strip())
    if not cleaned:
        raise LearnerNameError("The learner name is empty.", "Type a name such as 'ana' or 'team-1'.")
    if len(cleaned) > MAX_NAME_CHARS:
        raise LearnerNameError(
            f"The learner name is {len(cleaned)} characters long; the limit is {MAX_NAME_CHARS}.",
            "Use a shorter name.",
        )
    if not _NAME_RE.fullmatch(cleaned) or not _HAS_WORD_RE.search(cleaned):
        raise LearnerNameError(
            f"The learner name {cleaned!r} has characters that are not allowed.",
            "Use only letters, digits, spaces, '.', '_' and '-'.",
        )
    return cleaned


def learner_or_default(name: str | None) -> str:
    """The validated name, or the default learner when none is given."""
    return DEFAULT_LEARNER if name is None or not str(name).strip() else validate_learner_name(name)
