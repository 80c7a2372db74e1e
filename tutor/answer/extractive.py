"""The offline answerer: the sentences of the retrieved passages that best answer the question.

Scoring mixes meaning (embedding similarity of sentence and question) with keyword overlap
and the passage's retrieval rank; selection is diversified (a sentence too close to one
already chosen is skipped) so the answer does not repeat itself. Sentences are quoted
verbatim, so each is supported by the passage it cites by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from tutor.answer.comparisons import compared_on, when_subject
from tutor.answer.continuations import list_opened, with_its_case, with_its_examples
from tutor.answer.counts import counting_first
from tutor.answer.definitions import (
    defines,
    defining_passage,
    definition_subject,
    is_what_section_of,
    phrase_passage,
)
from tutor.answer.emphasis import (
    asked_first,
    caveats_first,
    emphasis_bonus,
    emphasis_of,
    preferred_when,
    when_to_do,
)
from tutor.answer.how_answers import how_it_works
from tutor.answer.misconceptions import misconception_answer
from tutor.answer.neighbours import neighbour_answer
from tutor.answer.options import option_answer
from tutor.answer.overview import (
    announced_parts,
    introduced_list,
    with_announced_parts,
)
from tutor.answer.question_words import on_focus, subject_of, without_module_place
from tutor.answer.renamings import renaming_answer
from tutor.answer.section_reading import (
    asks_beyond,
    comparison_section,
    course_opening,
    explained_on,
    heading_section,
    module_opening,
    modules_section,
    sibling_sections,
    when_section,
    where_in_the_course,
    with_announced,
    with_corrections,
)
from tutor.answer.sentence_cache import embed_cached
from tutor.answer.service_choice import (
    lead_with_name,
    leans_back,
    name_at,
    named_in_the_story,
    service_answer,
    service_names,
    task_of,
)
from tutor.answer.shapes import (
    DIFFICULTY_ASKED_RE,
    MODULE_CONTENT_RE,
    MODULE_NUMBER_RE,
    ORDER_ASKED_RE,
    module_answer,
    on_topic,
    shape_of,
    without_examples,
)
from tutor.answer.vocabulary import VENDORS, vocabulary
from tutor.embeddings import Embedder
from tutor.index.sentence_vectors import SentenceVectors, quotable_sentences
from tutor.models import AnswerSentence, Chunk, Passage
from tutor.text import content_terms, stem, tokens

MAX_SENTENCES = 5
MIN_SENTENCES = 3
_CANDIDATES = 10
"""Sentences without a vector from ingest are embedded at question time: only this many of
them, the best by keywords, to keep an answer fast."""
_REDUNDANT_JACCARD = 0.5
_OPENING_SENTENCES = 8
"""The course's opening paragraph, for "what is this course about?": all of its modules."""
# "Which modules are hardest?": the opening's sentence on difficulty leads it
_DIFFICULTY_STATED_RE = re.compile(r"\b(difficulty|beginner|intermediate|advanced)\b", re.I)
_READ_IN_ORDER = frozenset({"definition", "list", "how-it-works", "other"})
"""Shapes a section whose heading the question asks back answers in its own order (not a when-not
question about a "When to use X" section: it wants the caveats first)."""
# "What is X?" / "what does X do?": the opening sentence of a section headed "What ... X ..."
# is the definition the learner asks for; it gets this bonus (without it, a sentence of a
# misconceptions section that repeats the name more often could lead the answer).
_DEFINITION_OPENING_BONUS = 0.25
_CUTOFF = 0.75
"""Past the minimum, a sentence of a passage the answer does not quote yet joins it only if it
scores this share of the best; a quoted passage's other sentences fill the answer up to the
maximum, as they often say what the asked one only begins ("Notebook jobs suit a small
weekly retraining." is followed by "For anything with several dependent steps, ... a full pipeline
is the better tool."), while a sentence of a passage not yet quoted, that far below the best, is
about something else."""
_DEFINITION_RE = re.compile(
    r"\b(is|are) (a|an|the)\b|\b(provides|helps|lets|enables|detects|stores|tracks)\b", re.I
)
# Sentences about the text itself ("the table below...") or about what is NOT true answer
# nothing on their own.
_META_RE = re.compile(
    r"\b(below|above|the following|this section|next section|this module|this course)\b|"
    r"\bcommon misconception\b|\bmisconception is\b",
    re.I,
)
_QUANTITY_RE = re.compile(r"\bhow (many|much|long|often|fast)\b|\bnumber of\b|\bwhat percent", re.I)
# Sentences that lean on the previous one ("Therefore...", "It also...") read badly alone.
_DEPENDENT_RE = re.compile(
    r"^(therefore|thus|so|hence|however|but|also|and|first|second|third|then|finally|"
    r"this|that|these|those|it|they|its|their|here|there|in addition|for example)\b",
    re.I,
)


def _candidate_sentences(passages: list[Passage]) -> list[tuple[int, int, str]]:
    """(passage index, position, sentence) of sentences worth quoting."""
    return [(pi, si, s) for pi, p in enumerate(passages) for si, s in quotable_sentences(p.text)]


def _even(term: str) -> float:
    return 1.0


def _overlap(question_terms: set[str], sentence: str, weight: Callable[[str], float] = _even) -> float:
    """Share of the question's words in the sentence, each counted by its ``weight``."""
    if not question_terms:
        return 0.0
    # "approving" and "approval" stem apart; their first five letters meet
    heads = {t[:5] for t in content_terms(sentence)}
    total = sum(weight(t) for t in question_terms)
    return sum(weight(t) for t in question_terms if t[:5] in heads) / total


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def select_sentences(
    question: str,
    passages: list[Passage],
    embedder: Embedder,
    question_vector: list[float] | None = None,
    known: SentenceVectors | None = None,
    subject: str | None = None,
    weight: Callable[[str], float] = _even,
) -> list[tuple[int, str, float]]:
    """Best 3-5 (passage index, sentence, score), in answer order (see ``_CUTOFF``). ``known``:
    sentence vectors from ingest; sentences it has are all scored, at no embedding cost.
    ``subject``: what a sentence that says what it is gets a bonus for (by default the subject of
    "what is X?"). ``weight``: what a question word's presence in a sentence is worth (by default,
    the same for every word; with a library, its rarity there: CourseVocabulary.rarity)."""
    candidates = _candidate_sentences(passages)
    if not candidates:
        return []
    q_terms = set(content_terms(question))
    # Service names the learner typed ("Clarify", "Feature Store") weigh double.
    q_names = {stem(t) for t in tokens(" ".join(re.findall(r"\b[A-Z][A-Za-z]+", question)))} & q_terms
    wants_number = bool(_QUANTITY_RE.search(question))
    asked = emphasis_of(question)
    prelim = []
    for pi, si, s in candidates:
        lex = _overlap(q_terms, s, weight) + 0.5 * _overlap(q_names, s, weight)
        if wants_number and re.search(r"\d", s):
            lex += 0.3
        lex += emphasis_bonus(asked, s) / 0.35  # worth the bonus itself in the final score
        prior = 1.0 / (1 + pi)
        prelim.append((lex + 0.3 * prior - 0.01 * si, pi, si, s))
    prelim.sort(key=lambda x: -x[0])
    qv = np.asarray(question_vector if question_vector is not None else embedder.embed_query(question))
    if known is not None and not known.fits(qv):
        known = None  # saved by another embedding model: of no use to this one
    known_vectors = {x[3]: v for x in prelim if known is not None and (v := known.get(x[3])) is not None}
    shortlist = [x for i, x in enumerate(prelim) if i < _CANDIDATES or x[3] in known_vectors]
    to_embed = [s for _, _, _, s in shortlist if s not in known_vectors]
    embedded = dict(zip(to_embed, embed_cached(embedder, to_embed), strict=True)) if to_embed else {}
    sv = np.asarray([known_vectors[s] if s in known_vectors else embedded[s] for _, _, _, s in shortlist])
    cos = sv @ qv
    scored = []
    subject = definition_subject(question) if subject is None else subject
    openings = {pi: si for pi, si, _ in reversed(candidates)}  # first quotable sentence per passage
    for (lex_prior, pi, si, s), c in zip(shortlist, cos, strict=True):
        definition = 0.05 if _DEFINITION_RE.search(s) else 0.0
        if (subject and openings[pi] == si and is_what_section_of(passages[pi], subject)) or (
            subject and defines(subject, s)
        ):
            definition += _DEFINITION_OPENING_BONUS
        dependent = 0.08 if _DEPENDENT_RE.match(s) or re.search(r"\btherefore\b", s, re.I) else 0.0
        meta = 0.1 if _META_RE.search(s) else 0.0
        scored.append((0.65 * float(c) + 0.35 * lex_prior + definition - dependent - meta, pi, si, s))
    scored.sort(key=lambda x: -x[0])

    chosen: list[tuple[float, int, int, str]] = []
    chosen_terms: list[set[str]] = []
    quoted: set[int] = set()  # passages the answer quotes so far
    best = scored[0][0]
    for score, pi, si, s in scored:
        if len(chosen) >= MAX_SENTENCES:
            break
        if len(chosen) >= MIN_SENTENCES and score < best * _CUTOFF and pi not in quoted:
            continue
        terms = set(content_terms(s))
        if any(_jaccard(terms, t) > _REDUNDANT_JACCARD for t in chosen_terms):
            continue
        chosen.append((score, pi, si, s))
        chosen_terms.append(terms)
        quoted.add(pi)
    # Lead with the best sentence, then keep the rest in reading order of their passages so
    # sentences from one passage read as they were written.
    # ... and the best that does not lean on a sentence before it ("X also ...") leads.
    lead = next((k for k, c in enumerate(chosen) if not leans_back(c[3])), 0)
    head, rest = chosen[lead], sorted(chosen[:lead] + chosen[lead + 1 :], key=lambda x: (x[1], x[2]))
    return [(pi, s, score) for score, pi, _, s in [head, *rest]]


def _shaped_picks(
    question: str,
    passages: list[Passage],
    embedder: Embedder,
    question_vector: list[float] | None,
    known: SentenceVectors | None,
    library: list[Chunk],
    names: list[str],
) -> list[tuple[Passage, str]]:
    """Sentences for the question's shape (tutor.answer.shapes), first sentence first."""
    question = without_module_place(question)
    shape = shape_of(question)
    # ... not "How does SageMaker work out which inputs drove a rejection?", which asks one thing
    if (
        shape == "how-it-works"
        and subject_of(question).lower() in VENDORS
        and not re.search(r"\bwork(s|ed)? out\b", question, re.I)
    ):
        # "How does SageMaker work?" has no one section on how; what SageMaker is answers it
        question, shape = f"What is {subject_of(question)}?", "definition"
    qv = question_vector if question_vector is not None else embedder.embed_query(question)
    rarity = vocabulary(library).rarity  # "disparate impact" says more than "post-training metrics"

    def best(among: list[Passage], subject: str | None = None) -> list[tuple[Passage, str]]:
        picks = select_sentences(question, among, embedder, qv, known, subject, rarity)
        return [(among[pi], s) for pi, s, _ in picks]

    asked = emphasis_of(question)

    number = MODULE_NUMBER_RE.search(question)
    if shape == "which-module" and number and MODULE_CONTENT_RE.search(question):
        opening = module_opening(int(number.group(1)), library, MAX_SENTENCES)
        if opening:
            return opening
    where = where_in_the_course(question, library, MIN_SENTENCES) if shape == "which-module" else []
    if where:
        return where
    if shape == "which-module":
        lead = module_answer(question, names, library, passages)
        if lead:
            rest = on_topic(question, best(without_examples(question, passages)))[:2]
            return lead + [x for x in rest if x[1] != lead[0][1]]
    # "When is Serverless Inference a sensible hosting choice?" asks when to use the one option named
    option = (
        option_answer(question, library, MAX_SENTENCES) if shape != "when-to-use" or len(names) != 1 else []
    )
    if option:
        return option
    renaming = renaming_answer(question, library)
    if renaming:
        return explained_on(renaming, MIN_SENTENCES, MAX_SENTENCES)
    named = False  # a which-service question that names a service asks about it
    if shape == "service-for-task":
        told = named_in_the_story(
            question
        )  # "... launched 40 XGBoost Training Jobs. Where do I compare them?"
        named = any(
            not told(svc) and name_at(svc, n) is not None for svc in service_names(library) for n in names
        )
    if shape == "service-for-task" and not named:
        task = task_of(question)
        task_vector = qv if task == question else embedder.embed_query(task)
        # "Which tool is aimed at analysts who can't code?": a feature beside the core services
        beside = neighbour_answer(task_vector, library, known)
        if beside:
            return beside[1]
        found = service_answer(task, task_vector, library, known, passages)
        if found:
            name, own = found
            picked = best(own)
            if not any(name_at(name, s, as_written=True) is not None for _, s in picked[:3]):
                naming = next(
                    (
                        (p, s)
                        for p in own
                        for _, s in quotable_sentences(p.text)
                        if name_at(name, s, as_written=True) is not None
                    ),
                    None,
                )
                picked = [naming, *picked] if naming else picked
            return lead_with_name(picked, name)
    if shape == "course-overview":
        ordered = modules_section(library, MAX_SENTENCES) if ORDER_ASKED_RE.search(question) else []
        difficulty = _DIFFICULTY_STATED_RE if DIFFICULTY_ASKED_RE.search(question) else None
        opening = ordered or course_opening(library, _OPENING_SENTENCES, difficulty)
        if opening:
            return opening
    asked_back = heading_section(question, library, MAX_SENTENCES) if shape in _READ_IN_ORDER else []
    if asked_back:
        return asked_back
    if shape == "how-it-works":
        steps = how_it_works(question, names, library, MAX_SENTENCES)
        if steps:
            return steps
    premise = misconception_answer(question, library, embedder, qv)
    if premise:
        # the other misconceptions of the same section answer other questions
        picks = on_topic(question, best(without_examples(question, passages)))
        rest = [x for x in picks if x[0].id != premise[0][0].id]
        return premise + rest[: MAX_SENTENCES - len(premise)]
    if shape == "when-to-use":
        names = names or when_subject(question, library)
        when = when_section(names, library, MAX_SENTENCES)
        if when and asks_beyond(question, names[0], passages):
            when = []
        if when and asked.caveat:
            # "When is X the wrong choice?": where it is a poor fit leads, with the sentence
            # "It does not offer GPUs ..." leans on
            when = caveats_first(when, keep_context=lambda s: _DEPENDENT_RE.match(s) is not None)
        if when:
            return when
    kept = without_examples(question, passages)
    if shape in ("when-to-use", "comparison"):
        # "When does it make sense to pre-train rather than fine-tune?" weighs one doing against others
        sentences = [(p, s) for p in kept[:5] for _, s in quotable_sentences(p.text)]
        doing = when_to_do(question, sentences) or preferred_when(question, sentences)
        if doing:
            return explained_on([doing], MIN_SENTENCES, MAX_SENTENCES)
    subject = definition_subject(question) if shape == "definition" else ""
    if subject and not any(defines(subject, s) for p in kept[:3] for _, s in quotable_sentences(p.text)):
        # "What is SageMaker?": every passage names it; the one that says what it is may rank low
        found = defining_passage(subject, library) or phrase_passage(subject, kept, library)
        if found is not None and all(p.id != found.id for p in kept):
            kept = [found, *kept]
    picked = best(kept, subject or None)
    if subject and picked and defines(subject, picked[0][1]):
        # the definition's paragraph goes on; when it says enough, nothing from elsewhere is added
        # ("A SageMaker domain is ..." after what SageMaker is)
        picked = explained_on(picked, MIN_SENTENCES, MAX_SENTENCES)
        own = [x for x in picked if x[0].id == picked[0][0].id]
        return own if len(own) >= MIN_SENTENCES else picked
    if picked and shape == "prerequisites":
        # "What AWS basics should I know first?": the prerequisite on AWS, not the list of all four
        focused = [x for x in picked if on_focus(question, x[1])] or [
            (p, s) for p in kept for _, s in quotable_sentences(p.text) if on_focus(question, s)
        ][:1]
        if focused:
            ordered = [*focused, *(x for x in picked if x not in focused)]
            # "What four kinds of background knowledge ...?": the sentence that counts them, then
            # the subsections it announces
            _, parts = announced_parts(ordered[0][0], library)
            if parts:
                return [ordered[0], *parts]
            return explained_on(ordered, MIN_SENTENCES, MAX_SENTENCES)
    if picked and asked.caveat:
        # "When would X be a poor fit?": where it is a poor fit leads, then what it is
        picked = caveats_first(picked, only_one=True)
    if picked and shape == "comparison":
        picked = (
            comparison_section(question, picked, MAX_SENTENCES, retrieved=kept)
            or sibling_sections(question, library, MAX_SENTENCES)
            or compared_on(question, library)[: MAX_SENTENCES + 1]
            or picked
        )
    elif picked:
        picked = with_announced_parts(question, picked, kept, library)
    # what the question's phrasing asks for leads, before sentences of other topics are dropped
    picked = asked_first(asked, picked)
    if len(picked) > 1 and (
        shape in ("how-it-works", "when-to-use") or (shape == "definition" and definition_subject(question))
    ):
        picked = on_topic(question, picked)
    picked = counting_first(question, picked)
    if picked and (shape == "how-it-works" or asked.reason or asked.examples):
        # a reason, like a mechanism, goes on in the paragraph that began it; so do examples
        # ("... measure bias before training. Examples include class imbalance ...")
        picked = explained_on(picked, MIN_SENTENCES, MAX_SENTENCES)
    return picked


def render(
    lead: list[tuple[Passage, str]], items: list[tuple[Passage, str]]
) -> tuple[str, list[AnswerSentence], list[Passage]]:
    """(answer text with [n] markers, sentences, passages cited in [n] order); ``items`` (a list's
    entries) go on lines of their own after the ``lead`` sentences."""
    cited: list[Passage] = []
    sentences = []
    text = ""
    for i, (passage, s) in enumerate(lead + items):
        n = next((k for k, p in enumerate(cited, 1) if p.id == passage.id), None)
        if n is None:
            cited.append(passage)
            n = len(cited)
        sentences.append(AnswerSentence(text=s, citations=[n], supported=True, support=1.0, evidence=s))
        gap = "\n" if items and i >= len(lead) else " "  # list items on lines of their own
        text = f"{text}{gap}{s} [{n}]" if text else f"{s} [{n}]"
    return text, sentences, cited


def compose_extractive(
    question: str,
    passages: list[Passage],
    embedder: Embedder,
    question_vector: list[float] | None = None,
    known: SentenceVectors | None = None,
    library: list[Chunk] | None = None,
    names: list[str] | None = None,
) -> tuple[str, list[AnswerSentence], list[Passage]]:
    """(answer text with [n] markers, sentences, passages cited in [n] order). With the
    ``library``'s chunks, a question that asks for a list the course introduces gets that list,
    a best sentence that announces subsections is followed by their opening sentences
    (tutor.answer.overview), and the question's shape decides what leads (tutor.answer.shapes).
    ``names``: the course names the question uses."""
    lead, items = introduced_list(question, passages, library) if library else ([], [])
    if items:
        return render(lead, items)
    if library:
        picked = _shaped_picks(question, passages, embedder, question_vector, known, library, names or [])
        # "A typical training pipeline orders its steps like this:" leads: its list follows
        picked = with_its_examples(question, with_its_case(picked), MAX_SENTENCES)
        if picked and shape_of(question) not in ("service-for-task", "which-module"):
            picked, items = list_opened(picked, library)
            if items:
                return render(picked, items)
    else:
        picked = [
            (passages[pi], s)
            for pi, s, _ in select_sentences(question, passages, embedder, question_vector, known)
        ]
    picked = with_announced(picked, MAX_SENTENCES)
    return render(with_corrections(picked, max(len(picked), MAX_SENTENCES)), [])
