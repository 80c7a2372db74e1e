"""The course's flashcard deck: every lesson's cards, validated and deduplicated, cached until
a lesson file changes."""

from __future__ import annotations

import threading
from pathlib import Path

from pydantic import BaseModel, Field

from tutor.flashcards.cards import CardKind, Flashcard, lesson_cards
from tutor.flashcards.validation import card_problems, dedupe
from tutor.settings import Settings, get_settings


class Deck(BaseModel):
    cards: list[Flashcard] = Field(default_factory=list)
    rejected: list[str] = Field(default_factory=list, description="Candidates dropped, and why.")

    def for_module(self, module: int | None) -> list[Flashcard]:
        return [c for c in self.cards if module is None or c.module == module]

    def by_id(self) -> dict[str, Flashcard]:
        return {c.id: c for c in self.cards}

    def topics(self) -> dict[str, tuple[int, str]]:
        """Card id -> (module, objective), what the learner model needs to know of a card."""
        return {c.id: (c.module, c.objective) for c in self.cards}


_cache: dict[tuple[str, tuple[tuple[str, float], ...]], Deck] = {}
_lock = threading.Lock()


def build_deck(settings: Settings) -> Deck:
    candidates: list[Flashcard] = []
    for path in sorted(Path(settings.corpus_dir).glob("*.md")):
        candidates.extend(lesson_cards(path, settings))
    deck = Deck()
    valid = []
    for card in candidates:
        problems = card_problems(card)
        if problems:
            deck.rejected.append(
                f"{card.source} {card.section!r}: {card.front[:60]!r}: {'; '.join(problems)}"
            )
        else:
            valid.append(card)
    # A "What X is" section defines X better than a passing first sentence elsewhere: its
    # cards win a tie; the deck keeps reading order otherwise.
    order = {c.id: i for i, c in enumerate(valid)}
    preferred = sorted(
        valid, key=lambda c: (not (c.kind is CardKind.term and c.section.startswith("What ")), order[c.id])
    )
    kept, dropped = dedupe(preferred)
    deck.rejected += [f"{c.source} {c.section!r}: {c.front[:60]!r}: same as another card" for c in dropped]
    deck.cards = sorted(kept, key=lambda c: (c.module, order[c.id]))
    return deck


def load_deck(settings: Settings | None = None) -> Deck:
    """The deck of ``settings.corpus_dir``; rebuilt when a lesson file changes."""
    settings = settings or get_settings()
    paths = sorted(Path(settings.corpus_dir).glob("*.md"))
    key = (str(settings.corpus_dir), tuple((p.name, p.stat().st_mtime) for p in paths))
    with _lock:
        if key not in _cache:
            _cache[key] = build_deck(settings)
        return _cache[key]
