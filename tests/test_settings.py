"""Settings from TUTOR_* environment variables: values, validation, derived paths, and that caps bite."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

import tutor.cli
from tutor.index.ingest import ingest
from tutor.index.store import InMemoryStore
from tutor.settings import PROJECT_ROOT, Settings, get_settings


def test_defaults(_isolated_data_dir: Path) -> None:
    s = Settings()
    assert s.data_dir == _isolated_data_dir
    assert s.corpus_dir == PROJECT_ROOT / "corpus"
    assert sorted(p.name for p in s.corpus_dir.glob("*.md"))[:1] == ["00-overview.md"]
    assert s.chroma_url is None and s.llm is None
    assert (s.max_file_mb, s.max_pages, s.extract_timeout_s) == (100.0, 3000, 300.0)
    assert s.chunk_chars == 1000 and s.top_k == 5
    assert 1 <= s.workers <= 4


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = {
        "TUTOR_DATA_DIR": str(tmp_path / "elsewhere"),
        "TUTOR_CORPUS_DIR": str(tmp_path / "my-corpus"),
        "TUTOR_MAX_FILE_MB": "0.5",
        "TUTOR_MAX_PAGES": "12",
        "TUTOR_EXTRACT_TIMEOUT_S": "2.5",
        "TUTOR_CHUNK_CHARS": "400",
        "TUTOR_WORKERS": "3",
        "TUTOR_TOP_K": "7",
        "TUTOR_COLLECTION": "course",
        "TUTOR_CHROMA_URL": "http://127.0.0.1:8123",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    s = get_settings()
    assert s.data_dir == tmp_path / "elsewhere"
    assert s.corpus_dir == tmp_path / "my-corpus"
    assert (s.max_file_mb, s.max_pages, s.extract_timeout_s) == (0.5, 12, 2.5)
    assert (s.chunk_chars, s.workers, s.top_k) == (400, 3, 7)
    assert s.collection == "course"
    assert s.chroma_url == "http://127.0.0.1:8123"


def test_get_settings_is_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_MAX_PAGES", "10")
    assert get_settings().max_pages == 10
    monkeypatch.setenv("TUTOR_MAX_PAGES", "20")
    assert get_settings().max_pages == 20


@pytest.mark.parametrize("var", ["TUTOR_CHROMA_URL", "TUTOR_LLM"])
def test_blank_urls_and_models_mean_unset(monkeypatch: pytest.MonkeyPatch, var: str) -> None:
    monkeypatch.setenv(var, "   ")
    s = Settings()
    assert s.chroma_url is None and s.llm is None


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("TUTOR_CHUNK_CHARS", "100"),
        ("TUTOR_MAX_PAGES", "0"),
        ("TUTOR_MAX_FILE_MB", "0"),
        ("TUTOR_MAX_FILE_MB", "-1"),
        ("TUTOR_EXTRACT_TIMEOUT_S", "0"),
        ("TUTOR_WORKERS", "0"),
        ("TUTOR_TOP_K", "51"),
        ("TUTOR_CANDIDATES", "2"),
        ("TUTOR_MIN_RELEVANCE", "1.5"),
        ("TUTOR_MAX_PAGES", "many"),
    ],
)
def test_invalid_values_are_rejected(monkeypatch: pytest.MonkeyPatch, var: str, value: str) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ValidationError, match=var.removeprefix("TUTOR_").lower()):
        Settings()


def test_derived_paths(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.chroma_dir == tmp_path / "chroma"
    assert s.lock_path == tmp_path / "index.lock"
    assert s.progress_db.parent == tmp_path
    assert s.manifest_path == tmp_path / "manifest-tutor.json"
    other = Settings(data_dir=tmp_path, collection="course")
    server = Settings(data_dir=tmp_path, chroma_url="http://127.0.0.1:8000")
    server2 = Settings(data_dir=tmp_path, chroma_url="http://10.0.0.5:8000")
    paths = {s.manifest_path, other.manifest_path, server.manifest_path, server2.manifest_path}
    assert len(paths) == 4, "each store keeps its own manifest"
    assert all(p.parent == tmp_path for p in paths)
    assert not s.chroma_dir.exists()
    assert s.ensure_data_dir() == tmp_path and tmp_path.is_dir()


def test_resolved_embedding_model(tmp_path: Path) -> None:
    assert Settings(embedding_model=str(tmp_path)).resolved_embedding_model == str(tmp_path)
    bundled = Path(Settings().resolved_embedding_model)
    assert bundled.is_dir() and (bundled / "config.json").exists()


def test_every_setting_is_documented_and_shown_by_tutor_config(monkeypatch: pytest.MonkeyPatch) -> None:
    assert all(field.description for field in Settings.model_fields.values())
    monkeypatch.setenv("TUTOR_MAX_PAGES", "77")
    result = CliRunner().invoke(tutor.cli.app, ["config", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["env"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {f"TUTOR_{name.upper()}" for name in Settings.model_fields}
    assert rows["TUTOR_MAX_PAGES"]["value"] == "77"
    assert rows["TUTOR_CHROMA_URL"]["value"] is None
    assert "PDF" in rows["TUTOR_MAX_PAGES"]["description"]


# --------------------------------------------------------------------------- the caps bite via env
def _lesson(tmp_path: Path) -> Path:
    path = tmp_path / "lesson.md"
    sentences = " ".join(f"Sentence {i} explains one detail of SageMaker training jobs." for i in range(60))
    path.write_text(f"# Lesson\n\n{sentences}\n", encoding="utf-8")
    return path


def test_env_size_cap_is_used_by_ingest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_embedder
) -> None:
    path = _lesson(tmp_path)
    monkeypatch.setenv("TUTOR_MAX_FILE_MB", "0.001")
    report = ingest([path], store=InMemoryStore(), embedder=fake_embedder)
    [failure] = report.failed
    assert failure.kind == "too-large"
    assert "over the 0.001 MB limit" in failure.message


def test_env_chunk_size_is_used_by_ingest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_embedder
) -> None:
    path = _lesson(tmp_path)
    big, small = InMemoryStore(), InMemoryStore()
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "a"))
    ingest([path], store=big, embedder=fake_embedder)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "b"))
    monkeypatch.setenv("TUTOR_CHUNK_CHARS", "200")
    ingest([path], store=small, embedder=fake_embedder)
    assert small.count() > 2 * big.count()
    assert max(len(c.text) for c in small.all_chunks()) <= 300


@pytest.mark.parametrize(
    ("var", "value", "kind", "message"),
    [
        ("TUTOR_MAX_PAGES", "5", "too-many-pages", "has 32 pages; the limit is 5."),
        ("TUTOR_EXTRACT_TIMEOUT_S", "0.001", "timeout", "took longer than 0.001 s"),
    ],
)
def test_env_pdf_caps_are_used_by_ingest(
    monkeypatch: pytest.MonkeyPatch,
    shared: Path,
    fake_embedder,
    var: str,
    value: str,
    kind: str,
    message: str,
) -> None:
    monkeypatch.setenv(var, value)
    monkeypatch.setenv("TUTOR_WORKERS", "1")
    store = InMemoryStore()
    report = ingest([shared / "pdfs" / "sagemaker-guide-excerpt.pdf"], store=store, embedder=fake_embedder)
    [failure] = report.failed
    assert failure.kind == kind
    assert message in failure.message
    assert var in (failure.hint or "")
    assert store.count() == 0


def test_the_model_reads_at_most_embedding_max_tokens(real_embedder) -> None:
    from tutor.embeddings import load_bulk_embedder, load_embedder

    bulk = load_bulk_embedder(Settings(embedding_max_tokens=32))
    assert bulk.sentence_model.max_seq_length == 32
    assert load_bulk_embedder(Settings()).sentence_model.max_seq_length == 256, "a separate instance"
    short = load_embedder(Settings(embedding_max_tokens=32))
    long_text = "Model Monitor watches endpoints. " * 40
    head = " ".join(long_text.split()[:40])
    for model in (bulk, short):  # torch (ingest) and onnxruntime (questions) cut at the same place
        cut = np.asarray(model.embed_query(long_text))
        assert float(cut @ np.asarray(model.embed_query(head))) > 0.99999, "the rest was cut"
    assert float(np.asarray(real_embedder.embed_query(long_text)) @ cut) < 0.9999, "256 reads more"
