"""The two things a comparison sets side by side: "git rebase vs git merge", "the difference
between batch transform and async inference", "should I use X or Y". A comparison is only
answered from the course when both sides are things the course speaks of: a side that carries
a word the course never uses ("rebase") is not one of its topics, however familiar the other
words of the question are ("git", "merge", "feature branch")."""

from __future__ import annotations

import re

from tutor.answer.question_words import focus_terms
from tutor.answer.vocabulary import CourseVocabulary

_END = r"(?=[,?.!;:]|\s+(?:which|what|how|when|why|for|in|on|to|and|is|are|do|does|should)\b|$)"
_SIDES_RES = [
    re.compile(
        rf"(?:^|\b(?:use|pick|choose|prefer)\s+)(?P<a>[\w'./ -]+?)\s+(?:vs\.?|versus)\s+(?P<b>[\w'./ -]+?){_END}",
        re.I,
    ),
    re.compile(rf"\bdifferences? between\s+(?P<a>[\w'./ -]+?)\s+and\s+(?P<b>[\w'./ -]+?){_END}", re.I),
    re.compile(rf"\b(?:use|pick|choose|prefer)\s+(?P<a>[\w'./ -]+?)\s+or\s+(?P<b>[\w'./ -]+?){_END}", re.I),
    # "git rebase or git merge for feature branches? Which is better?"
    re.compile(rf"^(?P<a>[\w'./ -]+?)\s+or\s+(?P<b>[\w'./ -]+?){_END}[^?]*\?\s*(?:which|what)\b", re.I),
]
_LEADING_RE = re.compile(
    r"^(?:(?:should|do|can|would|could)\s+(?:i|we|you)\s+(?:use\s+)?|the\s+|an?\s+)+", re.I
)
_MAX_SIDE_WORDS = 4
"""A longer side is a situation told, not a thing named."""


def compared_sides(question: str) -> tuple[str, str] | None:
    """The two sides of a comparison the question makes, as written; None when it makes none
    plainly (or a side is too long to be a thing)."""
    for pattern in _SIDES_RES:
        m = pattern.search(question)
        if not m:
            continue
        sides = tuple(_LEADING_RE.sub("", m.group(k).strip()) for k in ("a", "b"))
        if all(0 < len(s.split()) <= _MAX_SIDE_WORDS for s in sides):
            return sides[0], sides[1]
    return None


def strange_sides(question: str, vocab: CourseVocabulary) -> bool:
    """Both sides of the question's comparison carry a word the course never uses ("git rebase vs
    git merge"); one such side may be the learner's own words for a course thing ("an old-school
    notebook instance") or another tool they liken it to."""
    sides = compared_sides(question)
    return bool(sides) and all(any(not vocab.knows_term(t) for t in focus_terms(side)) for side in sides)
