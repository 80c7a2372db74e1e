"""Make the ONNX export of the installed sentence model, once per machine, and prove it.

The export is made here from the model's own weights (nothing is downloaded): torch traces the
encoder into an ONNX file, the file is checked against torch on probe texts, and only a file
that agrees is moved into place. A file that cannot be loaded later is made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from tutor.embeddings.onnx_model import OnnxEmbedder
from tutor.embeddings.torch_model import TorchEmbedder

EXPORT_VERSION = 1
"""Part of the file name: raise it when the way the export is made changes."""

MIN_COSINE = 0.9999
"""Least agreement with torch an export must show on every probe text."""

PROBES = [
    "What does SageMaker Model Monitor watch for?",
    "Ground Truth labels data.",
    # Longer than the 256 word-piece limit: the two runtimes must cut it at the same place.
    " ".join(["Amazon SageMaker Pipelines orchestrates processing, training and registration steps."] * 40),
    "Which service detects data drift in production, and how does it alert you?",
]


class ExportFailed(Exception):
    """No usable export could be made; the reason is in the message."""


def export_path(cache_dir: Path, model_dir: Path) -> Path:
    """Where this model's export lives: named by the model folder and its weight files, so a
    different or updated model gets its own export."""
    digest = hashlib.sha256(f"v{EXPORT_VERSION}|{model_dir.resolve()}".encode())
    for weights in sorted(model_dir.glob("*.safetensors")) + sorted(model_dir.glob("*.bin")):
        st = weights.stat()
        digest.update(f"|{weights.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return cache_dir / f"{model_dir.name}-{digest.hexdigest()[:16]}.onnx"


def export_checked(
    torch_model: TorchEmbedder, path: Path, model_dir: Path, max_tokens: int, threads: int, batch_size: int
) -> OnnxEmbedder:
    """Export ``torch_model``'s encoder to ``path`` and return the session that was checked
    (onnxruntime holds the model in memory: the file is not read twice); ExportFailed, leaving
    nothing at ``path``, when it cannot be made or disagrees with torch."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=".onnx", dir=path.parent)
        os.close(fd)
        os.chmod(tmp_name, 0o644)  # a cache other accounts on the machine may read
    except OSError as e:
        raise ExportFailed(f"cannot write to {path.parent}: {e}") from e
    tmp = Path(tmp_name)
    try:
        _export(torch_model, tmp)
        made = OnnxEmbedder(tmp, model_dir, max_tokens, threads, batch_size)
        ours = np.asarray(made.embed_documents(PROBES))
        theirs = np.asarray(torch_model.in_float32().embed_documents(PROBES))
        cosines = (ours * theirs).sum(axis=1)
        if float(cosines.min()) < MIN_COSINE:
            raise ExportFailed(f"the export disagrees with torch (cosine {cosines.min():.5f} on a probe)")
        os.replace(tmp, path)
        return made
    except ExportFailed:
        raise
    except Exception as e:  # torch's exporter raises many kinds; all mean "no export"
        raise ExportFailed(f"{type(e).__name__}: {e}") from e
    finally:
        tmp.unlink(missing_ok=True)


def _export(torch_model: TorchEmbedder, path: Path) -> None:
    import torch

    encoder = torch_model.sentence_model[0].auto_model

    class LastHidden(torch.nn.Module):
        """The encoder with named tensor inputs and its token states as the only output."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    example = torch.ones((1, 8), dtype=torch.int64)
    axes = {0: "texts", 1: "tokens"}
    # The tracer warns about Python conditions it freezes (causal masking, padding length): they
    # are constants for an encoder fed a full attention mask, and the probes check the result.
    with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHidden().eval(),
            (example, example, torch.zeros_like(example)),
            str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": axes,
                "attention_mask": axes,
                "token_type_ids": axes,
                "last_hidden_state": axes,
            },
            opset_version=17,
            dynamo=False,
        )
