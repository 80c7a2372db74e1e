"""Sentence vectors remembered per process: learners' questions cluster on the same passages,
so most sentences a question's answer weighs were embedded for an earlier question already."""

from __future__ import annotations

import threading
from collections import OrderedDict

from tutor.embeddings import Embedder

_SENTENCE_CACHE: OrderedDict[str, list[float]] = OrderedDict()
_SENTENCE_CACHE_MAX = 20_000
_cache_lock = threading.Lock()


def embed_cached(embedder: Embedder, sentences: list[str]) -> list[list[float]]:
    """Sentence vectors, remembered per process: learners' questions cluster on the same
    passages, so most sentences were embedded for an earlier question already."""
    key_prefix = f"{id(embedder)}:"
    with _cache_lock:
        missing = [s for s in dict.fromkeys(sentences) if key_prefix + s not in _SENTENCE_CACHE]
    if missing:
        vectors = embedder.embed_documents(missing)
        with _cache_lock:
            for s, v in zip(missing, vectors, strict=True):
                _SENTENCE_CACHE[key_prefix + s] = v
            while len(_SENTENCE_CACHE) > _SENTENCE_CACHE_MAX:
                _SENTENCE_CACHE.popitem(last=False)
    with _cache_lock:
        return [_SENTENCE_CACHE[key_prefix + s] for s in sentences]
