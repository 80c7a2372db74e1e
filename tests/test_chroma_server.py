"""TUTOR_CHROMA_URL: the tutor talks to a real `chroma run` server through HttpClient."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import free_port, stop, wait_until_ready
from typer.testing import CliRunner

import tutor.cli
from tutor.exceptions import StoreUnavailableError
from tutor.index.ingest import ingest
from tutor.index.manifest import Manifest
from tutor.index.stats import index_stats
from tutor.index.store import ChromaStore
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings

CHROMA = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "chroma"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.skip(f"{CHROMA} is not installed")
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = root / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(root / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_ready(proc, f"{url}/api/v2/heartbeat", log_path, 90)
        yield url
    finally:
        stop(proc, 15)


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    root.mkdir()
    (root / "02-data.md").write_text(
        "---\nmodule: 2\ntitle: Data Preparation\n---\n# Data Preparation\n\n## SageMaker Feature Store\n\n"
        "Feature Store keeps features consistent between training and inference.\n"
    )
    (root / "04-deploy.md").write_text(
        "---\nmodule: 4\ntitle: Deployment\n---\n# Deployment\n\n## SageMaker Model Monitor\n\n"
        "Model Monitor detects data drift on a deployed endpoint. It raises alerts.\n"
    )
    (root / "notes.txt").write_text(
        "Clarify reports bias before and after training. It explains predictions."
    )
    return root


@pytest.fixture
def server_env(chroma_url: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Settings:
    """TUTOR_CHROMA_URL set; a collection of its own per test on the shared server."""
    monkeypatch.setenv("TUTOR_CHROMA_URL", chroma_url)
    monkeypatch.setenv("TUTOR_COLLECTION", f"t{abs(hash(request.node.nodeid)) % 10**8}")
    return Settings()


@pytest.mark.slow
def test_ingest_search_and_stats_against_a_chroma_server(
    server_env: Settings, lessons: Path, fake_embedder, chroma_url: str
) -> None:
    settings = server_env
    report = ingest([lessons], embedder=fake_embedder)
    assert report.ok and len(report.ingested) == 3
    assert report.total_chunks >= 3
    assert not settings.chroma_dir.exists(), "nothing may be written to the embedded store"
    assert settings.manifest_path.exists() and "127_0_0_1" in settings.manifest_path.name

    # Another client sees the chunks on the server.
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    host, port = chroma_url.removeprefix("http://").split(":")
    client = chromadb.HttpClient(
        host=host, port=int(port), settings=ChromaSettings(anonymized_telemetry=False)
    )
    assert client.get_collection(settings.collection).count() == report.total_chunks

    retriever = Retriever(Settings(), embedder=fake_embedder)
    passages = retriever.search("Model Monitor detects data drift", k=3)
    assert passages[0].source == "04-deploy.md"
    assert passages[0].module == 4
    assert passages[0].section_path == ["Deployment", "SageMaker Model Monitor"]
    assert passages[0].similarity is not None and 0.3 < passages[0].similarity <= 1.0001
    assert {p.module for p in retriever.search("features drift bias", k=5, module=2)} == {2}

    stats = index_stats()
    assert stats.store == chroma_url
    assert stats.files == 3 and stats.chunks == report.total_chunks

    result = CliRunner().invoke(tutor.cli.app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["store"] == chroma_url


@pytest.mark.slow
def test_server_index_is_idempotent_and_prunes(server_env: Settings, lessons: Path, fake_embedder) -> None:
    first = ingest([lessons], embedder=fake_embedder)
    again = ingest([lessons], embedder=fake_embedder)
    assert again.unchanged == 3 and again.ingested == []
    assert again.total_chunks == first.total_chunks

    (lessons / "notes.txt").unlink()
    pruned = ingest([lessons], prune=True, embedder=fake_embedder)
    assert [Path(p).name for p in pruned.pruned] == ["notes.txt"]
    store = ChromaStore(Settings())
    assert store.all_ids() == Manifest.load(server_env.manifest_path).known_ids()
    assert not any(c.source == "notes.txt" for c in store.all_chunks())


@pytest.mark.slow
def test_server_collection_uses_cosine_similarity(server_env: Settings) -> None:
    from tutor.models import Chunk

    store = ChromaStore(server_env)
    chunks = [
        Chunk(id=f"v{i}", text=f"text {i}", source="v.md", source_path="/v.md", title="V", start=0, end=1)
        for i in range(3)
    ]
    store.upsert(chunks, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]])
    sims = {c.id: s for c, s in store.query([1.0, 0.0, 0.0], 3)}
    assert sims == pytest.approx({"v0": 1.0, "v1": 0.0, "v2": -1.0}, abs=1e-4)


def test_an_unreachable_server_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_embedder
) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("TUTOR_CHROMA_URL", url)
    with pytest.raises(StoreUnavailableError) as info:
        ChromaStore(Settings())
    assert f"Could not open the Chroma index at {url}" in info.value.message
    assert info.value.hint and "chroma run" in info.value.hint

    note = tmp_path / "n.md"
    note.write_text("# N\n\nA note.\n")
    result = CliRunner().invoke(tutor.cli.app, ["ingest", str(note), "--quiet"])
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert f"Error: Could not open the Chroma index at {url}" in err
    assert "Hint: Start the server with `chroma run" in err
    # The lock was released: once the URL is unset, ingest works.
    monkeypatch.delenv("TUTOR_CHROMA_URL")
    assert ingest([note], embedder=fake_embedder).ok


@pytest.mark.slow
def test_two_writers_with_their_own_data_dirs_share_one_server(
    server_env: Settings, lessons: Path, tmp_path: Path, fake_embedder
) -> None:
    """Each writer's manifest lists only its own files: neither may sweep the other's chunks."""
    first = server_env.model_copy(update={"data_dir": tmp_path / "writer-a"})
    second = server_env.model_copy(update={"data_dir": tmp_path / "writer-b"})
    other = tmp_path / "other"
    other.mkdir()
    (other / "05-gov.md").write_text(
        "---\nmodule: 5\n---\n# Gov\n\n## Clarify\n\nClarify detects bias in data.\n"
    )

    a = ingest([lessons], settings=first, embedder=fake_embedder)
    b = ingest([other], settings=second, embedder=fake_embedder)
    assert a.ok and b.ok and b.orphans_removed == 0
    store = ChromaStore(first)
    assert store.count() == a.total_chunks + len(Manifest.load(second.manifest_path).known_ids())
    # A changed file still replaces its own old chunks on the server.
    (other / "05-gov.md").write_text(
        "---\nmodule: 5\n---\n# Gov\n\n## Clarify\n\nClarify explains predictions.\n"
    )
    again = ingest([other], settings=second, embedder=fake_embedder)
    assert again.chunks_removed == 1
    assert {c.source for c in store.all_chunks()} == {"02-data.md", "04-deploy.md", "notes.txt", "05-gov.md"}
    assert not any("detects bias in data" in c.text for c in store.all_chunks())
