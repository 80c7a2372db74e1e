"""One writer at a time: a second writer gets IndexLockedError (CLI: a clear message), never a mixed index."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock, Timeout
from typer.testing import CliRunner

import tutor.cli
from tutor.exceptions import IndexLockedError
from tutor.index.ingest import index_lock, ingest, remove_sources
from tutor.index.store import InMemoryStore
from tutor.settings import Settings

HOLDER = """
import sys
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the parent closes our stdin
lock.release()
print("released", flush=True)
"""


@pytest.fixture
def settings(_isolated_data_dir: Path) -> Settings:
    # The same data dir the CLI sees through TUTOR_DATA_DIR.
    return Settings()


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    d = tmp_path / "lessons"
    d.mkdir()
    (d / "a.md").write_text("---\nmodule: 1\n---\n# A\n\nStudio hosts notebooks for ML work.\n")
    return d


class LockHolder:
    def __init__(self, lock_path: Path) -> None:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(lock_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line == "locked", f"the holder process did not take the lock: {line!r}"

    def release(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.close()
            assert self.proc.stdout.readline().strip() == "released"
            self.proc.wait(timeout=10)


@pytest.fixture
def holder(settings: Settings) -> Iterator[LockHolder]:
    h = LockHolder(settings.lock_path)
    try:
        yield h
    finally:
        if h.proc.poll() is None:
            h.proc.kill()
            h.proc.wait(timeout=10)


def test_lock_file_lives_in_the_data_dir(settings: Settings) -> None:
    assert settings.lock_path.parent == settings.data_dir
    lock = index_lock(settings)
    assert settings.data_dir.is_dir()
    assert Path(lock.lock_file) == settings.lock_path


def test_a_second_writer_gets_a_clear_error_and_writes_nothing(
    holder: LockHolder, settings: Settings, lessons: Path, fake_embedder
) -> None:
    store = InMemoryStore()
    with pytest.raises(IndexLockedError) as info:
        ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert "Another process is writing to the index" in info.value.message
    assert str(settings.data_dir) in info.value.message
    assert info.value.hint and "try again" in info.value.hint
    assert store.count() == 0
    assert not settings.manifest_path.exists()

    with pytest.raises(IndexLockedError):
        remove_sources(["a.md"], settings=settings, store=store)

    holder.release()
    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert report.ok and store.count() > 0


def test_cli_ingest_tells_the_second_writer_what_is_going_on(holder: LockHolder, lessons: Path) -> None:
    result = CliRunner().invoke(tutor.cli.app, ["ingest", str(lessons), "--quiet"])
    stderr = " ".join(result.stderr.split())  # rich wraps long lines
    assert result.exit_code == 2
    assert "Error: Another process is writing to the index" in stderr
    assert "Hint:" in stderr and "try again" in stderr
    assert "Traceback" not in result.output


def test_the_lock_is_released_after_success_and_after_a_crash(
    settings: Settings, lessons: Path, fake_embedder
) -> None:
    ingest([lessons], settings=settings, store=InMemoryStore(), embedder=fake_embedder)
    _assert_free(settings)

    class BrokenStore(InMemoryStore):
        def upsert(self, chunks, embeddings) -> None:
            raise RuntimeError("store went away")

    (lessons / "b.md").write_text("# B\n\nA second lesson about Pipelines.\n")
    with pytest.raises(RuntimeError, match="store went away"):
        ingest([lessons], settings=settings, store=BrokenStore(), embedder=fake_embedder)
    _assert_free(settings)


def test_another_process_sees_the_lock_while_ingest_runs(
    settings: Settings, lessons: Path, fake_embedder
) -> None:
    """While ingest holds the lock, a separate process cannot take it."""
    probe = (
        "import sys\nfrom filelock import FileLock, Timeout\n"
        "try:\n    FileLock(sys.argv[1], timeout=0).acquire()\n    print('free')\n"
        "except Timeout:\n    print('held')\n"
    )
    seen: list[str] = []

    def on_loaded(_loaded) -> None:
        out = subprocess.run(
            [sys.executable, "-c", probe, str(settings.lock_path)], capture_output=True, text=True, timeout=60
        )
        seen.append(out.stdout.strip())

    ingest([lessons], settings=settings, store=InMemoryStore(), embedder=fake_embedder, on_loaded=on_loaded)
    assert seen == ["held"]
    _assert_free(settings)


def _assert_free(settings: Settings) -> None:
    lock = FileLock(str(settings.lock_path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        pytest.fail("the index lock was not released")
    lock.release()
