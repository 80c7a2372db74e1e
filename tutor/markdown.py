"""Markdown parsing for ingestion: YAML front matter, heading tree and clean text.

Sections are split at every heading so each chunk can carry its heading path
(module > section > subsection) as metadata and as a citation label.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import BaseModel

_FRONT_MATTER_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_FENCE_RE = re.compile(r"^(```|~~~)", re.MULTILINE)

# Boilerplate of exported documentation that costs embedding time and carries no meaning.
_ANCHOR_RE = re.compile(r"<a\s+name=\"[^\"]*\"\s*>\s*</a>", re.IGNORECASE)
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~\"'&=$%:;,/?@^])")
_HTML_TAG_RE = re.compile(r"</?(?:a|b|i|u|em|strong|br|p|span|code|sup|sub)\b[^>]*>", re.IGNORECASE)


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


class FrontMatterError(ValueError):
    """The YAML between the leading '---' lines could not be parsed."""


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, offset of body in ``text``)."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text, 0
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"invalid YAML front matter: {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError("front matter must be a YAML mapping")
    return data, text[match.end() :], match.end()


def clean_inline(text: str) -> str:
    """Strip anchors, images, link targets, HTML tags and backslash escapes, keep the words."""
    text = _ANCHOR_RE.sub("", text)
    text = _IMAGE_RE.sub(lambda m: m.group(1).strip("\\[]"), text)
    text = _LINK_RE.sub(r"\1", text)
    text = _HTML_TAG_RE.sub("", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return text


def _heading_spans(body: str) -> list[re.Match[str]]:
    """Heading matches outside fenced code blocks."""
    fences = [m.start() for m in _FENCE_RE.finditer(body)]
    in_code: list[tuple[int, int]] = list(zip(fences[::2], fences[1::2], strict=False))

    def outside(pos: int) -> bool:
        return not any(a <= pos < b for a, b in in_code)

    return [m for m in _HEADING_RE.finditer(body) if outside(m.start())]


def parse_markdown(text: str) -> tuple[dict[str, Any], list[MarkdownSection]]:
    """Parse front matter and the heading tree. Offsets refer to ``text`` as given."""
    front, body, offset = split_front_matter(text)
    sections: list[MarkdownSection] = []
    stack: list[tuple[int, str]] = []
    matches = _heading_spans(body)
    if matches and body[: matches[0].start()].strip():
        sections.append(
            MarkdownSection(
                heading="",
                level=0,
                path=[],
                body=body[: matches[0].start()].strip(),
                start=offset,
                end=offset + matches[0].start(),
            )
        )
    elif not matches and body.strip():
        sections.append(
            MarkdownSection(
                heading="", level=0, path=[], body=body.strip(), start=offset, end=offset + len(body)
            )
        )
    for i, match in enumerate(matches):
        level = len(match.group(1))
        heading = clean_inline(match.group(2)).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        sections.append(
            MarkdownSection(
                heading=heading,
                level=level,
                path=[h for _, h in stack],
                body=body[match.end() : end].strip(),
                start=offset + match.start(),
                end=offset + end,
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
