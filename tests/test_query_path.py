"""Issue 17: the query path. Dense search runs in memory and agrees with the store's own query;
a repeated question is answered from the cache until the index changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_retrieval import ANIMALS, fan_vector, make_chunk

from tutor.index.store import InMemoryStore
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings


class CountingQueries:
    """An embedder that counts the questions it embeds; every text maps to [1, 0, 0, 0]."""

    def __init__(self) -> None:
        self.queries = 0

    def embed_query(self, text: str) -> list[float]:
        self.queries += 1
        return [1.0, 0.0, 0.0, 0.0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0, 0.0, 0.0] for _ in texts]


@pytest.fixture
def store() -> InMemoryStore:
    store = InMemoryStore()
    chunks = [make_chunk(i, f"The {a} lives in enclosure {i}.", module=i % 3) for i, a in enumerate(ANIMALS)]
    store.upsert(chunks, [fan_vector(i) for i in range(len(chunks))])
    return store


def retriever(tmp_path: Path, store: InMemoryStore, embedder=None, **settings: object) -> Retriever:
    return Retriever(
        Settings(data_dir=tmp_path / "d", candidates=5, **settings), store=store, embedder=embedder
    )


@pytest.mark.parametrize("module", [None, 1])
def test_in_memory_dense_search_ranks_as_the_store_does(tmp_path: Path, store: InMemoryStore, module) -> None:
    in_memory = retriever(tmp_path, store)
    through_store = retriever(tmp_path, store, dense_in_memory_max_chunks=0)
    vector = fan_vector(2)
    a = in_memory.search("enclosure", k=5, module=module, query_vector=vector)
    b = through_store.search("enclosure", k=5, module=module, query_vector=vector)
    assert [p.id for p in a] == [p.id for p in b]
    assert [p.similarity for p in a] == pytest.approx([p.similarity for p in b])
    assert a[0].id == "c2" if module is None else a[0].module == 1


def test_a_repeated_question_is_answered_from_the_cache_until_the_index_changes(
    tmp_path: Path, store: InMemoryStore
) -> None:
    embedder = CountingQueries()
    r = retriever(tmp_path, store, embedder)
    first = r.search("Where does the okapi live?")
    again = r.search("Where does the okapi live?")
    assert embedder.queries == 1
    assert [p.id for p in again] == [p.id for p in first]
    again[0].text = "changed by a caller"
    assert r.search("Where does the okapi live?")[0].text != "changed by a caller", "callers get copies"

    store.upsert([make_chunk(99, "The okapi now also lives in enclosure okapi-two.")], [fan_vector(0)])
    after = r.search("Where does the okapi live?")
    assert "c99" in {p.id for p in after}, "a changed index is searched again"
    assert embedder.queries == 1, "the question's vector is still reused"


def test_the_cache_can_be_turned_off(tmp_path: Path, store: InMemoryStore) -> None:
    embedder = CountingQueries()
    r = retriever(tmp_path, store, embedder, query_cache_size=0)
    r.search("okapi")
    r.search("okapi")
    assert embedder.queries == 2
