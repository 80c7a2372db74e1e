"""Item makers for structured text: table rows become scenarios and lookups (both ways),
matching items and true/false statements; numbered lists become ordering items.

A table column is one category (deployment options, phases, services), so the other rows of
the same column are natural same-kind distractors. Rows with numbers in them are skipped:
illustrative figures ("89 percent", "4.10 USD") are trivia, not understanding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tutor.course.items import Difficulty, ItemType, QuizItem
from tutor.models import Chunk
from tutor.quiz.generation.base import Context, choice_options, lower_first, make
from tutor.text import normalize, tokens

_NUMBER_RE = re.compile(r"\d")
_REMARK_RE = re.compile(r"^[a-z]+(?:ed|ing)\b")
_NEED_HEADERS = frozenset({"need", "needs", "requirement", "situation", "use case", "scenario", "when"})
_MAX_CELL_WORDS = 9


def tables(text: str) -> Iterator[tuple[list[str], list[list[str]]]]:
    """(header, rows) of every Markdown table in ``text``."""
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.strip().startswith("|"):
            block.append(line.strip())
            continue
        if len(block) >= 3 and re.fullmatch(r"\|?\s*:?-{3,}.*", block[1]):
            cells = [[c.strip().strip("*").strip() for c in row.strip("|").split("|")] for row in block]
            header, rows = cells[0], [r for r in cells[2:] if len(r) == len(cells[0])]
            if len(header) >= 2 and rows:
                yield header, rows
        block = []


def _scenario(header0: str, row0: str, column: str) -> str:
    """The stem asking for a row's cell: a situation for a 'need' table, a question someone
    asks for a 'question' table, otherwise a plain question about the row."""
    h = normalize(header0)
    if h in _NEED_HEADERS:
        return f"A team describes its situation as: {lower_first(row0)}. Which {column} fits best?"
    if h.endswith("question"):
        return f"A reviewer asks: “{row0}” Which of these answers the question?"
    return f"What is the {column} of {row0}?"


def table_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """Per row: a scenario asking for its cell, the reverse lookup, a true/false statement
    (false ones name another row's cell), a multiple-response item from list-valued cells;
    per column: one matching item."""
    out: list[QuizItem] = []
    for header, rows in tables(chunk.text):
        rows = [r for r in rows if not any(_NUMBER_RE.search(c) for c in r)]
        if len(rows) < 3:
            continue
        key_name = lower_first(header[0])
        for j in range(1, len(header)):
            column = lower_first(header[j])
            values = [r[j] for r in rows]
            short = all(0 < len(tokens(v)) <= _MAX_CELL_WORDS for v in values)
            distinct = len({normalize(v) for v in values}) == len(values)
            for row in rows:
                quote = f"{row[0]} | {row[j]}"
                explanation = f"The course's table gives {row[0]}: {row[j]}."
                wrong = [r[j] for r in rows if normalize(r[j]) != normalize(row[j])]
                ctx.rng.shuffle(wrong)
                if short and len(wrong) >= 2:
                    item = make(
                        ctx,
                        chunk,
                        "table",
                        type=ItemType.single_choice,
                        stem=_scenario(header[0], row[0], column),
                        answer=row[j],
                        options=choice_options(row[j], wrong[:3], ctx.rng),
                        explanation=explanation,
                        quote=quote,
                    )
                    if item:
                        out.append(item)
                others = [r[0] for r in rows if r is not row]
                ctx.rng.shuffle(others)
                if distinct and short and len(others) >= 2 and len(tokens(row[0])) <= _MAX_CELL_WORDS:
                    item = make(
                        ctx,
                        chunk,
                        "table-rev",
                        type=ItemType.single_choice,
                        stem=f"Which {key_name} goes with this {column}: {row[j]}?",
                        answer=row[0],
                        options=choice_options(row[0], others[:3], ctx.rng),
                        explanation=explanation,
                        quote=quote,
                    )
                    if item:
                        out.append(item)
                if short and wrong and normalize(header[0]) in _NEED_HEADERS:
                    make_false = ctx.rng.random() < 0.5
                    named = wrong[0] if make_false else row[j]
                    item = make(
                        ctx,
                        chunk,
                        "table-tf",
                        type=ItemType.true_false,
                        stem=f"True or false: for a team whose need is “{lower_first(row[0])}”, {named} is the {column} that fits.",
                        answer=not make_false,
                        explanation=("False. " if make_false else "True. ") + explanation,
                        quote=quote,
                        difficulty=Difficulty.easy,
                    )
                    if item:
                        out.append(item)
                out.extend(_list_cell_item(chunk, ctx, rows, row, j, column, quote, explanation))
            if distinct and short:
                picked = ctx.rng.sample(rows, min(4, len(rows)))
                item = make(
                    ctx,
                    chunk,
                    "match",
                    type=ItemType.matching,
                    stem=f"Match each {key_name} to its {column}.",
                    prompts=[r[0] for r in picked],
                    options=ctx.rng.sample([r[j] for r in picked], len(picked)),
                    answer={r[0]: r[j] for r in picked},
                    explanation="The course's table: " + "; ".join(f"{r[0]}: {r[j]}" for r in picked) + ".",
                    quote=None,
                    difficulty=Difficulty.hard,
                )
                if item:
                    out.append(item)
    return out


def _split_list(cell: str) -> list[str]:
    return [p.strip() for p in re.split(r",\s*(?![^()]*\))", cell) if p.strip()]


def _list_cell_item(
    chunk: Chunk,
    ctx: Context,
    rows: list[list[str]],
    row: list[str],
    j: int,
    column: str,
    quote: str,
    explanation: str,
) -> list[QuizItem]:
    """'Data Wrangler, Feature Store, Processing' -> which of these are the row's …?"""
    parts = _split_list(row[j])
    # Only lists of parallel names: "Data Wrangler, Feature Store", not
    # "ML Lineage Tracking, recorded by Pipelines" (a name and a remark).
    if len(parts) < 2 or not all(len(p) <= 60 and not _REMARK_RE.match(p) for p in parts):
        return []
    absent = sorted({p for r in rows for p in _split_list(r[j]) if normalize(p) not in normalize(row[j])})
    ctx.rng.shuffle(absent)
    if len(absent) < 2:
        return []
    right = parts[:3]
    item = make(
        ctx,
        chunk,
        "table-multi",
        type=ItemType.multiple_response,
        stem=f"Which of these belong to the {column} of {row[0]}? Select all that apply.",
        answer=right,
        options=choice_options(right[0], [*right[1:], *absent[:2]], ctx.rng),
        explanation=explanation,
        quote=quote,
        difficulty=Difficulty.hard,
    )
    return [item] if item else []


_NUMBERED_RE = re.compile(r"^\s*(\d+)\.\s+(.+)$", re.MULTILINE)


def ordering_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """A numbered list (the lifecycle phases, pipeline steps) -> put the steps in order."""
    matches = list(_NUMBERED_RE.finditer(chunk.text))
    if len(matches) < 3 or [int(m.group(1)) for m in matches] != list(range(1, len(matches) + 1)):
        return []
    full = [m.group(2).strip() for m in matches]
    labels = [f.split(":", 1)[0].strip() for f in full]
    steps = labels if len(set(map(normalize, labels))) == len(labels) else [f.rstrip(".") for f in full]
    steps = steps[:6]
    if any(len(tokens(s)) > _MAX_CELL_WORDS for s in steps):
        return []
    heading = chunk.section_path[-1] if chunk.section_path else ""
    topic = f" ({heading})" if heading and len(tokens(heading)) < 10 else ""
    shuffled = steps[:]
    while shuffled == steps:
        ctx.rng.shuffle(shuffled)
    item = make(
        ctx,
        chunk,
        "order",
        type=ItemType.ordering,
        stem=f"Put these steps in the right order{topic}.",
        options=shuffled,
        answer=steps,
        explanation="The course gives them in this order: " + "; ".join(full[: len(steps)]),
        quote=None,
        difficulty=Difficulty.hard,
    )
    return [item] if item else []
