"""Document-first ranking, for libraries of many short documents.

In a library like the SageMaker Developer Guide (about 1,300 Markdown pages, one topic each) a
question is nearly always about one page, and a page's opening passage says what the page is
for better than any passage from its middle. So there the retriever ranks *documents*, fusing
(a) each document's best passage in the hybrid passage ranking with (b) how well the
document's opening passage matches the question, and returns one passage per document. On the
dev guide this lifts hit@5 from 0.695 to 0.789 (`benchmarks/retrieval.py`). A course of a few
long files needs several passages from one file, so below
``Settings.document_first_min_documents`` the retriever keeps plain passage ranking.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from tutor.models import Chunk
from tutor.retrieval.dense_index import DenseIndex


class LeadIndex:
    """The opening passage of every document, with its embedding held in memory."""

    def __init__(self, chunks: list[Chunk], dense: DenseIndex) -> None:
        leads: dict[str, Chunk] = {}
        for chunk in chunks:
            best = leads.get(chunk.source_path)
            if best is None or chunk.position < best.position:
                leads[chunk.source_path] = chunk
        self.leads = list(leads.values())
        self._by_source = leads
        self._modules = np.array([c.module if c.module is not None else -1 for c in self.leads])
        self._dense = dense
        self._rows = dense.rows([c.id for c in self.leads])

    def __len__(self) -> int:
        return len(self.leads)

    def lead_of(self, source_path: str) -> Chunk | None:
        """The opening passage of one document."""
        return self._by_source.get(source_path)

    def search(self, vector: list[float], k: int, module: int | None = None) -> list[tuple[Chunk, float]]:
        """The ``k`` documents whose opening passage is most similar to ``vector``."""
        sims = self._dense.similarities(vector)
        return [] if sims is None else self.top(sims, k, module)

    def top(self, sims: np.ndarray, k: int, module: int | None = None) -> list[tuple[Chunk, float]]:
        """The same, from the library's similarities to the question (``DenseIndex.similarities``):
        the opening passages are rows of that matrix, so no second product is needed."""
        if not self.leads:
            return []
        lead_sims = np.where(self._rows >= 0, sims[self._rows], 0.0)  # no vector yet: similar to nothing
        if module is not None:
            lead_sims = np.where(self._modules == module, lead_sims, -np.inf)
        top = np.argsort(-lead_sims)[:k]
        return [(self.leads[i], float(lead_sims[i])) for i in top if np.isfinite(lead_sims[i])]


def rank_documents(
    passages: list[Chunk],
    leads: list[Chunk],
    *,
    lead_weight: float,
    rrf_k: int,
    k: int,
    overview: list[Chunk] | None = None,
    overview_weight: float = 0.0,
) -> list[tuple[Chunk, float]]:
    """``k`` passages, one per document, best document first, with the document's score.

    ``passages`` is the hybrid passage ranking, best first; ``leads`` the documents ranked by
    their opening passage. Documents are fused by reciprocal rank, the lead ranking weighted by
    ``lead_weight``. Each document is shown by its best passage, or by its opening passage when
    only the lead ranking found it. Fewer than ``k`` documents: the rest are the next passages.
    ``overview``: the opening passages of the documents an overview question names
    (``tutor.retrieval.overview_pages``), one more ranking weighted by ``overview_weight``.
    """
    best: dict[str, Chunk] = {}
    for chunk in passages:
        best.setdefault(chunk.source_path, chunk)
    score: Counter[str] = Counter()
    for rank, doc in enumerate(best, 1):
        score[doc] += 1.0 / (rrf_k + rank)
    for rank, lead in enumerate(leads, 1):
        score[lead.source_path] += lead_weight / (rrf_k + rank)
        best.setdefault(lead.source_path, lead)
    for rank, lead in enumerate(overview or [], 1):
        score[lead.source_path] += overview_weight / (rrf_k + rank)
        best.setdefault(lead.source_path, lead)
    docs = sorted(score, key=lambda d: -score[d])[:k]
    chosen = [(best[d], score[d]) for d in docs]
    if len(chosen) < k:
        taken = {c.id for c, _ in chosen}
        chosen += [(c, 0.0) for c in passages if c.id not in taken][: k - len(chosen)]
    return chosen
