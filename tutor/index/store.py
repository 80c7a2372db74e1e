"""Vector stores: Chroma (embedded or server) and an in-memory twin for tests.

Both hold chunk text, flat metadata and a normalized embedding, and answer cosine-similarity
queries with an optional module filter. Both also hold *staged* chunks (``tutor.index.staging``):
chunks already read, searchable by keyword, whose vectors are still being computed. Every
method but ``query`` and ``vectors`` sees the staged chunks as part of the store.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from tutor.exceptions import DataDirError, StoreUnavailableError
from tutor.index.staging import StagedChunks
from tutor.models import Chunk
from tutor.settings import Settings


class VectorStore(Protocol):
    def upsert(self, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        """Store chunks with their vectors (and un-stage them)."""
        ...

    def stage(self, chunks: list[Chunk]) -> None:
        """Make chunks part of the store now, searchable by keyword; vectors follow via upsert."""
        ...

    def staged(self, limit: int) -> list[Chunk]:
        """Up to ``limit`` staged chunks still without a vector, oldest first."""
        ...

    def staged_count(self) -> int: ...

    def delete(self, ids: Iterable[str]) -> None: ...

    def query(self, embedding: list[float], k: int, module: int | None = None) -> list[tuple[Chunk, float]]:
        """Best ``k`` chunks with their cosine similarity, best first."""
        ...

    def get(self, ids: list[str]) -> list[Chunk]: ...

    def embedded_vectors(self) -> tuple[list[str], np.ndarray]:
        """Every chunk that has a vector: ids, and their unit vectors one row each."""
        ...

    def all_chunks(self) -> list[Chunk]: ...

    def all_ids(self) -> set[str]: ...

    def ids_for_source(self, source_path: str) -> set[str]:
        """Ids of every chunk that came from the file at ``source_path``."""
        ...

    def count(self) -> int: ...

    def refresh(self) -> None:
        """Make writes of other processes visible (called when the manifest changed)."""
        ...

    #: Whether the index can change without the manifest changing: a shared Chroma server that
    #: other machines ingest into, or a store written to directly. The retriever then also
    #: watches count() (a round trip) to know when to rebuild BM25.
    changes_outside_manifest: bool


class _Staging:
    """What both stores do with staged chunks (``tutor.index.staging``)."""

    _staged: StagedChunks

    def _check_writable(self) -> None:
        """A store that can be opened read-only refuses writes here."""

    def stage(self, chunks: list[Chunk]) -> None:
        self._check_writable()
        self._staged.stage(chunks)

    def staged(self, limit: int) -> list[Chunk]:
        return self._staged.oldest(limit)

    def staged_count(self) -> int:
        return self._staged.count()


class InMemoryStore(_Staging):
    """A store in a dict and a numpy matrix: the test twin of ChromaStore."""

    changes_outside_manifest = True

    def __init__(self) -> None:
        self._chunks: dict[str, Chunk] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._staged = StagedChunks(None)
        self._lock = threading.Lock()

    def upsert(self, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        with self._lock:
            for chunk, vector in zip(chunks, embeddings, strict=True):
                self._chunks[chunk.id] = chunk
                self._vectors[chunk.id] = np.asarray(vector, dtype=np.float32)
        self._staged.remove(c.id for c in chunks)

    def delete(self, ids: Iterable[str]) -> None:
        id_list = list(ids)
        with self._lock:
            for i in id_list:
                self._chunks.pop(i, None)
                self._vectors.pop(i, None)
        self._staged.remove(id_list)

    def query(self, embedding: list[float], k: int, module: int | None = None) -> list[tuple[Chunk, float]]:
        with self._lock:
            ids = [i for i, c in self._chunks.items() if module is None or c.module == module]
            if not ids:
                return []
            sims = unit_rows([self._vectors[i] for i in ids]) @ unit_rows([embedding])[0]
            order = np.argsort(-sims)[:k]
            return [(self._chunks[ids[j]], float(sims[j])) for j in order]

    def get(self, ids: list[str]) -> list[Chunk]:
        return with_staged(ids, [self._chunks[i] for i in ids if i in self._chunks], self._staged)

    def embedded_vectors(self) -> tuple[list[str], np.ndarray]:
        with self._lock:
            ids = list(self._vectors)
            return ids, unit_rows([self._vectors[i] for i in ids])

    def all_chunks(self) -> list[Chunk]:
        waiting = self._staged.all()  # first: upsert stores a chunk before un-staging it
        return all_with_staged(list(self._chunks.values()), waiting)

    def all_ids(self) -> set[str]:
        staged = self._staged.ids()  # first: upsert stores a chunk before un-staging it
        return set(self._chunks) | staged

    def ids_for_source(self, source_path: str) -> set[str]:
        own = {i for i, c in self._chunks.items() if c.source_path == source_path}
        return own | self._staged.ids_for_source(source_path)

    def count(self) -> int:
        return len(self._chunks) if not self._staged.count() else len(self.all_ids())

    def refresh(self) -> None:
        """Nothing to do: the dict is the store."""


class ChromaStore(_Staging):
    """Chroma through langchain_chroma: embedded PersistentClient or HttpClient for a server."""

    _PAGE = 2000

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.read_only = False
        self._snapshot: tempfile.TemporaryDirectory[str] | None = None
        self._connect()
        try:
            self._staged = StagedChunks(settings.staged_path)
        except sqlite3.Error as e:
            raise StoreUnavailableError(
                f"Could not open the staged chunks at {settings.staged_path}: {e}",
                "Check that the data directory is writable; deleting the file makes the next "
                "`tutor ingest` read the files it held again.",
            ) from e

    def _connect(self) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        settings = self._settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        # Embedded, only `tutor ingest` writes the index (behind its lock), and it always
        # rewrites the manifest; a server may be fed by other machines with other manifests.
        self.changes_outside_manifest = bool(settings.chroma_url)
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                self.client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or 8000,
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
                self.client.heartbeat()
            else:
                settings.ensure_data_dir()
                self.client = chromadb.PersistentClient(
                    path=str(self._local_path()), settings=chroma_settings
                )
            # Cosine space must be set when the collection is created; it cannot change later.
            self.collection = self.client.get_or_create_collection(
                settings.collection, configuration={"hnsw": {"space": "cosine"}}
            )
            self.vectorstore = Chroma(
                client=self.client,
                collection_name=settings.collection,
                collection_configuration={"hnsw": {"space": "cosine"}},
            )
        except DataDirError:
            raise  # already says what is wrong with the folder and what to do
        except Exception as e:
            where = settings.chroma_url or settings.chroma_dir
            raise StoreUnavailableError(
                f"Could not open the Chroma index at {where}: {type(e).__name__}: {e}",
                "Start the server with `chroma run --path DIR --host 127.0.0.1 --port 8000`"
                if settings.chroma_url
                else "Check that the data directory is writable.",
            ) from e
        self._max_batch = max(1, min(5000, self.client.get_max_batch_size()))

    def _local_path(self) -> Path:
        """The embedded index's folder, or a private copy of it when the folder is read-only:
        Chroma writes to its database even to read, and a learner's machine or a container
        may mount the data dir read-only."""
        path = self._settings.chroma_dir
        if not path.exists() or _writable(path):
            return path
        self._snapshot = tempfile.TemporaryDirectory(prefix="tutor-readonly-index-")
        copy = Path(self._snapshot.name) / "chroma"
        shutil.copytree(path, copy)
        self.read_only = True
        return copy

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreUnavailableError(
                f"The index at {self._settings.chroma_dir} is read-only: it can be searched but not changed.",
                "Run `tutor ingest` where the data directory is writable, or set TUTOR_DATA_DIR.",
            )

    def refresh(self) -> None:
        """Embedded Chroma loads its vector index into memory once per process and path, so
        another process's ingest stays invisible to dense search until a fresh client opens
        it. A server is always current."""
        if self._settings.chroma_url:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        # Chroma shares one System per path in a process and has no reload: drop it from the
        # cache so the next client opens the files afresh. The old one is not stopped: a query
        # of another thread may still be running on it.
        SharedSystemClient._identifier_to_system.pop(self.client._identifier, None)
        self._connect()

    def upsert(self, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        self._check_writable()
        for i in range(0, len(chunks), self._max_batch):
            part = chunks[i : i + self._max_batch]
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=embeddings[i : i + self._max_batch],  # type: ignore[arg-type]
                documents=[c.text for c in part],
                metadatas=[c.to_metadata() for c in part],
            )
        # Only once the vectors are stored: a crash in between leaves the chunk staged, and
        # the next ingest embeds it again.
        self._staged.remove(c.id for c in chunks)

    def delete(self, ids: Iterable[str]) -> None:
        self._check_writable()
        id_list = list(ids)
        for i in range(0, len(id_list), self._max_batch):
            self.collection.delete(ids=id_list[i : i + self._max_batch])
        self._staged.remove(id_list)

    def query(self, embedding: list[float], k: int, module: int | None = None) -> list[tuple[Chunk, float]]:
        where = {"module": module} if module is not None else None
        # Chroma returns fewer than k (or none) on a small or empty collection: no count needed.
        results = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
            embedding, k=k, filter=where
        )
        # With the cosine space this "score" is the cosine distance.
        return [
            (Chunk.from_record(str(doc.id), doc.page_content, doc.metadata), 1.0 - float(distance))
            for doc, distance in results
        ]

    def get(self, ids: list[str]) -> list[Chunk]:
        if not ids:
            return []
        got = self.collection.get(ids=ids, include=["documents", "metadatas"])
        by_id = {
            i: Chunk.from_record(i, d or "", dict(m or {}))
            for i, d, m in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=False)
        }
        return with_staged(ids, [by_id[i] for i in ids if i in by_id], self._staged)

    def embedded_vectors(self) -> tuple[list[str], np.ndarray]:
        ids: list[str] = []
        rows: list[Any] = []
        offset = 0
        while True:
            got: Any = self.collection.get(include=["embeddings"], limit=self._PAGE, offset=offset)
            ids.extend(got["ids"])
            rows.extend(got["embeddings"])
            if len(got["ids"]) < self._PAGE:
                return ids, unit_rows(rows)
            offset += self._PAGE

    def all_chunks(self) -> list[Chunk]:
        waiting = self._staged.all()  # first: upsert stores a chunk before un-staging it
        chunks: list[Chunk] = []
        offset = 0
        while True:
            got: Any = self.collection.get(
                include=["documents", "metadatas"], limit=self._PAGE, offset=offset
            )
            ids = got["ids"]
            chunks.extend(
                Chunk.from_record(i, d or "", dict(m or {}))
                for i, d, m in zip(ids, got["documents"] or [], got["metadatas"] or [], strict=False)
            )
            if len(ids) < self._PAGE:
                return all_with_staged(chunks, waiting)
            offset += self._PAGE

    def all_ids(self) -> set[str]:
        staged = self._staged.ids()  # first: upsert stores a chunk before un-staging it
        ids: set[str] = set()
        offset = 0
        while True:
            got = self.collection.get(include=[], limit=self._PAGE * 5, offset=offset)
            ids.update(got["ids"])
            if len(got["ids"]) < self._PAGE * 5:
                return ids | staged
            offset += self._PAGE * 5

    def ids_for_source(self, source_path: str) -> set[str]:
        own = set(self.collection.get(where={"source_path": source_path}, include=[])["ids"])
        return own | self._staged.ids_for_source(source_path)

    def count(self) -> int:
        # A staged chunk may also be in the collection (its vector being replaced): count once.
        return int(self.collection.count()) if not self._staged.count() else len(self.all_ids())


def _writable(path: Path) -> bool:
    database = path / "chroma.sqlite3"
    return os.access(path, os.W_OK) and (not database.exists() or os.access(database, os.W_OK))


def unit_rows(rows: list[Any]) -> np.ndarray:
    """Rows as a float32 matrix scaled to unit length, so a dot product is a cosine."""
    if not rows:
        return np.zeros((0, 0), dtype=np.float32)
    matrix = np.asarray(rows, dtype=np.float32)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def with_staged(ids: list[str], found: list[Chunk], staged: StagedChunks) -> list[Chunk]:
    """``found`` completed with the staged chunks among ``ids``, in the order of ``ids``."""
    if len(found) == len(ids):
        return found
    have = {c.id: c for c in found}
    have.update((c.id, c) for c in staged.get([i for i in ids if i not in have]))
    return [have[i] for i in ids if i in have]


def all_with_staged(chunks: list[Chunk], waiting: list[Chunk]) -> list[Chunk]:
    """Every stored chunk plus the staged ones (read before them), each once."""
    if not waiting:
        return chunks
    newer = {c.id for c in waiting}
    return [c for c in chunks if c.id not in newer] + waiting


def open_store(settings: Settings) -> VectorStore:
    return ChromaStore(settings)
