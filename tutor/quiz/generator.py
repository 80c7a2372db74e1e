"""The offline item generator: quiz items built from a module's indexed chunks, no LLM.

Strategies (each reads one chunk and proposes candidate items):

- definition: "SageMaker X is …" -> which service is …? (service to purpose)
- phase: "SageMaker X serves the … phase" -> which lifecycle phase? (service to phase)
- persona: "Data scientists use X to …" -> which persona? and which personas use X? (persona to service)
- table: rows of a Markdown table -> lookups both ways, matching, multiple response
- ordering: a numbered list -> put the steps in order
- fill-in-the-blank: a key sentence with a service name blanked (choice or short answer)
- true/false: a key sentence as written (true) or with another service swapped in (false)

Distractors come from the same module's vocabulary. Candidates are not trusted: every one
goes through ``tutor.quiz.validation`` and duplicates are dropped before use.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tutor.course.items import Difficulty, Grounding, ItemType, QuizItem
from tutor.course.objectives import module_objectives
from tutor.exceptions import QuizError
from tutor.models import Chunk
from tutor.quiz.validation import is_duplicate, item_problems
from tutor.quiz.vocabulary import (
    LIFECYCLE_PHASES,
    PERSONAS,
    Vocabulary,
    build_vocabulary,
    personas_in,
    phase_terms,
)
from tutor.retrieval.retriever import Retriever
from tutor.retrieval.search import get_retriever
from tutor.safety import sanitize_chunks
from tutor.settings import Settings, get_settings
from tutor.text import content_terms, normalize, split_sentences

MIN_SENTENCE_CHARS = 50
MAX_SENTENCE_CHARS = 280
BLANK = "_____"


@dataclass
class Context:
    """What a strategy needs besides the chunk."""

    module: int
    vocab: Vocabulary
    rng: random.Random
    objective: Callable[[Chunk], str]


Strategy = Callable[[Chunk, Context], list[QuizItem]]


# --------------------------------------------------------------------------- helpers


def item_id(module: int, kind: str, *parts: str) -> str:
    """Deterministic id: the same item from the same text always has the same id, so the
    learner's history and review schedule follow it across quizzes."""
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"gen-m{module}-{kind}-{digest}"


def _make(
    ctx: Context,
    chunk: Chunk,
    kind: str,
    *,
    type: ItemType,
    stem: str,
    answer: object,
    explanation: str,
    quote: str | None,
    options: list[str] | None = None,
    prompts: list[str] | None = None,
    accept: list[str] | None = None,
    difficulty: Difficulty = Difficulty.medium,
) -> QuizItem | None:
    """A QuizItem grounded in ``chunk``, or None when its shape is invalid."""
    try:
        return QuizItem(
            id=item_id(ctx.module, kind, stem, str(answer), quote or chunk.id),
            module=ctx.module,
            objective=ctx.objective(chunk),
            type=type,
            difficulty=difficulty,
            stem=stem,
            options=options or [],
            prompts=prompts or [],
            answer=answer,  # type: ignore[arg-type]
            accept=accept or [],
            explanation=explanation,
            grounding=Grounding(
                source=chunk.source,
                section=chunk.section_path[-1] if chunk.section_path else chunk.title,
                passage_id=chunk.id,
                quote=quote,
            ),
            origin="generated",
        )
    except ValueError:
        return None


def _sentences(chunk: Chunk) -> list[str]:
    return [
        s
        for s in split_sentences(chunk.text)
        if MIN_SENTENCE_CHARS <= len(s) <= MAX_SENTENCE_CHARS
        and not s.startswith(("|", "#", "-", "*", "`"))
        and not re.match(r"^\d+\.\s", s)
        and not s.rstrip().endswith(("?", ":"))
    ]


def _says(sentence: str) -> str:
    return f"The course says: “{sentence}”"


def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:Amazon )?(?:SageMaker )?{re.escape(term)}(?![\w-])")


def _choice_options(answer: str, distractors: list[str], rng: random.Random) -> list[str]:
    options = [answer, *distractors]
    rng.shuffle(options)
    return options


# --------------------------------------------------------------------------- strategies


_RELATIVE_RE = re.compile(
    r"^(?:the|a|an) (?:(?:Amazon |AWS )?SageMaker )?(?:service|capability|feature|tool) (?:that|which) (.+)$"
)


_NOT_DEFINITION_RE = re.compile(
    r"^(?:not|also|more|less|only|often|usually|still|now|\w+er)\b|\bthan\b", re.I
)


def _is_definition(text: str) -> bool:
    """'a central catalog of…' is a definition; 'lighter than a full risk file' is not."""
    return not _NOT_DEFINITION_RE.search(text)


def definition_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """'SageMaker X is a …' -> 'Which SageMaker service is a …?' (service to purpose)."""
    out: list[QuizItem] = []
    for sentence in _sentences(chunk):
        for service in ctx.vocab.services:
            m = re.match(rf"^(?:Amazon )?(?:SageMaker )?{re.escape(service)} (is|are) (.+?)\.?$", sentence)
            if not m or len(m.group(2).split()) < 4 or not _is_definition(m.group(2)):
                continue
            definition = m.group(2)
            if _term_pattern(service).search(definition):
                continue
            distractors = ctx.vocab.distractors(service, avoid_text=sentence, k=3, rng=ctx.rng)
            # "X is the SageMaker service that watches…" -> "Which SageMaker service watches…?"
            relative = _RELATIVE_RE.match(definition)
            if relative:
                stem = f"Which SageMaker service {relative.group(1)}?"
            else:
                stem = (
                    f"Which SageMaker service is {definition}?"
                    if m.group(1) == "is"
                    else f"Which of these are {definition}?"  # "Model Cards are structured documents…"
                )
            if len(distractors) == 3:
                item = _make(
                    ctx,
                    chunk,
                    "def",
                    type=ItemType.single_choice,
                    stem=stem,
                    answer=service,
                    options=_choice_options(service, distractors, ctx.rng),
                    explanation=_says(sentence),
                    quote=sentence,
                    difficulty=Difficulty.easy,
                )
                if item:
                    out.append(item)
            break
    return out


_PHASE_RE = re.compile(
    r"^(?:Amazon )?SageMaker (?P<svc>[A-Za-z][\w-]*(?: [A-Z][\w-]*)*) serves? (?:several phases: |the )?"
    r"(?P<phase>[a-z][a-z ,-]+?)(?: phases?\b|\s*\(|$)"
)


def phase_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """'SageMaker X serves the … phase' -> 'In which lifecycle phase does X mainly work?'"""
    out: list[QuizItem] = []
    for sentence in _sentences(chunk):
        m = _PHASE_RE.match(sentence)
        if not m:
            continue
        service, phase = m.group("svc"), m.group("phase").strip(" ,")
        answer = phase[0].upper() + phase[1:]
        quote_terms = set(content_terms(sentence))
        # A phase the sentence mentions at all could be right too: never use it as a distractor.
        distractors = [p for p in LIFECYCLE_PHASES if not (phase_terms(p) & quote_terms)]
        ctx.rng.shuffle(distractors)
        if len(distractors) < 3:
            continue
        item = _make(
            ctx,
            chunk,
            "phase",
            type=ItemType.single_choice,
            stem=f"Which phase of the ML lifecycle does SageMaker {service} serve, according to the course?",
            answer=answer,
            options=_choice_options(answer, distractors[:3], ctx.rng),
            explanation=_says(sentence),
            quote=sentence,
        )
        if item:
            out.append(item)
    return out


_PERSONA_CLAUSE_RE = re.compile(
    r"^(?P<persona>(?:Data|ML|MLOps|Business|Platform) (?:engineers|scientists|analysts|administrators))"
    r" (?P<rest>(?:use|launch|own|run|define|build|write|schedule|browse|investigate|review|register|"
    r"approve|automate|manage|put|wire|read|set up|deploy|explore|start)\b[^;]{15,}?)\.?$"
)


def persona_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """Persona to service: 'Data scientists launch Training Jobs to …' -> which persona?;
    and, from a paragraph naming several personas, 'which personas use X?'."""
    out: list[QuizItem] = []
    for sentence in _sentences(chunk):
        for clause in (c.strip() for c in sentence.split(";")):
            m = _PERSONA_CLAUSE_RE.match(clause)
            if not m:
                continue
            named = next(
                p for p in PERSONAS if p.lower() == m.group("persona").lower().replace("mlops", "ml")
            )
            others = [p for p in PERSONAS if p not in personas_in(sentence)]
            ctx.rng.shuffle(others)
            if len(others) < 3:
                continue
            item = _make(
                ctx,
                chunk,
                "persona",
                type=ItemType.single_choice,
                stem=f"Which persona completes this statement from the course: “{BLANK} {m.group('rest')}”?",
                answer=named,
                options=_choice_options(named, others[:3], ctx.rng),
                explanation=_says(clause),
                quote=clause,
            )
            if item:
                out.append(item)
    # Which personas use the service this section is about?
    heading = chunk.section_path[-1] if chunk.section_path else ""
    hm = re.match(r"^(.+?): lifecycle phase and personas", heading)
    if hm:
        subjects = [
            p
            for clause in re.split(r"[;.]\s*", chunk.text)
            for p in PERSONAS
            if re.match(rf"^{p[:-1]}s?\b", clause.strip(), re.I)
        ]
        subjects = list(dict.fromkeys(subjects))
        absent = [p for p in PERSONAS if p not in personas_in(chunk.text)]
        ctx.rng.shuffle(absent)
        if len(subjects) >= 2 and len(absent) >= 2:
            service = hm.group(1)
            item = _make(
                ctx,
                chunk,
                "personas",
                type=ItemType.multiple_response,
                stem=f"According to the course, which personas work with {service}? Select all that apply.",
                answer=subjects[:3],
                options=_choice_options(subjects[0], [*subjects[1:3], *absent[:2]], ctx.rng),
                explanation=_says(chunk.text[:MAX_SENTENCE_CHARS].rsplit(".", 1)[0] + "."),
                quote=None,
                difficulty=Difficulty.hard,
            )
            if item:
                out.append(item)
    return out


def _tables(text: str) -> Iterator[tuple[list[str], list[list[str]]]]:
    """(header, rows) of every Markdown table in ``text``."""
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.strip().startswith("|"):
            block.append(line.strip())
            continue
        if len(block) >= 3 and re.fullmatch(r"\|?\s*:?-{3,}.*", block[1]):
            cells = [[c.strip().strip("*").strip() for c in row.strip("|").split("|")] for row in block]
            header, rows = cells[0], [r for r in cells[2:] if len(r) == len(cells[0])]
            if len(header) >= 2 and rows:
                yield header, rows
        block = []


def _lower_first(text: str) -> str:
    """'Primary lifecycle phase' -> 'primary lifecycle phase'; 'SageMaker service' unchanged."""
    first = text.split()[0] if text.split() else ""
    return text[0].lower() + text[1:] if first[1:].islower() else text


_REMARK_RE = re.compile(r"^[a-z]+(?:ed|ing)\b")


def table_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """Lookups in a table both ways (service to phase, service to purpose, need to option),
    a matching item over several rows, and multiple response from list-valued cells."""
    out: list[QuizItem] = []
    for header, rows in _tables(chunk.text):
        if len(rows) < 3:
            continue
        key_name = _lower_first(header[0])
        for j in range(1, len(header)):
            column = _lower_first(header[j])
            values = [r[j] for r in rows]
            short = all(0 < len(v) <= 120 for v in values)
            distinct = len({normalize(v) for v in values}) == len(values)
            for row in rows:
                # The two cells asked about: one fact, whichever way round it is asked.
                quote = f"{row[0]} | {row[j]}"
                wrong = [r[j] for r in rows if normalize(r[j]) != normalize(row[j])]
                ctx.rng.shuffle(wrong)
                if short and len(wrong) >= 2:
                    item = _make(
                        ctx,
                        chunk,
                        "table",
                        type=ItemType.single_choice,
                        stem=f"In the course's table of {header[0]} and {header[j]}, which {column} goes with “{row[0]}”?",
                        answer=row[j],
                        options=_choice_options(row[j], wrong[:3], ctx.rng),
                        explanation=_says(f"{row[0]}: {row[j]}."),
                        quote=quote,
                    )
                    if item:
                        out.append(item)
                others = [r[0] for r in rows if r is not row]
                ctx.rng.shuffle(others)
                if distinct and len(others) >= 2:
                    item = _make(
                        ctx,
                        chunk,
                        "table-rev",
                        type=ItemType.single_choice,
                        stem=f"In the course's table, which {key_name} has this {column}: “{row[j]}”?",
                        answer=row[0],
                        options=_choice_options(row[0], others[:3], ctx.rng),
                        explanation=_says(f"{row[0]}: {row[j]}."),
                        quote=quote,
                    )
                    if item:
                        out.append(item)
                parts = [p.strip() for p in re.split(r",\s*(?![^()]*\))", row[j]) if p.strip()]
                # Only lists of parallel names: "Data Wrangler, Feature Store", not
                # "ML Lineage Tracking, recorded by Pipelines" (a name and a remark).
                if len(parts) >= 2 and all(len(p) <= 60 and not _REMARK_RE.match(p) for p in parts):
                    pool = {
                        p.strip()
                        for r in rows
                        for p in re.split(r",\s*(?![^()]*\))", r[j])
                        if p.strip() and normalize(p) not in normalize(row[j])
                    }
                    absent = sorted(pool)
                    ctx.rng.shuffle(absent)
                    if len(absent) >= 2:
                        right = parts[:3]
                        item = _make(
                            ctx,
                            chunk,
                            "table-multi",
                            type=ItemType.multiple_response,
                            stem=f"Which of these does the course's table list as {column} for “{row[0]}”? Select all that apply.",
                            answer=right,
                            options=_choice_options(right[0], [*right[1:], *absent[:2]], ctx.rng),
                            explanation=_says(f"{row[0]}: {row[j]}."),
                            quote=quote,
                            difficulty=Difficulty.hard,
                        )
                        if item:
                            out.append(item)
            if distinct and short and len(rows) >= 3:
                picked = ctx.rng.sample(rows, min(4, len(rows)))
                prompts = [r[0] for r in picked]
                item = _make(
                    ctx,
                    chunk,
                    "match",
                    type=ItemType.matching,
                    stem=f"Match each {key_name} to its {column}, as the course's table gives them.",
                    prompts=prompts,
                    options=ctx.rng.sample([r[j] for r in picked], len(picked)),
                    answer={r[0]: r[j] for r in picked},
                    explanation="The course's table: " + "; ".join(f"{r[0]}: {r[j]}" for r in picked) + ".",
                    quote=None,
                    difficulty=Difficulty.hard,
                )
                if item:
                    out.append(item)
    return out


_NUMBERED_RE = re.compile(r"^\s*(\d+)\.\s+(.+)$", re.MULTILINE)


def ordering_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """A numbered list (the lifecycle phases, pipeline steps) -> put the steps in order."""
    matches = list(_NUMBERED_RE.finditer(chunk.text))
    if len(matches) < 3 or [int(m.group(1)) for m in matches] != list(range(1, len(matches) + 1)):
        return []
    full = [m.group(2).strip() for m in matches]
    labels = [f.split(":", 1)[0].strip() for f in full]
    steps = labels if len(set(map(normalize, labels))) == len(labels) else [f.rstrip(".") for f in full]
    steps = steps[:6]
    if any(len(s) > 120 for s in steps):
        return []
    before = chunk.text[: matches[0].start()].strip()
    intro = split_sentences(before)[-1] if before else ""
    intro = intro.rstrip(":").strip()
    topic = f" ({intro})" if intro and len(intro) <= 120 else ""
    shuffled = steps[:]
    while shuffled == steps:
        ctx.rng.shuffle(shuffled)
    item = _make(
        ctx,
        chunk,
        "order",
        type=ItemType.ordering,
        stem=f"Put these steps in the order the course gives them{topic}.",
        options=shuffled,
        answer=steps,
        explanation="The course lists them in this order: " + "; ".join(full[: len(steps)]),
        quote=None,
        difficulty=Difficulty.hard,
    )
    return [item] if item else []


def _inside_name(sentence: str, hit: re.Match[str]) -> bool:
    """Whether the term is part of a longer name ("Unified Studio", "Studio Lab")."""
    before = sentence[: hit.start()].split()
    after = sentence[hit.end() :].split()
    prev_word = before[-1] if before else ""
    next_word = after[0] if after else ""
    capital = re.compile(r"^[A-Z][a-z]")
    return bool(
        (
            prev_word
            and capital.match(prev_word)
            and prev_word not in ("Amazon", "SageMaker")
            and len(before) > 1
        )
        or (next_word and capital.match(next_word))
    )


def _key_sentences(chunk: Chunk, ctx: Context) -> Iterator[tuple[str, str]]:
    """(sentence, term) for sentences naming exactly one occurrence of a vocabulary term."""
    terms = ctx.vocab.services + ctx.vocab.acronyms
    for sentence in _sentences(chunk):
        for term in terms:
            hits = list(_term_pattern(term).finditer(sentence))
            if len(hits) == 1 and len(content_terms(sentence)) >= 7 and not _inside_name(sentence, hits[0]):
                # The longest matching term wins ("Ground Truth Plus" over "Ground Truth").
                longer = [t for t in terms if t != term and term in t and _term_pattern(t).search(sentence)]
                if not longer:
                    yield sentence, term
                    break


def fill_blank_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """A key sentence with its service name (or acronym) blanked: choice or short answer."""
    out: list[QuizItem] = []
    for sentence, term in _key_sentences(chunk, ctx):
        blanked = _term_pattern(term).sub(BLANK, sentence, count=1)
        distractors = ctx.vocab.distractors(term, avoid_text=sentence, k=3, rng=ctx.rng)
        if ctx.rng.random() < 0.3 and ctx.vocab.kind_of(term) == "service":
            item = _make(
                ctx,
                chunk,
                "blank-short",
                type=ItemType.short_answer,
                stem=f"Fill in the blank with the SageMaker service name: “{blanked}”",
                answer=term,
                accept=[f"SageMaker {term}", f"Amazon SageMaker {term}"],
                explanation=_says(sentence),
                quote=sentence,
                difficulty=Difficulty.hard,
            )
        elif len(distractors) == 3:
            item = _make(
                ctx,
                chunk,
                "blank",
                type=ItemType.single_choice,
                stem=f"Fill in the blank: “{blanked}”",
                answer=term,
                options=_choice_options(term, distractors, ctx.rng),
                explanation=_says(sentence),
                quote=sentence,
            )
        else:
            item = None
        if item:
            out.append(item)
    return out


def true_false_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """A key sentence as written (true) or with another service of the module swapped in (false)."""
    out: list[QuizItem] = []
    for sentence, term in _key_sentences(chunk, ctx):
        make_false = ctx.rng.random() < 0.5
        statement = sentence
        if make_false:
            swap = ctx.vocab.distractors(term, avoid_text=sentence, k=1, rng=ctx.rng)
            if not swap:
                continue
            statement = _term_pattern(term).sub(
                lambda m, t=term, s=swap[0]: m.group(0).replace(t, s), sentence, count=1
            )
        item = _make(
            ctx,
            chunk,
            "tf",
            type=ItemType.true_false,
            stem=f"True or false: {statement}",
            answer=not make_false,
            explanation=("False. " if make_false else "True. ") + _says(sentence),
            quote=sentence,
            difficulty=Difficulty.easy,
        )
        if item:
            out.append(item)
    return out


STRATEGIES: dict[str, Strategy] = {
    "definition": definition_items,
    "phase": phase_items,
    "persona": persona_items,
    "table": table_items,
    "ordering": ordering_items,
    "fill_blank": fill_blank_items,
    "true_false": true_false_items,
}


# --------------------------------------------------------------------------- generation


def module_chunks(chunks: list[Chunk], module: int) -> list[Chunk]:
    """A module's chunks in reading order."""
    return sorted((c for c in chunks if c.module == module), key=lambda c: (c.source, *c.position))


def objective_resolver(module: int, settings: Settings | None) -> Callable[[Chunk], str]:
    settings = settings or get_settings()  # read once: building Settings costs milliseconds
    by_heading: dict[str, str] = {}
    for objective in module_objectives(settings).get(module, []):
        for heading in objective.sections:
            by_heading.setdefault(heading, objective.id)

    def objective(chunk: Chunk) -> str:
        for heading in reversed(chunk.section_path):
            if heading in by_heading:
                return by_heading[heading]
        # A document without declared objectives: one objective per top-level section.
        top = chunk.section_path[1] if len(chunk.section_path) > 1 else chunk.title
        slug = re.sub(r"[^a-z0-9]+", "-", normalize(top)).strip("-")[:40] or "general"
        return f"m{module}-{slug}"

    return objective


def candidates(
    chunks: list[Chunk],
    module: int,
    *,
    rng: random.Random | None = None,
    settings: Settings | None = None,
) -> list[QuizItem]:
    """Every candidate item the strategies propose for ``module``, interleaved by strategy
    so that a prefix of the list already mixes item types. Not validated."""
    rng = rng or random.Random()
    mine = module_chunks(chunks, module)
    if not mine:
        return []
    vocab = build_vocabulary([c.text for c in mine], [c.text for c in chunks])
    ctx = Context(module=module, vocab=vocab, rng=rng, objective=objective_resolver(module, settings))
    per_strategy: list[list[QuizItem]] = []
    for strategy in STRATEGIES.values():
        found = [item for chunk in mine for item in strategy(chunk, ctx)]
        rng.shuffle(found)
        per_strategy.append(found)
    out: list[QuizItem] = []
    while any(per_strategy):
        for found in per_strategy:
            if found:
                out.append(found.pop())
    return out


@dataclass
class Generated:
    items: list[QuizItem]
    candidates: int
    rejected: list[tuple[QuizItem, list[str]]]
    duplicates: int


def generate_items(
    chunks: list[Chunk],
    module: int,
    n: int,
    *,
    rng: random.Random | None = None,
    settings: Settings | None = None,
    exclude: list[QuizItem] | None = None,
) -> Generated:
    """Up to ``n`` valid, mutually distinct generated items for ``module``.

    ``exclude``: items already chosen (bank items, say); a candidate asking the same thing
    as one of them is dropped as a duplicate.
    """
    chunks = sanitize_chunks(chunks)  # no item may be built from an instruction to an AI
    pool = candidates(chunks, module, rng=rng, settings=settings)
    by_id = {c.id: c for c in chunks}
    mine = module_chunks(chunks, module)
    sentences = build_vocabulary([c.text for c in mine]).sentences
    accepted: list[QuizItem] = []
    rejected: list[tuple[QuizItem, list[str]]] = []
    duplicates = 0
    taken = list(exclude or [])
    for item in pool:
        if len(accepted) >= n:
            break
        chunk = by_id.get(item.grounding.passage_id or "")
        problems = item_problems(item, chunk.text if chunk else "", course_sentences=sentences)
        if problems:
            rejected.append((item, problems))
            continue
        if is_duplicate(item, taken):
            duplicates += 1
            continue
        accepted.append(item)
        taken.append(item)
    return Generated(items=accepted, candidates=len(pool), rejected=rejected, duplicates=duplicates)


def generate_for_module(
    module: int,
    n: int,
    *,
    settings: Settings | None = None,
    retriever: Retriever | None = None,
    rng: random.Random | None = None,
    exclude: list[QuizItem] | None = None,
) -> Generated:
    """Generate from the indexed corpus (the retriever's chunks). Raises QuizError when
    nothing of the module is indexed."""
    chunks = (retriever or get_retriever(settings)).chunks()
    if not any(c.module == module for c in chunks):
        raise QuizError(
            f"Nothing of module {module} is indexed, so no items can be generated for it.",
            "Run `tutor ingest` to index the course.",
        )
    return generate_items(chunks, module, n, rng=rng, settings=settings, exclude=exclude)
