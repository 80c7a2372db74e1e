"""Building a quiz: a mix of items due for review, items the learner got wrong and new items
(bank first, then generated), never the same item or the same question twice, options shuffled.
"""

from __future__ import annotations

import math
import random
import uuid
from collections import Counter, defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from tutor.course.bank import load_bank_report
from tutor.course.items import ItemType, QuizItem
from tutor.exceptions import QuizError, TutorError
from tutor.llm import resolve_chat_model
from tutor.progress.learner import Learner
from tutor.progress.records import ItemState, utc_now
from tutor.quiz.gate import ItemGate
from tutor.quiz.generation.engine import generate_items
from tutor.quiz.guidelines import gives_away, same_fact
from tutor.quiz.llm_generator import generate_llm_items
from tutor.quiz.validation import is_duplicate
from tutor.retrieval.retriever import Retriever
from tutor.retrieval.search import get_retriever
from tutor.settings import Settings, get_settings

if TYPE_CHECKING:  # LangChain loads only when a model is configured
    from langchain_core.language_models import BaseChatModel

Reason = Literal["due", "wrong", "new", "again"]

DUE_SHARE = 0.4
"""At most this share of a quiz is due reviews, so every quiz also moves the learner on."""
WRONG_SHARE = 0.3
"""At most this share is items answered wrong last time."""
MAX_COUNT = 50
TYPE_SHARE = 0.4
"""New items of one type fill at most this share of a quiz while other types are available."""


class Quiz(BaseModel):
    """A quiz ready to show: items with their options already shuffled."""

    id: str
    module: int | None
    learner: str | None
    items: list[QuizItem]
    reasons: dict[str, Reason] = Field(
        default_factory=dict, description="Item id -> why it is in the quiz: due, wrong, new or again."
    )
    review_only: bool = False
    notices: list[str] = Field(default_factory=list, description="E.g. why no items were generated.")
    created_at: datetime


# --------------------------------------------------------------------------- shuffling


def shuffle_options(item: QuizItem, rng: random.Random) -> QuizItem:
    """A copy of ``item`` with its options (and matching prompts) in a new random order. An
    ordering item is never shown already in the right order."""
    options = item.options[:]
    prompts = item.prompts[:]
    if item.type in (ItemType.single_choice, ItemType.multiple_response, ItemType.matching):
        rng.shuffle(options)
        rng.shuffle(prompts)
    elif item.type is ItemType.ordering:
        for _ in range(20):
            rng.shuffle(options)
            if options != item.answer:
                break
    return item.model_copy(update={"options": options, "prompts": prompts})


# --------------------------------------------------------------------------- pools


def _learner_states(learner: Learner | None, module: int | None) -> list[ItemState]:
    if learner is None:
        return []
    return learner.store.item_states(learner.name, module)


def _generated_pool(
    module: int,
    n: int,
    exclude: list[QuizItem],
    settings: Settings,
    retriever: Retriever | None,
    llm: BaseChatModel | None,
    rng: random.Random,
    notices: list[str],
) -> list[QuizItem]:
    """Generated items for one module: the LLM generator when a model is configured, else
    (or when it fails) the offline generator. Empty, with a notice, when nothing is indexed."""
    try:
        chunks = (retriever or get_retriever(settings)).chunks()
    except TutorError as e:
        notices.append(f"Only bank questions: the index could not be read ({e.message}).")
        return []
    if not any(c.module == module for c in chunks):
        notices.append(f"Only bank questions: nothing of module {module} is indexed (run `tutor ingest`).")
        return []
    if llm is not None:
        try:
            # Each LLM item costs a model call: ask for a quiz's worth, not the whole module.
            made = generate_llm_items(
                chunks, module, min(n, 10), llm, rng=rng, settings=settings, exclude=exclude
            )
            if made.items:
                return made.items
            notices.append("The LLM generator produced no valid items; offline items are used instead.")
        except TutorError as e:
            notices.append(f"The LLM generator failed ({e.message}); offline items are used instead.")
    return generate_items(chunks, module, n, rng=rng, settings=settings, exclude=exclude).items


def _order_new(
    candidates: list[QuizItem], answered_per_objective: Counter[str], rng: random.Random
) -> list[QuizItem]:
    """New items, round-robin over objectives (least-practised objective first) so that a
    short quiz already spreads over the module; within an objective, in random order."""
    by_objective: dict[str, list[QuizItem]] = defaultdict(list)
    for item in candidates:
        by_objective[item.objective].append(item)
    for items in by_objective.values():
        rng.shuffle(items)
    objectives = list(by_objective)
    rng.shuffle(objectives)
    objectives.sort(key=lambda o: answered_per_objective[o])
    ordered: list[QuizItem] = []
    while any(by_objective[o] for o in objectives):
        for o in objectives:
            if by_objective[o]:
                ordered.append(by_objective[o].pop(0))
    return ordered


def clashes(item: QuizItem, chosen: list[QuizItem]) -> bool:
    """Whether ``item`` cannot join ``chosen``: it asks the same question or the same fact
    (same source sentence or table row, same key) as one of them, or one of the two gives
    the other's key away."""
    return is_duplicate(item, chosen) or any(
        same_fact(item, c) or _same_row(item, c) or gives_away(item, c) or gives_away(c, item) for c in chosen
    )


def _same_row(a: QuizItem, b: QuizItem) -> bool:
    """Both built from one table row (generated table items quote 'row | cell')."""
    qa, qb = a.grounding.quote or "", b.grounding.quote or ""
    return " | " in qa and " | " in qb and qa.split(" | ")[0] == qb.split(" | ")[0]


def _bank_done(bank: list[QuizItem], seen: set[str]) -> set[str]:
    """Objectives whose bank items the learner has all seen: generated items may join there."""
    pending = {i.objective for i in bank if i.id not in seen}
    return {i.objective for i in bank} - pending


# --------------------------------------------------------------------------- entry point


def build_quiz(
    module: int | None,
    count: int = 5,
    learner: Learner | None = None,
    *,
    review_only: bool = False,
    settings: Settings | None = None,
    retriever: Retriever | None = None,
    llm: BaseChatModel | None = None,
    rng: random.Random | None = None,
    now: datetime | None = None,
    item_gate: ItemGate | None = None,
) -> Quiz:
    """Build a quiz of up to ``count`` items for ``module`` (None: the whole course).

    With a ``learner``, the quiz mixes items due for review (up to 40%), items answered
    wrong last time (up to 30%) and new items; without one, it is all new items.
    ``reasons`` says which is which.
    ``review_only`` gives only the due items (possibly none). New items come from the bank
    and the generator (the LLM generator when ``llm`` or TUTOR_LLM is set); every generated
    item has passed validation. No item, and no two items asking the same thing, appear
    twice. Options are shuffled.
    ``item_gate`` (the classroom's review queue) may withhold items, replace them by their
    reviewed version and add teacher-written ones.
    """
    settings = settings or (learner.settings if learner is not None else get_settings())
    if not 1 <= count <= MAX_COUNT:
        raise QuizError(f"A quiz has 1 to {MAX_COUNT} items, not {count}.", "Choose a smaller --count.")
    rng = rng or random.Random()
    now = now or utc_now()
    notices: list[str] = []

    report = load_bank_report(settings)
    if report.problems:
        notices.append(f"{len(report.problems)} bank entries were skipped as invalid: {report.problems[0]}")
    bank = {i.id: i for i in report.items if module is None or i.module == module}
    if item_gate is not None:
        bank = {i.id: i for i in item_gate.admit([*bank.values(), *item_gate.extra_items(module)])}

    states = _learner_states(learner, module)
    stored = learner.store.get_items([s.item_id for s in states]) if learner is not None and states else {}
    if item_gate is not None:
        stored = {i.id: i for i in item_gate.admit(list(stored.values()))}

    def lookup(item_id: str) -> QuizItem | None:
        return bank.get(item_id) or stored.get(item_id)

    all_due = sorted((s for s in states if s.due <= now), key=lambda s: s.due)
    # A mistake is a "wrong" item whether or not FSRS has made it due yet (after a wrong
    # answer it is due within minutes); "due" are the items last answered right.
    wrong = sorted((s for s in states if not s.last_correct), key=lambda s: s.last_answered)
    due = [s for s in all_due if s.last_correct]
    chosen: list[QuizItem] = []
    reasons: dict[str, Reason] = {}

    def take(item: QuizItem | None, reason: Reason, limit: int, type_cap: int | None = None) -> None:
        if item is None or len(chosen) >= limit or item.id in reasons or clashes(item, chosen):
            return
        if type_cap is not None and sum(c.type is item.type for c in chosen) >= type_cap:
            return
        chosen.append(item)
        reasons[item.id] = reason

    def quiz_of_chosen() -> Quiz:
        return Quiz(
            id=uuid.uuid4().hex,
            module=module,
            learner=learner.name if learner is not None else None,
            items=[shuffle_options(i, rng) for i in chosen],
            reasons=reasons,
            review_only=review_only,
            notices=notices,
            created_at=now,
        )

    if review_only:
        for s in all_due:
            take(lookup(s.item_id), "due", count)
        return quiz_of_chosen()

    for s in due:
        take(lookup(s.item_id), "due", math.ceil(count * DUE_SHARE))
    wrong_limit = len(chosen) + math.ceil(count * WRONG_SHARE)
    for s in wrong:
        take(lookup(s.item_id), "wrong", wrong_limit)

    # New items: unseen bank items first. Generated items join an objective only once the
    # learner has seen all of its bank items; elsewhere they only fill a gap nothing else can.
    seen = {s.item_id for s in states}
    answered_per_objective: Counter[str] = Counter()
    for s in states:
        answered_per_objective[s.objective] += s.attempts
    new_bank = [i for i in bank.values() if i.id not in seen]
    need = count - len(chosen)
    generated: list[QuizItem] = []
    if module is not None and len(new_bank) < need:
        if llm is None and settings.llm:
            llm, notice = resolve_chat_model(settings)
            if notice:
                notices.append(notice)
        # Ask for more than the gap: some will be answered already or duplicate a bank item.
        want = need + len(seen) + len(bank)
        generated = [
            g
            for g in _generated_pool(module, want, [*chosen], settings, retriever, llm, rng, notices)
            if g.id not in seen
        ]
        if item_gate is not None:
            generated = item_gate.admit(generated)
    elif module is None and len(new_bank) < need:
        notices.append("Pick a module to add generated questions.")
    done = _bank_done(list(bank.values()), seen)
    ready = [
        g for g in generated if g.objective in done or g.objective not in {i.objective for i in bank.values()}
    ]
    type_cap = max(2, math.ceil(count * TYPE_SHARE))
    ordered_new = _order_new([*new_bank, *ready], answered_per_objective, rng)
    ordered_new.sort(key=lambda i: i.origin != "bank")  # stable: bank first, objectives still spread
    for item in ordered_new:
        take(item, "new", count, type_cap)
    for item in ordered_new:
        take(item, "new", count)

    # Still short (everything seen): more due and wrong items, then answered items again,
    # least recently answered first.
    for s in due:
        take(lookup(s.item_id), "due", count)
    for s in wrong:
        take(lookup(s.item_id), "wrong", count)
    for s in sorted(states, key=lambda s: s.last_answered):
        take(lookup(s.item_id), "again", count)
    for item in _order_new(generated, answered_per_objective, rng):
        take(item, "new", count)

    if not chosen:
        where = f"module {module}" if module is not None else "the course"
        raise QuizError(
            f"There are no questions for {where}.",
            "Check the module number (0-5) and that corpus/questions/ and the index (`tutor ingest`) exist.",
        )
    rng.shuffle(chosen)
    return quiz_of_chosen()
