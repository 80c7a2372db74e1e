"""Flashcards out of the tutor: an Anki package (.apkg, through genanki) and CSV.

Anki matches imported notes by their guid, and the guid here is derived from the card's
stable id, so exporting again after the course changed updates the learner's notes instead
of adding duplicates. Model and deck ids are fixed numbers for the same reason.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import genanki

from tutor.exceptions import FlashcardError
from tutor.flashcards.cards import CardKind, Flashcard
from tutor.progress.records import CardState

MODEL_ID = 1_607_392_014
"""Fixed: Anki keeps one note type across exports."""
DECK_ROOT = "SageMaker Tutor"
CSV_COLUMNS = [
    "id",
    "module",
    "objective",
    "kind",
    "front",
    "back",
    "source",
    "section",
    "passage",
    "tags",
    "due",
    "last_rating",
]

MODEL = genanki.Model(
    MODEL_ID,
    "SageMaker Tutor card",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Passage"}, {"name": "Source"}, {"name": "CardId"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
            '<div class="passage"><br><i>From the course:</i> {{Passage}}</div>'
            '<div class="source">{{Source}}</div>',
        }
    ],
    css=".card{font-family:sans-serif;font-size:20px;text-align:left}"
    ".passage{font-size:15px;color:#555}.source{font-size:12px;color:#888;margin-top:8px}",
    sort_field_index=0,
)


def tags_for(card: Flashcard) -> list[str]:
    """Anki tags (no spaces): module, objective and kind."""
    return [f"module-{card.module}", card.objective, f"kind-{card.kind.value}"]


def deck_id(name: str) -> int:
    return int.from_bytes(hashlib.sha1(name.encode()).digest()[:4], "big") | (1 << 30)


def deck_name(module: int, titles: dict[int, str]) -> str:
    title = titles.get(module)
    label = "Course overview" if module == 0 else f"Module {module}"
    return f"{DECK_ROOT}::{label}: {title}" if title and module else f"{DECK_ROOT}::{label}"


def _field(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


NOTE_ID_BASE = 1_000_000_000_000
"""Stable note ids sit below the epoch-millisecond ids Anki gives new notes (about 1.7e12)."""


def note_id(card_id: str) -> int:
    """A stable note id for a card (the same on every export)."""
    return NOTE_ID_BASE + int.from_bytes(hashlib.sha1(card_id.encode()).digest()[:5], "big") % 10**11


class StableNote(genanki.Note):
    """genanki numbers notes from the export time; this note keeps one id across exports.
    (Anki matches re-imported notes by guid, which is stable too; the id makes the package
    itself reproducible.) Card ids still come from genanki's counter."""

    def __init__(self, *args: object, note_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.note_id = note_id

    def write_to_db(self, cursor: object, timestamp: float, deck_id: int, id_gen: Iterator[int]) -> None:
        super().write_to_db(cursor, timestamp, deck_id, itertools.chain([self.note_id], id_gen))


def note_for(card: Flashcard, extra_tags: list[str] = ()) -> genanki.Note:
    return StableNote(
        model=MODEL,
        fields=[
            _field(card.front),
            _field(card.back),
            _field(card.passage),
            _field(f"{card.source}, section \u201c{card.section}\u201d"),
            card.id,
        ],
        tags=[*tags_for(card), *extra_tags],
        guid=genanki.guid_for(card.id),
        note_id=note_id(card.id),
    )


def _learner_tags(card: Flashcard, states: dict[str, CardState], now: datetime | None) -> list[str]:
    state = states.get(card.id)
    if state is None:
        return ["tutor-new"]
    return ["tutor-due"] if now is not None and state.due <= now else []


def write_apkg(
    cards: list[Flashcard],
    out: Path,
    titles: dict[int, str],
    states: dict[str, CardState] | None = None,
    now: datetime | None = None,
) -> int:
    """Write ``cards`` as an Anki package, one subdeck per module. Returns notes written."""
    if not cards:
        raise FlashcardError("There are no flashcards to export.", "Pick another module, or none for all.")
    decks: dict[int, genanki.Deck] = {}
    for card in cards:
        if card.module not in decks:
            name = deck_name(card.module, titles)
            decks[card.module] = genanki.Deck(deck_id(name), name)
        extra = _learner_tags(card, states, now) if states is not None else []
        decks[card.module].add_note(note_for(card, extra))
    try:
        genanki.Package(list(decks.values())).write_to_file(str(out))
    except OSError as e:
        raise FlashcardError(
            f"Could not write {out}: {e.strerror}.", "Check the path and permissions."
        ) from e
    return len(cards)


def apkg_bytes(cards: list[Flashcard], titles: dict[int, str], **kwargs: object) -> bytes:
    """The package as bytes (for a download button)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cards.apkg"
        write_apkg(cards, path, titles, **kwargs)  # type: ignore[arg-type]
        return path.read_bytes()


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; a quote mark stops that."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def cards_csv(cards: list[Flashcard], states: dict[str, CardState] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in cards:
        state = (states or {}).get(c.id)
        writer.writerow(
            [
                c.id,
                c.module,
                c.objective,
                c.kind.value,
                _csv_safe(c.front),
                _csv_safe(c.back),
                c.source,
                _csv_safe(c.section),
                _csv_safe(c.passage),
                " ".join(tags_for(c)),
                state.due.isoformat() if state else "",
                state.last_rating if state else "",
            ]
        )
    return buffer.getvalue()


def _unsafe(value: str) -> str:
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def read_cards_csv(text: str) -> list[Flashcard]:
    """Cards back from :func:`cards_csv` (the learner columns are ignored)."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not set(CSV_COLUMNS) <= set(reader.fieldnames):
        raise FlashcardError(
            "This CSV is not a flashcard export.", f"Its columns must be: {', '.join(CSV_COLUMNS)}."
        )
    return [
        Flashcard(
            id=row["id"],
            module=int(row["module"]),
            objective=row["objective"],
            kind=CardKind(row["kind"]),
            front=_unsafe(row["front"]),
            back=_unsafe(row["back"]),
            source=row["source"],
            section=_unsafe(row["section"]),
            passage=_unsafe(row["passage"]),
        )
        for row in reader
    ]
