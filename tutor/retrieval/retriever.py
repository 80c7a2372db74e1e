"""Hybrid retrieval: dense (MiniLM, cosine) and BM25, fused by reciprocal rank fusion; in a
library of many documents, ranked document-first (see ``tutor.retrieval.lead_passages``)."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from tutor.embeddings import Embedder, load_embedder
from tutor.index.sentence_vectors import SentenceVectors
from tutor.index.staging import semantic_share
from tutor.index.store import VectorStore, open_store
from tutor.models import Chunk, Passage
from tutor.retrieval.dense_index import DenseIndex
from tutor.retrieval.lead_passages import LeadIndex, rank_documents
from tutor.retrieval.overview_pages import OverviewPages
from tutor.settings import Settings, get_settings
from tutor.text import content_terms


class BM25Index:
    """BM25 (bm25s) over every chunk in the store, with the same tokenizer as everything else."""

    def __init__(self, chunks: list[Chunk]) -> None:
        import bm25s

        self.chunks = chunks
        self._modules = np.array([c.module if c.module is not None else -1 for c in chunks])
        docs = [content_terms(f"{c.section_label} {c.text}") for c in chunks]
        self._vocab = {t for d in docs for t in d}
        self._bm25 = bm25s.BM25()
        if chunks:
            self._bm25.index(docs, show_progress=False)

    def search(self, query: str, k: int, module: int | None = None) -> list[tuple[Chunk, float]]:
        terms = [t for t in content_terms(query) if t in self._vocab]
        if not terms or not self.chunks:
            return []
        scores = np.asarray(self._bm25.get_scores(terms), dtype=np.float64)
        if module is not None:
            scores = np.where(self._modules == module, scores, 0.0)
        top = np.argsort(-scores)[:k]
        return [(self.chunks[i], float(scores[i])) for i in top if scores[i] > 0]


V = TypeVar("V")


def reciprocal_rank_fusion(rankings: list[list[str]], k: int) -> dict[str, float]:
    fused: Counter[str] = Counter()
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, 1):
            fused[doc_id] += 1.0 / (k + rank)
    return dict(fused)


def distinct_passages(chunks: list[Chunk]) -> list[Chunk]:
    """One chunk per passage: the same words under the same headings count once.

    The same file indexed from two places (a course folder moved or copied, a document
    uploaded twice) would otherwise put each passage in every ranking twice, crowding out the
    next-best passage, and read each section twice: with the course indexed twice, 218 of 500
    answers changed and 7 were lost. The copy kept is chosen by a fixed order (its file's path,
    then its place in the file); the others keep their order."""
    kept: dict[tuple[tuple[str, ...], str], Chunk] = {}
    for chunk in sorted(chunks, key=lambda c: (c.source_path, c.position, c.id)):
        kept.setdefault((tuple(chunk.section_path), chunk.text), chunk)
    if len(kept) == len(chunks):
        return chunks
    ids = {c.id for c in kept.values()}
    return [c for c in chunks if c.id in ids]


def _file_stamp(path: Path) -> tuple[int, int]:
    """(mtime, size) of a file ingest rewrites, (0, 0) when it is missing: a stat per question
    tells whether to reload, without reading the file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return 0, 0
    return st.st_mtime_ns, st.st_size


@dataclass
class _Indexes:
    """Everything a search reads, built together from one state of the store."""

    key: tuple[int, int, int, int]
    bm25: BM25Index
    by_id: dict[str, Chunk]
    dense: DenseIndex | None
    """None for a library over ``dense_in_memory_max_chunks``: the store is searched instead."""
    leads: LeadIndex | None
    overview: OverviewPages | None


class _Lru(OrderedDict[Hashable, V]):
    """A small least-recently-used map (callers hold the retriever's lock)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def take(self, key: Hashable) -> V | None:
        if key in self:
            self.move_to_end(key)
            return self[key]
        return None

    def keep(self, key: Hashable, value: V) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class Retriever:
    """Holds the store, the embedder and the search indexes, rebuilt when the index changes."""

    def __init__(
        self,
        settings: Settings | None = None,
        store: VectorStore | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.store = store if store is not None else open_store(self.settings)
        self._embedder = embedder
        self._indexed: _Indexes | None = None
        self._sentences: SentenceVectors | None = None
        self._sentences_key: tuple[int, int] | None = None
        self._lock = threading.Lock()
        # A learner repeats a question, a page reruns: both caches are keyed by the exact text.
        self._query_vectors: _Lru[list[float]] = _Lru(self.settings.query_cache_size)
        self._results: _Lru[list[Passage]] = _Lru(self.settings.query_cache_size)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.settings)
        return self._embedder

    def query_vector(self, text: str) -> list[float]:
        """The embedding of a question, from the cache when the same text was asked before."""
        with self._lock:
            cached = self._query_vectors.take(text)
        if cached is not None:
            return cached
        vector = self.embedder.embed_query(text)
        with self._lock:
            self._query_vectors.keep(text, vector)
        return vector

    def _index_key(self) -> tuple[int, int, int, int]:
        """Changes whenever an ingest changes the index. A stat and a count, not a parse: it
        runs on every question and the manifest of a large corpus is megabytes of JSON. The
        staged count moves while an ingest runs: files become searchable, then get vectors."""
        count = self.store.count() if self.store.changes_outside_manifest else 0
        return (*_file_stamp(self.settings.manifest_path), count, self.store.staged_count())

    def chunks(self) -> list[Chunk]:
        """Every indexed chunk of the library (as of the last ingest)."""
        return self._indexes().bm25.chunks

    def module_chunks(self, module: int) -> list[Chunk]:
        """Every indexed chunk of one course module."""
        return [c for c in self.chunks() if c.module == module]

    def indexing_notice(self) -> str | None:
        """While an ingest is still embedding: how far the meaning index is, for an answer."""
        idx = self._indexes()
        waiting = idx.key[3]
        if not waiting:
            return None
        share = semantic_share(waiting, len(idx.bm25.chunks))
        return (
            f"The library is still being indexed: the semantic index is {share:.0%} built, so "
            f"this answer leans on keyword matches for the {waiting:,} passages not embedded yet."
        )

    def is_empty(self) -> bool:
        """True when nothing is indexed: the one definition every caller uses."""
        return not self.chunks()

    def _indexes(self) -> _Indexes:
        """BM25 over every chunk, the dense matrix and, in a library of many documents, their
        opening passages: all rebuilt together whenever the index changes."""
        key = self._index_key()
        with self._lock:
            if self._indexed is None or key != self._indexed.key:
                if self._indexed is not None:
                    self.store.refresh()  # dense search must see the new ingest too
                self._indexed = self._build(key)
                self._results.clear()
            return self._indexed

    def _build(self, key: tuple[int, int, int, int]) -> _Indexes:
        chunks = distinct_passages(self.store.all_chunks())
        by_id = {c.id: c for c in chunks}
        dense = (
            DenseIndex(self.store, by_id) if len(chunks) <= self.settings.dense_in_memory_max_chunks else None
        )
        documents = len({c.source_path for c in chunks})
        many = documents >= self.settings.document_first_min_documents
        leads = LeadIndex(chunks, dense) if many and dense is not None else None
        overview = OverviewPages(chunks) if leads is not None else None
        return _Indexes(
            key=key, bm25=BM25Index(chunks), by_id=by_id, dense=dense, leads=leads, overview=overview
        )

    def sentence_vectors(self) -> SentenceVectors:
        """The sentence vectors ingest saved (empty if it saved none), reloaded when rewritten."""
        path = self.settings.sentence_vectors_path
        key = _file_stamp(path)
        with self._lock:
            if self._sentences is None or key != self._sentences_key:
                self._sentences = SentenceVectors.load(path, self.settings.embedding_model_key)
                self._sentences_key = key
            return self._sentences

    def warm_up(self) -> None:
        """Load the model, the indexes and the sentence vectors now rather than on the first question."""
        self.embedder.embed_query("warm up")
        self._indexes()
        self.sentence_vectors()

    def search(
        self,
        query: str,
        k: int | None = None,
        module: int | None = None,
        query_vector: list[float] | None = None,
    ) -> list[Passage]:
        """The best ``k`` passages for ``query``. ``query_vector``, when given, must be the
        embedding of ``query`` (results are cached by the query's text)."""
        s = self.settings
        k = k or s.top_k
        vector = query_vector if query_vector is not None else self.query_vector(query)
        idx = self._indexes()  # first: it refreshes the store after an ingest
        cache_key = (query, k, module)
        with self._lock:
            cached = self._results.take(cache_key) if idx is self._indexed else None
        if cached is not None:
            return [p.model_copy() for p in cached]
        # One product gives the passage and the opening-passage rankings their similarities.
        sims = idx.dense.similarities(vector) if idx.dense is not None else None
        if idx.dense is None:  # a copy of a passage kept elsewhere is not a candidate
            dense = [
                (c, sim) for c, sim in self.store.query(vector, s.candidates, module) if c.id in idx.by_id
            ]
        elif sims is None:
            dense = []  # nothing has its vector yet
        else:
            dense = [(idx.by_id[i], sim) for i, sim in idx.dense.top(sims, s.candidates, module)]
        sparse = idx.bm25.search(query, s.candidates, module)
        by_id: dict[str, Chunk] = {c.id: c for c, _ in dense}
        by_id.update({c.id: c for c, _ in sparse if c.id not in by_id})
        similarity = {c.id: sim for c, sim in dense}
        dense_rank = {c.id: r for r, (c, _) in enumerate(dense, 1)}
        bm25_rank = {c.id: r for r, (c, _) in enumerate(sparse, 1)}
        fused = reciprocal_rank_fusion([[c.id for c, _ in dense], [c.id for c, _ in sparse]], s.rrf_k)
        ranked = sorted(fused, key=lambda i: -fused[i])
        if idx.leads is not None:
            lead_hits = idx.leads.top(sims, s.candidates, module) if sims is not None else []
            for chunk, sim in lead_hits:
                similarity.setdefault(chunk.id, sim)
            named = idx.overview.rank(query, s.candidates) if idx.overview is not None else []
            best = rank_documents(
                [by_id[i] for i in ranked],
                [c for c, _ in lead_hits],
                lead_weight=s.lead_weight,
                rrf_k=s.rrf_k,
                k=k,
                overview=[c for p in named if (c := idx.leads.lead_of(p)) is not None],
                overview_weight=s.overview_weight,
            )
        else:
            best = [(by_id[i], fused[i]) for i in ranked[:k]]
        passages = [
            Passage(
                **chunk.model_dump(),
                score=score,
                similarity=similarity.get(chunk.id),
                dense_rank=dense_rank.get(chunk.id),
                bm25_rank=bm25_rank.get(chunk.id),
            )
            for chunk, score in best
        ]
        with self._lock:
            if idx is self._indexed:
                self._results.keep(cache_key, passages)
        return [p.model_copy() for p in passages]

    def section(self, source: str, section_path: list[str]) -> list[Chunk]:
        """Every chunk of one source section (and its subsections), in reading order."""
        n = len(section_path)
        chunks = [c for c in self.chunks() if c.source == source and c.section_path[:n] == section_path]
        return sorted(chunks, key=lambda c: c.position)
