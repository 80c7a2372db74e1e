"""Overview answers: a section that announces its parts, or a list the question asks for, is
answered with those parts.

"The SageMaker course assumes four kinds of background knowledge." is the best sentence for
"what do I need to know before I start?", but on its own it only says that four kinds exist.
When a section names a count that matches the number of its subsections ("four" and four
subsections, or five when the last one is about choosing between them), or points at "the subsections below",
the answer goes on with the opening sentence of each subsection, each cited to its own passage.
A sentence that ends on a count ("offers three kinds of workforce.") and is followed by them in
its paragraph goes on with those sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tutor.answer.question_words import is_terse
from tutor.answer.section_reading import COUNT_WORDS, section_chunks
from tutor.answer.shapes import WHAT_ARE_THEY_RE, asks_for_a_list, shape_of
from tutor.answer.vocabulary import heading_words
from tutor.index.sentence_vectors import quotable_sentences
from tutor.models import Chunk, Passage
from tutor.text import content_terms, split_sentences, tokens

MAX_PARTS = 6

_COUNT_RE = re.compile(r"\b(" + "|".join(COUNT_WORDS) + r")\b", re.I)
_POINTS_BELOW_RE = re.compile(r"\b(subsections|sections) below\b", re.I)
_CHOICE_RE = re.compile(r"\b(choos\w*|choice|versus|vs\.?|which to use|when to use)\b", re.I)


def announced_parts(section: Passage, library: list[Chunk]) -> tuple[str | None, list[tuple[Passage, str]]]:
    """The sentence of ``section`` that announces its subsections, and (first passage, opening
    sentence) of each subsection in reading order; (None, []) when it announces none."""
    depth = len(section.section_path)
    counts = {COUNT_WORDS[m.lower()] for m in _COUNT_RE.findall(section.text)}
    points_below = bool(_POINTS_BELOW_RE.search(section.text))
    if depth == 0 or not (counts or points_below):
        return None, []  # announces nothing: no need to look through the library
    children = sorted(
        (
            c
            for c in library
            if c.source_path == section.source_path
            and len(c.section_path) == depth + 1
            and c.section_path[:depth] == section.section_path
        ),
        key=lambda c: c.position,
    )
    first: dict[str, Chunk] = {}
    for chunk in children:
        first.setdefault(chunk.section_path[-1], chunk)
    # "Four main ways", then four subsections and a fifth on choosing between them.
    closing_choice = bool(first) and bool(_CHOICE_RE.search(list(first)[-1]))
    announced = len(first) in counts or (closing_choice and len(first) - 1 in counts) or points_below
    if not announced or not 2 <= len(first) <= MAX_PARTS:
        return None, []
    announcing = next(
        (s for _, s in quotable_sentences(section.text) if _COUNT_RE.search(s) or _POINTS_BELOW_RE.search(s)),
        None,
    )
    openings = []
    for chunk in first.values():
        sentences = [sent for _, sent in quotable_sentences(chunk.text)][:_PART_CHOICES]
        if sentences:
            # the most concrete of its first sentences that says what the part is about (a word
            # of its heading) stands for the part: "AWS Identity and Access Management (IAM)
            # controls who may do what ..." says more of "AWS fundamentals" than "SageMaker is
            # built on ordinary AWS building blocks"
            heading = _words5(chunk.section_path[-1])
            about = [sent for sent in sentences if heading & _words5(sent)] or sentences[:1]
            best = max(about, key=lambda sent: (_named_things(sent), -about.index(sent)))
            if _named_things(best) < _named_things(sentences[0]) + _MORE_CONCRETE:
                best = sentences[0]  # the opening, unless another sentence is far more concrete
            openings.append((Passage(**chunk.model_dump(), score=0.0), best))
    return announcing, openings


_PART_CHOICES = 3
_MORE_CONCRETE = 3
"""Names a later sentence of a part must add over its opening to stand for the part instead."""


def _words5(text: str) -> set[str]:
    """First five letters of each word, names such as "AWS" and "ML" included (the content-word
    tokenizer sets the course's own product names aside)."""
    return {t[:5] for t in tokens(text) if len(t) > 1 and t not in _FUNCTION_WORDS}


_FUNCTION_WORDS = frozenset({"the", "an", "and", "or", "of", "for", "to", "in", "on", "with", "is", "are"})


def _named_things(sentence: str) -> int:
    """Distinct names and abbreviations a sentence uses, not counting its first word."""
    words = re.findall(r"[A-Za-z][\w-]*", sentence)[1:]
    return len({w for w in words if w[0].isupper()})


# "Ground Truth offers three kinds of workforce." and the three follow in the same paragraph:
# a sentence that ends on a count and what is counted announces the sentences after it.
_ENDS_ON_COUNT_RE = re.compile(r"\b(" + "|".join(COUNT_WORDS) + r")\b(\s+[\w()-]+){1,4}\s*[.:]$", re.I)


_UNCOUNTED_PARTS = 4
"""Sentences taken after one that ends on what a list question asks for, without a count."""


def paragraph_parts(
    passage: Passage, sentence: str, asked: set[str] = frozenset(), about: set[str] | None = None
) -> list[tuple[Passage, str]]:
    """The sentences after ``sentence`` in its paragraph, as many as it announces, when it ends
    on a count ("offers three kinds of workforce.") or on the plural a list question asks for
    ("Role Manager starts from preconfigured personas." for "name the personas"); [] otherwise.
    With ``about`` (the question's stemmed words), what is counted must be one of them: "two
    storage tiers" does not answer a question on features."""
    m = _ENDS_ON_COUNT_RE.search(sentence.strip())
    last = re.findall(r"[\w-]+", sentence.lower())[-1:]
    if m and about is not None and not set(content_terms(m.group(0))) & about:
        m = None
    if m:
        count = COUNT_WORDS[m.group(1).lower()]
    elif last and last[0] in asked:
        count = _UNCOUNTED_PARTS
    else:
        return []
    for paragraph in re.split(r"\n\s*\n", passage.text):
        sentences = split_sentences(paragraph)
        if sentence in sentences:
            after = sentences[sentences.index(sentence) + 1 :]
            return [(passage, s) for s in after[:count]] if len(after) >= 2 else []
    return []


# --- lists ---------------------------------------------------------------------------------
# "What are the phases of the ML lifecycle?" is answered by a list the course introduces with
# "This course uses six phases:". Its items rarely repeat the question's words, so sentence
# scoring passes them over; the answer is the introduction and the whole list.
MAX_LIST_ITEMS = 10
_ENUMERATION_RE = re.compile(
    r"^\s*(?:(?:can|could|would) you (?:please )?|please )?(what|which|list|name|enumerate|outline|give me)\b",
    re.I,
)
_ONE_THING_RE = re.compile(r"^\s*what(?:'s| is)\b", re.I)
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?P<item>\S.*?)\s*$")
_NOT_PLURALS = frozenset(
    {"does", "this", "class", "access", "process", "business", "analysis", "status", "whats", "thats"}
)


# "... ways SageMaker offers to get predictions", "what Clarify gives you": a word in -s before
# "to" or a pronoun is a verb, not the plural the list is of ("the steps a pipeline runs" is)
# "... the metrics that Clarify reports?": a word in -s after "that" and a name is its verb
_VERB_AFTER_NAME_RE = re.compile(
    r"\b(?:that|which) (?:(?:SageMaker|Amazon|AWS) )?(?:[A-Z][\w-]* ){1,3}([a-z]{4,}s)\b"
)
# "the options SageMaker offers for getting predictions": a verb after the name, then its object
_VERB_AFTER_VENDOR_RE = re.compile(
    r"\b(?:SageMaker|Amazon|AWS)(?: [A-Z][\w-]*){0,3} ([a-z]{4,}s) (?=(for|to|in|on|with|when|the|a|an|its|their)\b)"
)
_VERB_BEFORE_OBJECT_RE = re.compile(r"\b([a-z]{4,}s)\s+(?=(to|it|them|you|me|us)\b)", re.I)
# "Name some pre-training bias metrics Clarify provides.": a word in -s ending the sentence after a name
_VERB_AT_END_RE = re.compile(r"\b[A-Z][\w-]* ([a-z]{4,}s)\s*[.?!]*\s*$")


def enumeration_nouns(question: str) -> set[str]:
    """Plural nouns of a question that asks for a list ("what are the phases ...?"); "what is"
    asks for one thing, whatever plurals follow ("What is meant by technical debt in ML systems?")."""
    listed = asks_for_a_list(question)  # "whats in a model card, can u list the sections"
    if not listed and not _enumerates(question):
        # ... or its last sentence, after what the learner tells first ("coming from data eng I
        # only know the ETL end. what phases of the ML lifecycle does this course use?"), whose
        # plurals are what it asks for, unless it asks of them ("... the lifecycle phases the
        # course uses. What are they?")
        # (a sentence a hurried learner begins in lower case is a sentence too)
        *story, asking = re.split(r"(?<=[.!?])\s+", question.strip())
        if not (story and _enumerates(asking)):
            return set()
        question = question if WHAT_ARE_THEY_RE.match(asking) else asking
    verbs = {m.group(1).lower() for m in _VERB_BEFORE_OBJECT_RE.finditer(question)}
    verbs |= {m.group(1).lower() for m in _VERB_AFTER_NAME_RE.finditer(question)}
    verbs |= {m.group(1).lower() for m in _VERB_AFTER_VENDOR_RE.finditer(question)}
    verbs |= {m.group(1).lower() for m in _VERB_AT_END_RE.finditer(question)}
    nouns = {
        t
        for t in tokens(question)
        if len(t) >= 5 and t.endswith("s") and not t.endswith("ss") and t not in _NOT_PLURALS | verbs
    }
    # "What kinds of monitoring ...?" asks for what the course lists as "four monitoring types"
    nouns |= {"types"} if nouns & _KINDS else set()
    # "the stages of the ML loop": what the course lists as "six phases"
    return nouns | {other for n in nouns for other in _SAME_PARTS.get(n, ())}


_SAME_PARTS = {"stages": ("phases",)}


def _enumerates(sentence: str) -> bool:
    return _ENUMERATION_RE.match(sentence) is not None and _ONE_THING_RE.match(sentence) is None


_KINDS = frozenset({"kinds", "types", "sorts", "forms", "varieties", "categories"})
_KINDS_OF_RE = re.compile(
    r"\b(?:kinds|types|sorts|forms|varieties|categories) of (?:an? |the )?([a-z]{4,})", re.I
)


def introduced_list(
    question: str, passages: list[Passage], library: list[Chunk], look_at: int = 3
) -> tuple[list[tuple[Passage, str]], list[tuple[Passage, str]]]:
    """(passage, sentence) of the introduction, and of the items, of a list that one of the first
    ``look_at`` passages' sections introduces with a line naming what the question asks for;
    else of a list anywhere in the course whose line also names two other words of the question
    ("A SageMaker model card has standard sections:" for "What sections does a model card
    have?"); both empty when there is none. The whole section is read, so a list a chunk boundary
    cuts is still given whole, each item cited to the chunk it is in."""
    nouns = enumeration_nouns(question)
    if not nouns:
        return [], []
    by_id = {p.id: p for p in passages}

    # "What types of workforce ...?": a list of types of something else ("step types") is not it
    of = [m.group(1)[:5] for m in _KINDS_OF_RE.finditer(question)]

    def names_asked(intro: str, others: set[str]) -> bool:
        named = any(re.search(rf"\b{n}\b", intro, re.I) for n in nouns)
        if of and nouns <= _KINDS and not any(re.search(rf"\b{o}", intro, re.I) for o in of):
            return False
        # a query of a few words is all topic: "model monitor setup steps" is not answered by the
        # list of a pipeline's step types, which names models too
        need = len(others) if is_terse(question) else 2
        return named and (not others or len(others & _words5(intro)) >= need)

    for top in passages[:look_at]:
        found = _list_in(
            section_chunks(library, top.source_path, top.section_path), lambda i: names_asked(i, set()), by_id
        )
        if found[1]:
            return found
    others = set(heading_words(question)) - {n[:5] for n in nouns}  # its topic words, not how it asks
    # "Which service do I use to schedule quality checks?" asks for a service, not a list
    if len(others) < 2 or shape_of(question) in _NOT_LISTS:
        return [], []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for chunk in sorted(library, key=lambda c: (c.source, c.position)):
        key = (chunk.source_path, tuple(chunk.section_path))
        if key in seen:
            continue
        seen.add(key)
        found = _list_in(
            section_chunks(library, chunk.source_path, chunk.section_path),
            lambda i: names_asked(i, others),
            by_id,
        )
        if found[1]:
            return found
    return [], []


_NOT_LISTS = frozenset({"service-for-task", "which-module", "comparison", "when-to-use", "prerequisites"})


def list_after(passage: Passage, sentence: str, library: list[Chunk]) -> list[tuple[Passage, str]]:
    """The items of the list that ``sentence`` introduces ("A typical training pipeline orders its
    steps like this:"), read whole from its section; [] when it introduces none."""
    if not sentence.endswith(":"):
        return []
    section = section_chunks(library, passage.source_path, passage.section_path)
    return _list_in(section, lambda intro: intro.endswith(sentence), {passage.id: passage})[1]


def _list_in(
    section: list[Chunk], introduces: Callable[[str], bool], by_id: dict[str, Passage]
) -> tuple[list[tuple[Passage, str]], list[tuple[Passage, str]]]:
    """The introduction and items of the first list in ``section`` whose introducing line ends in
    ":" and ``introduces`` accepts."""
    lines = [(chunk, line) for chunk in section for line in chunk.text.splitlines()]
    for i, (chunk, line) in enumerate(lines):
        intro = line.strip()
        if not intro.endswith(":") or not introduces(intro):
            continue
        j = i + 1
        while j < len(lines) and not lines[j][1].strip():
            j += 1
        items = []
        while j < len(lines) and len(items) < MAX_LIST_ITEMS and (m := _LIST_ITEM_RE.match(lines[j][1])):
            items.append((lines[j][0], m.group("item")))
            j += 1
        if len(items) < 2:
            continue

        def passage_of(c: Chunk) -> Passage:
            return by_id.get(c.id) or Passage(**c.model_dump(), score=0.0)

        lead = [(passage_of(chunk), s) for s in split_sentences(intro)[-2:]]
        return lead, [(passage_of(c), item) for c, item in items]
    return [], []


def with_announced_parts(
    question: str, picked: list[tuple[Passage, str]], passages: list[Passage], library: list[Chunk]
) -> list[tuple[Passage, str]]:
    """The best sentence and the parts its section announces, if it announces any."""
    _, parts = announced_parts(picked[0][0], library)
    asked = enumeration_nouns(question)
    parts = parts or paragraph_parts(*picked[0], asked)
    if parts:
        return [picked[0], *parts]
    if asked:
        # "Which personas does Role Manager offer?": the sentence that announces them may not be
        # the best one alone ("Role Manager starts from preconfigured personas.")
        for passage in passages[:3]:
            for _, sentence in quotable_sentences(passage.text):
                parts = paragraph_parts(passage, sentence, asked, set(content_terms(question)))
                if parts:
                    return [(passage, sentence), *parts]
        # "What are the deployment options?": the section that announces them may rank below
        # a passage that merely mentions them.
        for passage in passages[:3]:
            announcing, parts = announced_parts(passage, library)
            if announcing and parts:
                return [(passage, announcing), *parts]
    return picked
