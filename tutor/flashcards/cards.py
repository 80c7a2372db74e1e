"""Flashcards made from the course text, one objective at a time.

Four kinds, each read off the way the lessons are written (no model involved):

- term: a "What X is" section -> "What is X?" / its first sentence.
- purpose: "X: when to use it and when not" and "X: lifecycle phase and personas served"
  -> "X: when is it the right choice?" / "...a poor fit?" / "...which phase does it serve?".
- choice: "X versus Y" sections -> "X or Y: which one <does this>?" / "Y. <the sentence>".
- misconception: "A common misconception is that <claim>; <correction>" -> the claim / the
  correction.

Every card carries the passage it was made from (its section) and its source file; the
back is a sentence of that passage, which validation.py checks.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from tutor.course.objectives import objective_for_section
from tutor.markdown import FrontMatterError, MarkdownSection, clean_inline, parse_markdown
from tutor.settings import Settings
from tutor.text import content_terms, normalize, split_sentences


class CardKind(StrEnum):
    term = "term"
    purpose = "purpose"
    choice = "choice"
    misconception = "misconception"


class Flashcard(BaseModel):
    id: str = Field(description="Stable id: the same card keeps it across rebuilds and exports.")
    module: int
    objective: str
    kind: CardKind
    front: str
    back: str
    source: str = Field(description="Corpus file the card comes from.")
    section: str = Field(description="Heading of the cited passage.")
    passage: str = Field(description="The cited passage: the section the back is taken from.")


def card_id(source: str, section: str, kind: CardKind, front: str) -> str:
    digest = hashlib.sha1(f"{source}|{section}|{kind}|{normalize(front)}".encode()).hexdigest()
    return f"fc-{digest[:16]}"


_WHAT_RE = re.compile(r"^What (?:an? )?(?P<term>.+?) (?P<verb>is|are)$")
_WHEN_RE = re.compile(r"^(?P<svc>.+?): when to use (?:it|them) and when not$")
_PHASE_RE = re.compile(r"^(?P<svc>.+?): lifecycle phase and personas served$")
_VERSUS_RE = re.compile(r"^(?P<a>.+?) versus (?P<b>.+)$")
_MISCONCEPTION_RE = re.compile(r"\bmisconception (?:is|was) that (?P<claim>.+)$", re.I)
_BRAND_RE = re.compile(r"^(?:Amazon |AWS |SageMaker )+")


def _passage(section: MarkdownSection) -> str:
    return re.sub(r"[ \t]+", " ", clean_inline(section.body)).strip()


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "."


def term_cards(section: MarkdownSection, sentences: list[str]) -> list[tuple[CardKind, str, str]]:
    m = _WHAT_RE.match(section.heading)
    if not m or not sentences:
        return []
    return [(CardKind.term, f"What {m['verb']} {m['term']}?", sentences[0])]


_DEFINING_VERBS = (
    "is|are|means|measures|combines|records|runs|hosts|queues|builds|explores|turns|offers|detects|"
    "monitors|explains|stores|provides|assumes|asks|applies|organises|lets|helps"
)
_DEFINES_RE = re.compile(
    rf"^(?:The |An? )?(?P<term>(?:[A-Za-z0-9()-]+ ){{0,5}}?[A-Za-z0-9()-]+) (?P<verb>{_DEFINING_VERBS}) (?P<rest>.{{15,}})$"
)
_NOT_TERMS = frozenset({"it", "this", "that", "these", "those", "they", "each", "every", "there", "for"})
_SPECIAL_HEADING_RE = re.compile(
    r"^What |versus|misconception|: when to use|: lifecycle phase|example|checklist", re.I
)
_VERB_BASE = {"is": "is", "are": "are", "applies": "apply"}


def definition_cards(section: MarkdownSection, sentences: list[str]) -> list[tuple[CardKind, str, str]]:
    """'Accuracy is the share of…' under 'Accuracy as an evaluation metric' -> 'What is
    accuracy?'; 'AUC measures…' -> 'What does AUC measure?'. Only the opening sentences of a
    section, and only when the subject is what the heading is about."""
    if _SPECIAL_HEADING_RE.search(section.heading):
        return []
    heading_terms = set(content_terms(section.heading))
    for sentence in sentences[:2]:
        m = _DEFINES_RE.match(sentence)
        if (
            not m
            or m["term"].split()[0].lower() in _NOT_TERMS
            or re.search(r"\b(?:below|above)\b", m["term"])  # points at the page, not at the idea
            or not set(content_terms(m["term"])) & heading_terms
        ):
            continue
        term, verb = m["term"], m["verb"]
        if article := re.match(r"^(The|An?) ", sentence):  # keep "the" / "a": "What is a SageMaker domain?"
            term = f"{article[1].lower()} {term}"
        if verb in ("is", "are"):
            question = f"What {verb} {term}?"
        else:
            question = f"What does {term} {_VERB_BASE.get(verb, verb[:-1])}?"
        return [(CardKind.term, question, sentence)]
    return []


def purpose_cards(section: MarkdownSection, sentences: list[str]) -> list[tuple[CardKind, str, str]]:
    out: list[tuple[CardKind, str, str]] = []
    if m := _WHEN_RE.match(section.heading):
        svc = m["svc"]
        use = next((s for s in sentences if s.startswith("Use ")), None)
        poor = next((s for s in sentences if "poor fit" in s or "not the right" in s), None)
        if use:
            out.append((CardKind.purpose, f"{svc}: when is it the right choice?", use))
        if poor and poor != use:
            out.append((CardKind.purpose, f"{svc}: when is it a poor fit?", poor))
    elif (m := _PHASE_RE.match(section.heading)) and sentences:
        out.append(
            (
                CardKind.purpose,
                f"{m['svc']}: which lifecycle phase does it serve, and for whom?",
                sentences[0],
            )
        )
    return out


def _name_pattern(name: str) -> re.Pattern[str]:
    """'Training Jobs' also matches 'A Training Job', 'SageMaker Training Jobs', 'a pipeline'."""
    core = _BRAND_RE.sub("", name)
    core = core[:-1] if core.endswith("s") and not core.endswith("ss") else core
    return re.compile(rf"^(?:An? |The )?(?:Amazon |AWS |SageMaker )?{re.escape(core)}s?\b", re.I)


def _clean_side(text: str) -> str:
    text = re.sub(r"\s*\([^)]*\)", "", text)
    return re.sub(r" for (?:governance|documentation)$", "", text).strip()


def choice_cards(section: MarkdownSection, sentences: list[str]) -> list[tuple[CardKind, str, str]]:
    m = _VERSUS_RE.match(section.heading)
    if not m:
        return []
    a, b = _clean_side(m["a"]), _clean_side(m["b"])
    names = [(a, _name_pattern(a)), (b, _name_pattern(b))]
    out: list[tuple[CardKind, str, str]] = []
    for sentence in sentences:
        for name, pattern in names:
            hit = pattern.match(sentence)
            if not hit:
                continue
            predicate = re.split(r"[:;]", sentence[hit.end() :], maxsplit=1)[0].strip().rstrip(".")
            words = predicate.split()
            # "X and Y are often confused": not a statement about one of them.
            if len(words) < 3 or words[0].lower() in {"and", "or"}:
                break
            # A predicate naming either side would give the answer away (or muddle it).
            if any(_BRAND_RE.sub("", n).lower().rstrip("s") in predicate.lower() for n, _ in names):
                break
            answer = name[:1].upper() + name[1:]
            out.append((CardKind.choice, f"{a} or {b}: which one {predicate}?", f"{answer}. {sentence}"))
            break
    return out


def misconception_cards(section: MarkdownSection, sentences: list[str]) -> list[tuple[CardKind, str, str]]:
    if "misconception" not in section.heading.lower():
        return []
    out: list[tuple[CardKind, str, str]] = []
    for i, sentence in enumerate(sentences):
        m = _MISCONCEPTION_RE.search(sentence)
        if not m:
            continue
        parts = re.split(r"; |: ", m["claim"], maxsplit=1)
        claim, correction = parts[0], parts[1] if len(parts) > 1 else ""
        if not correction:
            following = sentences[i + 1] if i + 1 < len(sentences) else ""
            if not following or _MISCONCEPTION_RE.search(following):
                continue
            correction = following
        out.append(
            (
                CardKind.misconception,
                f"Misconception: “{_sentence(claim)}” What is actually true?",
                _sentence(correction),
            )
        )
    return out


EXTRACTORS = (term_cards, definition_cards, purpose_cards, choice_cards, misconception_cards)


def lesson_cards(path: Path, settings: Settings | None = None) -> list[Flashcard]:
    """Candidate cards of one lesson file (unvalidated), in reading order."""
    try:
        front, sections = parse_markdown(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return []
    module = front.get("module")
    if not isinstance(module, int):
        return []
    out = []
    for section in sections:
        objective = objective_for_section(module, section.path, settings)
        if objective is None or not section.heading:
            continue
        passage = _passage(section)
        sentences = split_sentences(passage)
        for extract in EXTRACTORS:
            for kind, front_text, back in extract(section, sentences):
                out.append(
                    Flashcard(
                        id=card_id(path.name, section.heading, kind, front_text),
                        module=module,
                        objective=objective,
                        kind=kind,
                        front=front_text,
                        back=back,
                        source=path.name,
                        section=section.heading,
                        passage=passage,
                    )
                )
    return out
