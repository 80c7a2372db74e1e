"""What the dense (meaning) index is given for a chunk: its prose, not its code or tables.

Every chunk keeps its full text in the store and in BM25. The embedding model is given only the
text that search by meaning helps with: the chunk's heading path and its prose lines (a table
row that describes something, like a hyperparameter and what it does, counts as prose). Code
blocks, table rows of values, JSON-like lines and image links are left out: learners do not search them
by meaning (nobody paraphrases a registry path), BM25 finds their exact tokens anyway, and on
the SageMaker Developer Guide they are a third of the characters. A chunk with no prose left
is represented by its heading path alone, which is short and shared by its neighbours (one
vector for identical text: the ingest embeds each distinct text once).

``content_mix`` measures where the characters go, for ``tutor stats`` and the benchmarks.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

from tutor.models import Chunk

_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_ROW = re.compile(r"^\s*\|")
_JSON_LINE = re.compile(r'^\s*(?:[\[\]{}(),;]+|"[^"\n]*"\s*:.*|[\w.-]+\s*[:=]\s*[\[{"\d].*)\s*$')
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_WORD = re.compile(r"[A-Za-z]{2,}")
_DESCRIPTION_WORDS = 5
"""A table cell of at least this many words describes something (a hyperparameter table's
'Controls the balance of positive and negative weights ...'), and the row is kept as prose."""

DENSE_TEXT_VERSION = "1"
"""Bump when what is embedded changes: the manifest then re-embeds every file."""

MIN_PROSE_CHARS = 80
"""Less prose than this beside code or a table (a caption, a stray line) says little: the
chunk is then embedded by its heading path alone. A short chunk of prose only stays whole."""


def _described_row(line: str) -> str:
    """A table row whose cells include a description, as plain text; '' for a row of values
    (registry paths, versions, numbers) or a separator."""
    cells = [c.strip().strip("`*").strip() for c in line.strip().strip("|").split("|")]
    if not any(len(_WORD.findall(c)) >= _DESCRIPTION_WORDS for c in cells):
        return ""
    return "; ".join(c for c in cells if c)


def split_content(text: str) -> tuple[str, Counter[str]]:
    """(the prose lines of ``text``, characters per kind: prose, code, table, json, image)."""
    kinds: Counter[str] = Counter()
    prose: list[str] = []
    in_code = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            kinds["code"] += len(line)
        elif in_code:
            kinds["code"] += len(line)
        elif _TABLE_ROW.match(line):
            described = _described_row(line)
            if described:  # a row that explains something (a parameter and what it does) is prose
                prose.append(described)
                kinds["prose"] += len(described)
            else:
                kinds["table"] += len(line)
        elif _JSON_LINE.match(line):
            kinds["json"] += len(line)
        else:
            kept = _IMAGE.sub("", line)
            kinds["image"] += len(line) - len(kept)
            if kept.strip():
                prose.append(kept)
                kinds["prose"] += len(kept)
    return "\n".join(prose), kinds


def dense_text(chunk: Chunk) -> str:
    """The text embedded for ``chunk``: heading path and prose, or the heading path alone."""
    label = chunk.section_label or chunk.title
    prose, kinds = split_content(chunk.text)
    if kinds["prose"] == sum(kinds.values()):
        return chunk.embedding_text()  # nothing to leave out
    if len(prose) < MIN_PROSE_CHARS and label:
        return label
    return f"{label}\n{prose}" if label else (prose or chunk.text)


class ContentMix(BaseModel):
    """Where a library's characters go, and how much of it the dense index is given."""

    chunks: int = 0
    characters: dict[str, int] = Field(default_factory=dict, description="By kind of line.")
    dense_texts: int = Field(default=0, description="Distinct texts embedded (one vector each).")
    heading_only: int = Field(default=0, description="Chunks embedded by their heading path alone.")
    repeated: int = Field(default=0, description="Chunks whose embedded text repeats another's.")
    dense_characters: int = Field(default=0, description="Characters of the distinct embedded texts.")
    full_characters: int = Field(default=0, description="Characters if every chunk were embedded whole.")


def content_mix(chunks: list[Chunk]) -> ContentMix:
    mix = ContentMix(chunks=len(chunks))
    kinds: Counter[str] = Counter()
    seen: set[str] = set()
    for chunk in chunks:
        _, counts = split_content(chunk.text)
        kinds.update(counts)
        text = dense_text(chunk)
        label = chunk.section_label or chunk.title
        mix.heading_only += text == label
        mix.full_characters += len(chunk.embedding_text())
        if text in seen:
            mix.repeated += 1
            continue
        seen.add(text)
        mix.dense_characters += len(text)
    mix.characters = dict(kinds)
    mix.dense_texts = len(seen)
    return mix
