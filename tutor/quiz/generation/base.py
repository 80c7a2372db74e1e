"""What every item maker shares: the context, building a grounded QuizItem, and the small
text helpers that turn a course sentence into a stem in the tutor's own words."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from tutor.course.data import CourseData
from tutor.course.items import Difficulty, Grounding, ItemType, QuizItem
from tutor.models import Chunk
from tutor.quiz.vocabulary import Vocabulary
from tutor.text import split_sentences, tokens

MIN_SENTENCE_CHARS = 50
MAX_SENTENCE_CHARS = 280
MAX_CLAUSE_WORDS = 8
"""A stem quotes at most this many words of a course sentence: fewer than the ten-word run
that makes a stem a copied sentence, and enough to name what is asked."""


@dataclass
class Context:
    """What a maker needs besides the chunk."""

    module: int
    vocab: Vocabulary
    course: CourseData
    rng: random.Random
    objective: Callable[[Chunk], str]


Maker = Callable[[Chunk, Context], list[QuizItem]]


def item_id(module: int, kind: str, *parts: str) -> str:
    """Deterministic id: the same item from the same text always has the same id, so the
    learner's history and review schedule follow it across quizzes."""
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"gen-m{module}-{kind}-{digest}"


def make(
    ctx: Context,
    chunk: Chunk,
    kind: str,
    *,
    type: ItemType,
    stem: str,
    answer: object,
    explanation: str,
    quote: str | None,
    options: list[str] | None = None,
    prompts: list[str] | None = None,
    accept: list[str] | None = None,
    difficulty: Difficulty = Difficulty.medium,
) -> QuizItem | None:
    """A QuizItem grounded in ``chunk``, or None when its shape is invalid."""
    try:
        return QuizItem(
            id=item_id(ctx.module, kind, stem, str(answer), quote or chunk.id),
            module=ctx.module,
            objective=ctx.objective(chunk),
            type=type,
            difficulty=difficulty,
            stem=stem,
            options=options or [],
            prompts=prompts or [],
            answer=answer,  # type: ignore[arg-type]
            accept=accept or [],
            explanation=explanation,
            grounding=Grounding(
                source=chunk.source,
                section=chunk.section_path[-1] if chunk.section_path else chunk.title,
                passage_id=chunk.id,
                quote=quote,
            ),
            origin="generated",
        )
    except ValueError:
        return None


def sentences(chunk: Chunk) -> list[str]:
    """The chunk's prose sentences (no list items, table rows, headings or questions)."""
    return [
        s
        for s in split_sentences(chunk.text)
        if MIN_SENTENCE_CHARS <= len(s) <= MAX_SENTENCE_CHARS
        and not s.startswith(("|", "#", "-", "*", "`"))
        and not re.match(r"^\d+\.\s", s)
        and not s.rstrip().endswith(("?", ":"))
    ]


def says(sentence: str) -> str:
    """The explanation of an item built from one sentence: the sentence, quoted."""
    return f"The course says: “{sentence}”"


def brand_prefix(course: CourseData) -> str:
    """A regex for the course's optional brand words before a name ('Amazon SageMaker ')."""
    words = sorted(course.brand_prefixes, key=len, reverse=True)
    return "(?:(?:" + "|".join(map(re.escape, words)) + ") )*" if words else ""


def term_pattern(term: str, course: CourseData) -> re.Pattern[str]:
    """``term`` as a whole name, optionally after the brand ('Amazon SageMaker X')."""
    return re.compile(rf"(?<![\w-]){brand_prefix(course)}{re.escape(term)}(?![\w-])")


def choice_options(answer: str, distractors: list[str], rng: random.Random) -> list[str]:
    options = [answer, *distractors]
    rng.shuffle(options)
    return options


_CLAUSE_END_RE = re.compile(r",|;|:|\s\(|\s(?:and|but|so|which|while|because|whereas|so that|that)\s")
_DANGLING = frozenset(
    {"a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "with", "by", "from", "its", "their"}
)


def clause(text: str, *, min_words: int = 2, max_words: int = MAX_CLAUSE_WORDS) -> str | None:
    """The first clause of ``text`` (up to a comma, 'and', 'that'…), at most ``max_words``
    words, or None when the first clause is longer: a stem then names what is asked in a
    few words instead of copying the sentence."""
    text = text.strip().rstrip(".")
    for m in _CLAUSE_END_RE.finditer(text):
        head = text[: m.start()].strip()
        if len(tokens(head)) >= min_words:
            text = head
            break
    words = text.split()
    while words and words[-1].lower() in _DANGLING:
        words.pop()
    if not words or len(words) > max_words or len(tokens(" ".join(words))) < min_words:
        return None
    return " ".join(words)


def lower_first(text: str) -> str:
    """'Primary lifecycle phase' -> 'primary lifecycle phase'; 'SageMaker service' unchanged."""
    first = text.split()[0] if text.split() else ""
    return text[0].lower() + text[1:] if first[1:].islower() else text
