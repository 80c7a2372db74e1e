"""Item-writing guidelines as checks: what a certification test developer rejects on sight.

Each check looks at one item (or one quiz) and says whether it passes. The generator runs
the item checks on every candidate and records the names of the checks it passed on the
item (``QuizItem.checks``); ``benchmarks/item_quality.py`` and the tests run the quiz checks.

Why these and not others: they are the cues a test-wise learner uses to pick the key
without knowing the answer (a stem word only the key repeats, the only option that fits
the grammar, the longest or most specific option, "always"/"never" in a true/false
statement), and the two habits that test reading instead of understanding (a stem copied
from the course, "according to the course").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from tutor.course.items import ItemType, QuizItem
from tutor.text import content_terms, normalize, tokens

COPIED_RUN_WORDS = 10
"""A stem sharing this many consecutive words with the course is a copied sentence."""
LENGTH_CUE_RATIO = 1.6
"""A key this many times longer (or shorter) than every distractor stands out by length."""

_COURSE_PHRASES_RE = re.compile(
    r"according to the course|fill in the blank|the course'?s table|the course says|"
    r"from the course:|statement from the course|as the course",
    re.IGNORECASE,
)
_ABSOLUTE_RE = re.compile(r"\b(always|never|only|all|none|every|must|cannot|impossible|guaranteed)\b", re.I)
_NEGATION_RE = re.compile(r"\b(not|no|never|cannot|can't|doesn't|don't|isn't|aren't|without)\b", re.I)
_NUMBER_RE = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)?(?![A-Za-z])")
_TF_PREFIX_RE = re.compile(r"^\s*true or false\s*[:?-]\s*", re.IGNORECASE)
_VOWEL_SOUND_RE = re.compile(r"^(?:[aeiou]|[AEFHILMNORSX](?:[A-Z0-9]|$|\s))", re.IGNORECASE)

ITEM_CHECKS = (
    "own_words",
    "no_course_phrasing",
    "no_stem_echo",
    "no_grammar_cue",
    "no_length_cue",
    "no_absolutes",
    "no_trivia",
    "false_by_fact",
)
"""Every item-level check, in the order they are reported."""


def _run_grams(text: str, n: int = COPIED_RUN_WORDS) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@dataclass(frozen=True)
class CourseText:
    """The course's word runs, for the "stem in the tutor's own words" check."""

    runs: frozenset[tuple[str, ...]]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> CourseText:
        runs: set[tuple[str, ...]] = set()
        for text in texts:
            runs |= _run_grams(text)
        return cls(frozenset(runs))

    def copies(self, text: str) -> bool:
        """Whether ``text`` repeats a run of COPIED_RUN_WORDS words of the course."""
        return not _run_grams(text).isdisjoint(self.runs)


@lru_cache(maxsize=8192)
def _terms(text: str) -> frozenset[str]:
    return frozenset(content_terms(text))


def key_texts(item: QuizItem) -> list[str]:
    return item.correct_texts


def distractor_texts(item: QuizItem) -> list[str]:
    right = set(item.correct_texts)
    return [o for o in item.options if o not in right]


def stem_echo(item: QuizItem) -> set[str]:
    """Stem words that the key repeats and no distractor does (single choice only)."""
    if item.type is not ItemType.single_choice:
        return set()
    stem_terms = _terms(item.stem)
    in_key = stem_terms & _terms(str(item.answer))
    for d in distractor_texts(item):
        in_key -= _terms(d)
    return set(in_key)


def grammar_cue(item: QuizItem) -> bool:
    """The stem ends in 'a'/'an' (before a blank or a colon) and only the key fits it."""
    if item.type is not ItemType.single_choice:
        return False
    m = re.search(r"\b(a|an)\s*(?:_+|\.\.\.|…)?\s*[:?]?\s*$", item.stem, re.I)
    if not m:
        return False
    wants_vowel = m.group(1).lower() == "an"

    def fits(option: str) -> bool:
        return bool(_VOWEL_SOUND_RE.match(option.strip())) == wants_vowel

    return fits(str(item.answer)) and not any(fits(d) for d in distractor_texts(item))


def length_cue(item: QuizItem) -> bool:
    """The key is far longer or far shorter than every distractor."""
    if item.type is not ItemType.single_choice:
        return False
    others = [len(d) for d in distractor_texts(item)]
    key = len(str(item.answer))
    if not others or key == 0:
        return False
    return key > LENGTH_CUE_RATIO * max(others) or key * LENGTH_CUE_RATIO < min(others)


def statement_of(item: QuizItem) -> str:
    return _TF_PREFIX_RE.sub("", item.stem).strip()


def absolutes(item: QuizItem) -> bool:
    """Absolute words in a true/false statement ('always', 'never', 'only'): test-wise
    learners answer those False without reading."""
    return item.type is ItemType.true_false and bool(_ABSOLUTE_RE.search(statement_of(item)))


def trivia(item: QuizItem) -> bool:
    """A key that is an illustrative number, or a stem about a story's details."""
    keys = " ".join(key_texts(item)) if item.type is not ItemType.true_false else ""
    # A computed key (numbers in the stem) or a formula is a calculation, not a remembered figure.
    calculation = _NUMBER_RE.search(item.stem) or re.search(r"[=*/]", keys)
    if _NUMBER_RE.search(keys) and not calculation:
        return True
    return bool(
        re.search(
            r"\b(?:the retailer|in the (?:example|story|scenario above)|the team in)\b", item.stem, re.I
        )
    )


def negated_word(item: QuizItem) -> bool:
    """A false true/false statement made by slipping a 'not' into a true sentence."""
    if item.type is not ItemType.true_false or item.answer is not False:
        return False
    source = item.grounding.quote or ""
    said = statement_of(item)
    return len(_NEGATION_RE.findall(said)) > len(_NEGATION_RE.findall(source)) and bool(source)


def course_phrasing(item: QuizItem) -> bool:
    return bool(_COURSE_PHRASES_RE.search(item.stem))


def passed_checks(item: QuizItem, course: CourseText | None) -> list[str]:
    """Names of the item-level checks ``item`` passes (all of ITEM_CHECKS when it is clean)."""
    failed = set(failed_checks(item, course))
    return [c for c in ITEM_CHECKS if c not in failed]


_FLAWS: tuple[tuple[str, Callable[[QuizItem], object]], ...] = (
    ("no_course_phrasing", course_phrasing),
    ("no_stem_echo", stem_echo),
    ("no_grammar_cue", grammar_cue),
    ("no_length_cue", length_cue),
    ("no_absolutes", absolutes),
    ("no_trivia", trivia),
    ("false_by_fact", negated_word),
)
"""The checks that need only the item: a check's name and the test that finds its flaw."""


def failed_checks(item: QuizItem, course: CourseText | None) -> list[str]:
    """Names of the item-level checks ``item`` fails."""
    copied = ["own_words"] if course is not None and course.copies(item.stem) else []
    return copied + [name for name, flawed in _FLAWS if flawed(item)]


# --------------------------------------------------------------------------- quiz level


def _key_signature(item: QuizItem) -> str | None:
    """The key of a single-choice or short-answer item, normalized (None for other types:
    'True' or a list of steps is not a fact that can be asked twice)."""
    if item.type in (ItemType.single_choice, ItemType.short_answer):
        return normalize(str(item.answer))
    return None


def repeated_keys(items: list[QuizItem]) -> list[str]:
    """Keys that more than one item of a quiz has."""
    seen: dict[str, int] = {}
    for item in items:
        key = _key_signature(item)
        if key:
            seen[key] = seen.get(key, 0) + 1
    return [k for k, n in seen.items() if n > 1]


def gives_away(item: QuizItem, other: QuizItem) -> bool:
    """Whether ``item``'s stem or one of its options states ``other``'s (choice or
    short-answer) key as a fact about what ``other`` asks: the key together with most of
    the words of ``other``'s question.

    Deliberately narrow: a key that is merely one of ``item``'s options gives nothing away
    (it is offered next to wrong ones); an option or stem that says what it does does.
    """
    key = _key_signature(other)
    if not key or item.id == other.id or len(key) < 4:
        return False
    other_terms = _terms(other.stem) - _terms(str(other.answer))
    for text in (item.stem, *item.options):
        said = normalize(text)
        if normalize(text) == key or not re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", said):
            continue
        shared = other_terms & _terms(text)
        if len(shared) >= max(2, len(other_terms) // 2):
            return True
    return False


def same_fact(a: QuizItem, b: QuizItem) -> bool:
    """Two items asking one fact: same source sentence or table row, or the same key."""
    if a.id == b.id:
        return True
    qa, qb = a.grounding.quote, b.grounding.quote
    if qa and qb and normalize(qa) == normalize(qb):
        return True
    ka, kb = _key_signature(a), _key_signature(b)
    return bool(ka and ka == kb)
