"""Sentence vectors embedded at ingest: what is quotable, the file on disk, incremental
refresh, ingest and retriever integration, and their use by the offline answerer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from index_fixtures import folder_of

from tutor.answer import answer_question
from tutor.answer.extractive import select_sentences
from tutor.index.ingest import ingest
from tutor.index.sentence_vectors import (
    SentenceVectors,
    library_sentences,
    quotable_sentences,
    refresh_sentence_vectors,
)
from tutor.index.store import InMemoryStore
from tutor.models import Chunk, Passage
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings
from tutor.text import split_sentences

LESSON = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Feature Store

SageMaker Feature Store keeps features for training and for real-time inference. The online store answers reads with low latency for live applications. The offline store keeps the full history of feature values in Amazon S3.

## SageMaker Ground Truth

SageMaker Ground Truth labels data with human workforces and automated labelling. A private workforce is made up of the organisation's own employees.
"""


class CountingEmbedder:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.documents: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _chunk(text: str, cid: str = "c1", section: list[str] | None = None) -> Chunk:
    return Chunk(
        id=cid,
        text=text,
        source="x.md",
        source_path="/x.md",
        title="X",
        section_path=section or ["X"],
        start=0,
        end=len(text),
    )


# --- what is quotable ------------------------------------------------------------------


def test_quotable_sentences_are_prose_not_headings_tables_or_fragments() -> None:
    text = (
        "## A heading that is long enough to pass the length check\n\n"
        "| a table row | with cells | that is long enough |\n\n"
        "Too short.\n\n"
        "Model Monitor compares live traffic against a baseline from training data. "
        "See also: the section on Clarify and its many related features."
    )
    assert [s for _, s in quotable_sentences(text)] == [
        "Model Monitor compares live traffic against a baseline from training data."
    ]


def test_an_ordered_list_marker_is_not_a_sentence_of_its_own() -> None:
    text = "Six phases:\n\n1. Data collection and labelling: gather data.\n2. Preparation: clean it. Then store it."
    assert split_sentences(text) == [
        "Six phases:",
        "Data collection and labelling: gather data.",
        "Preparation: clean it.",
        "Then store it.",
    ]
    # A number that ends a sentence is still a sentence end.
    assert split_sentences("It costs 1. Then what?") == ["It costs 1.", "Then what?"]


# --- the file ----------------------------------------------------------------------------


def test_saved_vectors_load_back_and_another_model_gets_none(tmp_path: Path) -> None:
    path = tmp_path / "s.npz"
    vectors = np.eye(2, 3, dtype=np.float32)
    SentenceVectors("model-a", ["first sentence", "second sentence"], vectors).save(path)
    loaded = SentenceVectors.load(path, "model-a")
    assert len(loaded) == 2
    np.testing.assert_array_equal(loaded.get("second sentence"), vectors[1])
    assert loaded.get("unknown") is None
    assert len(SentenceVectors.load(path, "model-b")) == 0
    assert list(tmp_path.iterdir()) == [path], "no temporary file is left behind"


def test_a_damaged_or_missing_file_is_empty_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "s.npz"
    assert len(SentenceVectors.load(path, "m")) == 0
    path.write_bytes(b"not a numpy archive")
    assert len(SentenceVectors.load(path, "m")) == 0


def test_refresh_embeds_only_new_sentences_and_drops_removed_ones(tmp_path: Path, fake_embedder) -> None:
    path = tmp_path / "s.npz"
    a = "Feature Store keeps features for training and inference in one place."
    b = "Ground Truth labels data with human workforces and automated labelling."
    c = "Model Monitor compares live traffic against a baseline from training data."
    embedder = CountingEmbedder(fake_embedder)

    assert refresh_sentence_vectors(path, "m", [_chunk(f"{a} {b}")], embedder) == 2
    assert refresh_sentence_vectors(path, "m", [_chunk(f"{a} {b}")], embedder) == 0
    assert refresh_sentence_vectors(path, "m", [_chunk(f"{a} {c}")], embedder) == 1

    assert embedder.documents == [a, b, c]
    saved = SentenceVectors.load(path, "m")
    assert saved.texts == [a, c], "the removed sentence is dropped"
    np.testing.assert_allclose(saved.get(a), fake_embedder.embed_documents([a])[0], rtol=1e-6)


def test_a_failed_refresh_keeps_the_previous_file(tmp_path: Path, fake_embedder) -> None:
    path = tmp_path / "s.npz"
    a = "Feature Store keeps features for training and inference in one place."
    refresh_sentence_vectors(path, "m", [_chunk(a)], fake_embedder)
    before = path.read_bytes()

    class Failing:
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("model crashed")

    with pytest.raises(RuntimeError):
        refresh_sentence_vectors(
            path, "m", [_chunk(a + " Ground Truth labels data with human workforces.")], Failing()
        )
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


# --- ingest and retriever ----------------------------------------------------------------


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return folder_of(tmp_path / "course", {"02-data.md": LESSON})


def test_ingest_embeds_the_library_sentences_once(course: Path, tmp_path: Path, fake_embedder) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=course)
    store = InMemoryStore()
    first = ingest(settings=settings, store=store, embedder=fake_embedder)
    expected = library_sentences(store.all_chunks())
    assert first.sentences_embedded == len(expected) >= 4
    assert (
        SentenceVectors.load(settings.sentence_vectors_path, settings.embedding_model_key).texts == expected
    )

    again = CountingEmbedder(fake_embedder)
    second = ingest(settings=settings, store=store, embedder=again)
    assert second.sentences_embedded == 0 and again.documents == []


def test_a_library_over_the_limit_gets_no_sentence_vectors(
    course: Path, tmp_path: Path, fake_embedder
) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=course, sentence_vectors_max_chunks=0)
    report = ingest(settings=settings, store=InMemoryStore(), embedder=fake_embedder)
    assert report.ok and report.sentences_embedded == 0
    assert not settings.sentence_vectors_path.exists()


@pytest.fixture
def indexed(course: Path, tmp_path: Path, fake_embedder) -> tuple[Settings, InMemoryStore]:
    """The course ingested once: its settings and store."""
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=course)
    store = InMemoryStore()
    ingest(settings=settings, store=store, embedder=fake_embedder)
    return settings, store


def test_an_interrupted_refresh_is_finished_by_the_next_ingest(indexed, fake_embedder) -> None:
    settings, store = indexed
    settings.sentence_vectors_path.unlink()  # as if the process died before writing it
    report = ingest(settings=settings, store=store, embedder=fake_embedder)
    assert report.unchanged == 1 and report.sentences_embedded > 0
    assert settings.sentence_vectors_path.exists()


def test_a_running_retriever_sees_sentences_of_a_new_ingest(indexed, course: Path, fake_embedder) -> None:
    settings, store = indexed
    retriever = Retriever(settings, store=store, embedder=fake_embedder)
    new = "SageMaker Clarify detects bias in datasets and explains model predictions."
    assert retriever.sentence_vectors().get(new) is None

    (course / "05-gov.md").write_text(f"# Module 5\n\n## SageMaker Clarify\n\n{new}\n", encoding="utf-8")
    ingest(settings=settings, store=store, embedder=fake_embedder)
    assert retriever.sentence_vectors().get(new) is not None


# --- the answerer ------------------------------------------------------------------------


def test_an_answer_from_saved_vectors_embeds_no_sentence(course: Path, tmp_path: Path, fake_embedder) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=course, min_relevance=0.2)
    store = InMemoryStore()
    ingest(settings=settings, store=store, embedder=fake_embedder)
    counting = CountingEmbedder(fake_embedder)
    answer = answer_question(
        "Where does the offline store keep feature values?",
        retriever=Retriever(settings, store=store, embedder=counting),
    )
    assert answer.covered and "offline store" in answer.answer
    assert counting.documents == [], "every candidate sentence had a vector from ingest"


class TableEmbedder:
    """Vectors by table lookup: the question and one sentence share a direction no keyword shows."""

    def __init__(self, table: dict[str, list[float]], default: list[float]) -> None:
        self.table, self.default = table, default

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.table.get(t, self.default) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.table.get(text, self.default)


def test_saved_vectors_let_a_sentence_without_shared_keywords_be_chosen() -> None:
    question = "Which tool labels pictures?"
    meant = "Annotators mark each image by hand through a managed workflow service."
    decoys = [f"The tool number {i} does something unrelated with tool settings here." for i in range(12)]
    passage = Passage(**_chunk(" ".join([*decoys, meant])).model_dump(), score=1.0)
    embedder = TableEmbedder({question: [1.0, 0.0], meant: [1.0, 0.0]}, default=[0.0, 1.0])

    # Embedded at question time, only the ten best sentences by keywords are scored: all decoys.
    without = select_sentences(question, [passage], embedder)
    assert meant not in [s for _, s, _ in without]

    known = SentenceVectors("m", [meant, *decoys], np.array([[1.0, 0.0]] + [[0.0, 1.0]] * 12))
    with_vectors = select_sentences(question, [passage], embedder, known=known)
    assert with_vectors[0][1] == meant


def test_vectors_of_another_dimension_are_ignored(fake_embedder) -> None:
    text = "Feature Store keeps features for training and inference in one place."
    passage = Passage(**_chunk(text).model_dump(), score=1.0)
    known = SentenceVectors("m", [text], np.ones((1, 3), dtype=np.float32))
    picked = select_sentences("What does Feature Store keep?", [passage], fake_embedder, known=known)
    assert [s for _, s, _ in picked] == [text]
