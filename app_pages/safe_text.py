"""The safe-text boundary: text from a learner, a document or a model made safe to show as
Markdown or to use as a file name. Pure functions, no Streamlit.

Text from a learner, a document or a model is never given to ``unsafe_allow_html``. When it
is shown as Markdown (to highlight a sentence or mark a citation) it first goes through
:func:`md_escape`, which backslash-escapes Markdown syntax so no image can be fetched, no link
or icon is drawn, and no formatting is injected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Every ASCII punctuation character Markdown, GFM or Streamlit's directives (:red[..],
# :material/icon:, $math$) could treat as syntax. CommonMark honours a backslash before any
# ASCII punctuation, so escaping one too many is harmless.
_MD_SPECIAL = re.compile(r"""([\\`*_{}\[\]()#+\-.!|<>~$:&="'/@%^;,?])""")
# GFM turns bare URLs, www. names and e-mail addresses into links even when escaped:
# a zero-width space breaks the pattern without changing what the reader sees.
_ZWSP = "\u200b"
_AUTOLINK_RE = re.compile(r"(?i)(://)|\b(www)\.|(@)")


def _break_autolink(m: re.Match[str]) -> str:
    if m.group(1):
        return ":" + _ZWSP + "//"
    if m.group(2):
        return m.group(2) + _ZWSP + "."
    return _ZWSP + "@"


def md_escape(text: object) -> str:
    """``text`` as Markdown that renders literally: no images, links, icons or formatting."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK_RE.sub(_break_autolink, str(text)))


_BULLET_RE = re.compile(r"^[-*+]\s+")


def md_block(text: object) -> str:
    """Like :func:`md_escape` for a multi-line block: keeps line breaks, drops indentation
    (four leading spaces would otherwise make a code block)."""
    lines = [_BULLET_RE.sub("• ", line.strip()) for line in str(text).splitlines()]
    return "  \n".join(md_escape(line) for line in lines)


def md_paragraphs(text: object) -> str:
    """Document text as escaped Markdown paragraphs: blank lines separate paragraphs, and
    the hard line wraps inside a paragraph (PDF lines, wrapped source) become spaces."""
    paragraphs = re.split(r"\n\s*\n", str(text).strip())
    return "\n\n".join(md_escape(" ".join(p.split())) for p in paragraphs if p.strip())


def _flexible_pattern(needle: str) -> re.Pattern[str] | None:
    words = needle.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def find_spans(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``needles`` in ``text``, whitespace-insensitive."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        pattern = _flexible_pattern(needle)
        m = pattern.search(text) if pattern else None
        if m:
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


HIGHLIGHT_OPEN = ":orange-background[**"
HIGHLIGHT_CLOSE = "**]"


def md_highlight(text: str, needles: Iterable[str]) -> tuple[str, int]:
    """(Markdown of ``text`` with each needle highlighted, number of highlights). All the
    text is escaped; only the highlight markup around it is ours."""
    spans = find_spans(text, needles)
    out, pos = [], 0
    for start, end in spans:
        out.append(_flow(text[pos:start]))
        inner = " ".join(text[start:end].split())  # a directive must stay on one line
        out.append(HIGHLIGHT_OPEN + md_escape(inner) + HIGHLIGHT_CLOSE)
        pos = end
    out.append(_flow(text[pos:]))
    return "".join(out), len(spans)


def _flow(text: str) -> str:
    """A piece of a paragraph-structured text: line wraps become spaces, blank lines stay
    paragraph breaks, and the spaces at the edges (next to a highlight) are kept."""
    parts = re.split(r"(\n\s*\n)", text)
    out = []
    for part in parts:
        if not part.strip() and part.count("\n") >= 2:
            out.append("\n\n")
            continue
        lead = " " if part[:1].isspace() else ""
        tail = " " if part[-1:].isspace() else ""
        body = " ".join(part.split())
        out.append(lead + md_escape(body) + tail if body else (" " if part else ""))
    return "".join(out)


_SAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str) -> str:
    """An uploaded file's name made safe to save: no folders, no leading dot, only letters,
    digits, '.', '_' and '-', at most 80 characters before a lower-cased extension."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        stem, suffix = base, ""
    stem = _SAFE_FILE_CHARS.sub("_", stem).strip("._-")[:80] or "upload"
    suffix = _SAFE_FILE_CHARS.sub("", suffix).lower()[:10]
    return f"{stem}.{suffix}" if suffix else stem
