"""How-it-works questions answered from the section that explains the thing, read in order:
the section on how it works, the steps of a procedure, or the thing's own section."""

from __future__ import annotations

import re

from tutor.answer.question_words import subject_of, without_fluff
from tutor.answer.section_reading import how_section, own_section
from tutor.answer.service_choice import service_names
from tutor.answer.shapes import PROCEDURE_RE
from tutor.models import Chunk, Passage

_WORKS_RE = re.compile(r"\bworks?\b(?! out)", re.I)


def how_it_works(
    question: str, names: list[str], library: list[Chunk], limit: int
) -> list[tuple[Passage, str]]:
    """The section that explains what a how-question asks, read in order; [] when none does.
    ``names``: the course names the question uses."""
    subject = subject_of(question)
    first = names[0] if names else ""
    # the course name heads the question ("How does Model Monitor ...?", "How does RAG ...?")
    leads = (
        bool(first)
        and re.match(rf"^\s*how (?:does|do|can) (?:the )?{re.escape(first)}\b", without_fluff(question), re.I)
        is not None
    )
    # a technique so named, not a service: how RAG does one thing is what its own section
    # explains, but "How does Clarify explain a prediction?" asks one thing of the many its
    # sections explain
    technique = leads and first not in service_names(library)
    # "How does Model Monitor actually figure out that something has drifted?": a section "How
    # Model Monitor works: ..." says how it works (not "How Feature Store keeps training ...
    # consistent", which answers one thing)
    own_how = (
        [x for x in how_section(first, library, limit) if _WORKS_RE.search(x[0].section_path[-1])]
        if leads
        else []
    )
    return (
        how_section(subject, library, limit)
        or own_how
        # "How do you set up Model Monitor so it ...?": the subject as written heads no section,
        # the course name it uses may
        or (how_section(first, library, limit) if first and PROCEDURE_RE.search(question) else [])
        # "How does retrieval-augmented generation work?": the section headed by it explains it
        or (own_section(subject, library, limit) if _WORKS_RE.search(question) else [])
        or (own_section(first, library, limit) if technique else [])
    )
