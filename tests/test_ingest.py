"""`tutor.index.ingest.ingest`: idempotent, replaces changed files, prunes, never duplicates, crash-safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from index_fixtures import index_settings, indexed_store, ingest_killed_before_the_manifest

import tutor.index.ingest as ingest_mod
import tutor.index.manifest as manifest_mod
from tutor.index.ingest import IngestProgress, ingest, remove_sources
from tutor.index.loaders import load_markdown
from tutor.index.manifest import FileEntry, Manifest
from tutor.index.store import ChromaStore, InMemoryStore
from tutor.models import Chunk
from tutor.settings import Settings

LESSON_A = """---
module: 1
title: "Foundations"
---
# Module 1: Foundations

## The ML lifecycle

The ML lifecycle has stages. Data is prepared first. Models are trained next.

## SageMaker Studio

Studio is the web IDE for machine learning. It hosts notebooks and experiments.
"""

LESSON_B = """---
module: 2
title: "Data Preparation"
---
# Module 2: Data Preparation

## SageMaker Feature Store

Feature Store keeps features for training and inference consistent. It has an online store.

## SageMaker Data Wrangler

Data Wrangler prepares data visually. It offers many built-in transformations.
"""

NOTES = "Study notes. Clarify reports bias before and after training. It also explains predictions."


class CountingEmbedder:
    """Wraps the hashing embedder, counts texts embedded and can fail on a given call."""

    def __init__(self, inner, fail_on_call: int | None = None) -> None:
        self.inner = inner
        self.calls = 0
        self.texts = 0
        self.fail_on_call = fail_on_call

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.fail_on_call is not None and self.calls == self.fail_on_call:
            raise KeyboardInterrupt("simulated crash while embedding")
        self.texts += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def make_corpus(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "01-foundations.md").write_text(LESSON_A, encoding="utf-8")
    (root / "02-data.md").write_text(LESSON_B, encoding="utf-8")
    (root / "sub" / "notes.txt").write_text(NOTES, encoding="utf-8")
    (root / ".hidden" / "secret.md").write_text("# Secret\n\nNever indexed text here.\n", encoding="utf-8")
    (root / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return root


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return index_settings(tmp_path)


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "lessons")


def manifest_ids(settings: Settings) -> set[str]:
    return Manifest.load(settings.manifest_path).known_ids()


def assert_consistent(store, settings: Settings) -> None:
    """The store holds exactly the chunks the manifest lists: no orphans, no duplicates."""
    manifest = Manifest.load(settings.manifest_path)
    listed = [i for e in manifest.files.values() for i in e.chunk_ids]
    assert len(listed) == len(set(listed)), "a chunk id is listed twice"
    assert store.all_ids() == set(listed)
    assert store.count() == len(listed)
    assert store.staged_count() == 0, "a finished ingest leaves no chunk without its vector"


# --------------------------------------------------------------------------- first run
def test_ingest_indexes_a_folder_recursively_and_reports_a_summary(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = InMemoryStore()
    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    expected = sorted(str(p.resolve()) for p in lessons.rglob("*") if p.suffix in {".md", ".txt"})
    expected.remove(str((lessons / ".hidden" / "secret.md").resolve()))
    assert report.ok and report.failed == []
    assert report.files_seen == 3
    assert sorted(report.ingested) == expected
    assert report.unchanged == 0
    assert report.pages == 0
    assert report.chunks_added == store.count() == report.total_chunks > 3
    assert report.seconds > 0
    assert not any("Never indexed" in c.text for c in store.all_chunks())
    assert_consistent(store, settings)
    manifest = Manifest.load(settings.manifest_path)
    assert set(manifest.files) == set(expected)
    entry = manifest.files[str((lessons / "02-data.md").resolve())]
    assert (entry.title, entry.module) == ("Data Preparation", 2)
    assert len(entry.sha256) == 64


def test_every_stored_chunk_knows_where_it_came_from(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    for chunk in store.all_chunks():
        raw = Path(chunk.source_path).read_text(encoding="utf-8")
        assert chunk.source == Path(chunk.source_path).name
        assert chunk.title and chunk.section_path
        assert raw[chunk.start : chunk.end].strip() == chunk.text
    feature = next(c for c in store.all_chunks() if "Feature Store keeps" in c.text)
    assert feature.module == 2
    assert feature.section_path == ["Module 2: Data Preparation", "SageMaker Feature Store"]
    notes = next(c for c in store.all_chunks() if c.source == "notes.txt")
    assert notes.module is None and notes.title == "notes"


def test_ingest_without_paths_indexes_the_configured_corpus(
    lessons: Path, tmp_path: Path, fake_embedder
) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=lessons)
    report = ingest(settings=settings, store=InMemoryStore(), embedder=fake_embedder)
    assert report.files_seen == 3 and len(report.ingested) == 3


def test_progress_callbacks_see_every_file(lessons: Path, settings: Settings, fake_embedder) -> None:
    events: list[tuple[str, object]] = []

    class Recorder(IngestProgress):
        def files(self, total: int) -> None:
            events.append(("files", total))

        def file_done(self, path: Path, error: str | None = None) -> None:
            events.append(("done", (path.name, error)))

    bad = lessons / "empty.md"
    bad.write_text("   \n", encoding="utf-8")
    ingest([lessons], settings=settings, store=InMemoryStore(), embedder=fake_embedder, progress=Recorder())
    assert events[0] == ("files", 4)
    done = dict(v for k, v in events if k == "done")  # type: ignore[misc]
    assert set(done) == {"01-foundations.md", "02-data.md", "notes.txt", "empty.md"}
    assert done["01-foundations.md"] is None
    assert "empty.md" in str(done["empty.md"])


# --------------------------------------------------------------------------- re-runs
def test_rerun_on_unchanged_files_does_nothing(lessons: Path, settings: Settings, fake_embedder) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    before_ids = store.all_ids()
    before_manifest = settings.manifest_path.read_text(encoding="utf-8")
    embedder = CountingEmbedder(fake_embedder)

    report = ingest([lessons], settings=settings, store=store, embedder=embedder)
    assert report.unchanged == 3
    assert report.ingested == [] and report.failed == []
    assert report.chunks_added == report.chunks_removed == report.orphans_removed == 0
    assert embedder.calls == 0, "unchanged files must not be embedded again"
    assert store.all_ids() == before_ids
    assert settings.manifest_path.read_text(encoding="utf-8") == before_manifest


def test_a_changed_file_replaces_its_old_chunks(lessons: Path, settings: Settings, fake_embedder) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    path_b = (lessons / "02-data.md").resolve()
    old_b = set(Manifest.load(settings.manifest_path).files[str(path_b)].chunk_ids)
    other_ids = store.all_ids() - old_b

    path_b.write_text(
        LESSON_B.replace("## SageMaker Data Wrangler\n\nData Wrangler prepares data visually.", "")
        .replace("It offers many built-in transformations.\n", "")
        .replace("It has an online store.", "It has an online store and an offline store."),
        encoding="utf-8",
    )
    embedder = CountingEmbedder(fake_embedder)
    report = ingest([lessons], settings=settings, store=store, embedder=embedder)

    assert report.ingested == [str(path_b)]
    assert report.unchanged == 2
    assert report.chunks_removed >= 1 and report.chunks_added >= 1
    new_b = set(Manifest.load(settings.manifest_path).files[str(path_b)].chunk_ids)
    assert not (old_b - new_b) & store.all_ids(), "stale chunks of the changed file are still stored"
    assert store.all_ids() == other_ids | new_b
    texts = " ".join(c.text for c in store.all_chunks() if c.source == "02-data.md")
    assert "Data Wrangler" not in texts
    assert "offline store" in texts
    # The changed file's chunks, and of the library's sentences only the one that is new.
    assert report.sentences_embedded == 1
    assert embedder.texts == len(new_b) + 1, "only the changed file is embedded"
    assert_consistent(store, settings)


def test_a_new_file_is_added_and_the_others_are_left_alone(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    before = store.all_ids()
    (lessons / "sub" / "more.md").write_text("# More\n\nModel Registry versions models.\n", encoding="utf-8")
    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert report.unchanged == 3 and len(report.ingested) == 1
    assert before < store.all_ids()
    assert_consistent(store, settings)


def test_the_same_file_named_several_ways_is_indexed_once(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = InMemoryStore()
    a = lessons / "01-foundations.md"
    report = ingest(
        [lessons, a, lessons / "sub" / ".." / "01-foundations.md", lessons / "sub"],
        settings=settings,
        store=store,
        embedder=fake_embedder,
    )
    assert report.files_seen == 3
    texts = [c.text for c in store.all_chunks()]
    assert len(texts) == len(set(texts)), "duplicate chunks in the store"
    assert_consistent(store, settings)


def test_prune_removes_chunks_of_files_that_are_gone(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    gone = (lessons / "sub" / "notes.txt").resolve()
    gone_ids = set(Manifest.load(settings.manifest_path).files[str(gone)].chunk_ids)
    gone.unlink()

    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert report.pruned == []
    assert gone_ids <= store.all_ids(), "without --prune nothing is removed"

    report = ingest([lessons], prune=True, settings=settings, store=store, embedder=fake_embedder)
    assert report.pruned == [str(gone)]
    assert report.chunks_removed == len(gone_ids)
    assert not gone_ids & store.all_ids()
    assert str(gone) not in Manifest.load(settings.manifest_path).files
    assert report.total_chunks == store.count()
    assert_consistent(store, settings)


def test_remove_sources_by_file_name(lessons: Path, settings: Settings, fake_embedder) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    removed = remove_sources(["notes.txt"], settings=settings, store=store)
    assert removed == [str((lessons / "sub" / "notes.txt").resolve())]
    assert not any(c.source == "notes.txt" for c in store.all_chunks())
    assert_consistent(store, settings)
    assert remove_sources(["nothing-like-this.md"], settings=settings, store=store) == []


def test_a_new_embedding_model_reindexes_everything_without_duplicates(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    count = store.count()
    # A fresh Settings: model_copy would carry over the cached resolved_embedding_model.
    other = Settings(data_dir=settings.data_dir, embedding_model="/models/acme/other-minilm")
    report = ingest([lessons], settings=other, store=store, embedder=fake_embedder)
    assert len(report.ingested) == 3 and report.unchanged == 0
    assert store.count() == count
    assert Manifest.load(settings.manifest_path).embedding_model == "acme/other-minilm@256"
    assert_consistent(store, settings)


def test_reading_fewer_tokens_per_text_reembeds_everything(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    shorter = Settings(data_dir=settings.data_dir, workers=1, embedding_max_tokens=128)
    report = ingest([lessons], settings=shorter, store=store, embedder=fake_embedder)
    assert len(report.ingested) == 3 and report.chunks_embedded == store.count()
    assert Manifest.load(settings.manifest_path).embedding_model.endswith("@128")
    assert_consistent(store, settings)


# --------------------------------------------------------------------------- bad input
def test_bad_files_fail_one_by_one_and_the_rest_is_indexed(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    (lessons / "blank.md").write_text(" \n\t\n", encoding="utf-8")
    (lessons / "binary.txt").write_bytes(b"abc\x00\x01\x02" * 10)
    (lessons / "only-headings.md").write_text("# A\n\n## B\n", encoding="utf-8")
    (lessons / "zero.txt").write_bytes(b"")
    unsupported = lessons / "slides.pptx"
    unsupported.write_bytes(b"PK\x03\x04")
    missing = lessons / "does-not-exist.md"
    store = InMemoryStore()

    report = ingest([lessons, unsupported, missing], settings=settings, store=store, embedder=fake_embedder)

    kinds = {Path(f.path).name: f.kind for f in report.failed}
    assert kinds == {
        "blank.md": "empty",
        "binary.txt": "unsupported",
        "only-headings.md": "empty",
        "zero.txt": "empty",
        "slides.pptx": "unsupported",
        "does-not-exist.md": "unreadable",
    }
    for failure in report.failed:
        assert Path(failure.path).name in failure.message
        assert failure.hint
    assert not report.ok
    assert len(report.ingested) == 3
    failed_names = set(kinds)
    assert not any(c.source in failed_names for c in store.all_chunks())
    assert not any(Path(k).name in failed_names for k in Manifest.load(settings.manifest_path).files)
    assert_consistent(store, settings)


def test_a_failed_file_is_tried_again_on_the_next_run(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    bad = lessons / "draft.md"
    bad.write_text("---\ntitle: [oops\n---\n# Draft\n\nText of the draft.\n", encoding="utf-8")
    store = InMemoryStore()
    first = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert [f.kind for f in first.failed] == ["damaged"]
    second = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert [f.kind for f in second.failed] == ["damaged"], "a failed file must not count as indexed"
    bad.write_text("---\ntitle: Draft\n---\n# Draft\n\nText of the draft.\n", encoding="utf-8")
    third = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert third.ok and third.ingested == [str(bad.resolve())]


def test_size_cap_rejects_big_files_with_a_clear_message(
    lessons: Path, tmp_path: Path, fake_embedder
) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_file_mb=0.001)
    big = lessons / "big.md"
    big.write_text("# Big\n\n" + "A sentence about SageMaker endpoints. " * 60, encoding="utf-8")
    store = InMemoryStore()
    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    [failure] = [f for f in report.failed if f.path == str(big.resolve())]
    assert failure.kind == "too-large"
    assert "big.md" in failure.message and "0.001 MB limit" in failure.message
    assert failure.hint and "TUTOR_MAX_FILE_MB" in failure.hint
    assert not any(c.source == "big.md" for c in store.all_chunks())
    # The small files (all under 1 KB) of the same run are indexed.
    small = [lessons / "01-foundations.md", lessons / "02-data.md", lessons / "sub" / "notes.txt"]
    assert all(p.stat().st_size < 1000 for p in small)
    assert {c.source for c in store.all_chunks()} == {"01-foundations.md", "02-data.md", "notes.txt"}


# --------------------------------------------------------------------------- crash safety
def test_chunks_without_a_manifest_entry_are_swept_as_orphans(
    lessons: Path, settings: Settings, fake_embedder, tmp_path: Path
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    stray = tmp_path / "half-written.md"
    stray.write_text("# Half\n\nThis file was being ingested when the power went out.\n", encoding="utf-8")
    orphans = load_markdown(stray, settings.chunk_chars).chunks
    store.upsert(orphans, fake_embedder.embed_documents([c.text for c in orphans]))
    assert {c.id for c in orphans} <= store.all_ids()

    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert report.orphans_removed == len(orphans)
    assert not {c.id for c in orphans} & store.all_ids()
    assert report.unchanged == 3
    assert_consistent(store, settings)


def test_a_crash_before_the_manifest_is_written_leaves_no_half_index(
    lessons: Path, settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_store = InMemoryStore()
    ingest([lessons], settings=settings.model_copy(update={"data_dir": settings.data_dir.with_name("clean")}),
           store=clean_store, embedder=fake_embedder)  # fmt: skip

    store = ingest_killed_before_the_manifest(lessons, settings, fake_embedder, monkeypatch)
    assert store.count() > 0, "the crash came after chunks were written"
    assert not settings.manifest_path.exists()

    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    # No manifest at all: the chunks are adopted from their metadata, never deleted on its
    # say-so (issue 11); re-reading the files then reconciles them.
    assert report.chunks_adopted > 0 and report.orphans_removed == 0
    assert len(report.ingested) == 3
    assert store.all_ids() == clean_store.all_ids()
    assert_consistent(store, settings)


def test_a_crash_while_embedding_keeps_every_file_read_and_the_next_run_resumes(
    lessons: Path, settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_mod, "_FLUSH_CHUNKS", 1)  # commit every file on its own
    store = InMemoryStore()
    store.upsert = _fail_after(store.upsert, 1)  # the semantic stage dies after one batch
    settings = settings.model_copy(update={"embed_chunks_per_call": 2})
    with pytest.raises(KeyboardInterrupt):
        ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    committed = Manifest.load(settings.manifest_path)
    # Reading is one stage, embedding the other: every file was read and stays searchable.
    assert len(committed.files) == 3
    assert store.all_ids() == committed.known_ids()
    left = store.staged_count()
    assert 0 < left < len(committed.known_ids())

    del store.upsert  # the store works again
    embedder = CountingEmbedder(fake_embedder)
    report = ingest([lessons], settings=settings, store=store, embedder=embedder)
    # Nothing is read again; only what was left staged is embedded.
    assert report.unchanged == 3 and not report.ingested
    assert report.chunks_embedded == left and store.staged_count() == 0
    assert_consistent(store, settings)


def _fail_after(upsert, calls: int):
    count = 0

    def failing(chunks, vectors) -> None:
        nonlocal count
        count += 1
        if count > calls:
            raise KeyboardInterrupt("simulated crash while storing vectors")
        upsert(chunks, vectors)

    return failing


def test_a_crash_while_replacing_a_changed_file_is_repaired(
    lessons: Path, settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    path_a = lessons / "01-foundations.md"
    path_a.write_text(LESSON_A.replace("Data is prepared first.", "Data is collected and prepared first."))

    real_delete = store.delete

    def crash_on_delete(ids) -> None:
        raise KeyboardInterrupt("crash after the new chunks were upserted")

    monkeypatch.setattr(store, "delete", crash_on_delete)
    with pytest.raises(KeyboardInterrupt):
        ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    monkeypatch.setattr(store, "delete", real_delete)
    assert store.count() > len(manifest_ids(settings)), "new chunks were written next to the old ones"

    ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert_consistent(store, settings)
    texts = [c.text for c in store.all_chunks() if c.source == "01-foundations.md"]
    assert any("collected and prepared" in t for t in texts)
    assert not any("Data is prepared first" in t for t in texts)


def test_manifest_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m" / "manifest.json"
    good = Manifest(generation=3, files={"/a.md": FileEntry(sha256="x", size=1, title="A", chunk_ids=["1"])})
    good.save(path)
    original = path.read_text(encoding="utf-8")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    newer = good.model_copy(update={"generation": 4})
    for target in ("fsync", "replace"):
        with monkeypatch.context() as m:
            m.setattr(manifest_mod.os, target, boom)
            with pytest.raises(OSError, match="disk full"):
                newer.save(path)
        assert path.read_text(encoding="utf-8") == original
        assert sorted(p.name for p in path.parent.iterdir()) == ["manifest.json"], "a temp file was left"
    newer.save(path)
    assert Manifest.load(path).generation == 4
    assert json.loads(path.read_text(encoding="utf-8"))["files"]["/a.md"]["chunk_ids"] == ["1"]


def test_an_unreadable_manifest_costs_a_reingest_but_no_duplicates(
    lessons: Path, settings: Settings, fake_embedder
) -> None:
    store = indexed_store(lessons, settings, fake_embedder)
    before = store.all_ids()
    settings.manifest_path.write_text('{"version": 1, "files": {"/x": ', encoding="utf-8")
    assert Manifest.load(settings.manifest_path).files == {}
    report = ingest([lessons], settings=settings, store=store, embedder=fake_embedder)
    assert len(report.ingested) == 3
    assert store.all_ids() == before
    assert_consistent(store, settings)


# --------------------------------------------------------------------------- embedded Chroma
def test_ingest_into_embedded_chroma_persists_and_round_trips_metadata(
    lessons: Path, tmp_path: Path, fake_embedder
) -> None:
    settings = Settings(data_dir=tmp_path / "chroma-data")
    memory = InMemoryStore()
    ingest([lessons], settings=settings.model_copy(update={"data_dir": tmp_path / "mem"}), store=memory,
           embedder=fake_embedder)  # fmt: skip

    report = ingest([lessons], settings=settings, embedder=fake_embedder)  # opens ChromaStore itself
    assert report.ok and report.total_chunks == memory.count()
    assert (settings.chroma_dir / "chroma.sqlite3").exists()

    store = ChromaStore(settings)
    assert store.count() == memory.count()
    got = sorted(store.all_chunks(), key=lambda c: c.id)
    want = sorted(memory.all_chunks(), key=lambda c: c.id)
    assert [c.model_dump() for c in got] == [c.model_dump() for c in want]
    ids = sorted(store.all_ids())
    assert [c.id for c in store.get(ids[:2])] == ids[:2]

    again = ingest([lessons], settings=settings, embedder=CountingEmbedder(fake_embedder))
    assert again.unchanged == 3 and again.total_chunks == memory.count()

    (lessons / "sub" / "notes.txt").unlink()
    pruned = ingest([lessons], prune=True, settings=settings, embedder=fake_embedder)
    assert len(pruned.pruned) == 1
    assert not any(c.source == "notes.txt" for c in ChromaStore(settings).all_chunks())
    assert_consistent(ChromaStore(settings), settings)


def test_chunk_metadata_is_flat_for_chroma() -> None:
    chunk = Chunk(
        id="x", text="t", source="a.pdf", source_path="/a.pdf", title="A", section_path=["A", "B"],
        page=3, start=0, end=1,
    )  # fmt: skip
    meta = chunk.to_metadata()
    assert all(isinstance(v, str | int | float | bool) for v in meta.values())
    assert "module" not in meta
    assert Chunk.from_record("x", "t", meta) == chunk


def test_a_moved_folder_leaves_no_copy_behind_and_a_lost_file_is_kept(
    lessons: Path, settings: Settings, fake_embedder, tmp_path: Path
) -> None:
    """The course folder moved and indexed again: the old copy's files are gone, and each of
    their passages is in the index from the new folder, so ingest deletes them without --prune.
    A file gone with no copy anywhere is kept until the user prunes it."""
    store = indexed_store(lessons, settings, fake_embedder)
    before = store.count()
    moved = tmp_path / "moved"
    lessons.rename(moved)
    report = ingest([moved], settings=settings, store=store, embedder=fake_embedder)
    assert len(report.pruned) == 3 and all(str(moved) not in p for p in report.pruned)
    assert store.count() == before, "one copy of the course, not two"
    assert all(c.source_path.startswith(str(moved.resolve())) for c in store.all_chunks())
    assert_consistent(store, settings)

    gone = (moved / "sub" / "notes.txt").resolve()
    gone_ids = set(Manifest.load(settings.manifest_path).files[str(gone)].chunk_ids)
    gone.unlink()
    report = ingest([moved], settings=settings, store=store, embedder=fake_embedder)
    assert report.pruned == [] and gone_ids <= store.all_ids(), "its passages exist nowhere else"
