"""Things a question names by the sections they head ("serverless inference" heads "Serverless
inference"), and two such things compared on what the learner names: "How do fine-tuning and RAG
compare on per-request latency and on keeping knowledge current?" Each side has its own section
("Fine-tuning a foundation model", "Retrieval-augmented generation (RAG)"), and the sentences of
each that speak of what is compared ("keeps inference latency low", "knowledge is frozen at
training time") answer it, side by side. The sentence picker would weigh both sides' sentences
together and often quote one side twice.
"""

from __future__ import annotations

import re

from tutor.answer.per_library import per_library
from tutor.answer.question_words import COST_WORDS, FRESHNESS_WORDS, LATENCY_WORDS, focus_terms
from tutor.answer.section_reading import heading_terms, heads_with, in_order
from tutor.answer.shapes import as_passage
from tutor.models import Chunk, Passage
from tutor.text import content_terms, tokens

# A learner's word for what is compared, and the course's: the idea each names (its group's first word)
_SAME_DIMENSION = {w: group[0] for group in (FRESHNESS_WORDS, LATENCY_WORDS, COST_WORDS) for w in group}


@per_library
def _subsection_headings(library: list[Chunk]) -> list[tuple[tuple[list[str], list[str]], Chunk]]:
    """Each subsection chunk with its heading's words, read once per library."""
    return [(heading_terms(c.section_path[-1]), c) for c in library if len(c.section_path) >= 3]


def headed_things(question: str, library: list[Chunk]) -> list[tuple[str, list[Chunk]]]:
    """The things the question names that head a section of their own (the longest name first),
    in the order named, each as the question words it, with the chunks of the first section
    it heads."""
    words = [w for w in tokens(question.replace("-", " ")) if content_terms(w)]
    found: dict[tuple[str, tuple[str, ...]], tuple[int, str, list[Chunk]]] = {}
    taken: set[int] = set()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            if taken & set(range(i, i + size)):
                continue
            phrase = " ".join(words[i : i + size])
            # one word heads a section only as a name ("RAG", "Clarify"), not "model"
            if size == 1 and not re.search(rf"\b{re.escape(phrase)}\b", _capitalised(question)):
                continue
            named = content_terms(phrase)
            heads = [c for terms, c in _subsection_headings(library) if heads_with(named, terms)]
            if not heads:
                continue
            first = min(heads, key=lambda c: (c.source, c.position))
            key = (first.source_path, tuple(first.section_path))
            if key not in found:
                found[key] = (
                    i,
                    phrase,
                    [c for c in heads if c.section_path == first.section_path],
                )
            taken |= set(range(i, i + size))
    return [(named, chunks) for _, named, chunks in sorted(found.values(), key=lambda x: x[0])]


def _capitalised(question: str) -> str:
    return " ".join(w.lower() for w in re.findall(r"\b[A-Z][\w]*", question))


def _dimensions(terms: list[str]) -> set[str]:
    return {_SAME_DIMENSION.get(t[:5], t[:5]) for t in terms}


def compared_on(question: str, library: list[Chunk]) -> list[tuple[Passage, str]]:
    """The sentences of each side's own section that speak of what the question compares them
    on, side by side; [] unless exactly two sides head sections and each says something of it."""
    sides = headed_things(question, library)
    if len(sides) != 2:
        return []
    named = {t for phrase, _ in sides for t in content_terms(phrase)}
    asked = _dimensions([t for t in focus_terms(re.sub(r"-", " ", question)) if t not in named])
    asked &= set(_SAME_DIMENSION.values())
    if not asked:
        return []
    # the dimensions in the order asked, each said by its own word first ("latency"), else by a
    # learner's word for it ("current" for freshness)
    order = [
        d for d in dict.fromkeys(_SAME_DIMENSION.get(t[:5]) for t in focus_terms(question)) if d in asked
    ]
    answer: list[tuple[Passage, str]] = []
    for _, chunks in sides:
        sentences = [
            (as_passage(c), s) for c in sorted(chunks, key=lambda c: c.position) for s in in_order(c.text)
        ]
        said: list[tuple[Passage, str]] = []
        for d in order:
            own = [x for x in sentences if d in {t[:5] for t in content_terms(x[1])} and x not in said]
            other = [x for x in sentences if d in _dimensions(content_terms(x[1])) and x not in said]
            if own or other:
                said.append((own or other)[0])
        if not said:
            return []
        answer += said
    return answer


_WHEN_SUBJECT = (
    r"\bwhen (?:would|should|is|are|does|do|might)(?: (?:i|we|you) (?:use|pick|choose|avoid))? (?:an? |the )?"
)


def when_subject(question: str, library: list[Chunk]) -> list[str]:
    """ "When would serverless inference be the wrong choice?": the thing a when-question asks
    about, named in lower case, when it heads a section of its own; [] otherwise."""
    plain = question.replace("-", " ")
    return [
        phrase
        for phrase, _ in headed_things(question, library)
        if re.search(_WHEN_SUBJECT + re.escape(phrase), plain, re.I)
    ][:1]
