"""`tutor ingest`: files -> chunks -> store -> embeddings, idempotent and crash-safe.

Two stages that overlap. Reading: per file, its new chunks are staged (searchable by keyword
from then on), chunks the file no longer has are deleted, then its manifest entry is written.
Embedding (``tutor.index.semantic_stage``, a background thread): staged chunks get vectors
and move into the dense index. A crash at any point leaves either the old entry (the file is
redone next run; ids are deterministic so nothing duplicates) or the new one, and whatever
is still staged is embedded by the next run.
Chunks no entry lists are reconciled at the next run (``_reconcile``): a few left by an
interrupted run are swept when the manifest was read intact; otherwise they are adopted
into the manifest from their metadata. The manifest never deletes chunks on its own say-so.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import BaseModel, Field

from tutor import exceptions as exc
from tutor.embeddings import Embedder, embedding_threads, load_bulk_embedder
from tutor.index.dense_text import DENSE_TEXT_VERSION
from tutor.index.health import adopt_chunks, chunks_with_ids, forget_missing
from tutor.index.loaders import (
    CHUNKER_VERSION,
    PDF_SUFFIXES,
    LoadedFile,
    LoadLimits,
    file_sha256,
    iter_files,
    load_file,
)
from tutor.index.manifest import FileEntry, Manifest, ManifestState
from tutor.index.pdf import PdfExtractor
from tutor.index.semantic_stage import SemanticStage
from tutor.index.sentence_vectors import refresh_sentence_vectors
from tutor.index.store import VectorStore, open_store
from tutor.models import Chunk
from tutor.settings import Settings, data_dir_error, get_settings

_FLUSH_CHUNKS = 512
"""Chunks listed across files before the manifest is written again."""


class FileFailure(BaseModel):
    path: str
    kind: str
    message: str
    hint: str | None = None


class IngestReport(BaseModel):
    files_seen: int = 0
    ingested: list[str] = Field(default_factory=list)
    unchanged: int = 0
    failed: list[FileFailure] = Field(default_factory=list)
    pruned: list[str] = Field(default_factory=list)
    pages: int = 0
    chunks_added: int = 0
    chunks_removed: int = 0
    orphans_removed: int = 0
    chunks_adopted: int = 0
    """Chunks no manifest entry listed, kept and listed again (rebuilt from their metadata)."""
    manifest_problem: str | None = None
    """What was wrong with the manifest when this run started, if anything."""
    total_chunks: int = 0
    chunks_embedded: int = 0
    """Chunks given vectors by this run (the rest of the changed files' chunks kept theirs)."""
    texts_embedded: int = 0
    """Distinct texts the model embedded for them (``tutor.index.dense_text``)."""
    embedding_seconds: float = 0.0
    """Time spent in the embedding model alone."""
    sentences_embedded: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


class IngestProgress:
    """Callbacks for a progress display, always called from the ingesting thread; the default
    does nothing. Files become searchable one by one (``file_done``); the semantic index
    follows (``embedded``)."""

    def files(self, total: int) -> None: ...

    def file_started(self, path: Path) -> None: ...

    def pages(self, n: int) -> None: ...

    def embedded(self, n: int, total: int) -> None:
        """The semantic index: ``n`` of the ``total`` chunks this run stages have vectors."""

    def file_done(self, path: Path, error: str | None = None) -> None: ...

    def sentences(self, n: int, total: int) -> None: ...


def index_lock(settings: Settings) -> FileLock:
    settings.ensure_data_dir()
    return FileLock(str(settings.lock_path), timeout=0)


def _acquire(lock: FileLock, settings: Settings) -> None:
    try:
        lock.acquire()
    except Timeout:
        raise exc.IndexLockedError(
            f"Another process is writing to the index in {settings.data_dir}.",
            "Wait for that `tutor ingest` (or the app's upload) to finish and try again. For "
            "several writers at once, run a Chroma server, set TUTOR_CHROMA_URL, and give each "
            "writer its own TUTOR_DATA_DIR.",
        ) from None
    except OSError as e:  # an unwritable or read-only data dir: the lock file cannot be made
        raise data_dir_error(settings.data_dir, e) from e


@contextmanager
def writing_index(settings: Settings) -> Iterator[None]:
    """Hold the index lock (or raise IndexLockedError) for a write outside ``ingest``."""
    lock = index_lock(settings)
    _acquire(lock, settings)
    try:
        yield
    finally:
        lock.release()


def ingest(
    paths: list[Path] | None = None,
    *,
    prune: bool = False,
    settings: Settings | None = None,
    store: VectorStore | None = None,
    embedder: Embedder | None = None,
    progress: IngestProgress | None = None,
    on_loaded: Callable[[LoadedFile], None] | None = None,
) -> IngestReport:
    """Index ``paths`` (files or folders; default: the bundled corpus).

    Two stages that overlap: each file's chunks are staged as soon as it is read (searchable by
    keyword from then on), and a background thread embeds staged chunks into the dense index.
    """
    settings = settings or get_settings()
    progress = progress or IngestProgress()
    started = time.perf_counter()
    report = IngestReport()
    lock = index_lock(settings)
    _acquire(lock, settings)
    try:
        store = store if store is not None else open_store(settings)
        semantic = SemanticStage(
            store,
            lambda: embedder if embedder is not None else load_bulk_embedder(settings),
            settings.embed_chunks_per_call,
            settings.workers,
            embedding_threads,
        )
        try:
            _read_files(paths, prune, settings, store, semantic, progress, on_loaded, report)
            semantic.reading_done()
            semantic.wait(progress.embedded)
        finally:
            semantic.stop()
        report.chunks_embedded = semantic.chunks_done
        report.texts_embedded = semantic.texts_embedded
        report.embedding_seconds = semantic.embedding_seconds
        report.total_chunks = store.count()
        if _sentence_vectors_due(settings, report.total_chunks):
            report.sentences_embedded = refresh_sentence_vectors(
                settings.sentence_vectors_path,
                settings.embedding_model_key,
                store.all_chunks(),
                semantic.embedder or embedder or load_bulk_embedder(settings),
                on_progress=progress.sentences,
            )
    except OSError as e:
        # Per-file read errors are reported per file; this is the index's own folder
        # (manifest, staged chunks, sentence vectors): say which and what to do.
        raise data_dir_error(settings.data_dir, e) from e
    finally:
        lock.release()
    report.seconds = time.perf_counter() - started
    return report


_STALE = "stale"
"""The hash of a file whose chunks must be made again (another model's vectors)."""


def _copied_elsewhere(missing: list[str], manifest: Manifest) -> list[str]:
    """The files gone from disk that the manifest lists with the same contents (hash) as a file
    that exists: a course folder moved or copied and indexed again. The index holds the same
    chunks from that file, so deleting them loses nothing, and ingest does it without
    ``--prune``; any other missing file is kept until the user prunes it. Read from the
    manifest alone: no store read on every ingest while a file is missing."""
    gone = set(missing)

    def digest(key: str) -> str:
        entry = manifest.files[key]
        # a recovered entry's hash is unknown (""), and "stale" marks another model's vectors
        return "" if entry.recovered or entry.sha256 == _STALE else entry.sha256

    held = {d for key in manifest.files if key not in gone and (d := digest(key))}
    return [key for key in missing if digest(key) in held]


def _read_files(
    paths: list[Path] | None,
    prune: bool,
    settings: Settings,
    store: VectorStore,
    semantic: SemanticStage,
    progress: IngestProgress,
    on_loaded: Callable[[LoadedFile], None] | None,
    report: IngestReport,
) -> None:
    """The first stage: read each changed file, stage its chunks, list it in the manifest."""
    manifest, state = Manifest.load_checked(settings.manifest_path)
    report.manifest_problem = state.problem
    # What the vectors depend on: the model, the tokens it reads, what of a chunk it is given.
    model_key = f"{settings.embedding_model_key}@{settings.embedding_max_tokens}"
    chunker = f"{CHUNKER_VERSION}+dense{DENSE_TEXT_VERSION}"
    model_changed = bool(manifest.files) and (
        manifest.embedding_model != model_key or manifest.chunker != chunker
    )
    if model_changed:
        # Vectors of another model (or chunks of another chunker) must not mix: redo all.
        for entry in manifest.files.values():
            entry.sha256 = _STALE
    manifest.embedding_model, manifest.chunker = model_key, chunker

    # With embedded Chroma this process owns the whole store (the lock guarantees it). A
    # shared server holds other writers' chunks too: there, leftovers are swept per file,
    # by source, just before it is written.
    if not settings.chroma_url:
        _reconcile(manifest, state, store, settings, prune, report)
    # Only now: chunks staged by an interrupted run are embedded once reconciling has decided
    # which of them stay.
    semantic.start()

    targets = list(iter_files(paths if paths else [settings.corpus_dir]))
    report.files_seen = len(targets)
    progress.files(len(targets))
    limits = LoadLimits(
        max_line_chars=settings.max_line_chars,
        max_chunks=settings.max_chunks_per_file,
        deadline_s=settings.extract_timeout_s,
    )
    unsaved = 0  # chunks listed since the manifest was last written
    with PdfExtractor(settings.workers, settings.extract_timeout_s, settings.max_pages) as extractor:
        for path in targets:
            progress.file_started(path)
            key = str(path)
            entry = manifest.files.get(key)
            # Chunks an up-to-date entry lists have their vectors (or are staged for them).
            has_vectors = set(entry.chunk_ids) if entry and not model_changed else set()
            staged: set[str] = set()

            def stage(
                chunks: list[Chunk], has_vectors: set[str] = has_vectors, staged: set[str] = staged
            ) -> None:
                fresh = [c for c in chunks if c.id not in has_vectors and c.id not in staged]
                store.stage(fresh)
                staged.update(c.id for c in fresh)
                semantic.more_staged()

            try:
                digest = file_sha256(path) if path.is_file() else ""
                if entry and entry.sha256 == digest:
                    report.unchanged += 1
                    progress.file_done(path)
                    continue
                if path.suffix.lower() in PDF_SUFFIXES:
                    semantic.extracting.set()
                try:
                    loaded = load_file(
                        path,
                        settings.chunk_chars,
                        settings.max_file_mb,
                        extractor,
                        progress.pages,
                        limits,
                        stage,
                    )
                finally:
                    semantic.extracting.clear()
                if on_loaded:
                    on_loaded(loaded)
            except (exc.IngestError, OSError) as e:
                # A PDF may have staged its first pages before it failed: take them back, also
                # those being embedded right now.
                semantic.withdraw(staged - set(entry.chunk_ids if entry else []))
                failure = _failure(path, e)
                report.failed.append(failure)
                progress.file_done(path, failure.message if isinstance(e, exc.IngestError) else str(e))
                continue
            stage(loaded.chunks)
            _list_file(manifest, store, settings, key, digest, loaded, report)
            progress.file_done(path)
            progress.embedded(*semantic.progress())
            unsaved += len(loaded.chunks) or 1
            if unsaved >= _FLUSH_CHUNKS:
                manifest.generation += 1
                manifest.save(settings.manifest_path)
                unsaved = 0
    missing = [k for k in manifest.files if not Path(k).exists()]
    if not prune:  # a course folder moved: its old copy goes, as nothing is lost with it
        missing = _copied_elsewhere(missing, manifest) if missing and not settings.chroma_url else []
    for key in missing:
        store.delete(manifest.files[key].chunk_ids)
        report.chunks_removed += len(manifest.files[key].chunk_ids)
        del manifest.files[key]
        report.pruned.append(key)
        unsaved += 1
    if unsaved:  # an ingest that changed nothing leaves the manifest (and its readers) alone
        manifest.generation += 1
        manifest.save(settings.manifest_path)


def _failure(path: Path, e: Exception) -> FileFailure:
    if isinstance(e, exc.IngestError):
        return FileFailure(path=str(path), kind=e.kind, message=e.message, hint=e.hint)
    reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
    return FileFailure(
        path=str(path),
        kind="unreadable",
        message=f"{path.name}: {reason}",
        hint="Check the file exists and is readable.",
    )


def _list_file(
    manifest: Manifest,
    store: VectorStore,
    settings: Settings,
    key: str,
    digest: str,
    loaded: LoadedFile,
    report: IngestReport,
) -> None:
    """Its chunks are staged: drop the ones it no longer has, and list it in the manifest."""
    entry = manifest.files.get(key)
    new_ids = [c.id for c in loaded.chunks]
    stale = set(entry.chunk_ids) - set(new_ids) if entry else set()
    if settings.chroma_url:
        stale |= store.ids_for_source(key) - set(new_ids)
    if stale:
        store.delete(stale)
    report.chunks_removed += len(stale)
    report.chunks_added += len(set(new_ids) - set(entry.chunk_ids if entry else []))
    manifest.files[key] = FileEntry(
        sha256=digest,
        size=loaded.path.stat().st_size,
        title=loaded.title,
        module=loaded.module,
        pages=loaded.pages,
        chunk_ids=new_ids,
    )
    report.ingested.append(key)
    report.pages += loaded.pages


def _reconcile(
    manifest: Manifest,
    state: ManifestState,
    store: VectorStore,
    settings: Settings,
    prune: bool,
    report: IngestReport,
) -> None:
    """Make the manifest list exactly what the store holds, deleting only what is safe."""
    store_ids = store.all_ids()
    changed = forget_missing(manifest, store_ids) > 0  # their files are read again
    unlisted = store_ids - manifest.known_ids()
    if unlisted:
        few = len(unlisted) <= settings.auto_delete_max_chunks
        if state.trusted and (few or prune):
            store.delete(unlisted)
            report.orphans_removed = len(unlisted)
        else:
            report.chunks_adopted = adopt_chunks(manifest, chunks_with_ids(store, unlisted))
        changed = True
    if changed or state.source in ("previous", "unreadable"):
        manifest.generation += 1
        manifest.save(settings.manifest_path)


def _sentence_vectors_due(settings: Settings, total_chunks: int) -> bool:
    """A library small enough whose sentence vectors are missing or older than its manifest
    (every change to the index rewrites the manifest, so this also catches a refresh that an
    earlier run did not finish)."""
    if not 0 < total_chunks <= settings.sentence_vectors_max_chunks:
        return False
    try:
        written = settings.sentence_vectors_path.stat().st_mtime_ns
    except FileNotFoundError:
        return True
    try:
        return written < settings.manifest_path.stat().st_mtime_ns
    except FileNotFoundError:
        return False


def remove_sources(
    paths: list[str], *, settings: Settings | None = None, store: VectorStore | None = None
) -> list[str]:
    """Remove the named files (manifest keys or file names) from the index."""
    settings = settings or get_settings()
    lock = index_lock(settings)
    _acquire(lock, settings)
    try:
        store = store if store is not None else open_store(settings)
        manifest = Manifest.load(settings.manifest_path)
        removed = []
        for key in list(manifest.files):
            if key in paths or Path(key).name in paths:
                store.delete(manifest.files.pop(key).chunk_ids)
                removed.append(key)
        if removed:
            manifest.generation += 1
            manifest.save(settings.manifest_path)
        return removed
    finally:
        lock.release()
