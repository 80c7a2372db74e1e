"""Question shapes, answered the way a teacher would, first sentence first.

- which-module ("Which module teaches Model Registry?"): the course's own structure answers,
  the sentence that says "Module 4 covers ... Model Registry ...".
- which-service-for-a-task ("Which tool explains why the loan was denied?"): lead with the
  service, from that service's own sections, then why.
- prerequisites ("What should I know before starting?"): retrieval is pointed at the course's
  prerequisites.
- definition, how-it-works, when-to-use: the sentences after the first stay in the first one's
  topic (its section of the course), so an answer on automatic model tuning does not drift into
  fine-tuning foundation models.
Worked and real-world examples are left out unless the question asks for an example.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

import numpy as np

from tutor.answer.question_words import subject_of
from tutor.index.sentence_vectors import SentenceVectors, quotable_sentences
from tutor.models import Chunk, Passage
from tutor.text import content_terms, normalize

Shape = Literal[
    "which-module",
    "service-for-task",
    "prerequisites",
    "comparison",
    "list",
    "how-it-works",
    "when-to-use",
    "definition",
    "other",
]

_MODULE_RE = re.compile(
    r"\b(which|what) (module|chapter|part of the course)\b|\bin which module\b|\bwhere in the course\b|"
    r"\bwhat (does|is) module \d\b|\bmodule \d (about|cover|teach)|\bhow many modules\b",
    re.I,
)
_SERVICE_RE = re.compile(
    r"\b(which|what)( sagemaker| aws| amazon)? (service|tool|feature|capability|product)s?\b|"
    r"\bwhat (should|do|can|could|would) (i|we) use\b|\bwhere (can|do|should) (i|we) (find|get)\b|"
    r"^(i|we)( really)? (want|need|would like|'d like|have to)\b",
    re.I,
)
_PREREQ_RE = re.compile(
    r"\bprerequisit|\bbackground knowledge\b|"
    r"\bbefore (i |you |we )?(start|begin|take|taking|starting|beginning|doing)\b|"
    r"\b(know|learn|be familiar with) (first|beforehand)\b",
    re.I,
)
# "which service goes with which phase": the map of services, not one service for one task
_MAP_RE = re.compile(r"\bwhich\b.*\bwhich\b|\b(each|every|all|map|cheat)\b", re.I)
_COMPARE_RE = re.compile(r"\b(vs\.?|versus|differ\w*|compared? (to|with)|or)\b", re.I)
_HOW_RE = re.compile(
    r"^\s*how (does|do|is|are)\b.*\b(work|works|detect|decide|keep|save|explain)\b|^\s*how does\b", re.I
)
_WHEN_RE = re.compile(r"\bwhen (should|shouldn't|to|is|would|not)\b|\bshould i use\b", re.I)
_LIST_RE = re.compile(r"^\s*(what|which|list|name)\b.*\b(are|the)\b.*s\b\??$", re.I)
_DEFINE_RE = re.compile(r"^\s*(what'?s|what (is|are|does)|define|explain what)\b", re.I)
_EXAMPLE_ASKED_RE = re.compile(r"\b(example|scenario|case study|real[- ]world|worked)\b", re.I)
_EXAMPLE_SECTION_RE = re.compile(r"\b(worked example|real-world example|example:)", re.I)
_MODULE_NUMBER_RE = re.compile(r"\bmodule (\d)\b", re.I)
# Sections that lead away from "which service does this": the other side of a comparison, and
# what the service is *not*.
_ASIDE_SECTION_RE = re.compile(r"\b(versus|vs\.?|misconceptions?)\b", re.I)


def shape_of(question: str) -> Shape:
    q = question.strip()
    if _MODULE_RE.search(q):
        return "which-module"
    if _PREREQ_RE.search(q):
        return "prerequisites"
    if _SERVICE_RE.search(q) and not _MAP_RE.search(q):
        return "service-for-task"
    if _COMPARE_RE.search(q):
        return "comparison"
    if _WHEN_RE.search(q):
        return "when-to-use"
    if _HOW_RE.search(q):
        return "how-it-works"
    if _DEFINE_RE.search(q) and _LIST_RE.search(q) and re.search(r"\b(are|the)\b", q, re.I):
        return "list"
    if _DEFINE_RE.search(q):
        return "definition"
    return "other"


def retrieval_query(question: str, shape: Shape) -> str:
    """The text to retrieve with: prerequisite questions are pointed at the prerequisites."""
    if shape == "prerequisites":
        return f"{question} prerequisites background knowledge"
    return question


def is_example(passage: Passage | Chunk) -> bool:
    return any(_EXAMPLE_SECTION_RE.search(h) for h in passage.section_path)


def without_examples(question: str, passages: list[Passage]) -> list[Passage]:
    """Worked examples only when the question asks for one, or asks about one (the best passage
    is an example), or nothing else was retrieved."""
    if _EXAMPLE_ASKED_RE.search(question) or (passages and is_example(passages[0])):
        return passages
    kept = [p for p in passages if not is_example(p)]
    return kept or passages


def topic_key(passage: Passage) -> tuple[str, ...]:
    """The course topic a passage belongs to: its source and second-level section."""
    return (passage.source, *passage.section_path[:2])


def subject_terms(question: str) -> set[str]:
    """Content words of the thing a definition or how-question is about ("automatic model tuning")."""
    return set(content_terms(subject_of(question)))


def on_topic(question: str, picked: list[tuple[Passage, str]]) -> list[tuple[Passage, str]]:
    """The first sentence, and later ones from the same topic of the course or naming the whole
    subject of the question: "fine-tuning a foundation model" does not explain automatic model tuning."""
    if not picked:
        return picked
    key = topic_key(picked[0][0])
    subject = subject_terms(question)
    return [
        picked[0],
        *(
            x
            for x in picked[1:]
            if topic_key(x[0]) == key or (subject and subject <= set(content_terms(x[1])))
        ),
    ]


def _as_passage(chunk: Chunk) -> Passage:
    return Passage(**chunk.model_dump(), score=0.0)


# --- which module -----------------------------------------------------------------------------
_VOTED_BONUS = 0.5


def _voted_module(passages: list[Passage]) -> int | None:
    """The module most of the retrieved passages are from (rank-weighted; the overview, module
    0, does not vote): where the course teaches what the question is about."""
    votes: dict[int, float] = {}
    for rank, p in enumerate(passages):
        if p.module:
            votes[p.module] = votes.get(p.module, 0.0) + 1.0 / (1 + rank)
    return max(votes, key=lambda m: votes[m]) if votes else None


def module_answer(
    question: str, names: list[str], library: list[Chunk], retrieved: list[Passage] | None = None
) -> list[tuple[Passage, str]]:
    """Sentences of the course's structure that place the question's topic in a module: the one
    its words and names point at, helped by the module the retrieved passages are from."""
    wanted = _MODULE_NUMBER_RE.search(question)
    voted = _voted_module(retrieved or []) if not wanted else None
    how_many = re.search(r"\bhow many modules\b", question, re.I)
    terms = set(content_terms(question)) - {"modul", "module", "course", "teach", "taught", "learn"}
    best: tuple[float, int, Chunk, str] | None = None
    for chunk in library:
        for _, s in quotable_sentences(chunk.text):
            if how_many:
                if not re.search(r"\b(two|three|four|five|six|seven|eight)\b modules\b", s, re.I):
                    continue
                score = 1.0
            else:
                found = _MODULE_NUMBER_RE.findall(s)
                if not found or (wanted and wanted.group(1) not in found):
                    continue
                low = normalize(s)
                score = sum(normalize(n) in low for n in names) * 2.0
                score += len(terms & set(content_terms(s))) / max(len(terms), 1)
                if len(found) > 1 and not wanted:
                    score -= 0.5  # a sentence listing every module places nothing in particular
                if wanted and low.startswith(f"module {wanted.group(1)}"):
                    score += 1.0
                if voted is not None and str(voted) in found:
                    score += _VOTED_BONUS
            if score > 0 and (best is None or (score, -len(s)) > (best[0], -best[1])):
                best = (score, len(s), chunk, s)
    if best is None or (names and not any(normalize(n) in normalize(best[3]) for n in names)):
        return []
    return [(_as_passage(best[2]), best[3])]


# --- which service for a task -----------------------------------------------------------------
def service_name(heading: str) -> str:
    """'Clarify' for 'SageMaker Clarify'; '' for a heading that names no service."""
    m = re.match(r"^(?:Amazon )?SageMaker (?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*)*)$", heading.strip())
    if m:
        return m.group("name")
    runs = re.findall(r"(?<!^)\b([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?: [A-Z][a-z]+)+)", heading)
    return runs[-1] if runs else ""


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
    return any(_ASIDE_SECTION_RE.search(h) for h in chunk.section_path[2:])


def service_names(library: list[Chunk]) -> set[str]:
    return {name for name, _ in service_sections(library).values()}


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
    if known is None or not len(known):
        return None
    qv = np.asarray(question_vector)
    if known.vectors.shape[1] != qv.shape[0]:
        return None
    best: tuple[float, str, list[Chunk], Chunk] | None = None
    sections = service_sections(library)
    owner = _phrase_owner(question, sections)
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
        score += _MENTION_WEIGHT * _mentions(name, retrieved or [])
        if key == owner:
            score += _PHRASE_WEIGHT
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
    return name, [_as_passage(c) for c in ordered]


def name_at(name: str, sentence: str) -> int | None:
    """Where ``sentence`` names ``name`` (singular or plural), or None."""
    m = re.search(rf"\b{re.escape(name.lower().removesuffix('s'))}s?\b", sentence.lower())
    return m.start() if m else None


_MENTION_WEIGHT = 0.5
_PHRASE_WEIGHT = 0.3


def _phrases(text: str) -> set[tuple[str, str]]:
    terms = content_terms(text)
    return set(itertools.pairwise(terms))


def _phrase_owner(
    question: str, sections: dict[tuple[str, str, str], tuple[str, list[Chunk]]]
) -> tuple[str, str, str] | None:
    """The one service whose own sections (not examples or asides) use a two-word phrase of the
    task that no other service's sections use ("bounding boxes": Ground Truth); None if none or
    several."""
    asked = _phrases(question)
    used = {
        key: set().union(*(_phrases(c.text) for c in chunks if not is_example(c) and not _is_aside(c)))
        for key, (_, chunks) in sections.items()
    }
    owners = set()
    for phrase in asked:
        having = [key for key, phrases in used.items() if phrase in phrases]
        if len(having) == 1:
            owners.add(having[0])
    return owners.pop() if len(owners) == 1 else None


def _mentions(name: str, passages: list[Passage]) -> float:
    """Rank-weighted share of the retrieved passages that name the service (0..1)."""
    weights = [1.0 / (1 + r) for r in range(len(passages))]
    hit = sum(w for w, p in zip(weights, passages, strict=True) if name_at(name, p.text) is not None)
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
    naming = [(i, x, at) for i, x in enumerate(picked[:3]) if (at := name_at(name, x[1])) is not None]
    if not naming:
        return picked
    # a lead names and defines; "Clarify also explains ..." leans on a sentence before it
    i, first, _ = min(naming, key=lambda ix: (ix[2] > 40, leans_back(ix[1][1]), ix[0]))
    return [first, *(x for j, x in enumerate(picked) if j != i)]
