"""Untrusted text made safe to index, show on a terminal, or hand to a model.

Documents and questions can carry terminal escape sequences (``ESC]0;title BEL`` renames the
terminal, ``ESC[2J`` clears it), other control characters, bidirectional overrides that make
text read differently from what it is, lone surrogates from undecodable input, and bytes that
are not text at all. Everything here runs in linear time with bounded regexes.
"""

from __future__ import annotations

import re
import unicodedata

# ESC [ params final (CSI), ESC ] ... BEL or ESC \ (OSC), ESC P/X/^/_ ... ESC \ (DCS, SOS, PM,
# APC) and two-character ESC sequences. Bounded: an unterminated OSC costs O(1) per ESC.
_ESCAPE_SEQ_RE = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]"
    r"|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]{0,512}(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]"
    r"|\x9d[^\x07\x1b\x9c]{0,512}(?:\x07|\x9c)?"
)
# C0 controls except tab, newline and carriage return; DEL; C1 controls; bidirectional
# embeddings, overrides and isolates; lone surrogates.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
# The characters a binary file decoded as text is full of (whitespace controls excluded).
_BINARY_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")

BINARY_SHARE = 0.05
"""Share of non-text control characters above which a file is taken for binary. Text has
none; random bytes decoded as latin-1 have about 10%."""


def neutralise_controls(text: str) -> str:
    """Escape sequences and control characters replaced by spaces, one for one, so that
    offsets into the text stay valid (chunk spans are exact offsets into the source file)."""
    if not _needs_cleaning(text):
        return text
    text = _ESCAPE_SEQ_RE.sub(lambda m: " " * len(m.group()), text)
    return _CONTROL_RE.sub(" ", text)


def strip_controls(text: str) -> str:
    """Escape sequences and control characters removed (for display: offsets do not matter).
    Tab, newline and carriage return are kept."""
    if not _needs_cleaning(text):
        return text
    return _CONTROL_RE.sub("", _ESCAPE_SEQ_RE.sub("", text))


def _needs_cleaning(text: str) -> bool:
    return _CONTROL_RE.search(text) is not None


def looks_binary(text: str) -> bool:
    """Whether decoded file contents are mostly not text (judged on the first 64 KB)."""
    sample = text[:65536]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    return len(_BINARY_CHAR_RE.findall(sample)) > BINARY_SHARE * len(sample)


def clean_user_text(text: str | bytes) -> str:
    """A question or answer typed by a learner, made safe before anything else sees it:
    bytes decoded as UTF-8 (invalid sequences replaced), lone surrogates (from a terminal
    that passed undecodable bytes through) replaced, NFC-normalised, escape sequences and
    control characters removed, surrounding whitespace trimmed."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    elif not isinstance(text, str):
        text = str(text)
    if _SURROGATE_RE.search(text):
        # A terminal passes undecodable bytes through as lone surrogates (surrogateescape);
        # they cannot be encoded and tokenizers crash on them. Through UTF-16, a valid pair
        # becomes its character and a lone one the replacement character.
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFC", text)
    return strip_controls(text).replace("\r", " ").strip()
