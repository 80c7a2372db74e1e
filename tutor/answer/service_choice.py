"""Which service for a task ("Which tool explains why the loan was denied?"): the service whose
own sections best match the task leads the answer, from those sections, then why."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from tutor.answer.per_library import per_library
from tutor.answer.question_words import focus_terms, story_and_question
from tutor.answer.shapes import ASIDE_SECTION_RE, as_passage, is_example
from tutor.index.sentence_vectors import SentenceVectors, quotable_sentences
from tutor.models import Chunk, Passage
from tutor.text import content_terms, split_sentences


def service_name(heading: str) -> str:
    """'Clarify' for 'SageMaker Clarify'; '' for a heading that names no service."""
    m = re.match(r"^(?:Amazon )?SageMaker (?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*)*)$", heading.strip())
    if m:
        return m.group("name")
    runs = re.findall(r"(?<!^)\b([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?: [A-Z][a-z]+)+)", heading)
    return runs[-1] if runs else ""


@per_library
def service_sections(library: list[Chunk]) -> dict[tuple[str, str, str], tuple[str, list[Chunk]]]:
    """(source, module heading, service heading) -> (service name, its chunks in reading order)."""
    out: dict[tuple[str, str, str], tuple[str, list[Chunk]]] = {}
    for c in sorted(library, key=lambda c: (c.source, c.position)):
        if len(c.section_path) < 2:
            continue
        name = service_name(c.section_path[1])
        if name:
            out.setdefault((c.source, c.section_path[0], c.section_path[1]), (name, []))[1].append(c)
    return out


def _is_aside(chunk: Chunk) -> bool:
    return any(ASIDE_SECTION_RE.search(h) for h in chunk.section_path[2:])


def service_names(library: list[Chunk]) -> set[str]:
    return {name for name, _ in service_sections(library).values()}


# "... draw boxes around the defects before I can train a detector": what the learner will do
# afterwards, not the task a service is asked for
_PURPOSE_RE = re.compile(
    r"\s*,?\s*\b(so (that )?(i|we) can|so that|before (i|we) can|in order to|to be able to|"
    r"so (i|we) (will|'ll) be able to)\b[^.?!,;]*",
    re.I,
)


# "Which SageMaker service should I use?" after the task is said: the asking, not the task (its
# words pull toward every service's "Use SageMaker X when ..." sentence); a learner dictating
# writes it with no stop before it ("... phone photos which sage maker thing handles that")
_ASKING_SENTENCE_RE = re.compile(
    r"(?<=[\w.!?])\s+(which|what)\b[^.?!]*\b(service|tool|feature|capability|option|product|"
    r"thing|thingy|piece|use|fits?|suits?|handles?|orchestrates?|supports?|helps?)\b[^.?!]*\??\s*$",
    re.I,
)


_KIND_TERMS = frozenset(
    content_terms(
        "sagemaker amazon aws service services tool tools feature capability option product thing thingy "
        "piece fit fits suit "
        "support supports help helps handle handles right best built made designed meant"
    )
)
# "service built", "tool helps": how the learner asks, whichever service's text says it too; a
# phrase with one of these words points at no service ("feature store" names one, so not "feature")
ASKING_TERMS = _KIND_TERMS - set(content_terms("feature features"))
# "Which service is built for that job?": the job the story told, not a training job
_BACK_TO_THE_TASK_RE = re.compile(r"\b(?:that|this|the|such an?|our|my) (?:job|task|work)\b", re.I)


def task_of(question: str) -> str:
    """The task a which-service question describes: without the purpose it serves afterwards,
    and without a closing "Which service should I use?" after the task is said."""
    asking = _ASKING_SENTENCE_RE.search(question)
    # "... Which SageMaker service would warn me automatically?" still says part of the task
    if asking and not set(focus_terms(_BACK_TO_THE_TASK_RE.sub("", asking.group()))) - _KIND_TERMS:
        question = question[: asking.start()]
    task = _PURPOSE_RE.sub("", question).strip() or question
    # "the inputs start to look different from the data the model was trained on": data drift, in
    # the learner's words; the course names the service for it by that name
    return f"{task} (data drift)" if _DRIFT_SAID_RE.search(task) else task


_DRIFT_SAID_RE = re.compile(
    r"\b(looks?|looking|is|are|become|becomes|getting|seems?) (different|unlike|less like)\b[^.?!]*\btrain|"
    r"\b(no longer|not|doesn't|don't|does not|do not) (look|match|resemble)\w*( like)?\b[^.?!]*\btrain|"
    r"\b(different|unlike|shifted|changed) from (the |what )?[^.?!]*\btrain",
    re.I,
)


def named_in_the_story(question: str) -> Callable[[str], bool]:
    """Whether a service is named in what the learner tells before the last sentence, and not in
    that sentence, which asks ("We have run forty training jobs. What lets us compare their
    metrics?"): the passages retrieved for the question name it because the learner did, which
    is no sign it is the answer."""
    story, asking = story_and_question(question)
    if not story:
        return lambda name: False
    return lambda name: name_at(name, story) is not None and name_at(name, asking) is None


def service_answer(
    question: str,
    question_vector: list[float],
    library: list[Chunk],
    known: SentenceVectors | None,
    retrieved: list[Passage] | None = None,
) -> tuple[str, list[Passage]] | None:
    """(service name, its passages with the best-matching sentence's passage first) for the
    service whose own sections best match the task, helped by how often the passages retrieved
    for the question name it; None without saved sentence vectors."""
    if known is None or not known.fits(question_vector):
        return None
    qv = np.asarray(question_vector)
    best: tuple[float, str, list[Chunk], Chunk] | None = None
    sections = service_sections(library)
    words = _library_words(library)
    owner = _phrase_owner(question, words)
    evidence = _word_evidence(question, words)
    told = named_in_the_story(question)
    for key, (name, chunks) in sections.items():
        scored = []
        for c in chunks:
            if is_example(c) or _is_aside(c):
                continue
            for _, s in quotable_sentences(c.text):
                v = known.get(s)
                if v is not None:
                    scored.append((float(v @ qv), c))
        if not scored:
            continue
        scored.sort(key=lambda x: -x[0])
        # the best sentence, helped by the next two: one lucky sentence is not a topic
        score = scored[0][0] + 0.5 * sum(x[0] for x in scored[1:3]) / 2
        if not told(name):
            score += _MENTION_WEIGHT * _mentions(name, retrieved or [], key[2])
        if key == owner:
            score += _PHRASE_WEIGHT
        score += _WORD_WEIGHT * evidence.get(key, 0.0)
        if best is None or score > best[0]:
            best = (score, name, chunks, scored[0][1])
    if best is None:
        return None
    _, name, chunks, top = best
    # The service must be part of what retrieval found for the task: named in a retrieved passage
    # or owning one of the first three; else the task is about something that is not a service.
    owned = {c.id for c in chunks}
    if not _mentions(name, retrieved or []) and not any(p.id in owned for p in (retrieved or [])[:3]):
        return None
    ordered = [top, *(c for c in chunks if c.id != top.id and not is_example(c) and not _is_aside(c))]
    return name, [as_passage(c) for c in ordered]


def name_at(name: str, sentence: str, as_written: bool = False) -> int | None:
    """Where ``sentence`` names ``name`` (singular or plural), or None; ``as_written``, only in the
    course's own capitals: "associated with experiments" uses the word, not the name of SageMaker
    Experiments, and cannot lead an answer."""
    stem = name.removesuffix("s") if as_written else name.lower().removesuffix("s")
    m = re.search(rf"\b{re.escape(stem)}s?\b", sentence, 0 if as_written else re.I)
    return m.start() if m else None


_MENTION_WEIGHT = 0.5
_PHRASE_WEIGHT = 0.3
# Words of the task only one or two services use; 0.15-0.3 gave the same choices on every
# labelled which-service question (39), 0.4 and above let rare words outvote meaning.
_WORD_WEIGHT = 0.2


def _phrases(terms: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(terms))


SectionKey = tuple[str, str, str]


class ServiceWords(NamedTuple):
    """Each service's own words and two-word phrases: its sections without examples and asides."""

    terms: dict[SectionKey, frozenset[str]]
    phrases: dict[SectionKey, frozenset[tuple[str, str]]]


# "Experiments is not a deployment catalog, so it should not be used to mark a model as approved
# for production": what a service is not for; its words speak against it, not for it
_SAYS_WHAT_IT_IS_NOT_RE = re.compile(
    r"\b(?:is not|are not|isn't|aren't|should not|shouldn't|does not|do not|doesn't|don't|cannot|can't)\b",
    re.I,
)


def service_words(sections: dict[SectionKey, tuple[str, list[Chunk]]]) -> ServiceWords:
    """Each service's own words and phrases (read once per library: ``_library_words``). A
    sentence of one service's section that names another service ("not the right tool for a
    multi-step workflow, which is the job of SageMaker Pipelines") speaks for that other one,
    so its words count for neither."""
    names = {name for name, _ in sections.values()}
    terms: dict[SectionKey, frozenset[str]] = {}
    phrases: dict[SectionKey, frozenset[tuple[str, str]]] = {}
    for key, (name, chunks) in sections.items():
        others = names - {name}
        own = [
            content_terms(sentence)
            for c in chunks
            if not is_example(c) and not _is_aside(c)
            for sentence in split_sentences(c.text)
            if not any(name_at(other, sentence) is not None for other in others)
            and not _SAYS_WHAT_IT_IS_NOT_RE.search(sentence)
        ]
        terms[key] = frozenset(t for ts in own for t in ts)
        phrases[key] = frozenset(p for ts in own for p in _phrases(ts))
    return ServiceWords(terms, phrases)


@per_library
def _library_words(library: list[Chunk]) -> ServiceWords:
    return service_words(service_sections(library))


def _common_terms(words: ServiceWords) -> set[str]:
    """Words more than half of the services use ("model", "need"): a phrase of two of them
    ("model needs") says nothing of which service a task needs, though "training runs" does."""
    counts: dict[str, int] = {}
    for ts in words.terms.values():
        for t in ts:
            counts[t] = counts.get(t, 0) + 1
    return {t for t, n in counts.items() if n * 2 > len(words.terms)}


def _phrase_owner(question: str, words: ServiceWords) -> SectionKey | None:
    """The one service whose own sections use a two-word phrase of the task that no other
    service's sections use ("bounding boxes": Ground Truth); None if none or several."""
    common = _common_terms(words)
    asked = {
        p for p in _phrases(content_terms(question)) if not set(p) <= common and not set(p) & ASKING_TERMS
    }
    owners = set()
    for phrase in asked:
        having = [key for key, phrases in words.phrases.items() if phrase in phrases]
        if len(having) == 1:
            owners.add(having[0])
    return owners.pop() if len(owners) == 1 else None


def _word_evidence(question: str, words: ServiceWords) -> dict[SectionKey, float]:
    """How much of the task is said in words only one or two services use ("unlabelled",
    "milliseconds"): each such word counts for its services (half each when two share it),
    over the square root of the task's word count, so a long task is not favoured."""
    asked = set(content_terms(question))
    evidence: dict[SectionKey, float] = {}
    for term in asked:
        having = [key for key, ts in words.terms.items() if term in ts]
        if 1 <= len(having) <= 2:
            for key in having:
                evidence[key] = evidence.get(key, 0.0) + 1.0 / len(having)
    scale = math.sqrt(len(asked)) if asked else 1.0
    return {key: v / scale for key, v in evidence.items()}


def _mentions(name: str, passages: list[Passage], heading: str = "") -> float:
    """Rank-weighted share of the retrieved passages that name the service (0..1). A passage
    of another service's own sections that names it in passing ("the labelled images feed a
    training job", in Ground Truth's worked example) counts half: it is about that other one."""
    weights = [1.0 / (1 + r) for r in range(len(passages))]

    def weight(p: Passage) -> float:
        if name_at(name, p.text) is None:
            return 0.0
        elsewhere = heading and len(p.section_path) > 1 and p.section_path[1] != heading
        return 0.5 if elsewhere and service_name(p.section_path[1]) else 1.0

    hit = sum(w * weight(p) for w, p in zip(weights, passages, strict=True))
    return hit / sum(weights) if weights else 0.0


LEANS_BACK_RE = re.compile(
    r"^\W*(?:\S+\s+){0,4}?(also(?!,? (called|known|written|named))|as well|again|likewise)\b", re.I
)


def leans_back(sentence: str) -> bool:
    """ "Clarify also explains ...": a sentence that adds to one before it, in its first words."""
    return LEANS_BACK_RE.match(sentence) is not None


def lead_with_name(picked: list[tuple[Passage, str]], name: str) -> list[tuple[Passage, str]]:
    """Put first the earliest-naming sentence among the first three that names the service, one
    that does not lean on a sentence before it if there is one."""
    naming = [
        (i, x, at)
        for i, x in enumerate(picked[:3])
        if (at := name_at(name, x[1], as_written=True)) is not None
    ]
    if not naming:
        return picked
    # a lead names and defines; "Clarify also explains ..." leans on a sentence before it
    i, first, _ = min(naming, key=lambda ix: (ix[2] > 40, leans_back(ix[1][1]), ix[0]))
    return [first, *(x for j, x in enumerate(picked) if j != i)]
