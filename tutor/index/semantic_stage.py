"""Ingest's second stage: embed staged chunks in the background while files are still read.

The first stage (``tutor.index.ingest``) stages each file's chunks as soon as it is read, which
makes them searchable by keyword. This stage takes staged chunks oldest first, embeds what
the dense index is given for them (``tutor.index.dense_text``: each distinct text once), and
stores the vectors, which un-stages the chunks. It runs in a thread: torch releases the GIL
while it computes, so reading (PDF pages in worker processes, Markdown in this process)
overlaps embedding. Whatever it has not done when it stops stays staged, and the next ingest
resumes it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

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
    """A background thread that embeds staged chunks until reading is done and none are left."""

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
        self._threads = threads
        self._set_threads = set_threads
        self._threads_now = 0
        self.extracting = threading.Event()
        """Set while PDF worker processes extract pages: embed in small calls on one thread,
        so that extraction (which makes the file searchable) keeps most of the CPU."""
        self._wake = threading.Event()
        self._reading_done = threading.Event()
        self._stop = threading.Event()
        self._cache: dict[str, np.ndarray] = {}
        self._thread = threading.Thread(target=self._run, name="tutor-semantic-index", daemon=True)
        self.embedder: Embedder | None = None
        self.error: BaseException | None = None
        self.chunks_done = 0
        """Chunks given vectors by this run."""
        self.texts_embedded = 0
        """Distinct texts the model computed (the rest reused a vector)."""
        self.embedding_seconds = 0.0
        """Time spent in the model alone."""

    def start(self) -> None:
        self._thread.start()

    def more_staged(self) -> None:
        """Chunks were staged: wake the thread if it is waiting."""
        self._wake.set()

    def reading_done(self) -> None:
        self._reading_done.set()
        self._wake.set()

    def progress(self) -> tuple[int, int]:
        """(chunks given vectors by this run, that plus the chunks still staged)."""
        return self.chunks_done, self.chunks_done + self._store.staged_count()

    def wait(self, on_progress: Callable[[int, int], None], poll_s: float = 0.5) -> None:
        """Block until the stage ends, reporting progress from the calling thread (a Streamlit
        page may only be drawn from its own thread); re-raise what stopped it."""
        while self._thread.is_alive():
            self._thread.join(poll_s)
            on_progress(*self.progress())
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Stop after the batch in hand (its vectors are stored first) and wait for it."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._wake.clear()
                # Read the flag before looking: reading stages everything before setting it,
                # so an empty look after a set flag means nothing is left.
                done = self._reading_done.is_set()
                light = self.extracting.is_set()
                self._use_threads(1 if light else self._threads)
                batch = self._store.staged(min(self._per_call, _LIGHT_CALL) if light else self._per_call)
                if batch:
                    self._embed(batch)
                elif done:
                    return
                else:
                    self._wake.wait(0.5)
        except BaseException as e:  # noqa: BLE001 - handed to the ingesting thread by wait()
            self.error = e

    def _use_threads(self, n: int) -> None:
        if self._set_threads is not None and n != self._threads_now and self.embedder is not None:
            self._set_threads(n)
            self._threads_now = n

    def _embed(self, batch: list[Chunk]) -> None:
        if self.embedder is None:
            self.embedder = self._load()
            self._use_threads(1 if self.extracting.is_set() else self._threads)
        texts = [dense_text(c) for c in batch]
        known = {t: self._cache[t] for t in set(texts) if t in self._cache}
        new = [t for t in dict.fromkeys(texts) if t not in known]
        if new:
            started = time.perf_counter()
            vectors = self.embedder.embed_documents(new)
            self.embedding_seconds += time.perf_counter() - started
            fresh = {t: np.asarray(v, dtype=np.float32) for t, v in zip(new, vectors, strict=True)}
            known.update(fresh)
            if len(self._cache) + len(fresh) > _CACHE_MAX:
                self._cache.clear()
            self._cache.update(fresh)
            self.texts_embedded += len(new)
        self._store.upsert(batch, [known[t].tolist() for t in texts])
        self.chunks_done += len(batch)
