"""The offline generation engine: run the item makers over a module's chunks, interleave
their candidates, and keep only items that pass validation (the key is supported by the
cited passage) and every item-writing guideline check (no cues, own words, same-kind
distractors). Each kept item records the checks it passed.

The makers (what kinds of item a course's text yields) live beside this module:
``service_makers`` (sentences about a service) and ``table_makers`` (tables and lists).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.course.data import CourseData, load_course_data
from tutor.course.items import ItemType, QuizItem
from tutor.course.objectives import module_objectives
from tutor.exceptions import QuizError
from tutor.models import Chunk
from tutor.quiz.generation.base import Context, Maker
from tutor.quiz.generation.service_makers import persona_items, phase_items, service_items
from tutor.quiz.generation.table_makers import ordering_items, table_items
from tutor.quiz.guidelines import ITEM_CHECKS, CourseText, distractor_texts, failed_checks
from tutor.quiz.validation import is_duplicate, item_problems
from tutor.quiz.vocabulary import Vocabulary, build_vocabulary
from tutor.retrieval.retriever import Retriever
from tutor.retrieval.search import get_retriever
from tutor.safety.passages import sanitize_chunks
from tutor.settings import Settings, get_settings
from tutor.text import normalize

MAKERS: dict[str, Maker] = {
    "service": service_items,
    "table": table_items,
    "ordering": ordering_items,
    "phase": phase_items,
    "persona": persona_items,
}
"""Every item maker by name. Add a kind of item by adding a maker here."""

SAME_KIND = "same_kind_distractors"
"""The check name recorded when every distractor is of the key's own category."""


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
    course: CourseData | None = None,
) -> list[QuizItem]:
    """Every candidate item the makers propose for ``module``, interleaved by maker so that
    a prefix of the list already mixes item kinds. Not validated."""
    rng = rng or random.Random()
    settings = settings or get_settings()
    mine = module_chunks(chunks, module)
    if not mine:
        return []
    course = course or load_course_data(settings)
    vocab = build_vocabulary([c.text for c in mine], [c.text for c in chunks], course=course)
    ctx = Context(
        module=module, vocab=vocab, course=course, rng=rng, objective=objective_resolver(module, settings)
    )
    per_maker: list[list[QuizItem]] = []
    for maker in MAKERS.values():
        found = [item for chunk in mine for item in maker(chunk, ctx)]
        rng.shuffle(found)
        per_maker.append(found)
    out: list[QuizItem] = []
    while any(per_maker):
        for found in per_maker:
            if found:
                out.append(found.pop())
    return out


def same_kind(item: QuizItem, vocab: Vocabulary, course: CourseData) -> bool:
    """Whether every distractor is of the key's own kind (a service for a service, a phase
    for a phase, a member of the key's course category)."""
    if item.type is not ItemType.single_choice:
        return True
    key = str(item.answer)
    wrong = distractor_texts(item)
    pools: list[list[str]] = [list(course.categories.get(course.category_of(key) or "", []))]
    pools += [vocab.services, course.lifecycle_phases, course.persona_names]
    for pool in pools:
        names = {normalize(p) for p in pool}
        if normalize(key) in names:
            return all(normalize(w) in names for w in wrong)
    # Table cells: a column is one category by construction.
    return item.grounding.quote is not None and " | " in item.grounding.quote


@dataclass
class Generated:
    items: list[QuizItem] = field(default_factory=list)
    candidates: int = 0
    rejected: list[tuple[QuizItem, list[str]]] = field(default_factory=list)
    duplicates: int = 0

    def offer(self, item: QuizItem, problems: list[str], taken: list[QuizItem], checks: list[str]) -> None:
        """Keep ``item``, marked with the ``checks`` it passed, unless it has ``problems`` or
        asks what an item of ``taken`` asks; a kept item joins ``taken``."""
        if problems:
            self.rejected.append((item, problems))
        elif is_duplicate(item, taken):
            self.duplicates += 1
        else:
            item = item.model_copy(update={"checks": checks})
            self.items.append(item)
            taken.append(item)


def generate_items(
    chunks: list[Chunk],
    module: int,
    n: int,
    *,
    rng: random.Random | None = None,
    settings: Settings | None = None,
    exclude: list[QuizItem] | None = None,
) -> Generated:
    """Up to ``n`` valid, mutually distinct generated items for ``module``, each passing
    every item-writing check (recorded in ``item.checks``).

    ``exclude``: items already chosen (bank items, say); a candidate asking the same thing
    as one of them is dropped as a duplicate.
    """
    settings = settings or get_settings()
    course = load_course_data(settings)
    chunks = sanitize_chunks(chunks)  # no item may be built from an instruction to an AI
    pool = candidates(chunks, module, rng=rng, settings=settings, course=course)
    by_id = {c.id: c for c in chunks}
    mine = module_chunks(chunks, module)
    vocab = build_vocabulary([c.text for c in mine], [c.text for c in chunks], course=course)
    course_text = CourseText.from_texts(c.text for c in chunks)
    out = Generated(candidates=len(pool))
    taken = list(exclude or [])
    for item in pool:
        if len(out.items) >= n:
            break
        chunk = by_id.get(item.grounding.passage_id or "")
        problems = item_problems(item, chunk.text if chunk else "", course_sentences=vocab.sentences)
        problems += [f"fails the {c} guideline" for c in failed_checks(item, course_text)]
        if not same_kind(item, vocab, course):
            problems.append(f"fails the {SAME_KIND} guideline")
        out.offer(item, problems, taken, [*ITEM_CHECKS, SAME_KIND])
    return out


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
