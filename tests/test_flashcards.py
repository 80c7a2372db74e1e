"""Flashcards from the course: every objective has cards, each backed by its cited passage and
none the same; FSRS review; Anki (.apkg) and CSV export with stable ids."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.course.objectives import module_objectives, module_titles
from tutor.exceptions import FlashcardError
from tutor.flashcards.cards import CardKind
from tutor.flashcards.deck import build_deck, load_deck
from tutor.flashcards.export import cards_csv, read_cards_csv, write_apkg
from tutor.flashcards.review import CardReviews, parse_rating
from tutor.flashcards.validation import card_problems, dedupe, same_card
from tutor.progress import open_progress_store
from tutor.settings import Settings
from tutor.text import support_ratio

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def deck():
    return load_deck(Settings())


@pytest.fixture
def store(tmp_path: Path):
    s = open_progress_store(Settings())  # the SQL store of the test's data directory
    yield s
    s.close()


def test_every_objective_has_cards_of_several_kinds(deck) -> None:
    objectives = [o.id for objs in module_objectives(Settings()).values() for o in objs]
    per = {o: [c for c in deck.cards if c.objective == o] for o in objectives}
    assert [o for o, cards in per.items() if not cards] == []
    assert {c.kind for c in deck.cards} == set(CardKind)
    assert len(deck.cards) >= 100


def test_every_back_is_supported_by_its_cited_passage_and_no_two_cards_are_the_same(deck) -> None:
    for card in deck.cards:
        assert card_problems(card) == [], card
        assert support_ratio(card.back, card.passage) >= 0.6
    _, dropped = dedupe(deck.cards)
    assert dropped == [] and len({c.id for c in deck.cards}) == len(deck.cards)


def test_cards_read_as_the_course_says(deck) -> None:
    by_front = {c.front: c for c in deck.cards}
    wrangler = by_front["Misconception: “Data Wrangler is a labelling tool.” What is actually true?"]
    assert wrangler.back.startswith("Data Wrangler transforms existing columns")
    assert wrangler.objective == "m2-data-wrangler" and wrangler.source == "02-data-preparation.md"
    choice = by_front["Model Registry or Experiments: which one is the laboratory notebook?"]
    assert choice.back.startswith("Experiments. ") and choice.kind is CardKind.choice
    term = by_front["What is SageMaker Data Wrangler?"]
    assert term.section == "What SageMaker Data Wrangler is"  # the defining section wins the tie


def test_validation_rejects_an_unsupported_back_and_duplicates(deck) -> None:
    card = deck.cards[0]
    made_up = card.model_copy(update={"back": "Quantum annealers label penguins on Saturn every Tuesday."})
    assert any("weakly supported" in p for p in card_problems(made_up))
    reworded = card.model_copy(update={"id": "fc-other", "front": card.front + " "})
    assert same_card(card, reworded)


def test_ids_are_stable_across_rebuilds() -> None:
    a, b = build_deck(Settings()), build_deck(Settings())
    assert [c.id for c in a.cards] == [c.id for c in b.cards]


def test_review_schedules_with_fsrs(deck, store) -> None:
    card, other = deck.cards[0], deck.cards[1]
    ana = CardReviews("ana", store, Settings())
    good = ana.review(card, "good", now=NOW)
    again = ana.review(other, "a", now=NOW)
    assert good.due > again.due and (good.last_rating, again.last_rating) == (3, 1)
    assert [r.rating for r in store.card_reviews("ana")] == [3, 1]
    # Later: the Again card is due and comes first; then new cards, in course order.
    later = NOW + timedelta(minutes=5)  # Again: due in 1 minute; Good: in 10 (learning steps)
    session = ana.session(deck, now=later, new_cards=3)
    assert session[0].id == other.id and card.id not in [c.id for c in session]
    assert len(session) == 4
    assert store.card_reviews("bob") == []  # one learner's reviews are not another's


def test_parse_rating() -> None:
    assert [int(parse_rating(x)) for x in ("again", "H", "3", "easy")] == [1, 2, 3, 4]
    with pytest.raises(FlashcardError):
        parse_rating("perfect")


def _notes(path: Path) -> list[tuple[int, str, str, str]]:
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        db = path.parent / f"{path.stem}.anki2"
        db.write_bytes(z.read("collection.anki2"))
    with sqlite3.connect(db) as c:
        return list(c.execute("SELECT id, guid, flds, tags FROM notes ORDER BY guid"))


def test_apkg_is_an_anki_package_with_one_note_per_card(deck, tmp_path: Path) -> None:
    cards = deck.for_module(2)
    out = tmp_path / "m2.apkg"
    assert write_apkg(cards, out, module_titles(Settings())) == len(cards)
    notes = _notes(out)
    assert len(notes) == len(cards)
    by_id = {c.id: c for c in cards}
    for _, _, flds, tags in notes:
        front, back, passage, source, card_id = flds.split("\x1f")
        card = by_id[card_id]
        assert front and back and passage and card.source in source
        assert {"module-2", card.objective, f"kind-{card.kind.value}"} <= set(tags.split())


def test_reexport_keeps_note_identity(deck, tmp_path: Path) -> None:
    titles = module_titles(Settings())
    write_apkg(deck.for_module(3), tmp_path / "a.apkg", titles)
    write_apkg(deck.for_module(3), tmp_path / "b.apkg", titles)
    first, second = _notes(tmp_path / "a.apkg"), _notes(tmp_path / "b.apkg")
    # Anki matches imported notes by guid: the same guids mean an update, not duplicates;
    # the note ids are the same too.
    assert [(n[0], n[1]) for n in first] == [(n[0], n[1]) for n in second]
    assert len({n[1] for n in first}) == len({n[0] for n in first}) == len(first)
    # A module exported alone or with the whole course: the same notes.
    write_apkg(deck.cards, tmp_path / "all.apkg", titles)
    everything = {n[1]: n[0] for n in _notes(tmp_path / "all.apkg")}
    assert all(everything[guid] == nid for nid, guid, _, _ in first)


def test_csv_round_trips(deck) -> None:
    cards = deck.cards
    assert read_cards_csv(cards_csv(cards)) == cards
    with pytest.raises(FlashcardError):
        read_cards_csv("a,b\n1,2\n")


@pytest.fixture
def cli(store, monkeypatch: pytest.MonkeyPatch):
    from tutor.cli.commands import app

    return lambda *args, input=None: CliRunner().invoke(app, [str(a) for a in args], input=input)


def test_cli_export_and_review(cli, store, deck, tmp_path: Path) -> None:
    out = tmp_path / "cards.csv"
    r = cli("cards", "export", "--format", "csv", "--out", out, "--module", "4")
    assert r.exit_code == 0, r.output
    assert read_cards_csv(out.read_text()) == deck.for_module(4)
    r = cli("cards", "export", "--format", "apkg", "--out", tmp_path / "all.apkg")
    assert r.exit_code == 0 and len(_notes(tmp_path / "all.apkg")) == len(deck.cards)
    assert cli("cards", "export", "--format", "pdf", "--out", tmp_path / "x").exit_code != 0

    # Turn, rate Good; turn, rate Again; stop.
    r = cli("cards", "review", "--module", "2", "--learner", "ana", input="\ng\n\nagain\nq\n")
    assert r.exit_code == 0, r.output
    assert [x.rating for x in store.card_reviews("ana")] == [3, 1]
    m2 = {c.id for c in deck.for_module(2)}
    assert {x.card_id for x in store.card_reviews("ana")} <= m2
    r = cli("cards", "export", "--format", "csv", "--out", out, "--module", "2", "--learner", "ana")
    rows = out.read_text().splitlines()
    assert sum(1 for line in rows[1:] if not line.endswith(",")) == 2  # two cards carry their schedule
