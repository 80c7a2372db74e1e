"""Vectors of the library's quotable sentences, embedded once at ingest for the offline answerer.

The offline answerer scores sentences by meaning. Embedding them when a question arrives cost
about 100 ms of a 150 ms answer, and it limited the answerer to the ten sentences that
matched the question's keywords best. For a library up to ``sentence_vectors_max_chunks``
chunks (the bundled course has about 200 chunks and 700 sentences, about 7 s), ingest embeds
every quotable sentence once and keeps the vectors in one file in the data dir.

The file maps sentence text to its vector for one embedding model. A sentence that is not
in it is embedded at question time as before, so a missing, old or damaged file only costs
speed, never a wrong answer.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from tutor.embeddings import Embedder
from tutor.index.store import unit_rows
from tutor.models import Chunk
from tutor.text import split_sentences

log = logging.getLogger(__name__)

_NOISE_PREFIXES = ("topics", "for more information", "see also", "note:", "important:")


def quotable_sentences(text: str) -> list[tuple[int, str]]:
    """(position, sentence) of the sentences of ``text`` worth quoting in an answer:
    whole prose sentences, not headings, table rows, code or link lists."""
    out = []
    for position, sentence in enumerate(split_sentences(text)):
        s = sentence.strip().lstrip("-*+ ").strip()
        words = s.split()
        if len(s) < 40 or len(s) > 480 or len(words) < 7:
            continue
        if s.startswith(("|", "```", "#")) or s.lower().startswith(_NOISE_PREFIXES):
            continue
        if s[-1] not in ".!?:)" and len(words) < 12:
            continue  # a heading-like fragment
        out.append((position, s))
    return out


class SentenceVectors:
    """Sentence text -> unit vector (``store.unit_rows``), for one embedding model."""

    def __init__(self, model: str, texts: list[str], vectors: np.ndarray) -> None:
        self.model = model
        self.texts = texts
        self.vectors = vectors.astype(np.float32, copy=False)
        self._row = {t: i for i, t in enumerate(texts)}

    @classmethod
    def empty(cls, model: str) -> SentenceVectors:
        return cls(model, [], unit_rows([]))

    @classmethod
    def load(cls, path: Path, model: str) -> SentenceVectors:
        """The saved vectors; empty when the file is missing, unreadable or of another model."""
        try:
            with np.load(path, allow_pickle=False) as data:
                saved_model = bytes(data["model"]).decode()
                texts = json.loads(bytes(data["texts"]).decode())
                vectors = data["vectors"]
        except FileNotFoundError:
            return cls.empty(model)
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as e:
            log.warning("Ignoring unreadable sentence vectors %s (%s); they will be rebuilt.", path, e)
            return cls.empty(model)
        if saved_model != model or len(texts) != len(vectors):
            return cls.empty(model)
        return cls(model, texts, vectors)

    def __len__(self) -> int:
        return len(self.texts)

    def fits(self, vector: list[float] | np.ndarray | None) -> bool:
        """There are vectors, of ``vector``'s size: a question embedded by another model (or
        none saved yet) has nothing to be compared with here."""
        return vector is not None and len(self) > 0 and self.vectors.shape[1] == len(vector)

    def get(self, text: str) -> np.ndarray | None:
        row = self._row.get(text)
        return None if row is None else self.vectors[row]

    def save(self, path: Path) -> None:
        """Write atomically: a reader sees the old file or the new one, never half of one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(
                    f,
                    model=np.frombuffer(self.model.encode(), dtype=np.uint8),
                    texts=np.frombuffer(json.dumps(self.texts).encode(), dtype=np.uint8),
                    vectors=self.vectors,
                )
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def library_sentences(chunks: Iterable[Chunk]) -> list[str]:
    """Every quotable sentence of the library, each once, in reading order."""
    return list(dict.fromkeys(s for c in chunks for _, s in quotable_sentences(c.text)))


def refresh_sentence_vectors(
    path: Path,
    model: str,
    chunks: list[Chunk],
    embedder: Embedder,
    batch: int = 64,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Make the file at ``path`` hold exactly the library's sentences, embedding only the ones
    it lacks. Returns how many were embedded."""
    known = SentenceVectors.load(path, model)
    wanted = library_sentences(chunks)
    missing = [s for s in wanted if known.get(s) is None]
    if not missing and len(known) == len(wanted) and path.exists():
        os.utime(path)  # checked and current: newer than the manifest again
        return 0
    fresh: dict[str, np.ndarray] = {}
    for i in range(0, len(missing), batch):
        part = missing[i : i + batch]
        fresh.update(zip(part, np.asarray(embedder.embed_documents(part), dtype=np.float32), strict=True))
        if on_progress:
            on_progress(min(i + batch, len(missing)), len(missing))
    rows = [v if (v := known.get(s)) is not None else fresh[s] for s in wanted]
    SentenceVectors(model, wanted, unit_rows(rows)).save(path)
    return len(missing)
