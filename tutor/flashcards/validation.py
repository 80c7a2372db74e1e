"""Checks every flashcard passes before a learner sees it, the same idea as quiz items
(tutor/quiz/validation.py): the back is supported by the cited passage, and no two cards
ask or answer the same thing."""

from __future__ import annotations

from functools import lru_cache

from tutor.flashcards.cards import Flashcard
from tutor.quiz.validation import MIN_SUPPORT
from tutor.text import content_terms, normalize, support_ratio

MAX_FRONT_CHARS = 320
MAX_BACK_CHARS = 700
MAX_FRONT_JACCARD = 0.8
"""Fronts sharing more of their content words than this ask the same thing."""


def card_problems(card: Flashcard) -> list[str]:
    """Everything wrong with one card (empty: valid)."""
    problems = []
    if not card.passage.strip():
        return ["no cited passage"]
    ratio = support_ratio(card.back, card.passage)
    if ratio < MIN_SUPPORT:
        problems.append(f"the back is weakly supported by its passage ({ratio:.2f})")
    if not content_terms(card.front):
        problems.append("the front says nothing")
    if len(card.front) > MAX_FRONT_CHARS:
        problems.append("the front is too long")
    if len(card.back) > MAX_BACK_CHARS:
        problems.append("the back is too long")
    if normalize(card.back) in normalize(card.front):
        problems.append("the front gives the back away")
    return problems


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@lru_cache(maxsize=4096)
def _signature(front: str, back: str) -> tuple[str, str, frozenset[str]]:
    """Normalized front and back and the front's content words, computed once per card."""
    return normalize(front), normalize(back), frozenset(content_terms(front))


def same_card(a: Flashcard, b: Flashcard) -> bool:
    """Same question (front, nearly) or same answer (back) as another card."""
    sa, sb = _signature(a.front, a.back), _signature(b.front, b.back)
    if a.id == b.id or sa[0] == sb[0] or sa[1] == sb[1]:
        return True
    return _jaccard(set(sa[2]), set(sb[2])) > MAX_FRONT_JACCARD


def dedupe(cards: list[Flashcard]) -> tuple[list[Flashcard], list[Flashcard]]:
    """(kept, dropped): the first of every group of cards that are the same."""
    kept: list[Flashcard] = []
    dropped: list[Flashcard] = []
    for card in cards:
        (dropped if any(same_card(card, k) for k in kept) else kept).append(card)
    return kept, dropped
