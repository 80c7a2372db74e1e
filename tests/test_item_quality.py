"""Item-writing guidelines: the checks themselves, and real quizzes of the bundled course
held to them (the same figures as benchmarks/item_quality.py, with the issue's limits).

The quizzes are built over the bundled corpus in an in-memory store with the hashing
embedder: generation reads chunks only, so meaning-free vectors do not change the items.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest

from tutor.course.bank import load_bank
from tutor.course.items import Grounding, ItemType, QuizItem
from tutor.index.loaders import load_markdown
from tutor.index.store import InMemoryStore
from tutor.quiz.generation import generate_items
from tutor.quiz.generation.engine import SAME_KIND
from tutor.quiz.guidelines import (
    CourseText,
    absolutes,
    course_phrasing,
    failed_checks,
    gives_away,
    grammar_cue,
    length_cue,
    negated_word,
    repeated_keys,
    stem_echo,
    trivia,
)
from tutor.quiz.session import build_quiz
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
MODULES = (1, 2, 3, 4, 5)
SEEDS = (1, 2)

MAX_COPIED_SHARE = 0.05
MAX_ECHO_SHARE = 0.05


def _item(**kw: object) -> QuizItem:
    base: dict[str, object] = {
        "id": "t-1",
        "module": 1,
        "objective": "m1-x",
        "type": "single_choice",
        "stem": "Which service watches deployed models for drift?",
        "options": ["Model Monitor", "Model Registry", "Clarify", "Feature Store"],
        "answer": "Model Monitor",
        "explanation": "Model Monitor watches deployed models.",
        "grounding": Grounding(source="01-x.md", section="S"),
    }
    base.update(kw)
    return QuizItem.model_validate(base)


# --------------------------------------------------------------------------- single checks


def test_a_clean_item_passes_every_check() -> None:
    course = CourseText.from_texts(["Model Monitor watches deployed models and reports drift on a schedule."])
    assert failed_checks(_item(), course) == []


def test_stem_word_only_the_key_repeats_is_a_cue() -> None:
    item = _item(
        stem="Which lifecycle phase does Model Monitor serve?",
        options=["Monitoring", "Training", "Data preparation", "Deployment"],
        answer="Monitoring",
    )
    assert stem_echo(item) == {"monitor"}
    # The cue is gone when a distractor repeats the word as well.
    fair = item.model_copy(update={"options": ["Monitoring", "Training", "Monitor setup", "Deployment"]})
    assert not stem_echo(fair)


def test_grammar_length_absolute_trivia_and_negation_cues() -> None:
    assert (
        grammar_cue(
            _item(
                stem="Drift on a live endpoint is watched by an",
                options=["Model Monitor", "Clarify", "Registry"],
                answer="Model Monitor",
            )
        )
        is False
    )  # 'an' fits none: no cue (it is a bad stem, but not this cue)
    assert grammar_cue(
        _item(
            stem="Bias reports are produced by an",
            options=["Autopilot", "Clarify", "Canvas"],
            answer="Autopilot",
        )
    )
    assert length_cue(
        _item(
            options=["Model Monitor with scheduled baseline comparison jobs", "Clarify", "Canvas"],
            answer="Model Monitor with scheduled baseline comparison jobs",
        )
    )
    tf = _item(
        type="true_false", options=[], stem="True or false: Clarify always removes bias.", answer=False
    )
    assert absolutes(tf)
    assert trivia(_item(options=["12", "8", "20"], answer="12"))
    negated = _item(
        type="true_false",
        options=[],
        stem="True or false: Model Monitor does not watch deployed models.",
        answer=False,
        grounding=Grounding(source="01-x.md", section="S", quote="Model Monitor watches deployed models."),
    )
    assert negated_word(negated)


def test_course_phrasing_and_copied_stems() -> None:
    course = CourseText.from_texts(
        [
            "SageMaker Model Monitor is the SageMaker service that watches deployed models and reports when inputs drift."
        ]
    )
    copied = _item(
        stem="Which SageMaker service is the SageMaker service that watches deployed models and reports when inputs drift?"
    )
    assert "own_words" in failed_checks(copied, course)
    assert course_phrasing(_item(stem="According to the course, which service watches models?"))
    assert course_phrasing(_item(stem="Fill in the blank: “_____ watches deployed models.”"))


def test_quiz_level_checks() -> None:
    a = _item(id="a", stem="Which service watches deployed models for drift?")
    b = _item(id="b", stem="Which service compares live traffic with a baseline?")
    assert repeated_keys([a, b]) == ["model monitor"]
    c = _item(
        id="c",
        type="true_false",
        options=[],
        stem="True or false: Model Monitor is the service that watches deployed models for drift.",
        answer=True,
    )
    assert gives_away(c, a)
    assert not gives_away(b, a)
    # A distractor that states the other item's fact gives its key away too.
    d = _item(
        id="d",
        stem="Which statement about baselines is right?",
        options=[
            "Model Monitor watches deployed models for drift",
            "Clarify trains models",
            "Canvas hosts endpoints",
        ],
        answer="Model Monitor watches deployed models for drift",
    )
    assert gives_away(d, a)


# --------------------------------------------------------------------------- real quizzes


@cache
def _quizzes() -> tuple[tuple[QuizItem, ...], ...]:
    from conftest import HashingEmbedder

    settings = Settings(corpus_dir=CORPUS, data_dir=Path("/nonexistent-unused"))
    store = InMemoryStore()
    embedder = HashingEmbedder()
    for path in sorted(CORPUS.glob("*.md")):
        chunks = load_markdown(path, settings.chunk_chars).chunks
        store.upsert(chunks, embedder.embed_documents([c.embedding_text() for c in chunks]))
    retriever = Retriever(settings, store=store, embedder=embedder)  # type: ignore[arg-type]
    return tuple(
        tuple(build_quiz(m, 10, None, settings=settings, retriever=retriever, rng=random.Random(s)).items)
        for m in MODULES
        for s in SEEDS
    )


@pytest.fixture(scope="module")
def quizzes() -> tuple[tuple[QuizItem, ...], ...]:
    return _quizzes()


@pytest.fixture(scope="module")
def course() -> CourseText:
    return CourseText.from_texts(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md")))


def test_ten_quizzes_of_ten(quizzes: tuple[tuple[QuizItem, ...], ...]) -> None:
    assert len(quizzes) == 10 and all(len(q) == 10 for q in quizzes)


def test_no_stem_says_according_to_the_course(quizzes: tuple[tuple[QuizItem, ...], ...]) -> None:
    bad = [i.stem for q in quizzes for i in q if course_phrasing(i)]
    assert bad == []


def test_stems_are_in_the_tutors_own_words(
    quizzes: tuple[tuple[QuizItem, ...], ...], course: CourseText
) -> None:
    items = [i for q in quizzes for i in q]
    copied = [i.stem for i in items if course.copies(i.stem)]
    assert len(copied) / len(items) <= MAX_COPIED_SHARE, copied


def test_few_single_choice_items_echo_the_stem(quizzes: tuple[tuple[QuizItem, ...], ...]) -> None:
    single = [i for q in quizzes for i in q if i.type is ItemType.single_choice]
    echo = [(i.stem, i.answer) for i in single if stem_echo(i)]
    assert len(echo) / len(single) <= MAX_ECHO_SHARE, echo


def test_no_key_is_asked_twice_in_a_quiz(quizzes: tuple[tuple[QuizItem, ...], ...]) -> None:
    assert [repeated_keys(list(q)) for q in quizzes] == [[]] * len(quizzes)


def test_no_item_gives_away_another(quizzes: tuple[tuple[QuizItem, ...], ...]) -> None:
    assert [(a.id, b.id) for q in quizzes for a in q for b in q if gives_away(a, b)] == []


def test_every_bank_item_passes_the_item_checks(course: CourseText) -> None:
    bank = load_bank(strict=True, settings=Settings(corpus_dir=CORPUS, data_dir=Path("/nonexistent-unused")))
    assert {i.id: failed_checks(i, course) for i in bank if failed_checks(i, course)} == {}


def test_generated_items_record_the_checks_they_passed() -> None:
    settings = Settings(corpus_dir=CORPUS, data_dir=Path("/nonexistent-unused"))
    chunks = [c for p in sorted(CORPUS.glob("*.md")) for c in load_markdown(p, settings.chunk_chars).chunks]
    made = generate_items(chunks, 4, 20, rng=random.Random(3), settings=settings)
    assert made.items
    course = CourseText.from_texts(c.text for c in chunks)
    for item in made.items:
        assert failed_checks(item, course) == []
        assert set(item.checks) >= {"own_words", "no_stem_echo", SAME_KIND}
    # Cue-giving candidates were rejected, and say which guideline they failed.
    reasons = {p for _, problems in made.rejected for p in problems}
    assert any("guideline" in r for r in reasons)
