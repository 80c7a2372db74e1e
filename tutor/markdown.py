"""Markdown parsing for ingestion: YAML front matter, heading tree and clean text.

Sections are split at every heading so each chunk can carry its heading path
(module > section > subsection) as metadata and as a citation label.

Everything here reads untrusted files, so it runs in linear time: headings, fences and
front matter are found by scanning lines (a backtracking regex over a line of spaces took
cubic time), and every regex that remains has bounded repetition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from pydantic import BaseModel

MAX_FRONT_MATTER_CHARS = 65_536
"""Front matter is a few lines of metadata; a longer block is not parsed as YAML."""

# Boilerplate of exported documentation that costs embedding time and carries no meaning.
# Repetitions are bounded so that a match attempt costs O(1) however hostile the text.
_ANCHOR_RE = re.compile(r"<a\s{1,20}name=\"[^\"]{0,500}\"\s{0,20}>\s{0,20}</a>", re.IGNORECASE)
_IMAGE_RE = re.compile(r"!\[([^\]]{0,4000})\]\([^)]{0,4000}\)")
_LINK_RE = re.compile(r"\[([^\]]{1,4000})\]\((?:[^()]|\([^)]{0,4000}\)){0,4000}\)")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'&=$%:;,/?@^])")
_HTML_TAG_RE = re.compile(r"</?(?:a|b|i|u|em|strong|br|p|span|code|sup|sub)\b[^>]{0,1000}>", re.IGNORECASE)


class MarkdownSection(BaseModel):
    """One heading and the text directly beneath it (up to the next heading of any level)."""

    heading: str
    level: int
    """1-6; 0 for text before the first heading."""
    path: list[str]
    """Headings from the top level down to this one."""
    body: str
    start: int
    """Character offset of the heading line in the document (after front matter)."""
    end: int
    body_start: int = 0
    """Character offset of ``body`` in the text given to ``parse_markdown``."""


class FrontMatterError(ValueError):
    """The YAML between the leading '---' lines could not be parsed."""


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) for every line split at "\\n" only, like ``^``/``$`` in a MULTILINE regex
    (``str.splitlines`` also splits at \\r, \\x0b, \\u2028... and would shift every offset)."""
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            yield start, text[start:]
            return
        yield start, text[start:end]
        start = end + 1


def _ws_run_end(text: str, pos: int) -> int:
    """First index at or after ``pos`` that is not whitespace."""
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


def _closer_end(text: str, line_start: int) -> int | None:
    """When the line at ``line_start`` is "---" plus blanks, where the front matter block
    ends: after the blank lines that follow it (up to the last newline), else None."""
    if not text.startswith("---", line_start):
        return None
    run_end = _ws_run_end(text, line_start + 3)
    nl = text.find("\n", line_start)
    line_end = len(text) if nl < 0 else nl
    if run_end < line_end:  # something other than blanks on the "---" line
        return None
    if run_end == len(text):
        return len(text)
    return text.rfind("\n", line_start, run_end) + 1


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, offset of body in ``text``).

    Front matter opens with "---" on the first line and closes at the next line that is
    "---" plus blanks, with at least one line between them.
    """
    if not text.startswith("---"):
        return {}, text, 0
    opener_end = _ws_run_end(text, 3)
    last_nl = text.rfind("\n", 3, opener_end)
    if last_nl < 0:
        return {}, text, 0
    content = last_nl + 1
    limit = min(len(text), content + MAX_FRONT_MATTER_CHARS)
    found: tuple[int, int] | None = None
    nl = text.find("\n", content, limit)
    while nl >= 0:
        end = _closer_end(text, nl + 1)
        if end is not None:
            found = (text[content:nl], end)
            break
        nl = text.find("\n", nl + 1, limit)
    if found is None:
        # The first line after the blank run may itself close a block that opened one
        # blank line earlier ("---\n\n---"): an empty front matter.
        earlier = text.rfind("\n", 3, last_nl)
        end = _closer_end(text, content) if earlier >= 0 else None
        if end is None:
            return {}, text, 0
        found = (text[earlier + 1 : last_nl], end)
    yaml_text, end = found
    try:
        data = yaml.safe_load(yaml_text) or {}
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"invalid YAML front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a YAML mapping")
    return data, text[end:], end


def clean_inline(text: str) -> str:
    """Strip anchors, images, link targets, HTML tags and backslash escapes, keep the words."""
    text = _ANCHOR_RE.sub("", text)
    text = _IMAGE_RE.sub(lambda m: m.group(1).strip("\\[]"), text)
    text = _LINK_RE.sub(r"\1", text)
    text = _HTML_TAG_RE.sub("", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return text


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, raw heading text) when ``line`` is an ATX heading ("## Title ##"), else None.

    The line must start with 1-6 '#' and a space or tab and hold at least one more
    character; a closing run of '#' and surrounding blanks is dropped (but never the first
    character of the text).
    """
    level = 0
    while level < len(line) and level < 7 and line[level] == "#":
        level += 1
    if not 1 <= level <= 6 or level >= len(line) or line[level] not in " \t":
        return None
    rest = line[level:]
    if len(rest) < 2:
        return None
    content_start = len(rest) - len(rest.lstrip(" \t"))
    if content_start == len(rest):  # only blanks: the last blank is the (empty) text
        content_start -= 1
    # Trailing [ \t]* #* [ \t]*, scanned from the end.
    end = len(rest)
    while end > content_start and rest[end - 1] in " \t":
        end -= 1
    while end > content_start and rest[end - 1] == "#":
        end -= 1
    while end > content_start and rest[end - 1] in " \t":
        end -= 1
    return level, rest[content_start : max(end, content_start + 1)]


def _is_fence(line: str) -> bool:
    return line.startswith(("```", "~~~"))


def _headings(body: str) -> list[tuple[int, int, int, str]]:
    """(line start, line end, level, text) of each heading outside fenced code blocks.

    Fence lines (starting with ``` or ~~~) pair up in order; a last unpaired fence opens
    nothing, so the headings after it still count.
    """
    lines = list(iter_lines(body))
    fences = sum(1 for _, line in lines if _is_fence(line))
    usable = fences - fences % 2
    seen = 0
    in_code = False
    found: list[tuple[int, int, int, str]] = []
    for start, line in lines:
        if _is_fence(line):
            seen += 1
            if seen <= usable:
                in_code = not in_code
            continue
        if in_code:
            continue
        heading = heading_of(line)
        if heading is not None:
            found.append((start, start + len(line), *heading))
    return found


def _body(body: str, start: int, end: int) -> tuple[str, int]:
    """The stripped text of body[start:end] and where it begins in ``body``."""
    piece = body[start:end]
    stripped = piece.strip()
    return stripped, start + (len(piece) - len(piece.lstrip()))


def parse_markdown(text: str) -> tuple[dict[str, Any], list[MarkdownSection]]:
    """Parse front matter and the heading tree. Offsets refer to ``text`` as given."""
    front, body, offset = split_front_matter(text)
    sections: list[MarkdownSection] = []
    stack: list[tuple[int, str]] = []
    headings = _headings(body)
    first = headings[0][0] if headings else len(body)
    lead, lead_at = _body(body, 0, first)
    if lead:
        sections.append(
            MarkdownSection(
                heading="",
                level=0,
                path=[],
                body=lead,
                start=offset,
                end=offset + first,
                body_start=offset + lead_at,
            )
        )
    for i, (line_start, line_end, level, raw) in enumerate(headings):
        heading = clean_inline(raw).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
        end = headings[i + 1][0] if i + 1 < len(headings) else len(body)
        section_body, body_at = _body(body, line_end, end)
        sections.append(
            MarkdownSection(
                heading=heading,
                level=level,
                path=[h for _, h in stack],
                body=section_body,
                start=offset + line_start,
                end=offset + end,
                body_start=offset + body_at,
            )
        )
    return front, sections


def section_text(sections: list[MarkdownSection], heading: str) -> str:
    """Body of the section titled ``heading`` plus every deeper subsection beneath it.

    Raises KeyError when no section has that heading.
    """
    for i, section in enumerate(sections):
        if section.heading == heading:
            parts = [section.body]
            for sub in sections[i + 1 :]:
                if sub.level <= section.level:
                    break
                parts.append(f"{sub.heading}\n{sub.body}")
            return "\n\n".join(p for p in parts if p)
    raise KeyError(heading)
