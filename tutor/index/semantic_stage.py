"""Ingest's second stage: embed staged chunks in the background while files are still read.

The first stage (``tutor.index.ingest``) stages each file's chunks as soon as it is read, which
makes them searchable by keyword. This stage takes staged chunks oldest first, embeds what
the dense index is given for them (``tutor.index.dense_text``: each distinct text once), and
stores the vectors, which un-stages the chunks. It runs in threads: torch releases the GIL
while it computes, so reading (PDF pages in worker processes, Markdown in this process)
overlaps embedding. Whatever it has not done when it stops stays staged, and the next ingest
resumes it.

One thread per core, each computing with one torch thread, takes its own batches: on 2 cores
that embedded 37.7 chunks/s against 34.7/s for one call computing with two threads (torch's
threads wait for each other at every layer; two independent calls do not). While PDF pages
are being extracted only the first thread embeds, so that extraction keeps a core.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

import numpy as np

from tutor.embeddings import Embedder
from tutor.index.dense_text import dense_text
from tutor.index.store import VectorStore
from tutor.models import Chunk

_LIGHT_CALL = 32
"""Chunks per call while pages are being extracted: short calls, so that full speed resumes
soon after extraction ends."""
_CACHE_MAX = 200_000
"""Distinct texts whose vectors are kept for reuse during one ingest (about 1.5 KB each)."""


class SemanticStage:
    """Background threads that embed staged chunks until reading is done and none are left."""

    def __init__(
        self,
        store: VectorStore,
        load_embedder: Callable[[], Embedder],
        per_call: int,
        threads: int,
        set_threads: Callable[[int], None] | None = None,
    ) -> None:
        self._store = store
        self._load = load_embedder
        self._per_call = per_call
        self._threads = max(1, threads)
        self._set_threads = set_threads
        self.extracting = threading.Event()
        """Set while PDF worker processes extract pages: one thread embeds, in small calls, so
        that extraction (which makes the file searchable) keeps most of the CPU."""
        self._wake = threading.Event()
        self._reading_done = threading.Event()
        self._stop = threading.Event()
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        """Guards taking batches, loading the model and the counters below."""
        self._in_flight: set[str] = set()
        """Ids of staged chunks a thread has taken and not yet stored."""
        self._writing = threading.Lock()
        """Held while a batch's vectors are stored and while chunks are withdrawn, so that a
        withdrawn chunk a thread was embedding is not stored after it was deleted."""
        self._withdrawn: set[str] = set()
        """Ids withdrawn while a thread had them in hand: dropped from its batch."""
        self._busy = 0
        self._busy_since = 0.0
        self._workers = [
            threading.Thread(target=self._run, args=(n,), name=f"tutor-semantic-index-{n}", daemon=True)
            for n in range(self._threads)
        ]
        self.embedder: Embedder | None = None
        self.error: BaseException | None = None
        self.chunks_done = 0
        """Chunks given vectors by this run."""
        self.texts_embedded = 0
        """Distinct texts the model computed (the rest reused a vector)."""
        self.embedding_seconds = 0.0
        """Wall time during which the model was computing (in one thread or more)."""

    def start(self) -> None:
        for worker in self._workers:
            worker.start()

    def more_staged(self) -> None:
        """Chunks were staged: wake the threads if they are waiting."""
        self._wake.set()

    def withdraw(self, ids: set[str]) -> None:
        """Delete chunks that were staged (a file refused after its first pages were staged):
        also those a thread is embedding right now, whose vectors would otherwise be stored
        after the delete and leave part of a refused file in the index."""
        with self._writing:
            with self._lock:
                self._withdrawn.update(ids & self._in_flight)
            self._store.delete(sorted(ids))

    def reading_done(self) -> None:
        self._reading_done.set()
        self._wake.set()

    def progress(self) -> tuple[int, int]:
        """(chunks given vectors by this run, that plus the chunks still staged)."""
        return self.chunks_done, self.chunks_done + self._store.staged_count()

    def wait(self, on_progress: Callable[[int, int], None], poll_s: float = 0.5) -> None:
        """Block until the stage ends, reporting progress from the calling thread (a Streamlit
        page may only be drawn from its own thread); re-raise what stopped it."""
        while alive := [w for w in self._workers if w.is_alive()]:
            alive[0].join(poll_s)
            on_progress(*self.progress())
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Stop after the batches in hand (their vectors are stored first) and wait for them."""
        self._stop.set()
        self._wake.set()
        for worker in self._workers:
            if worker.is_alive():
                worker.join()
        if self._set_threads is not None and self.embedder is not None and self._threads > 1:
            self._set_threads(self._threads)  # whatever computes next in this process: all cores

    def _run(self, worker: int) -> None:
        try:
            while not self._stop.is_set():
                self._wake.clear()
                # Read the flag before looking: reading stages everything before setting it,
                # so an empty look after a set flag means nothing is left to take.
                done = self._reading_done.is_set()
                light = self.extracting.is_set()
                if light and worker > 0:
                    self._wake.wait(0.5)
                    continue
                batch = self._take(min(self._per_call, _LIGHT_CALL) if light else self._per_call)
                if batch:
                    self._embed(batch)
                elif done:
                    return
                else:
                    self._wake.wait(0.5)
        except BaseException as e:  # noqa: BLE001 - handed to the ingesting thread by wait()
            self.error = e
            self._stop.set()

    def _take(self, size: int) -> list[Chunk]:
        """The oldest staged chunks no other thread has taken."""
        with self._lock:
            # Share what is left between the threads: one thread alone with the last big call
            # would compute on one core while the others have nothing to do.
            waiting = self._store.staged_count() - len(self._in_flight)
            size = min(size, max(_LIGHT_CALL, -(-waiting // self._threads)))
            looked = self._store.staged(size + len(self._in_flight))
            batch = [c for c in looked if c.id not in self._in_flight][:size]
            self._in_flight.update(c.id for c in batch)
            if batch and self.embedder is None:  # nothing to embed, no model loaded
                self.embedder = self._load()
                if self._set_threads is not None:
                    self._set_threads(1)  # one torch thread per stage thread
            return batch

    @contextlib.contextmanager
    def _computing(self) -> Iterator[None]:
        """Counts the wall time during which at least one thread is inside the model."""
        with self._lock:
            if not self._busy:
                self._busy_since = time.perf_counter()
            self._busy += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy -= 1
                if not self._busy:
                    self.embedding_seconds += time.perf_counter() - self._busy_since

    def _embed(self, batch: list[Chunk]) -> None:
        assert self.embedder is not None  # loaded by _take
        texts = [dense_text(c) for c in batch]
        known = {t: self._cache[t] for t in set(texts) if t in self._cache}
        new = [t for t in dict.fromkeys(texts) if t not in known]
        try:
            if new:
                with self._computing():
                    vectors = self.embedder.embed_documents(new)
                fresh = {t: np.asarray(v, dtype=np.float32) for t, v in zip(new, vectors, strict=True)}
                known.update(fresh)
                with self._lock:
                    if len(self._cache) + len(fresh) > _CACHE_MAX:
                        self._cache.clear()
                    self._cache.update(fresh)
                    self.texts_embedded += len(new)
            with self._writing:
                kept = [(c, t) for c, t in zip(batch, texts, strict=True) if c.id not in self._withdrawn]
                if kept:
                    self._store.upsert([c for c, _ in kept], [known[t].tolist() for _, t in kept])
            with self._lock:
                self.chunks_done += len(kept)
        finally:
            with self._lock:
                self._in_flight.difference_update(c.id for c in batch)
                self._withdrawn.difference_update(c.id for c in batch)
