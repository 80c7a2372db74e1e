"""The error boundary shared by the CLI and the app: what to do with input and failures that
come from outside (a terminal, an upload, an environment) before the library sees them."""

from __future__ import annotations

import sys


def tolerate_bad_input() -> None:
    """Read stdin so that invalid UTF-8 arrives as lone surrogates (which
    ``clean_user_text`` repairs) instead of a UnicodeDecodeError that ends the session, and
    write stdout/stderr so that an unencodable character (a prompt library echoing the raw
    input) is replaced instead of raising."""
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "replace"), (sys.stderr, "replace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=errors)
            except (ValueError, OSError):  # a closed or unusual stream: leave it as it is
                pass


def describe_unexpected(error: BaseException) -> str:
    """A one-line description of an error nobody planned for, for a message that keeps the
    session alive (the traceback is a bug report, not something to show a learner)."""
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__
