"""Checks every generated item passes before a learner sees it, and the quiz-level
"no two items ask the same thing" rule.

An item is valid when: its answer is supported by its cited passage (the project's rule,
``support_ratio >= 0.6``); the sentence it was built from is really in that passage; its
distractors are distinct, do not overlap the answer and are not also supported by that
sentence; and its stem does not give the answer away.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from tutor.course.items import ItemType, QuizItem
from tutor.exceptions import InvalidItemError
from tutor.quiz.feedback import claims
from tutor.text import content_terms, normalize, tokens

MIN_SUPPORT = 0.6
"""The project's rule for "a passage supports a claim"."""
MIN_QUOTE_SUPPORT = 0.9
"""The sentence an item was built from must be (almost) verbatim in its passage."""
MAX_STEM_JACCARD = 0.8
"""Stems sharing more of their words than this ask the same thing (as in the bank tests)."""
MAX_TERM_JACCARD = 0.7
"""The same on stemmed content words, which catches rewordings of one question."""
FALSE_CLAIM_SUPPORT = 0.8
"""A 'false' statement this well supported by some sentence of the course may in fact be true."""
MAX_OPTION_CHARS = 240

_TF_PREFIX_RE = re.compile(r"^\s*true or false\s*[:?-]\s*", re.IGNORECASE)


def statement_of(item: QuizItem) -> str:
    """The statement a true/false item asks about (its stem without 'True or false:')."""
    return _TF_PREFIX_RE.sub("", item.stem).strip()


@lru_cache(maxsize=8192)
def _terms(text: str) -> frozenset[str]:
    """Content terms of a course sentence, computed once per sentence."""
    return frozenset(content_terms(text))


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return normalize(text)


def _support(claim: str, passage: str) -> float:
    """``support_ratio`` with both sides' terms cached: validation checks many claims
    against the same few passages."""
    claim_terms = _terms(claim)
    if not claim_terms:
        return 0.0
    return len(claim_terms & _terms(passage)) / len(claim_terms)


def _contains(haystack: str, needle: str) -> bool:
    """Whole-word containment after normalization."""
    n, h = _norm(needle), _norm(haystack)
    return bool(n) and re.search(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])", h) is not None


def _distractors(item: QuizItem) -> list[str]:
    if item.type in (ItemType.single_choice, ItemType.multiple_response):
        right = set(item.correct_texts)
        return [o for o in item.options if o not in right]
    return []


def item_problems(item: QuizItem, passage: str, *, course_sentences: list[str] | None = None) -> list[str]:
    """Everything wrong with ``item`` given its cited ``passage`` (empty list: valid).

    ``course_sentences`` (sentences of the item's module) lets a 'false' statement be
    checked against the rest of the course, not only its own passage.
    """
    problems: list[str] = []
    if not passage.strip():
        return ["no cited passage"]
    quote = item.grounding.quote
    if quote and _support(quote, passage) < MIN_QUOTE_SUPPORT:
        problems.append("the quoted sentence is not in the cited passage")

    # 1. The answer is supported by the cited passage.
    for claim in claims(item):
        ratio = _support(claim, passage)
        if ratio < MIN_SUPPORT:
            problems.append(f"answer {claim[:60]!r} is weakly supported by its passage ({ratio:.2f})")
    if item.type is ItemType.true_false:
        statement = statement_of(item)
        if item.answer is True and _support(statement, passage) < MIN_SUPPORT:
            problems.append("a 'true' statement is not supported by its passage")
        if item.answer is False:
            if _norm(statement) in _norm(passage):
                problems.append("a 'false' statement appears verbatim in its passage")
            own = _norm(quote or "")
            for sentence in course_sentences or []:
                if _support(statement, sentence) >= FALSE_CLAIM_SUPPORT and _norm(sentence) != own:
                    problems.append(f"a 'false' statement may be true: {sentence[:80]!r}")
                    break

    # 2. Distractors: distinct (the schema checks), not overlapping the answer, not also right.
    right = item.correct_texts
    for d in _distractors(item):
        if not content_terms(d) and not tokens(d):
            problems.append(f"distractor {d!r} is empty")
        for r in right:
            if _contains(d, r) or _contains(r, d):
                problems.append(f"distractor {d!r} overlaps the answer {r!r}")
        if quote and _support(d, quote) >= MIN_SUPPORT:
            problems.append(f"distractor {d!r} is also supported by the quoted sentence")
    if (
        item.type is ItemType.matching
        and isinstance(item.answer, dict)
        and len(set(item.answer.values())) < 2
    ):
        problems.append("every prompt maps to the same option")
    for text in [*item.options, *item.prompts]:
        if len(text) > MAX_OPTION_CHARS:
            problems.append(f"option {text[:40]!r}… is too long")

    # 3. The stem does not give the answer away.
    if item.type in (ItemType.single_choice, ItemType.short_answer):
        answer = str(item.answer)
        if _contains(item.stem, answer):
            problems.append("the stem contains the answer")
    return list(dict.fromkeys(problems))


def validate_item(item: QuizItem, passage: str, *, course_sentences: list[str] | None = None) -> QuizItem:
    """Return ``item`` if valid, else raise InvalidItemError listing what is wrong."""
    problems = item_problems(item, passage, course_sentences=course_sentences)
    if problems:
        raise InvalidItemError(
            f"Item {item.id} is invalid: {'; '.join(problems)}.",
            "Generated items that fail validation are dropped; fix bank items in corpus/questions/.",
        )
    return item


# --------------------------------------------------------------------------- duplicates


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@lru_cache(maxsize=4096)
def _signature(stem: str, quote: str | None) -> tuple[str, str, frozenset[str], frozenset[str]]:
    """Normalized stem and quote, stem words and stemmed stem content words (computed once)."""
    return (
        normalize(stem),
        normalize(quote or ""),
        frozenset(tokens(stem)),
        frozenset(content_terms(stem)),
    )


def same_question(a: QuizItem, b: QuizItem) -> bool:
    """True when two items ask the same thing: same or nearly the same stem, or both built
    from the same sentence of the course."""
    if a.id == b.id:
        return True
    sa, sb = _signature(a.stem, a.grounding.quote), _signature(b.stem, b.grounding.quote)
    if sa[0] == sb[0] or (sa[1] and sa[1] == sb[1]):
        return True
    return (
        _jaccard(set(sa[2]), set(sb[2])) > MAX_STEM_JACCARD
        or _jaccard(set(sa[3]), set(sb[3])) >= MAX_TERM_JACCARD
    )


def is_duplicate(item: QuizItem, chosen: list[QuizItem]) -> bool:
    """Whether ``item`` asks the same thing as any of ``chosen``."""
    return any(same_question(item, c) for c in chosen)


def dedupe(items: list[QuizItem]) -> tuple[list[QuizItem], list[QuizItem]]:
    """(kept, dropped): keeps the first of every group of items that ask the same thing."""
    kept: list[QuizItem] = []
    dropped: list[QuizItem] = []
    for item in items:
        if is_duplicate(item, kept):
            dropped.append(item)
        else:
            kept.append(item)
    return kept, dropped


def duplicate_pairs(items: list[QuizItem]) -> list[tuple[str, str]]:
    """Every pair of items (by id) that ask the same thing."""
    return [(a.id, b.id) for a, b in itertools.combinations(items, 2) if same_question(a, b)]
