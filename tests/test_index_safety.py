"""An index that cannot be wiped by accident (issue 11, finding 2 and the index part of 5).

A damaged or missing manifest used to mean "the store is full of leftovers": the next ingest
of one new file deleted every other chunk. Now the manifest is rebuilt from the chunk
metadata, mass deletion needs --prune, stats reports a mismatch and `tutor doctor` repairs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from index_fixtures import (
    folder_of,
    index_settings,
    indexed_store,
    indexed_with_strays,
    ingest_killed_before_the_manifest,
    stray_chunks,
)
from typer.testing import CliRunner

from tutor.cli.commands import app
from tutor.index.doctor import diagnose, repair
from tutor.index.ingest import ingest
from tutor.index.manifest import Manifest, previous_path
from tutor.index.stats import index_stats
from tutor.index.store import ChromaStore
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

LESSONS = {
    "01-endpoints.md": "# Endpoints\n\nReal-time endpoints serve predictions over HTTPS. Autoscaling adds instances.\n",
    "02-training.md": "# Training\n\nTraining jobs run on managed instances. Spot training cuts cost.\n",
    "03-pipelines.md": "# Pipelines\n\nPipelines chain processing, training and registration steps.\n",
}
NEW = "# Clarify\n\nClarify reports bias before and after training and explains predictions.\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return index_settings(tmp_path)


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    return folder_of(tmp_path / "lessons", LESSONS)


def _new_file(tmp_path: Path) -> Path:
    path = tmp_path / "new" / "04-clarify.md"
    path.parent.mkdir()
    path.write_text(NEW, encoding="utf-8")
    return path


def _damage(manifest: Path, how: str) -> None:
    if how == "truncated":
        manifest.write_bytes(manifest.read_bytes()[:40])
    elif how == "invalid":
        manifest.write_text('{"version": "x", "files": 3}', encoding="utf-8")
    else:
        manifest.unlink()
        previous_path(manifest).unlink(missing_ok=True)


@pytest.mark.parametrize("how", ["truncated", "invalid", "deleted"])
def test_a_damaged_manifest_then_one_new_file_keeps_every_earlier_chunk_searchable(
    how: str, lessons: Path, settings: Settings, tmp_path: Path, fake_embedder
) -> None:
    store = ChromaStore(settings)
    ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    before = store.all_ids()
    _damage(settings.manifest_path, how)

    report = ingest([_new_file(tmp_path)], settings=settings, store=store, embedder=fake_embedder)
    assert report.orphans_removed == 0 and report.chunks_removed == 0
    assert report.chunks_adopted == len(before)
    assert before <= store.all_ids() and store.count() == len(before) + 1

    retriever = Retriever(settings, store=store, embedder=fake_embedder)
    for name, text in LESSONS.items():
        question = text.splitlines()[2].split(".")[0]
        assert name in [p.source for p in retriever.search(question, k=2)], name
    # The rebuilt manifest lists everything again; stats and the store agree.
    stats = index_stats(settings, store=store)
    assert stats.files == 4 and stats.chunks == store.count() and stats.health and stats.health.ok


def test_a_rebuilt_entry_is_read_again_and_reconciled_when_its_file_is_ingested(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    settings.manifest_path.unlink()
    (lessons / "02-training.md").write_text("# Training\n\nTraining jobs now use warm pools.\n")
    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert len(report.ingested) == 3  # recovered entries have no hash: every file is read
    texts = [c.text for c in store.all_chunks() if c.source == "02-training.md"]
    assert texts == ["Training jobs now use warm pools."]
    assert store.all_ids() == Manifest.load(settings.manifest_path).known_ids()


def test_deleting_more_than_a_few_unlisted_chunks_needs_prune(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_with_strays(lessons, settings, fake_embedder, settings.auto_delete_max_chunks + 1)
    strays = stray_chunks(settings.auto_delete_max_chunks + 1)

    kept = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert kept.orphans_removed == 0 and kept.chunks_adopted == len(strays)
    assert {c.id for c in strays} <= store.all_ids()
    assert Manifest.load(settings.manifest_path).files["/gone.md"].recovered

    pruned = ingest([lessons], prune=True, settings=settings, store=store, embedder=fake_embedder)
    assert pruned.pruned == ["/gone.md"]
    assert not {c.id for c in strays} & store.all_ids()


def test_a_few_leftovers_under_an_intact_manifest_are_still_swept(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_with_strays(lessons, settings, fake_embedder, 3)
    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert report.orphans_removed == 3 and report.chunks_adopted == 0


def test_the_manifest_keeps_its_previous_copy_and_falls_back_to_it(
    lessons: Path, settings: Settings, tmp_path: Path, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    ingest([_new_file(tmp_path)], settings=settings, store=store, embedder=fake_embedder)
    prev = previous_path(settings.manifest_path)
    assert len(Manifest.model_validate_json(prev.read_bytes()).files) == 3
    settings.manifest_path.write_text("{", encoding="utf-8")
    manifest, state = Manifest.load_checked(settings.manifest_path)
    assert state.source == "previous" and len(manifest.files) == 3
    assert "damaged" in (state.problem or "")


def test_stats_reports_a_store_manifest_mismatch(lessons: Path, settings: Settings, fake_embedder) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    _damage(settings.manifest_path, "truncated")
    stats = index_stats(settings, store=store)
    assert stats.files == 0 and stats.health is not None and not stats.health.ok
    assert stats.health.unlisted == store.count() > 0
    assert "damaged" in stats.health.summary() and "not in the manifest" in stats.health.summary()


def test_doctor_reports_and_repairs_without_deleting(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    before = store.all_ids()
    _damage(settings.manifest_path, "deleted")
    assert not diagnose(settings, store=store).ok

    report = repair(settings, store=store)
    assert report.adopted == len(before) and report.after is not None and report.after.ok
    assert store.all_ids() == before
    assert Manifest.load(settings.manifest_path).known_ids() == before
    assert diagnose(settings, store=store).ok


def test_doctor_drops_ids_the_store_lost_so_the_file_is_read_again(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    lost = [c.id for c in store.all_chunks() if c.source == "03-pipelines.md"]
    store.delete(lost)
    assert diagnose(settings, store=store).missing == len(lost)
    assert repair(settings, store=store).forgotten == len(lost)
    again = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert [Path(p).name for p in again.ingested] == ["03-pipelines.md"]
    assert set(lost) <= store.all_ids()


def test_cli_stats_warns_and_doctor_repairs(
    lessons: Path, settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(settings.data_dir))
    ingest([lessons], settings=settings, embedder=fake_embedder)  # embedded Chroma
    _damage(settings.manifest_path, "deleted")
    runner = CliRunner()

    stats = runner.invoke(app, ["stats"])
    assert stats.exit_code == 0
    assert "not in the manifest" in stats.output and "tutor doctor --repair" in stats.output

    check = runner.invoke(app, ["doctor"])
    assert check.exit_code == 1 and "not in the manifest" in check.output
    fixed = runner.invoke(app, ["doctor", "--repair"])
    assert fixed.exit_code == 0 and "Repaired" in fixed.output
    assert runner.invoke(app, ["doctor"]).exit_code == 0
    assert "Warning" not in runner.invoke(app, ["stats"]).output


# --------------------------------------------------------------------------- other processes

_INGEST_SCRIPT = """
import sys
from pathlib import Path
from conftest import HashingEmbedder
from tutor.index.ingest import ingest
from tutor.settings import Settings
settings = Settings(data_dir=Path(sys.argv[1]), workers=1)
report = ingest([Path(sys.argv[2])], settings=settings, embedder=HashingEmbedder())
assert report.ok, report.failed
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}", "HF_HUB_OFFLINE": "1"}


def _ingest_in_another_process(data_dir: Path, path: Path) -> None:
    subprocess.run([sys.executable, "-c", _INGEST_SCRIPT, str(data_dir), str(path)], env=_env(), check=True)


def test_a_long_running_retriever_sees_another_process_ingest_in_dense_and_lexical_ranking(
    lessons: Path, settings: Settings, tmp_path: Path, fake_embedder
) -> None:
    _ingest_in_another_process(settings.data_dir, lessons)
    retriever = Retriever(settings, embedder=fake_embedder)  # embedded Chroma, like the app
    question = "Clarify bias explains predictions"
    assert "04-clarify.md" not in [p.source for p in retriever.search(question, k=3)]

    _ingest_in_another_process(settings.data_dir, _new_file(tmp_path))
    best = retriever.search(question, k=3)[0]
    assert best.source == "04-clarify.md"
    assert best.dense_rank == 1 and best.bm25_rank == 1


_SEARCH_SCRIPT = """
import sys
from pathlib import Path
from conftest import HashingEmbedder
from tutor.retrieval.retriever import Retriever
from tutor.settings import Settings
from tutor.index.store import ChromaStore
from tutor.exceptions import StoreUnavailableError
settings = Settings(data_dir=Path(sys.argv[1]), workers=1)
store = ChromaStore(settings)
print([p.source for p in Retriever(settings, store=store, embedder=HashingEmbedder()).search(sys.argv[2], k=1)])
try:
    store.delete(["x"])
except StoreUnavailableError as e:
    print("refused:", e.message)
"""


def test_search_works_on_a_read_only_data_dir(
    lessons: Path, settings: Settings, tmp_path: Path, fake_embedder
) -> None:
    if (
        shutil.which("unshare") is None
        or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode
    ):
        pytest.skip("needs `unshare -m` (root with CAP_SYS_ADMIN) to mount a read-only file system")
    ingest([lessons], settings=settings, embedder=fake_embedder)
    mount = tmp_path / "read-only"
    mount.mkdir()
    script = tmp_path / "search.py"
    script.write_text(_SEARCH_SCRIPT, encoding="utf-8")
    shell = (
        f"mount --bind -o ro '{settings.data_dir}' '{mount}' && "
        f"touch '{mount}/probe' 2>/dev/null && echo WRITABLE; "
        f"'{sys.executable}' '{script}' '{mount}' 'Spot training cuts cost'"
    )
    done = subprocess.run(["unshare", "-m", "sh", "-c", shell], env=_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "WRITABLE" not in done.stdout
    assert "['02-training.md']" in done.stdout
    assert "refused: The index at" in done.stdout and "is read-only" in done.stdout


def test_stats_after_a_crash_mid_ingest_reports_the_chunks_no_manifest_lists(
    lessons: Path, settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A kill -9 between writing chunks and writing the manifest: stats used to say "0 chunks"
    # while search answered from every half-ingested chunk.
    store = ingest_killed_before_the_manifest(lessons, settings, fake_embedder, monkeypatch)
    stats = index_stats(settings, store=store)
    assert stats.chunks == 0 and stats.health is not None
    assert stats.health.unlisted == store.count() > 0
    assert len(stats.health.unlisted_sources) == len(LESSONS)
    assert repair(settings, store=store).after.ok
    assert index_stats(settings, store=store).chunks == store.count()


def test_on_a_shared_server_other_writers_chunks_are_reported_not_a_fault(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_with_strays(lessons, settings, fake_embedder, 3)
    shared = settings.model_copy(update={"chroma_url": "http://127.0.0.1:1"})
    shared.manifest_path.write_bytes(settings.manifest_path.read_bytes())
    health = diagnose(shared, store=store)
    assert health.ok and health.unlisted == 3 and "other writers" in health.summary()
    assert not diagnose(settings, store=store).ok  # embedded: this process owns the store
    report = repair(shared, store=store)
    assert report.adopted == 0 and {c.id for c in stray_chunks(3)} <= store.all_ids()
