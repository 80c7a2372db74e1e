"""Prompt templates live in prompts/ as files; each is checked for its placeholders on load."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from tutor.exceptions import PromptTemplateError

# name -> the placeholders the code fills in (exactly these, no others)
REQUIRED_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "system": frozenset(),
    "answer": frozenset({"passages", "history", "question"}),
    "condense": frozenset({"history", "question"}),
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@lru_cache(maxsize=32)
def _load(prompts_dir: str, name: str) -> str:
    path = Path(prompts_dir) / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PromptTemplateError(
            f"Prompt template {path} cannot be read: {e.strerror or e}",
            "Restore it from the repository or set TUTOR_PROMPTS_DIR to a folder that has it.",
        ) from e
    expected = REQUIRED_PLACEHOLDERS.get(name, frozenset())
    try:
        found = placeholders(text)
    except ValueError as e:
        raise PromptTemplateError(
            f"Prompt template {path} has a malformed brace: {e}", "Write literal braces as {{ and }}."
        ) from e
    if found != expected:
        missing, extra = sorted(expected - found), sorted(found - expected)
        raise PromptTemplateError(
            f"Prompt template {path} has placeholders {sorted(found)}; expected {sorted(expected)}"
            + (f" (missing {missing})" if missing else "")
            + (f" (unknown {extra})" if extra else "")
            + ".",
            "Fix the file: placeholders are written {name}; literal braces as {{ and }}.",
        )
    return text


def load_prompt(name: str, prompts_dir: Path) -> str:
    return _load(str(prompts_dir), name)
