"""The two embedding runtimes: onnxruntime for questions, torch for ingest, same vectors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tutor.embeddings.onnx_export as onnx_export
import tutor.embeddings.torch_model as torch_model
from tutor.embeddings import load_bulk_embedder, load_embedder, onnx_export_file
from tutor.embeddings.onnx_model import OnnxEmbedder, UnsupportedModel, check_mean_pooling, mean_pool
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "What is SageMaker Clarify?",
    "Which service labels images with bounding boxes?",
    "How do I compare training runs of three transformer models on accuracy and token speed?",
    "drift",
]


def test_mean_pooling_ignores_padding_and_gives_unit_vectors() -> None:
    hidden = np.array([[[1.0, 0.0], [3.0, 0.0], [100.0, 100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    [vector] = mean_pool(hidden, mask)
    assert np.allclose(vector, [1.0, 0.0]), "the padded third token is not averaged in"


def test_a_model_that_does_not_pool_by_the_mean_is_left_to_torch(tmp_path: Path) -> None:
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "modules.json").write_text(
        json.dumps(
            [
                {"path": "", "type": "sentence_transformers.models.Transformer"},
                {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            ]
        )
    )
    (tmp_path / "1_Pooling" / "config.json").write_text(
        json.dumps({"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False})
    )
    with pytest.raises(UnsupportedModel, match="not mean pooling"):
        check_mean_pooling(tmp_path)
    (tmp_path / "modules.json").write_text("not json")
    with pytest.raises(UnsupportedModel, match="no pooling configuration"):
        check_mean_pooling(tmp_path)


@pytest.mark.slow
def test_questions_go_through_onnxruntime_with_the_vectors_torch_gives(tmp_path: Path) -> None:
    settings = Settings(model_cache_dir=tmp_path / "cache")
    fast = load_embedder(settings)
    assert isinstance(fast, OnnxEmbedder)
    assert onnx_export_file(settings).is_file() and onnx_export_file(settings).parent == tmp_path / "cache"
    torch_model = load_bulk_embedder(settings)
    for q in QUESTIONS:
        assert float(np.dot(fast.embed_query(q), torch_model.embed_query(q))) > 0.9999
    texts = [*QUESTIONS, "Pipelines run steps. " * 80]  # padded batches, and a text over the limit
    ours, theirs = np.asarray(fast.embed_documents(texts)), np.asarray(torch_model.embed_documents(texts))
    assert float((ours * theirs).sum(axis=1).min()) > 0.9999


@pytest.mark.slow
def test_a_process_that_only_asks_never_loads_torch(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_embedder(Settings(model_cache_dir=cache))  # makes the export, as the first process would
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tutor.embeddings import load_embedder\n"
        "from tutor.settings import Settings\n"
        f"e = load_embedder(Settings(model_cache_dir=Path({str(cache)!r})))\n"
        "v = e.embed_query('What does Model Monitor watch?')\n"
        "print(type(e).__name__, len(v), 'torch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["OnnxEmbedder", "384", "False"]


@pytest.mark.slow
def test_a_damaged_export_is_made_again(tmp_path: Path) -> None:
    settings = Settings(model_cache_dir=tmp_path / "cache")
    path = onnx_export_file(settings)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an onnx model")
    fast = load_embedder(settings)
    assert isinstance(fast, OnnxEmbedder)
    assert path.stat().st_size > 1_000_000, "a whole export replaced the damaged file"
    assert (
        float(np.dot(fast.embed_query(QUESTIONS[0]), load_bulk_embedder(settings).embed_query(QUESTIONS[0])))
        > 0.9999
    )


@pytest.mark.slow
def test_an_export_that_disagrees_with_torch_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(onnx_export, "MIN_COSINE", 1.5)  # no export can agree this well
    settings = Settings(model_cache_dir=tmp_path / "cache")
    embedder = load_embedder(settings)
    assert embedder is load_bulk_embedder(settings), "questions fall back to torch"
    assert "disagrees with torch" in caplog.text
    assert not list((tmp_path / "cache").iterdir()), "neither the export nor its temporary file is left"


@pytest.mark.slow
def test_the_torch_runtime_setting_uses_torch_for_questions(tmp_path: Path) -> None:
    settings = Settings(embedding_runtime="torch", model_cache_dir=tmp_path / "cache")
    assert load_embedder(settings) is load_bulk_embedder(settings)
    assert not (tmp_path / "cache").exists(), "no export is made"


def test_native_bfloat16_is_read_from_the_cpu_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch_model.platform, "system", lambda: "Linux")
    info = tmp_path / "cpuinfo"
    info.write_text("flags\t\t: fpu avx2 avx512f avx512_bf16 avx512_vnni\n")
    assert torch_model.cpu_has_native_bf16(info)
    info.write_text("flags\t\t: fpu avx2 avx512f avx512_vnni\n")
    assert not torch_model.cpu_has_native_bf16(info)
    assert not torch_model.cpu_has_native_bf16(tmp_path / "missing")
    monkeypatch.setattr(torch_model.platform, "system", lambda: "Darwin")
    info.write_text("flags\t\t: amx_bf16\n")
    assert not torch_model.cpu_has_native_bf16(info), "elsewhere bfloat16 may be emulated: float32"


@pytest.mark.slow
def test_bfloat16_ingest_vectors_agree_with_float32() -> None:
    fast = load_bulk_embedder(Settings(embedding_precision="bfloat16"))
    exact = load_bulk_embedder(Settings(embedding_precision="float32"))
    assert fast.bf16 and not exact.bf16
    texts = [*QUESTIONS, "Feature Store keeps an online store for low-latency reads. " * 12]
    cosines = (np.asarray(fast.embed_documents(texts)) * np.asarray(exact.embed_documents(texts))).sum(axis=1)
    assert float(cosines.min()) > 0.9999
    assert fast.embed_documents(texts[:1]) != exact.embed_documents(texts[:1]), "bfloat16 really computed"


@pytest.mark.slow
def test_bfloat16_that_disagrees_with_float32_is_not_used(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(torch_model, "MIN_BF16_COSINE", 1.5)
    model = torch_model.load_torch_model(Settings(embedding_precision="bfloat16"))
    assert not model.bf16
    assert "embedding in float32" in caplog.text
