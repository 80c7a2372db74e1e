"""The same sentence model run by onnxruntime: what questions are embedded with.

A sentence-transformers model here is a BERT encoder, mean pooling over the real tokens and
L2 normalisation. onnxruntime runs the encoder's ONNX export (``tutor.embeddings.onnx_export``)
and the pooling is a few numpy lines, so a process that only answers questions never imports
torch: a question takes about 5 ms instead of 12 on 2 cores.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


class UnsupportedModel(Exception):
    """The model folder is not one this runtime reproduces (it falls back to torch)."""


def token_limit(model_dir: Path, max_tokens: int) -> int:
    """Word pieces read per text, as sentence-transformers counts them (special tokens included):
    the model's own limit, lowered by the setting."""
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    own = config.get("max_seq_length") or max_tokens
    return min(int(own), max_tokens)


def check_mean_pooling(model_dir: Path) -> None:
    """Raise UnsupportedModel unless the model pools by the mean of its tokens (as MiniLM does)."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        pooling = next(m for m in modules if m.get("type", "").endswith("Pooling"))
        config = json.loads((model_dir / pooling["path"] / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, StopIteration, KeyError, TypeError) as e:
        raise UnsupportedModel(f"no pooling configuration found in {model_dir}: {e}") from e
    modes = {k for k, v in config.items() if k.startswith("pooling_mode") and v}
    if modes != {"pooling_mode_mean_tokens"}:
        raise UnsupportedModel(f"pooling {sorted(modes)} is not mean pooling")
    names = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if [n for n in names if n not in ("Transformer", "Pooling", "Normalize")]:
        raise UnsupportedModel(f"modules {names} are more than encoder, pooling and normalisation")


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Unit vectors: the mean of each text's token states over its real (unpadded) tokens."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    vectors = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    return vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)


class OnnxEmbedder:
    """Embeds with onnxruntime and the model folder's fast tokenizer (LangChain's Embeddings
    shape: ``embed_query`` and ``embed_documents``). Thread-safe: onnxruntime sessions and
    tokenizers both allow concurrent calls."""

    def __init__(
        self, onnx_path: Path, model_dir: Path, max_tokens: int, threads: int, batch_size: int
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        check_mean_pooling(model_dir)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        # Idle threads that spin after a question would take the CPU from everything else the
        # app does between questions.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(token_limit(model_dir, max_tokens))
        self._tokenizer.enable_padding()
        self._batch_size = max(1, batch_size)

    def _embed(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        return mean_pool(hidden, mask)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = [[] for _ in texts]
        # Texts of a length together: a batch is padded to its longest text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self._batch_size):
            part = order[start : start + self._batch_size]
            for i, vector in zip(part, self._embed([texts[i] for i in part]), strict=True):
                out[i] = vector.tolist()
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._embed([text])[0].tolist()
