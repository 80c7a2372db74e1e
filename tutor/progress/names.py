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
    """Return the learner's key: NFKC-normalised, case-folded, trimmed, inner runs of spaces
    collapsed. "Ana", "ANA" and full-width "ａｎａ" are one learner.

    Accepts 1-40 characters: letters, digits, space, ``.``, ``_`` and ``-``, with the letters
    from one script (a Cyrillic "а" inside a Latin "ana" would make a look-alike of another
    learner). Raises LearnerNameError otherwise.
    """
    if name is None:
        raise LearnerNameError("No learner name was given.", "Type a name such as 'ana' or 'team-1'.")
    # NFKC folds compatibility forms (full-width, ligatures) and casefold folds case, so the
    # same name typed on two keyboards, or in two cases, is the same learner.
    cleaned = unicodedata.normalize("NFKC", re.sub(r"\s+", " ", str(name)).strip()).casefold()
    cleaned = unicodedata.normalize("NFKC", cleaned)
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
    scripts = _scripts(cleaned)
    if len(scripts) > 1:
        raise LearnerNameError(
            f"The learner name {cleaned!r} mixes letters of several scripts ({', '.join(sorted(scripts))}).",
            "Type the name in one alphabet: mixed letters make look-alikes of other learners' names.",
        )
    if scripts and scripts != {"LATIN"} and all(c in _LATIN_LOOKALIKES for c in cleaned if c.isalpha()):
        raise LearnerNameError(
            f"The learner name {cleaned!r} is written in letters that look like Latin ones.",
            "Type the name with Latin letters, so it cannot pass for another learner's name.",
        )
    return cleaned


# Cyrillic and Greek letters that look like Latin letters (lower case, after casefold).
_LATIN_LOOKALIKES = frozenset("аеорсухіјѕԁԛԝһӏѵοαιν")
# Scripts that are written together in one name (Japanese mixes all three).
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK"}


def _scripts(name: str) -> set[str]:
    """The scripts of the letters in ``name`` (from their Unicode names: LATIN, CYRILLIC...)."""
    found = set()
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            found.add(_SCRIPT_GROUPS.get(script, script))
    return found


def learner_or_default(name: str | None) -> str:
    """The validated name, or the default learner when none is given."""
    return DEFAULT_LEARNER if name is None or not str(name).strip() else validate_learner_name(name)
