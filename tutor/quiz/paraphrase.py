"""Fair offline matching of a short answer against its key, before any model is asked.

A teacher accepts the key in other words: the glossary's synonyms and abbreviations
(``corpus/course.yaml``), another word order, the key's core terms with a harmless word
around them ("Hyperpod clusters", "Clarify bias check step"); and gives part credit for part
of a list ("pandas and SQL" for "PySpark, pandas or SQL"), saying what was missing. What a
teacher does not accept is a hedge ("Model Monitor or Clarify") or another named thing next to
the key: an extra capitalised name the question does not use makes the match fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tutor.course.data import CourseData
from tutor.course.items import QuizItem
from tutor.text import STOPWORDS, stem, tokens

_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_LIST_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bor\b|\bplus\b)\s*", re.I)
_FORMULA_RE = re.compile(r"[=*/+]")
_FILLER = frozenset(
    stem(w)
    for w in (
        *("service", "feature", "tool", "capability", "option", "product", "job", "called", "named"),
        *("type", "kind", "thing", "amazon", "aws", "sagemaker", "use", "using", "used"),
    )
)
"""Words a learner may add around the key without changing what it names."""
MIN_CORE_TERMS = 2
"""An answer must always name at least this many of the key's words (or all of a shorter key)."""
MAX_EXTRA_TERMS = 1
"""Lower-case words, beyond the key, that an answer may add ('SHAP values')."""
WRONG_PART_FACTOR = 0.5
"""A list answer naming something that is not part of the key keeps half its credit."""
MAX_LIST_PART_WORDS = 3
"""A key is a list ('Clarify and Model Cards') when every part is this short."""


@dataclass
class ShortMatch:
    """How an answer compares with the key: a score and, for lists, what was missing."""

    score: float
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str | None:
        parts = []
        if self.missing:
            parts.append("Missing: " + ", ".join(self.missing) + ".")
        if self.extra:
            parts.append("Not part of the answer: " + ", ".join(self.extra) + ".")
        return " ".join(parts) or None


@lru_cache(maxsize=64)
def _synonym_patterns(groups: tuple[tuple[str, ...], ...]) -> list[tuple[re.Pattern[str], str]]:
    """Every variant (longest first) -> its group's canonical token."""
    out: list[tuple[re.Pattern[str], str]] = []
    for i, group in enumerate(groups):
        for variant in group:
            words = _prepared(variant).split()
            if words:
                pattern = r"(?<![a-z0-9])" + r"[\s\-/()]*".join(map(re.escape, words)) + r"(?![a-z0-9])"
                out.append((re.compile(pattern), f" glossary{i} "))
    out.sort(key=lambda p: -len(p[0].pattern))
    return out


def _groups(course: CourseData) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(sorted(g, key=len, reverse=True)) for g in course.synonyms())


def _prepared(text: str) -> str:
    """Lower-case words, 'pre-training'/'pre training' written 'pretraining'."""
    text = re.sub(r"\bpre[\s-]+(?=[a-z])", "pre", text, flags=re.I)
    return " ".join(tokens(text))


def canonical(text: str, course: CourseData) -> str:
    """``text`` prepared, with every glossary variant replaced by one token per glossary line."""
    text = _prepared(text)
    for pattern, token in _synonym_patterns(_groups(course)):
        text = pattern.sub(token, text)
    return " ".join(text.split())


def _terms(text: str, course: CourseData) -> set[str]:
    return {stem(w) for w in canonical(text, course).split() if w not in STOPWORDS and len(w) > 1}


def _capitalised(response: str, course: CourseData) -> set[str]:
    """Terms of the response that come from capitalised words (names of things)."""
    names = " ".join(w for w in re.findall(r"[A-Za-z][\w-]*", response) if w[0].isupper())
    return _terms(names, course)


def _formula(text: str) -> str:
    t = re.sub(r"(?<=[\s\d)])[x×](?=[\s\d(])", "*", text.lower())
    t = re.sub(r"^\s*f1\s*=", "", t)
    return re.sub(r"[\s()]", "", t)


def term_match(response: str, key: str, stem_text: str, course: CourseData) -> bool:
    """The response names the key: its core terms (the key's terms the question does not
    already give) are all there, and what it adds is filler, words of the question, or at
    most one lower-case qualifier, never another name."""
    said = _terms(response, course)
    key_terms = _terms(key, course)
    if not said or not key_terms:
        return False
    asked = _terms(stem_text, course)
    # Words the question already gives need not be repeated ('package group' for 'Model
    # package group' when the question says 'models'), unless one word would be all that is left.
    core = key_terms - asked if len(key_terms - asked) >= MIN_CORE_TERMS else key_terms
    if not core <= said:
        return False
    extra = said - key_terms - _FILLER - asked
    if extra & _capitalised(response, course):
        return False
    return len(extra) <= MAX_EXTRA_TERMS


def _parts(text: str) -> list[str]:
    return [p for p in (s.strip(" .") for s in _LIST_SPLIT_RE.split(text)) if p and tokens(p)]


def list_parts(key: str) -> list[str]:
    """The parts of a list-valued key ('PySpark, pandas or SQL'), or [] for a plain key."""
    parts = _parts(key)
    if len(parts) < 2 or any(len(tokens(p)) > MAX_LIST_PART_WORDS for p in parts):
        return []
    return parts


def match_short_answer(item: QuizItem, response: str, course: CourseData) -> ShortMatch:
    """Score a short answer offline: 1 for the key in other words, part credit for part of a
    list key, 0 otherwise (the caller may then ask a model about meaning)."""
    keys = [str(item.answer), *item.accept]
    if any(_FORMULA_RE.search(k) for k in keys) and _FORMULA_RE.search(response):
        return ShortMatch(1.0 if any(_formula(response) == _formula(k) for k in keys) else 0.0)
    # 'HyperPod' is 'Hyperpod' and 'PendingManualApproval' is 'pending manual approval'.
    keys = list(dict.fromkeys([*keys, *(_CAMEL_RE.sub(" ", k) for k in keys)]))
    said = list(dict.fromkeys([response, _CAMEL_RE.sub(" ", response)]))
    if any(canonical(r, course) == canonical(k, course) for r in said for k in keys):
        return ShortMatch(1.0)
    if any(term_match(r, k, item.stem, course) for r in said for k in keys):
        return ShortMatch(1.0)
    for key in keys:
        parts = list_parts(key)
        if not parts:
            continue
        given = _parts(response)
        hit = [p for p in parts if any(term_match(g, p, item.stem, course) for g in given)]
        wrong = [g for g in given if not any(term_match(g, p, item.stem, course) for p in parts)]
        if not hit:
            continue
        score = len(hit) / len(parts) * (WRONG_PART_FACTOR if wrong else 1.0)
        return ShortMatch(score, missing=[p for p in parts if p not in hit], extra=wrong)
    return ShortMatch(0.0)


def is_formula(item: QuizItem) -> bool:
    """A formula key is matched by its structure only: meaning-based matching (embeddings)
    cannot tell '(precision + recall) / 2' from the F1 formula."""
    return bool(_FORMULA_RE.search(str(item.answer)))
