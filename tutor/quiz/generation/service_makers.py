"""Item makers for sentences about a service: what it does (which service?), true/false about
what it does, the lifecycle phase it serves, and the personas who use it.

Stems name what is asked in at most a few words of the course (``base.clause``), phrased as
a question or a short scenario; the sentence itself is only quoted in the feedback.
Distractors are of the key's own kind: services for a service, phases for a phase,
personas for a persona.
"""

from __future__ import annotations

import re

from tutor.course.data import CourseData
from tutor.course.items import Difficulty, ItemType, QuizItem
from tutor.models import Chunk
from tutor.quiz.generation.base import (
    Context,
    brand_prefix,
    choice_options,
    clause,
    make,
    says,
    sentences,
    term_pattern,
)
from tutor.quiz.vocabulary import phase_terms
from tutor.text import content_terms, tokens

_NOT_DEFINITION_RE = re.compile(
    r"^(?:not|also|more|less|only|often|usually|still|now|\w+er)\b|\bthan\b", re.I
)
_RELATIVE = r"^(?:the|a|an) {prefix}(?:service|capability|feature|tool|part of \w+) (?:that|which) (.+)$"
"""'the SageMaker service that watches…': what follows 'that' is what the service does."""
# A present-tense verb after the subject: "Clarify produces…", "Pipelines registers…".
_VERB_RE = re.compile(r"^([a-z]+s)\b (.+)$")
_NOT_VERBS = frozenset(
    {"is", "has", "was", "does", "its", "this", "across", "as", "plus", "always", "thus"}
    # Verbs that do not single a service out: many capabilities "serve", "support" or "work with" things.
    | {
        "serves",
        "supports",
        "works",
        "fits",
        "sits",
        "helps",
        "includes",
        "makes",
        "lets",
        "gives",
        "needs",
        "suits",
    }
)
_VAGUE = frozenset(
    {"that", "this", "these", "those", "it", "such", "them", "they", "new", "information", "effort", "sample"}
)
"""A task naming one of these leans on the sentence around it ('replaces that effort'): not a stem."""
MIN_TASK_TERMS = 2
"""What a service does must name at least this many content words to single it out."""


def _sentence_choice(
    ctx: Context,
    chunk: Chunk,
    kind: str,
    stem: str,
    answer: str,
    wrong: list[str],
    sentence: str,
    difficulty: Difficulty = Difficulty.medium,
) -> QuizItem | None:
    """A single-choice item quoting one sentence of the course: ``answer`` among three of ``wrong``."""
    options = choice_options(answer, wrong[:3], ctx.rng)
    return make(
        ctx,
        chunk,
        kind,
        type=ItemType.single_choice,
        stem=stem,
        answer=answer,
        options=options,
        explanation=says(sentence),
        quote=sentence,
        difficulty=difficulty,
    )


def _subject(sentence: str, ctx: Context) -> tuple[str, str] | None:
    """(service, rest) when ``sentence`` starts with a service of the module as its subject."""
    for service in sorted(ctx.vocab.services, key=len, reverse=True):
        m = re.match(rf"^{brand_prefix(ctx.course)}{re.escape(service)} (.+?)\.?$", sentence)
        if m:
            return service, m.group(1)
    return None


def _what_it_does(rest: str, course: CourseData) -> tuple[str, str] | None:
    """The question part and the statement part of what a service does, in a few words:
    ('is a central catalog of trained models' -> 'provides a central catalog of trained models')."""
    found = _task(rest, course)
    if found and _VAGUE.isdisjoint(tokens(found[0])):
        return found
    return None


def _task(rest: str, course: CourseData) -> tuple[str, str] | None:
    definition = re.match(r"^(?:is|are) (.+)$", rest)
    if definition:
        body = definition.group(1)
        if _NOT_DEFINITION_RE.search(body):
            return None
        relative = re.match(_RELATIVE.format(prefix=brand_prefix(course)), body)
        if relative:
            short = clause(relative.group(1))
            return (short, short) if short else None
        short = clause(body, min_words=3)
        # "a central catalog of trained models" defines; "the laboratory notebook" is a metaphor.
        if short and re.match(r"^(?:a|an)\s", short) and len(content_terms(short)) >= MIN_TASK_TERMS + 1:
            return f"provides {short}", f"provides {short}"
        return None
    verb = _VERB_RE.match(rest)
    if verb and verb.group(1) not in _NOT_VERBS:
        short = clause(rest, min_words=3)
        if short and len(content_terms(short)) > MIN_TASK_TERMS:
            return short, short
    return None


def _branded(service: str, ctx: Context) -> str:
    """'Clarify' -> 'SageMaker Clarify' (the course's brand, if it has one)."""
    return f"{ctx.course.brand} {service}" if ctx.course.brand else service


def service_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """'SageMaker Clarify produces bias reports that…' -> 'Which SageMaker capability
    produces bias reports?', and a true/false statement in the same few words (false ones
    name another service of the module: a wrong fact, not a negated word)."""
    out: list[QuizItem] = []
    for sentence in sentences(chunk):
        found = _subject(sentence, ctx)
        if not found:
            continue
        service, rest = found
        does = _what_it_does(rest, ctx.course)
        if not does or term_pattern(service, ctx.course).search(does[0]):
            continue
        question, statement = does
        kind = ctx.course.category_of(service)
        # A service's distractors are services of its own kind: no deployment option for a tool.
        distractors = [
            d
            for d in ctx.vocab.distractors(service, avoid_text=sentence, k=8, rng=ctx.rng)
            if ctx.course.category_of(d) == kind
        ][:3]
        roll = ctx.rng.random()
        if 0.55 <= roll < 0.7:
            brand = ctx.course.brand
            item = make(
                ctx,
                chunk,
                "svc-short",
                type=ItemType.short_answer,
                stem=f"Name the {brand + ' ' if brand else ''}capability that {question}.",
                answer=service,
                accept=[f"{p} {service}" for p in ctx.course.brand_prefixes],
                explanation=says(sentence),
                quote=sentence,
                difficulty=Difficulty.hard,
            )
        elif roll < 0.7 and len(distractors) == 3:
            stem = f"A team wants a capability that {question}. Which one should they use?"
            item = _sentence_choice(ctx, chunk, "svc", stem, service, distractors, sentence, Difficulty.easy)
        elif distractors:
            make_false = ctx.rng.random() < 0.5
            named = distractors[0] if make_false else service
            item = make(
                ctx,
                chunk,
                "tf",
                type=ItemType.true_false,
                stem=f"True or false: it is {_branded(named, ctx)} that {statement}.",
                answer=not make_false,
                explanation=("False: it is " + service + ". " if make_false else "True. ") + says(sentence),
                quote=sentence,
                difficulty=Difficulty.easy,
            )
        else:
            item = None
        if item:
            out.append(item)
    return out


_PHASE = (
    r"^{prefix}(?P<svc>[A-Za-z][\w-]*(?: [A-Z][\w-]*)*) serves? (?:several phases: |the )?"
    r"(?P<phase>[a-z][a-z ,-]+?)(?: phases?\b|\s*\(|$)"
)


def _canonical_phase(phase: str, phases: list[str]) -> str | None:
    """The course's own name of a phase a sentence mentions ('monitoring' -> 'Monitoring,
    governance and retraining'), so key and distractors read alike."""
    said = phase_terms(phase)
    scored = sorted(((len(said & phase_terms(p)), p) for p in phases), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def phase_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """'SageMaker X serves the … phase' -> 'A team is working with SageMaker X: which phase…?'"""
    out: list[QuizItem] = []
    phases = ctx.course.lifecycle_phases
    for sentence in sentences(chunk):
        m = re.match(_PHASE.format(prefix=brand_prefix(ctx.course)), sentence)
        if not m or not phases:
            continue
        service = m.group("svc")
        answer = _canonical_phase(m.group("phase").strip(" ,"), phases)
        if answer is None:
            continue
        quote_terms = set(content_terms(sentence))
        # A phase the sentence mentions at all could be right too: never a distractor.
        distractors = [p for p in phases if p != answer and not (phase_terms(p) & quote_terms)]
        ctx.rng.shuffle(distractors)
        if len(distractors) < 3:
            continue
        stem = f"A team spends its week in {_branded(service, ctx)}. Which stage of the ML lifecycle are they in?"
        item = _sentence_choice(ctx, chunk, "phase", stem, answer, distractors, sentence)
        if item:
            out.append(item)
    return out


# What a persona does: a lower-case verb right after the persona ('Lab technicians calibrate…'),
# not a conjunction, an auxiliary or an adverb (case-sensitive inside the case-insensitive match).
_PERSONA_VERBS = r"(?-i:(?!(?:{skip})\b)[a-z]+\b)".format(
    skip="|".join(
        (
            *("and", "or", "who", "which", "that", "whose", "are", "is", "were", "was", "have", "has", "had"),
            *("do", "does", "did", "can", "could", "should", "must", "may", "might", "will", "would", "also"),
            *(
                "often",
                "usually",
                "typically",
                "sometimes",
                "rarely",
                "never",
                "always",
                "only",
                "still",
                "then",
            ),
        )
    )
)


def _persona_subject(part: str, course: CourseData) -> tuple[str, str] | None:
    """(persona, what it does) when a clause's subject is one of the course's personas
    (course.yaml: 'MLOps engineers own…' is the 'ML engineers' persona)."""
    for persona in course.personas:
        m = re.match(rf"^(?:{persona.pattern}) (?P<rest>{_PERSONA_VERBS}[^;]{{15,}}?)\.?$", part, re.I)
        if m:
            return persona.name, m.group("rest")
    return None


def persona_items(chunk: Chunk, ctx: Context) -> list[QuizItem]:
    """'Data scientists launch Training Jobs to …' -> 'Who on an ML team would you expect
    to launch Training Jobs?'; and 'which roles work with X?' from a paragraph naming several."""
    out: list[QuizItem] = []
    names = ctx.course.persona_names
    for sentence in sentences(chunk):
        for part in (c.strip() for c in sentence.split(";")):
            found = _persona_subject(part, ctx.course)
            if not found:
                continue
            named, rest = found
            task = clause(rest, min_words=3)
            others = [p for p in names if p not in ctx.course.personas_in(sentence)]
            ctx.rng.shuffle(others)
            if task is None or not _VAGUE.isdisjoint(tokens(task)) or len(others) < 3:
                continue
            stem = f"In a typical project, who would you expect to {task}?"
            item = _sentence_choice(ctx, chunk, "persona", stem, named, others, part)
            if item:
                out.append(item)
    heading = chunk.section_path[-1] if chunk.section_path else ""
    hm = re.match(r"^(.+?): lifecycle phase and personas", heading)
    if hm and names:
        subjects = [
            p
            for part in re.split(r"[;.]\s*", chunk.text)
            for p in names
            if re.match(rf"^{re.escape(p[:-1])}s?\b", part.strip(), re.I)
        ]
        subjects = list(dict.fromkeys(subjects))
        absent = [p for p in names if p not in ctx.course.personas_in(chunk.text)]
        ctx.rng.shuffle(absent)
        if len(subjects) >= 2 and len(absent) >= 2:
            item = make(
                ctx,
                chunk,
                "personas",
                type=ItemType.multiple_response,
                stem=f"Which roles work with {hm.group(1)} day to day? Select all that apply.",
                answer=subjects[:3],
                options=choice_options(subjects[0], [*subjects[1:3], *absent[:2]], ctx.rng),
                explanation=says(chunk.text[:280].rsplit(".", 1)[0] + "."),
                quote=None,
                difficulty=Difficulty.hard,
            )
            if item:
                out.append(item)
    return out
