"""Answers a section of the course gives read in order: the section whose heading the question
asks back, a "X versus Y" section for a comparison, a "How X works" section for a how-question,
the course's opening for "what is this course about?", and the paragraph that began an
explanation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.answer.question_words import focus_terms, quoted_terms
from tutor.answer.vocabulary import VENDORS, chunks_saying, heading_words, vocabulary
from tutor.index.sentence_vectors import quotable_sentences
from tutor.models import Chunk, Passage
from tutor.text import content_terms, split_sentences

COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
"""The small numbers the course writes as words ("follows four steps")."""


def in_order(text: str) -> list[str]:
    """The sentences of a passage as a reader meets them: short ones too ("The modules follow
    the lifecycle."), which the sentence picker leaves out as too thin to stand alone."""
    out = []
    for sentence in split_sentences(text):
        s = sentence.strip().lstrip("-*+ ").strip()
        if len(s.split()) >= 4 and s[-1] in ".!?" and not s.startswith(("|", "```", "#")):
            out.append(s)
    return out


MISCONCEPTION_RE = re.compile(r"\bmisconceptions? (is|are|was) that\b", re.I)
_VERSUS_HEADING_RE = re.compile(r"\b(versus|vs\.?|compared|difference)\b", re.I)


def heading_section(question: str, library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """ "What goes into a SageMaker model card?": a question whose topic words are exactly those
    of one section's heading (and of no other) asks for that section, read in order; [] when no
    heading, or more than one, has them."""
    asked = heading_words(question)
    if len(asked) < 2:
        return []
    sections = vocabulary(library).headings.get(asked, [])
    if len(sections) != 1:
        return []
    [(source_path, path)] = sections
    return _read_path(library, source_path, path, limit)


def comparison_section(
    question: str, picked: list[tuple[Passage, str]], limit: int, retrieved: list[Passage] | None = None
) -> list[tuple[Passage, str]]:
    """ "How does X differ from Y?": when a picked sentence is from a section headed "X versus Y"
    whose words are the question's, or one of the first passages ``retrieved`` is ("Ground Truth
    vs A2I?", whose best sentence is in Ground Truth's "when not" section), that section read in
    order answers it, both sides of it; [] when there is none."""
    asked = {t[:5] for t in content_terms(question)}
    candidates = [p for p, _ in picked[:3]] + (retrieved or [])[:3]
    for passage in candidates:
        heading = passage.section_path[-1] if passage.section_path else ""
        # both sides of the heading are the question's ("Ground Truth versus Data Wrangler" does
        # not answer "Ground Truth vs A2I")
        sides = {t[:5] for t in content_terms(_VERSUS_HEADING_RE.sub(" ", heading))}
        if (
            _VERSUS_HEADING_RE.search(heading)
            and sides
            and (len(sides & asked) >= 0.75 * len(sides) or _both_sides_asked(heading, asked))
        ):
            return [(passage, s) for s in in_order(passage.text)][:limit]
    return []


def sibling_sections(question: str, library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """ "How do Clarify's pre-training bias metrics differ from its post-training ones?": two
    sections headed alike but for the side each names ("Clarify pre-training bias metrics",
    "Clarify post-training bias metrics"), every word of both headings the question's: the
    opening of each, in the order the question names them; [] otherwise."""
    question = re.sub(r"['’]s\b", "", question)  # "Clarify's" is Clarify
    asked = heading_words(question)
    found = [(w, s) for w, s in vocabulary(library).headings.items() if len(w) >= 2 and w <= asked]
    if len(found) != 2 or any(len(s) != 1 for _, s in found):
        return []
    (a, [at]), (b, [bt]) = found
    if len(a ^ b) != 2 or len(a & b) < 2:
        return []  # alike but for one word on each side
    words = [t[:5] for t in focus_terms(question)]
    (first, _), (second, _) = sorted(
        [(at, a - b), (bt, b - a)], key=lambda x: min(words.index(t) for t in x[1] if t in words)
    )
    half = max(limit // 2, 1)
    return _read_path(library, *first, half) + _read_path(library, *second, half)


def _both_sides_asked(heading: str, asked: set[str]) -> bool:
    """ "Ground Truth versus Amazon Augmented AI (A2I)" for "Ground Truth and A2I ... how are they
    different?": each side is asked, by most of its words or by its abbreviation in brackets."""
    sides = _VERSUS_HEADING_RE.split(heading)[::2]  # the split keeps the matched word between
    if len(sides) != 2:
        return False

    def side_asked(side: str) -> bool:
        short = {t[:5] for t in content_terms(" ".join(re.findall(r"\(([^)]+)\)", side)))}
        words = {t[:5] for t in content_terms(re.sub(r"\([^)]*\)", " ", side))}  # "Amazon" is no content term
        return bool(short & asked) or (bool(words) and len(words & asked) * 2 > len(words))

    return all(side_asked(side) for side in sides)


def how_section(subject: str, library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """ "How does Model Monitor detect drift?": a section headed "How Model Monitor works: ..."
    explains it step by step, so its sentences in order answer it; [] when the course has no
    section headed "How <subject> ..."."""
    if not subject or all(w in VENDORS for w in subject.lower().split()):
        return []  # SageMaker as a whole: "How the SageMaker modules build on each other" is not it
    # the subject heads the sentence of the heading: "How Feature Store keeps training ..." is not
    # how training works
    at = re.compile(rf"^how (the |a |an )?(amazon |sagemaker )*{re.escape(subject.lower())}(?![\w-])")
    return _read([c for c in library if c.section_path and at.search(c.section_path[-1].lower())], limit)


def own_heading(name: str, heading: str) -> bool:
    """ "Model Card" heads "Model Cards: when to use them and when not" and "Serverless inference":
    the heading starts with the name (singular or plural), or names it in brackets
    ("Retrieval-augmented generation (RAG)")."""
    # "a SageMaker pipeline" names what "Pipelines" heads: the light stemmer keeps "pipeline"
    # and "pipelines" apart, so the plural is tried too
    terms = heading_terms(heading)
    return heads_with(content_terms(name), terms) or heads_with(content_terms(name + "s"), terms)


def heading_terms(heading: str) -> tuple[list[str], list[str]]:
    """A heading's words, and those of the name it gives in brackets at its end."""
    return content_terms(heading), _bracketed(heading)


def heads_with(words: list[str], terms: tuple[list[str], list[str]]) -> bool:
    """``own_heading`` on words already read from the name and the heading."""
    heads, bracketed = terms
    return bool(words) and (heads[: len(words)] == words or bracketed == words)


def _bracketed(heading: str) -> list[str]:
    short = re.search(r"\(([^)]+)\)\s*$", heading)
    return content_terms(short.group(1)) if short else []


def when_section(names: list[str], library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """ "When is Feature Store not worth it?": the section that says when to use the first named
    thing ("Feature Store: when to use it and when not"), else the thing's own section
    ("Serverless inference"), read in order; [] when the course has neither. Only the first: in
    "When would I choose HyperPod over a Training Job?" the other is what it is weighed against."""
    for name in names[:1]:
        own = [c for c in library if c.section_path and own_heading(name, c.section_path[-1])]
        when = [c for c in own if re.search(r"\bwhen\b", c.section_path[-1], re.I)]
        return _read(when, limit) or own_section(name, library, limit)
    return []


_PART_HEADING_WORDS = 2
"""Words of the question a section heading must use beyond the named thing for the question to
ask about that part of the thing."""


def asks_beyond(question: str, name: str, passages: list[Passage]) -> bool:
    """ "When should a Ground Truth job use a private workforce rather than Mechanical Turk?" asks
    about a part of Ground Truth that has a section of its own, headed "Ground Truth labeling
    workforces", not when to use Ground Truth: a retrieved passage's heading uses two words of the
    question beyond the name (what it is weighed against, "rather than Mechanical Turk", left out)."""
    own_side = re.sub(
        r"\b(than|over|instead of|versus|vs\.?|compared (to|with))\b[^.?!,;]*", " ", question, flags=re.I
    )
    asked = {t[:5] for t in focus_terms(own_side)} - {t[:5] for t in content_terms(name)}
    # "a SageMaker notebook job": the name and the word after it head a section ("Notebook jobs")
    after = re.search(rf"\b{re.escape(name)}s?\s+([a-z]+)", question, re.I)
    compound = f"{name} {after.group(1)}".lower().removesuffix("s") if after else ""
    return any(
        len(asked & {t[:5] for t in content_terms(p.section_path[-1])}) >= _PART_HEADING_WORDS
        or (compound and compound in p.section_path[-1].lower())
        for p in passages[:3]
        if p.section_path
    )


def own_section(name: str, library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """The subsection headed by the name itself ("Serverless inference", "Retrieval-augmented
    generation (RAG)"), read in order; [] when the course has none. Not a whole service's
    heading ("SageMaker Clarify"), whose own text only introduces its subsections."""
    words = content_terms(name)
    plain = [
        c
        for c in library
        if len(c.section_path) >= 3 and words and words in _heading_names(c.section_path[-1])
    ]
    return _read(plain, limit)


def _heading_names(heading: str) -> tuple[list[str], ...]:
    """The words a heading names its subject by: all of them, those before a bracket, those in it."""
    return content_terms(heading), content_terms(re.sub(r"\([^)]*\)", " ", heading)), _bracketed(heading)


def section_chunks(library: list[Chunk], source_path: str, path: Sequence[str]) -> list[Chunk]:
    """The chunks of the section at ``path`` of one source (not its subsections), in reading order."""
    return sorted(
        (c for c in library if c.source_path == source_path and tuple(c.section_path) == tuple(path)),
        key=lambda c: c.position,
    )


def _read_path(
    library: list[Chunk], source_path: str, path: tuple[str, ...], limit: int
) -> list[tuple[Passage, str]]:
    """The section at ``path`` of one source (as ``CourseVocabulary.headings`` names it), read in order."""
    return _read(section_chunks(library, source_path, path), limit)


def _read(section: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """The first of the sections these chunks are in, read in order."""
    if not section:
        return []
    first = min(section, key=lambda c: (c.source, c.position))
    chunks = sorted(
        (c for c in section if c.source == first.source and c.section_path == first.section_path),
        key=lambda c: c.position,
    )
    return [(Passage(**c.model_dump(), score=0.0), s) for c in chunks for s in in_order(c.text)][:limit]


def course_opening(
    library: list[Chunk], limit: int, lead: re.Pattern[str] | None = None
) -> list[tuple[Passage, str]]:
    """ "What is this course about?": the course's own opening, the first passage of its first
    module (the overview), read in order; the sentences ``lead`` finds first ("which modules are
    hardest?" is answered by the opening's sentence on difficulty)."""
    tops = [c for c in library if c.module is not None and len(c.section_path) == 1]
    if not tops:
        return []
    first = min(tops, key=lambda c: (c.module, c.source, c.position))
    passage = Passage(**first.model_dump(), score=0.0)
    opening = [(passage, s) for s in in_order(first.text)]
    if lead is not None:
        opening.sort(key=lambda x: lead.search(x[1]) is None)  # a stable sort keeps the order
    return opening[:limit]


_WHERE_RE = re.compile(
    r"\b(which|what) (part|section|chapter) of the course\b|\bwhere in the course\b|"
    # "is there a part of the course that maps personas to services?"
    r"\b(is there|does the course have|do you have) (a|any|one) (part|section|chapter|lesson)s?\b",
    re.I,
)


_ASKED_NAMED = 0.4
"""Share of a where-question's topic words a heading that names only two of them must name."""
_GOES_THROUGH_RE = re.compile(r"\b(goes|go|going|went) (through|over|into)\b", re.I)


def where_in_the_course(question: str, library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """ "Which part of the course maps the personas to the services?": the section whose heading
    most of the question's topic words name ("ML personas and the SageMaker services they use"),
    read in order (the answer then says which module it is in); [] for other questions, or when
    no heading shares two topic words and most of its own with the question."""
    if not _WHERE_RE.search(question):
        return []
    # "Where is the 'time travel' idea explained?": the one section that has the quoted term
    for term in quoted_terms(question):
        having = {(c.source_path, tuple(c.section_path)) for c in chunks_saying(term, library) if c.module}
        if len(having) == 1:
            source_path, path = having.pop()
            return _read_path(library, source_path, path, limit)
    # "Which part of the course goes through ...?" asks where; "goes" names no heading ("What goes
    # into a SageMaker model card")
    asked = heading_words(_GOES_THROUGH_RE.sub(" ", question))
    best: tuple[float, str, tuple[str, ...]] | None = None
    for words, sections in vocabulary(library).headings.items():
        met = len(words & asked)
        # ... two of them, much of what is asked: "ML personas and the SageMaker services they use"
        # is not where "per-persona IAM roles and access control for ML teams" are taught
        named = met > 2 or (met == 2 and met / len(asked) >= _ASKED_NAMED)
        if named and met / len(words) >= 0.6 and (best is None or met / len(words) > best[0]):
            best = (met / len(words), *sections[0])
    if best is None:
        return []
    _, source_path, path = best
    return _read_path(library, source_path, path, limit)


def module_opening(number: int, library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """ "What does Module 4 focus on?": the module's own opening paragraph, read in order."""
    tops = [c for c in library if c.module == number and len(c.section_path) == 1]
    if not tops:
        return []
    first = min(tops, key=lambda c: (c.source, c.position))
    # the questions a module opens with ("Is the model fair?") are what it answers, not answers
    sentences = [s for s in in_order(first.text) if not s.endswith("?")]
    return [(Passage(**first.model_dump(), score=0.0), s) for s in sentences][:limit]


def modules_section(library: list[Chunk], limit: int) -> list[tuple[Passage, str]]:
    """ "Why are the modules ordered this way?": the overview's section whose heading is about its
    modules ("How the SageMaker modules build on each other"), read in order; [] if none."""
    modules = [c for c in library if c.module is not None]
    if not modules:
        return []
    first = min(c.module for c in modules)
    about = sorted(
        (
            c
            for c in modules
            if c.module == first
            and len(c.section_path) >= 2
            and re.search(r"\bmodules\b", c.section_path[-1], re.I)
        ),
        key=lambda c: (c.source, c.position),
    )
    if not about:
        return []
    own = [c for c in about if c.section_path == about[0].section_path]
    return [(Passage(**c.model_dump(), score=0.0), s) for c in own for s in in_order(c.text)][:limit]


def _continued(
    picked: list[tuple[Passage, str]], at: int, sentences: list[str], count: int
) -> tuple[list[tuple[Passage, str]], list[tuple[Passage, str]]]:
    """(the picks up to ``at`` followed by the ``count`` sentences after it in its passage, the
    other picks): a sentence that begins an explanation or announces steps goes on as the course
    goes on."""
    passage, sentence = picked[at]
    following = sentences[sentences.index(sentence) + 1 :][:count] if sentence in sentences else []
    ahead = [*picked[: at + 1], *((passage, s) for s in following)]
    return ahead, [x for x in picked[at + 1 :] if x[1] not in following]


def explained_on(picked: list[tuple[Passage, str]], follow: int, limit: int) -> list[tuple[Passage, str]]:
    """ "How does X work?": a teacher goes on with the paragraph that began the explanation, so the
    ``follow - 1`` sentences after the first one in its passage come next, then the other picks."""
    sentences = [s for _, s in quotable_sentences(picked[0][0].text)]
    chosen, rest = _continued(picked, 0, sentences, follow - 1)
    return (chosen + rest)[:limit]


def with_corrections(picked: list[tuple[Passage, str]], limit: int) -> list[tuple[Passage, str]]:
    """A quoted misconception ("A common misconception is that JumpStart models are free to
    run.") is followed by the sentence after it in the course, which corrects it: quoted alone,
    it would teach the mistake."""
    out: list[tuple[Passage, str]] = []
    for passage, sentence in picked:
        if (passage, sentence) in out:
            continue
        out.append((passage, sentence))
        # "... is a labelling tool; Data Wrangler transforms ...": it corrects itself, and the
        # sentence after it is the next misconception
        if MISCONCEPTION_RE.search(sentence) and ";" not in sentence:
            sentences = in_order(passage.text)
            at = sentences.index(sentence) if sentence in sentences else -1
            if 0 <= at < len(sentences) - 1 and not MISCONCEPTION_RE.search(sentences[at + 1]):
                correction = (passage, sentences[at + 1])
                if correction not in out:
                    out.append(correction)
    # the corrections stay; the last picks give way to them
    while len(out) > limit and not MISCONCEPTION_RE.search(out[-2][1]):
        out.pop()
    return out


_ANNOUNCES_RE = re.compile(
    r"\b(?P<n>two|three|four|five|six|preconfigured)\b(?: [\w-]+){0,2} "
    r"(steps|stages|phases|parts|personas|ways|options|components|pieces)\.$",
    re.I,
)


def with_announced(picked: list[tuple[Passage, str]], limit: int) -> list[tuple[Passage, str]]:
    """ "Setting up SageMaker Model Monitor follows four steps.": the sentences that name the
    steps follow it, in the course's order (as many as it announces, four when it says no
    number), instead of whatever else was picked next."""
    for at, (passage, sentence) in enumerate(picked):
        announced = _ANNOUNCES_RE.search(sentence)
        sentences = in_order(passage.text) if announced else []
        if sentence in sentences:
            count = COUNT_WORDS.get(announced.group("n").lower(), 4)
            ahead, rest = _continued(picked, at, sentences, count)
            return (ahead + rest)[: max(limit, len(ahead))]
    return picked
