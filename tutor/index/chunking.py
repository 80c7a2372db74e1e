"""Size-bounded chunks that never cut a sentence in half.

Chunking works on the raw text so chunk spans are exact offsets into the source; the
stored text is cleaned afterwards (links, anchors and escapes removed).
"""

from __future__ import annotations

import bisect
import itertools
import re

from tutor.markdown import iter_lines

_BREAK_RE = re.compile(
    r"(?<=[.!?])[\"')\]]?[ \t]+(?=[A-Z0-9\"'(\[*`])"  # sentence end inside a paragraph
    r"|\n[ \t]*\n"  # blank line: paragraph end
    r"|\n(?=[ \t]*(?:[-*+]|\d+\.|\||#)[ \t])"  # a list item, table row or heading starts
)
_ABBREV_RE = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|Fig|No|Inc)\.$")


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block, in order: from a line opening with ``` or ~~~
    (after blanks) to the next line holding only the same marker (and blanks).

    A line scan with, per line, the next closing line of each marker precomputed, so many
    unclosed fences cost linear time (the regex this replaces was quadratic on them).
    """
    lines = list(iter_lines(text))
    stripped = [line.lstrip(" \t") for _, line in lines]
    marker = [s[:3] if s.startswith(("```", "~~~")) else "" for s in stripped]
    closes = [m if m and not s[3:].strip(" \t") else "" for m, s in zip(marker, stripped, strict=True)]
    next_close: dict[str, list[int]] = {"```": [0] * (len(lines) + 1), "~~~": [0] * (len(lines) + 1)}
    for kind, table in next_close.items():
        table[len(lines)] = -1
        for i in range(len(lines) - 1, -1, -1):
            table[i] = i if closes[i] == kind else table[i + 1]
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        close = next_close[marker[i]][i + 1] if marker[i] else -1
        if close < 0:
            i += 1
            continue
        start, _ = lines[i]
        end = lines[close][0] + len(lines[close][1])
        blocks.append((start, end))
        i = close + 1
    return blocks


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, list item or fenced code block, whitespace trimmed."""
    protected = fenced_blocks(text)
    starts = [a for a, _ in protected]
    cuts = [0]
    for m in _BREAK_RE.finditer(text):
        pos = m.start()
        # Blocks are sorted and disjoint: only the last one starting before pos can hold it.
        j = bisect.bisect_left(starts, pos) - 1
        if j >= 0 and protected[j][0] < pos < protected[j][1]:
            continue
        if _ABBREV_RE.search(text[max(0, pos - 8) : pos]):
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    spans = []
    for a, b in itertools.pairwise(cuts):
        seg = text[a:b]
        stripped = seg.strip()
        if not stripped:
            continue
        lead = len(seg) - len(seg.lstrip())
        spans.append((a + lead, a + lead + len(stripped)))
    return spans


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Split one over-long span (a code block or table) at line, then word, boundaries."""
    pieces: list[tuple[int, int]] = []
    a = start
    while end - a > limit:
        window = text[a : a + limit]
        cut = window.rfind("\n")
        if cut < limit // 3:
            cut = window.rfind(" ")
        if cut < limit // 3:
            cut = limit
        pieces.append((a, a + cut))
        a += cut
        while a < end and text[a].isspace():
            a += 1
    if a < end:
        pieces.append((a, end))
    return pieces


def chunk_spans(text: str, target: int) -> list[tuple[int, int]]:
    """Pack sentences into chunks of about ``target`` characters.

    A chunk only ends between sentences. A single sentence longer than 1.5 x target (a code
    block, a table) is split at line or word boundaries: there is no sentence to keep whole.
    A short tail is merged into the chunk before it.
    """
    hard = int(target * 1.5)
    units: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        units.extend(_split_long(text, a, b, hard) if b - a > hard else [(a, b)])
    chunks: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end = 0
    for a, b in units:
        if cur_start is None:
            cur_start, cur_end = a, b
        elif b - cur_start <= target:
            cur_end = b
        else:
            chunks.append((cur_start, cur_end))
            cur_start, cur_end = a, b
    if cur_start is not None:
        if chunks and (cur_end - cur_start) < target // 4 and cur_end - chunks[-1][0] <= hard:
            chunks[-1] = (chunks[-1][0], cur_end)
        else:
            chunks.append((cur_start, cur_end))
    return chunks
