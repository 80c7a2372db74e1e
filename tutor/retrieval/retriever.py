"""Hybrid retrieval: dense (MiniLM, cosine) and BM25, fused by reciprocal rank fusion; in a
library of many documents, ranked document-first (see ``tutor.retrieval.lead_passages``)."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import numpy as np

from tutor.embeddings import Embedder, load_embedder
from tutor.index.sentence_vectors import SentenceVectors
from tutor.index.store import VectorStore, open_store
from tutor.models import Chunk, Passage
from tutor.retrieval.lead_passages import LeadIndex, rank_documents
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


def reciprocal_rank_fusion(rankings: list[list[str]], k: int) -> dict[str, float]:
    fused: Counter[str] = Counter()
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, 1):
            fused[doc_id] += 1.0 / (k + rank)
    return dict(fused)


def _file_stamp(path: Path) -> tuple[int, int]:
    """(mtime, size) of a file ingest rewrites, (0, 0) when it is missing: a stat per question
    tells whether to reload, without reading the file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return 0, 0
    return st.st_mtime_ns, st.st_size


class Retriever:
    """Holds the store, the embedder and a BM25 index that is rebuilt when the index changes."""

    def __init__(
        self,
        settings: Settings | None = None,
        store: VectorStore | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.store = store if store is not None else open_store(self.settings)
        self._embedder = embedder
        self._bm25: BM25Index | None = None
        self._leads: LeadIndex | None = None
        self._bm25_key: tuple[int, int, int, int] | None = None
        self._sentences: SentenceVectors | None = None
        self._sentences_key: tuple[int, int] | None = None
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.settings)
        return self._embedder

    def _index_key(self) -> tuple[int, int, int, int]:
        """Changes whenever an ingest changes the index. A stat and a count, not a parse: it
        runs on every question and the manifest of a large corpus is megabytes of JSON. The
        staged count moves while an ingest runs: files become searchable, then get vectors."""
        count = self.store.count() if self.store.changes_outside_manifest else 0
        return (*_file_stamp(self.settings.manifest_path), count, self.store.staged_count())

    def chunks(self) -> list[Chunk]:
        """Every indexed chunk of the library (as of the last ingest)."""
        return self._indexes()[0].chunks

    def module_chunks(self, module: int) -> list[Chunk]:
        """Every indexed chunk of one course module."""
        return [c for c in self.chunks() if c.module == module]

    def indexing_notice(self) -> str | None:
        """While an ingest is still embedding: how far the meaning index is, for an answer."""
        waiting = self._index_key()[3]
        if not waiting:
            return None
        total = max(len(self.chunks()), waiting)
        share = 1 - waiting / total
        return (
            f"The library is still being indexed: the semantic index is {share:.0%} built, so "
            f"this answer leans on keyword matches for the {waiting:,} passages not embedded yet."
        )

    def is_empty(self) -> bool:
        """True when nothing is indexed: the one definition every caller uses."""
        return not self.chunks()

    def _indexes(self) -> tuple[BM25Index, LeadIndex | None]:
        """BM25 over every chunk and, in a library of many documents, their opening passages:
        both rebuilt together whenever the index changes."""
        key = self._index_key()
        with self._lock:
            if self._bm25 is None or key != self._bm25_key:
                if self._bm25 is not None:
                    self.store.refresh()  # dense search must see the new ingest too
                chunks = self.store.all_chunks()
                documents = len({c.source_path for c in chunks})
                many = documents >= self.settings.document_first_min_documents
                self._bm25 = BM25Index(chunks)
                self._leads = LeadIndex(chunks, self.store) if many else None
                self._bm25_key = key
            return self._bm25, self._leads

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
        """Load the model, BM25 and the sentence vectors now rather than on the first question."""
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
        s = self.settings
        k = k or s.top_k
        vector = query_vector if query_vector is not None else self.embedder.embed_query(query)
        bm25, leads = self._indexes()  # first: it refreshes the store after an ingest
        dense = self.store.query(vector, s.candidates, module)
        sparse = bm25.search(query, s.candidates, module)
        by_id: dict[str, Chunk] = {c.id: c for c, _ in dense}
        by_id.update({c.id: c for c, _ in sparse if c.id not in by_id})
        similarity = {c.id: sim for c, sim in dense}
        dense_rank = {c.id: r for r, (c, _) in enumerate(dense, 1)}
        bm25_rank = {c.id: r for r, (c, _) in enumerate(sparse, 1)}
        fused = reciprocal_rank_fusion([[c.id for c, _ in dense], [c.id for c, _ in sparse]], s.rrf_k)
        ranked = sorted(fused, key=lambda i: -fused[i])
        if leads is not None:
            lead_hits = leads.search(vector, s.candidates, module)
            for chunk, sim in lead_hits:
                similarity.setdefault(chunk.id, sim)
            best = rank_documents(
                [by_id[i] for i in ranked],
                [c for c, _ in lead_hits],
                lead_weight=s.lead_weight,
                rrf_k=s.rrf_k,
                k=k,
            )
        else:
            best = [(by_id[i], fused[i]) for i in ranked[:k]]
        return [
            Passage(
                **chunk.model_dump(),
                score=score,
                similarity=similarity.get(chunk.id),
                dense_rank=dense_rank.get(chunk.id),
                bm25_rank=bm25_rank.get(chunk.id),
            )
            for chunk, score in best
        ]

    def section(self, source: str, section_path: list[str]) -> list[Chunk]:
        """Every chunk of one source section (and its subsections), in reading order."""
        n = len(section_path)
        chunks = [c for c in self.chunks() if c.source == source and c.section_path[:n] == section_path]
        return sorted(chunks, key=lambda c: c.position)
