"""Shared fixtures. Every test runs with its own data directory and never touches the network."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest
from quiz_fixtures import mini_retriever, mini_settings

from tutor.course.bank import load_bank
from tutor.course.items import QuizItem
from tutor.text import content_terms

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test sees the user's data dir, a configured LLM or a Chroma server."""
    data = tmp_path / "tutor-data"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    for var in (
        "TUTOR_LLM",
        "TUTOR_LLM_BASE_URL",
        "TUTOR_LLM_API_KEY",
        "TUTOR_CHROMA_URL",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    return data


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent: the shared corpus and PDFs sit beside the checkout")
    return SHARED


class HashingEmbedder:
    """A deterministic bag-of-words embedder: texts sharing content words are similar.
    Fast and model-free, for tests where retrieval must work but meaning does not matter."""

    dim = 256

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        for word in content_terms(text):
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return (v / n if n else v).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


# --- the mini course of quiz_fixtures (a module may define its own ``settings`` instead) ----------
@pytest.fixture
def settings(tmp_path: Path):
    """Settings over the mini course, written into this test's tmp_path."""
    return mini_settings(tmp_path)


@pytest.fixture
def retriever(settings, fake_embedder):
    """A retriever over the mini lesson with the hashing embedder."""
    return mini_retriever(settings, fake_embedder)


@pytest.fixture
def bank(settings) -> dict[str, QuizItem]:
    """The mini course's item bank by id."""
    return {i.id: i for i in load_bank(strict=True, settings=settings)}


@pytest.fixture(scope="session")
def real_embedder():
    """The real all-MiniLM-L6-v2, loaded once for the whole session."""
    from tutor.embeddings import load_embedder
    from tutor.settings import Settings

    return load_embedder(Settings())


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, real_embedder):
    """The bundled corpus ingested once with the real model into embedded Chroma."""
    from tutor.index.ingest import ingest
    from tutor.retrieval.retriever import Retriever
    from tutor.settings import Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("corpus-index"))
    report = ingest(settings=settings, embedder=real_embedder)
    assert report.ok and report.total_chunks > 100
    return Retriever(settings, embedder=real_embedder)


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server on 127.0.0.1 for the whole session (tests/pg_server.py)."""
    from pg_server import PostgresServer

    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def progress_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty progress database on each engine the store supports: a SQLite file,
    and a new database on the session's real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    return request.getfixturevalue("postgres_server").create_database()
