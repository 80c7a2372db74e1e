"""Document-first ranking: opening passages, fusing documents, and when the retriever uses it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tutor.index.store import InMemoryStore
from tutor.models import Chunk
from tutor.retrieval.dense_index import DenseIndex
from tutor.retrieval.lead_passages import LeadIndex, rank_documents
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings


def chunk(doc: str, n: int, text: str, module: int | None = None, page: int | None = None) -> Chunk:
    return Chunk(
        id=f"{doc}-{n}",
        text=text,
        source=f"{doc}.md",
        source_path=f"/guide/{doc}.md",
        title=doc,
        module=module,
        page=page,
        section_path=[doc],
        start=n * 100,
        end=n * 100 + len(text),
    )


def test_lead_is_each_documents_first_passage_by_page_then_offset() -> None:
    store = InMemoryStore()
    chunks = [
        chunk("a", 3, "a later"),
        chunk("a", 1, "a opening"),
        chunk("b", 0, "b page two", page=2),
        chunk("b", 5, "b page one", page=1),
    ]
    store.upsert(chunks, [[1.0, 0.0]] * 4)
    leads = LeadIndex(chunks, DenseIndex(store, {c.id: c for c in chunks}))
    assert len(leads) == 2
    assert {c.id for c in leads.leads} == {"a-1", "b-5"}


def test_lead_search_ranks_by_cosine_and_filters_by_module() -> None:
    store = InMemoryStore()
    chunks = [chunk("near", 0, "x", module=1), chunk("mid", 0, "y", module=2), chunk("far", 0, "z", module=1)]
    store.upsert(chunks, [[1.0, 0.0], [1.0, 1.0], [0.0, 3.0]])  # stored unnormalised on purpose
    leads = LeadIndex(chunks, DenseIndex(store, {c.id: c for c in chunks}))
    hits = leads.search([2.0, 0.0], k=3)
    assert [c.source for c, _ in hits] == ["near.md", "mid.md", "far.md"]
    assert hits[0][1] == pytest.approx(1.0) and hits[1][1] == pytest.approx(np.sqrt(0.5))
    assert [c.source for c, _ in leads.search([2.0, 0.0], k=3, module=1)] == ["near.md", "far.md"]
    assert [c.id for c, _ in leads.search([1.0, 0.0], k=1)] == ["near-0"]


def test_rank_documents_gives_one_passage_per_document_best_first() -> None:
    a1, a2, b1, c1 = chunk("a", 1, "a1"), chunk("a", 2, "a2"), chunk("b", 1, "b1"), chunk("c", 1, "c1")
    ranked = rank_documents([a2, a1, b1, c1], leads=[], lead_weight=0.5, rrf_k=60, k=3)
    assert [c.id for c, _ in ranked] == ["a-2", "b-1", "c-1"]
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)


def test_an_opening_passage_that_matches_lifts_its_document() -> None:
    passages = [chunk(d, 3, f"{d} body") for d in "abcdef"]
    lead_f = chunk("f", 0, "f opening")
    lead_g = chunk("g", 0, "g opening")  # found only by its opening passage
    # f is last among passages but first by opening passage; g has no passage at all.
    ranked = rank_documents(passages, leads=[lead_f, lead_g], lead_weight=1.5, rrf_k=60, k=3)
    assert [c.source for c, _ in ranked] == ["f.md", "g.md", "a.md"]
    assert ranked[0][0].id == "f-3", "a document is shown by its best passage when it has one"
    assert ranked[1][0].id == "g-0", "a document only the lead ranking found is shown by its opening"
    # Without weight on openings the passage order stands.
    plain = rank_documents(passages, leads=[lead_f, lead_g], lead_weight=0.0, rrf_k=60, k=3)
    assert [c.source for c, _ in plain] == ["a.md", "b.md", "c.md"]


def test_rank_documents_fills_from_passages_when_there_are_few_documents() -> None:
    a1, a2, a3 = chunk("a", 1, "a1"), chunk("a", 2, "a2"), chunk("a", 3, "a3")
    ranked = rank_documents([a1, a2, a3], leads=[a1], lead_weight=0.5, rrf_k=60, k=2)
    assert [c.id for c, _ in ranked] == ["a-1", "a-2"]


def _library(n_docs: int) -> tuple[InMemoryStore, list[Chunk]]:
    """n documents about different made-up topics, each an opening plus three body passages
    that all mention 'pipeline', so plain passage ranking fills the top 5 from few documents."""
    store = InMemoryStore()
    chunks = []
    for d in range(n_docs):
        topic = f"topic{d}"
        chunks.append(chunk(f"doc{d}", 0, f"{topic} overview: what {topic} is for."))
        chunks += [chunk(f"doc{d}", n, f"{topic} pipeline step {n} pipeline pipeline.") for n in (1, 2, 3)]
    from conftest import HashingEmbedder

    store.upsert(chunks, HashingEmbedder().embed_documents([c.embedding_text() for c in chunks]))
    return store, chunks


@pytest.mark.parametrize(("threshold", "document_first"), [(3, True), (50, False)])
def test_retriever_ranks_document_first_only_in_a_library_of_many_documents(
    tmp_path: Path, fake_embedder, threshold: int, document_first: bool
) -> None:
    store, _ = _library(6)
    settings = Settings(data_dir=tmp_path / "d", document_first_min_documents=threshold)
    retriever = Retriever(settings, store=store, embedder=fake_embedder)
    passages = retriever.search("pipeline steps", k=5)
    sources = [p.source for p in passages]
    assert len(passages) == 5
    if document_first:
        assert len(set(sources)) == 5, sources
        assert all(p.similarity is not None for p in passages)
    else:
        assert len(set(sources)) < 5, sources


def test_document_first_search_respects_the_module_filter(tmp_path: Path, fake_embedder) -> None:
    store = InMemoryStore()
    chunks = [chunk(f"d{i}", 0, f"pipeline topic{i}", module=i % 2) for i in range(8)]
    store.upsert(chunks, fake_embedder.embed_documents([c.text for c in chunks]))
    settings = Settings(data_dir=tmp_path / "d", document_first_min_documents=2)
    retriever = Retriever(settings, store=store, embedder=fake_embedder)
    passages = retriever.search("pipeline", k=5, module=1)
    assert passages and {p.module for p in passages} == {1}
