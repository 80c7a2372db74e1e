"""Dense search in memory: every vector of the library in one matrix, searched exactly.

A question's dense search was the largest part of a search after embedding the question:
Chroma's HNSW query plus its metadata fetch and LangChain's Document objects. For a library
the size of the SageMaker Developer Guide (about 12,000 chunks, 18 MB of float32) one matrix
product is faster and exact. Libraries larger than ``Settings.dense_in_memory_max_chunks``
keep searching through the store.
"""

from __future__ import annotations

import numpy as np

from tutor.index.store import VectorStore, unit_rows
from tutor.models import Chunk


class DenseIndex:
    """Unit vectors of the chunks that have one, with each chunk's module for filtering."""

    def __init__(self, store: VectorStore, chunks: dict[str, Chunk]) -> None:
        ids, matrix = store.embedded_vectors()
        keep = [n for n, i in enumerate(ids) if i in chunks]
        self.ids = [ids[n] for n in keep]
        self.matrix = matrix[keep] if len(keep) else np.zeros((0, 0), dtype=np.float32)
        self._row = {i: n for n, i in enumerate(self.ids)}
        self._modules = np.array([m if (m := chunks[i].module) is not None else -1 for i in self.ids])

    def __len__(self) -> int:
        return len(self.ids)

    def similarities(self, vector: list[float]) -> np.ndarray | None:
        """Cosine similarity of ``vector`` to every row (None when there are no vectors yet).
        One product, shared by the passage and the opening-passage rankings."""
        if not self.ids or self.matrix.shape[1] != len(vector):
            return None
        return self.matrix @ unit_rows([vector])[0]

    def top(self, sims: np.ndarray, k: int, module: int | None = None) -> list[tuple[str, float]]:
        """The ``k`` best chunk ids of ``similarities``' result, best first."""
        if module is not None:
            sims = np.where(self._modules == module, sims, -np.inf)
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(self.ids[n], float(sims[n])) for n in top if np.isfinite(sims[n])]

    def rows(self, ids: list[str]) -> np.ndarray:
        """Each id's row in the matrix, -1 for a chunk without a vector yet."""
        return np.array([self._row.get(i, -1) for i in ids], dtype=np.int64)
