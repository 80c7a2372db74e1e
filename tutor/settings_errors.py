"""Invalid ``TUTOR_*`` values as one line each, instead of pydantic's report.

"TUTOR_TOP_K=abc: must be an integer" says which variable, what it holds and what it needs;
the CLI and the app show these lines through one ConfigError.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tutor.exceptions import ConfigError

_MAX_SHOWN = 60
"""A value longer than this is cut when shown (it may be a path or a pasted mistake)."""

_NEEDS: dict[str, str] = {
    "int_parsing": "must be an integer",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number (not inf or nan)",
    "bool_parsing": "must be true or false",
    "path_type": "must be a path",
    "string_type": "must be text",
    "missing": "is required",
}
_BOUNDS: dict[str, tuple[str, str]] = {
    "greater_than": ("gt", "must be more than {}"),
    "greater_than_equal": ("ge", "must be at least {}"),
    "less_than": ("lt", "must be less than {}"),
    "less_than_equal": ("le", "must be at most {}"),
}


def problem_lines(
    error: ValidationError, hidden: frozenset[str] = frozenset(), prefix: str = "TUTOR_"
) -> list[str]:
    """One "VAR=value: what it needs" line per invalid setting; the values of ``hidden``
    fields (secrets, URLs that may hold a password) are not shown."""
    lines = []
    for item in error.errors():
        name = ".".join(str(part) for part in item.get("loc", ())) or "?"
        value = "(hidden)" if name in hidden else _shown(item.get("input"))
        lines.append(f"{prefix}{name.upper()}={value}: {_need(item)}")
    return lines


def config_error(error: ValidationError, hidden: frozenset[str] = frozenset()) -> ConfigError:
    lines = problem_lines(error, hidden)
    noun = "setting is" if len(lines) == 1 else "settings are"
    return ConfigError(
        f"{len(lines)} {noun} invalid:\n" + "\n".join(f"  {line}" for line in lines),
        "Fix or unset these environment variables; `tutor config` lists every setting and what it does.",
    )


def _need(item: Any) -> str:
    kind = item.get("type", "")
    if kind in _NEEDS:
        return _NEEDS[kind]
    if kind in _BOUNDS:
        key, template = _BOUNDS[kind]
        return template.format((item.get("ctx") or {}).get(key))
    message = str(item.get("msg", "is invalid"))
    return message[:1].lower() + message[1:]


def _shown(value: Any) -> str:
    text = str(value) if not isinstance(value, dict | list) else "(not a single value)"
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
