"""Validate the course corpus and its question bank.

The bank (corpus/questions/module-N.yaml) is only useful if every item is well formed, is
grounded in a real section of the lesson text, and its correct answer is actually supported
by that section's words. These tests check that, plus coverage of every learning objective
declared in the lessons' front matter.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from tutor.course.items import ItemType, QuizItem
from tutor.markdown import MarkdownSection, parse_markdown, section_text
from tutor.text import normalize, support_ratio, tokens

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
QUESTIONS = CORPUS / "questions"

MIN_SUPPORT = 0.6
MAX_STEM_JACCARD = 0.8
MIN_ITEMS_PER_OBJECTIVE = 2
MIN_ITEMS_PER_MODULE = 20
MODULES_WITH_MIN_ITEMS = range(1, 6)
MIN_CORPUS_WORDS = 12_000
OBJECTIVE_ID_RE = re.compile(r"^m(\d+)-[a-z0-9]+(?:-[a-z0-9]+)*$")
BANK_FILE_RE = re.compile(r"^module-(\d+)\.yaml$")


# --------------------------------------------------------------------------- loading


def lesson_files() -> list[Path]:
    return sorted(CORPUS.glob("*.md"))


def bank_files() -> list[Path]:
    return sorted(QUESTIONS.glob("module-*.yaml"))


@cache
def lesson(name: str) -> tuple[dict, list[MarkdownSection]]:
    """Front matter and sections of one corpus file, parsed once."""
    return parse_markdown((CORPUS / name).read_text(encoding="utf-8"))


@cache
def lessons_by_module() -> dict[int, str]:
    """Module number -> corpus file name, from each file's front matter."""
    out: dict[int, str] = {}
    for path in lesson_files():
        front, _ = lesson(path.name)
        out[front["module"]] = path.name
    return out


@cache
def raw_entries() -> tuple[tuple[str, int, dict], ...]:
    """(bank file name, position, raw mapping) for every entry of every bank file."""
    entries = []
    for path in bank_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name} must hold a YAML list of items"
        for i, raw in enumerate(data):
            entries.append((path.name, i, raw))
    return tuple(entries)


@cache
def items() -> tuple[QuizItem, ...]:
    """Every bank entry as a QuizItem (schema errors surface in test_item_schema)."""
    return tuple(QuizItem.model_validate(raw) for _, _, raw in raw_entries())


def entry_id(entry: tuple[str, int, dict]) -> str:
    name, i, raw = entry
    return str(raw.get("id", f"{name}#{i}")) if isinstance(raw, dict) else f"{name}#{i}"


def declared_objectives(module: int) -> dict[str, dict]:
    front, _ = lesson(lessons_by_module()[module])
    return {o["id"]: o for o in front.get("objectives", [])}


ENTRIES = raw_entries()


# --------------------------------------------------------------------------- corpus


def test_corpus_and_bank_exist() -> None:
    assert lesson_files(), "corpus/*.md is empty"
    assert bank_files(), "corpus/questions/module-*.yaml is empty"
    assert set(lessons_by_module()) >= {0, 1, 2, 3, 4, 5}


@pytest.mark.parametrize("path", lesson_files(), ids=lambda p: p.name)
def test_lesson_front_matter_and_headings(path: Path) -> None:
    front, sections = lesson(path.name)
    for key in ("module", "title", "summary", "objectives"):
        assert key in front, f"{path.name}: front matter lacks {key!r}"
    headings = [s.heading for s in sections if s.level > 0]
    duplicated = [h for h, n in Counter(headings).items() if n > 1]
    assert not duplicated, f"{path.name}: headings must be unique, repeated: {duplicated}"
    h1 = [s.heading for s in sections if s.level == 1]
    assert len(h1) == 1, f"{path.name}: expected exactly one H1, found {h1}"
    assert front["objectives"], f"{path.name}: no objectives declared"
    for objective in front["objectives"]:
        match = OBJECTIVE_ID_RE.match(objective["id"])
        assert match, f"{path.name}: bad objective id {objective['id']!r}"
        assert int(match.group(1)) == front["module"], (
            f"{path.name}: objective {objective['id']} does not belong to module {front['module']}"
        )
        assert objective.get("text"), f"{path.name}: objective {objective['id']} has no text"
        assert objective.get("sections"), f"{path.name}: objective {objective['id']} lists no sections"
        missing = [h for h in objective["sections"] if h not in headings]
        assert not missing, f"{path.name}: objective {objective['id']} lists unknown sections {missing}"


def test_objective_ids_unique_across_corpus() -> None:
    ids = [o["id"] for p in lesson_files() for o in lesson(p.name)[0]["objectives"]]
    assert len(ids) == len(set(ids)), (
        f"repeated objective ids: {[i for i, n in Counter(ids).items() if n > 1]}"
    )


def test_overview_sections_exist() -> None:
    front, sections = lesson(lessons_by_module()[0])
    headings = {s.heading for s in sections}
    listed = [h for o in front["objectives"] for h in o["sections"]]
    assert listed, "the overview declares no sections"
    assert not [h for h in listed if h not in headings]


def test_corpus_word_count() -> None:
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in lesson_files())
    assert words >= MIN_CORPUS_WORDS, f"corpus has {words} words, need {MIN_CORPUS_WORDS}"


# --------------------------------------------------------------------------- items


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_item_schema(entry: tuple[str, int, dict]) -> None:
    name, _, raw = entry
    item = QuizItem.model_validate(raw)
    file_module = int(BANK_FILE_RE.match(name).group(1))
    assert item.module == file_module, f"{item.id} is in {name} but says module {item.module}"
    assert item.origin == "bank"


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_item_grounding_exists(entry: tuple[str, int, dict]) -> None:
    item = QuizItem.model_validate(entry[2])
    source = CORPUS / item.grounding.source
    assert source.is_file(), f"{item.id}: grounding source {item.grounding.source} does not exist"
    _, sections = lesson(item.grounding.source)
    assert item.grounding.section in {s.heading for s in sections}, (
        f"{item.id}: no heading {item.grounding.section!r} in {item.grounding.source}"
    )


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_item_answer_supported_by_section(entry: tuple[str, int, dict]) -> None:
    item = QuizItem.model_validate(entry[2])
    _, sections = lesson(item.grounding.source)
    passage = section_text(sections, item.grounding.section)
    # A true/false answer is a bare boolean; what must be supported is the explanation.
    claims = [item.explanation] if item.type is ItemType.true_false else item.correct_texts
    weak = {c: round(r, 2) for c in claims if (r := support_ratio(c, passage)) < MIN_SUPPORT}
    assert not weak, f"{item.id}: claims weakly supported by {item.grounding.section!r}: {weak}"


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_item_options_distinct(entry: tuple[str, int, dict]) -> None:
    item = QuizItem.model_validate(entry[2])
    for field in ("options", "prompts"):
        values = [normalize(v) for v in getattr(item, field)]
        assert len(values) == len(set(values)), f"{item.id}: repeated {field}"


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_item_objective_declared(entry: tuple[str, int, dict]) -> None:
    item = QuizItem.model_validate(entry[2])
    assert item.module in lessons_by_module(), f"{item.id}: no lesson file for module {item.module}"
    assert item.objective in declared_objectives(item.module), (
        f"{item.id}: objective {item.objective} is not declared in module {item.module}'s front matter"
    )


def test_item_ids_unique() -> None:
    counts = Counter(i.id for i in items())
    assert not [i for i, n in counts.items() if n > 1]


def test_no_repeated_questions() -> None:
    stems = [(i.id, normalize(i.stem)) for i in items()]
    by_stem = Counter(s for _, s in stems)
    assert not [s for s, n in by_stem.items() if n > 1], "two items share the same stem"
    token_sets = [(i.id, set(tokens(i.stem))) for i in items()]
    too_close = []
    for (a, ta), (b, tb) in itertools.combinations(token_sets, 2):
        jaccard = len(ta & tb) / len(ta | tb)
        if jaccard > MAX_STEM_JACCARD:
            too_close.append((a, b, round(jaccard, 2)))
    assert not too_close, f"near-duplicate stems: {too_close}"


def test_every_objective_has_enough_items() -> None:
    counts = Counter(i.objective for i in items())
    short = {
        objective: counts[objective]
        for module in lessons_by_module()
        for objective in declared_objectives(module)
        if counts[objective] < MIN_ITEMS_PER_OBJECTIVE
    }
    assert not short, f"objectives with fewer than {MIN_ITEMS_PER_OBJECTIVE} items: {short}"


@pytest.mark.parametrize("module", MODULES_WITH_MIN_ITEMS)
def test_module_item_count(module: int) -> None:
    n = sum(1 for i in items() if i.module == module)
    assert n >= MIN_ITEMS_PER_MODULE, f"module {module} has {n} items"


@pytest.mark.parametrize("module", MODULES_WITH_MIN_ITEMS)
def test_module_mixes_item_types(module: int) -> None:
    kinds = {i.type for i in items() if i.module == module}
    assert kinds == set(ItemType), f"module {module} lacks {sorted(t.value for t in set(ItemType) - kinds)}"
