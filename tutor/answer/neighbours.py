"""Features next to the course's core services: "SageMaker Canvas is a no-code workspace for
business analysts ...", "SageMaker Autopilot (AutoML) trains and ranks candidate models
automatically." The course introduces them in a sentence each, outside the services' own
sections, so the which-service answer (tutor.answer.service_choice), which reads those sections,
can never name them; "which tool is aimed at analysts who can't code?" is answered by Canvas.
"""

from __future__ import annotations

import re
import threading

import numpy as np

from tutor.answer.service_choice import name_at
from tutor.index.sentence_vectors import SentenceVectors, quotable_sentences
from tutor.models import Chunk, Passage

_INTRO_RE = re.compile(r"^(?:SageMaker|Amazon|AWS) (?P<name>(?:[A-Z][\w-]*)(?: [A-Z][\w-]*)*)")
_NOT_FEATURES = frozenset({"SageMaker", "S3", "Identity"})
MARGIN = 0.05
"""How much closer to the task than the best sentence of any core service a feature's sentence
must be: a feature named in one sentence wins only when that sentence says the task better."""

_cache: dict[int, tuple[list[Chunk], list[tuple[str, Chunk, str]]]] = {}
_lock = threading.Lock()


def neighbour_features(library: list[Chunk], core: set[str]) -> list[tuple[str, Chunk, str]]:
    """(feature name, chunk, the sentence that introduces it) for each feature the course
    introduces with "SageMaker X ..." or "Amazon X ..." that is not one of the ``core`` services.
    Read once per library."""
    with _lock:
        hit = _cache.get(id(library))
        if hit is not None and hit[0] is library:
            return hit[1]
    found = []
    for chunk in library:
        for _, sentence in quotable_sentences(chunk.text):
            m = _INTRO_RE.match(sentence)
            name = m.group("name") if m else ""
            if not name or name in _NOT_FEATURES:
                continue
            if any(name_at(c, name) is not None or name_at(name, c) is not None for c in core):
                continue
            found.append((name, chunk, sentence))
    with _lock:
        _cache.clear()
        _cache[id(library)] = (library, found)
    return found


def neighbour_answer(
    task_vector: list[float],
    library: list[Chunk],
    known: SentenceVectors | None,
    core: dict[str, list[Chunk]],
) -> tuple[str, list[tuple[Passage, str]]] | None:
    """(feature name, the sentences that name it, the introducing one first) when a feature's
    introducing sentence matches the task better, by ``MARGIN``, than any sentence of the core
    services' own ``core`` chunks; else None."""
    if known is None or not len(known):
        return None
    qv = np.asarray(task_vector)
    if known.vectors.shape[1] != qv.shape[0]:
        return None

    def closeness(sentence: str) -> float:
        v = known.get(sentence)
        return float(v @ qv) if v is not None else -1.0

    beat = max(
        (closeness(s) for cs in core.values() for c in cs for _, s in quotable_sentences(c.text)),
        default=-1.0,
    )
    features = neighbour_features(library, set(core))
    scored = [(closeness(s), name, chunk, s) for name, chunk, s in features]
    best = max(scored, default=None, key=lambda x: x[0])
    if best is None or best[0] < beat + MARGIN:
        return None
    _, name, chunk, sentence = best
    lead = (Passage(**chunk.model_dump(), score=0.0), sentence)
    more = [
        (Passage(**c.model_dump(), score=0.0), s)
        for c in library
        for _, s in quotable_sentences(c.text)
        if s != sentence and name_at(name, s) is not None
    ]
    return name, [lead, *more[:2]]
