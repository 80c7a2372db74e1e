"""Features next to the course's core services: "SageMaker Canvas is a no-code workspace for
business analysts ...", "SageMaker Autopilot (AutoML) trains and ranks candidate models
automatically." The course introduces them in a sentence each, outside the services' own
sections, so the which-service answer (tutor.answer.service_choice), which reads those sections,
can never name them; "which tool is aimed at analysts who can't code?" is answered by Canvas.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from tutor.answer.per_library import per_library
from tutor.answer.service_choice import name_at, service_sections
from tutor.answer.shapes import as_passage
from tutor.index.sentence_vectors import SentenceVectors, quotable_sentences
from tutor.models import Chunk, Passage

_INTRO_RE = re.compile(r"^(?:SageMaker|Amazon|AWS) (?P<name>(?:[A-Z][\w-]*)(?: [A-Z][\w-]*)*)")
_NOT_FEATURES = frozenset({"SageMaker", "S3", "Identity"})
MARGIN = 0.05
"""How much closer to the task than the best sentence of any core service a feature's sentence
must be: a feature named in one sentence wins only when that sentence says the task better."""


class _Features(NamedTuple):
    """What neighbour_answer reads from the library, once per library."""

    features: list[tuple[str, Chunk, str]]
    """(feature name, chunk, the sentence that introduces it)."""
    core: list[str]
    """The sentences of the core services' own sections, which a feature's sentence must beat."""
    sentences: list[tuple[Chunk, str]]
    """Every quotable sentence of the course, for the others that name a winning feature."""


@per_library
def _features(library: list[Chunk]) -> _Features:
    """Each feature the course introduces with "SageMaker X ..." or "Amazon X ..." that is not
    one of its core services, with the sentences it is weighed against and named in."""
    sections = service_sections(library)
    core = {name for name, _ in sections.values()}
    sentences = [(chunk, s) for chunk in library for _, s in quotable_sentences(chunk.text)]
    features = []
    for chunk, sentence in sentences:
        m = _INTRO_RE.match(sentence)
        name = m.group("name") if m else ""
        if not name or name in _NOT_FEATURES:
            continue
        if any(name_at(c, name) is not None or name_at(name, c) is not None for c in core):
            continue
        features.append((name, chunk, sentence))
    # "Amazon A2I adds a human review loop ..." sits in Ground Truth's "versus" section: it
    # introduces the feature, so it cannot also be the core sentence the feature must beat
    introducing = {sentence for _, _, sentence in features}
    own = [
        s
        for _, chunks in sections.values()
        for c in chunks
        for _, s in quotable_sentences(c.text)
        if s not in introducing
    ]
    return _Features(features, own, sentences)


def neighbour_answer(
    task_vector: list[float], library: list[Chunk], known: SentenceVectors | None
) -> tuple[str, list[tuple[Passage, str]]] | None:
    """(feature name, the sentences that name it, the introducing one first) when a feature's
    introducing sentence matches the task better, by ``MARGIN``, than any sentence of the core
    services' own sections; else None."""
    if known is None or not known.fits(task_vector):
        return None
    qv = np.asarray(task_vector)

    def closeness(sentence: str) -> float:
        v = known.get(sentence)
        return float(v @ qv) if v is not None else -1.0

    read = _features(library)
    beat = max((closeness(s) for s in read.core), default=-1.0)
    scored = [(closeness(s), name, chunk, s) for name, chunk, s in read.features]
    best = max(scored, default=None, key=lambda x: x[0])
    if best is None or best[0] < beat + MARGIN:
        return None
    _, name, chunk, sentence = best
    more = [(c, s) for c, s in read.sentences if s != sentence and name_at(name, s) is not None]
    return name, [(as_passage(c), s) for c, s in [(chunk, sentence), *more[:2]]]
