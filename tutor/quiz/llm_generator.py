"""The LLM item generator: a chat model writes an item from one indexed chunk, as structured
output (a pydantic schema), and the item goes through the same validation as offline items.

The model only drafts; grounding (source, section, chunk id) is set here from the chunk, so a
model cannot cite a passage it was not shown.
"""

from __future__ import annotations

import random
from typing import Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from tutor.course.items import Difficulty, Grounding, ItemType, QuizItem
from tutor.exceptions import ProviderError
from tutor.models import Chunk
from tutor.quiz.generation.base import item_id
from tutor.quiz.generation.engine import Generated, module_chunks, objective_resolver
from tutor.quiz.guidelines import ITEM_CHECKS, CourseText, failed_checks
from tutor.quiz.structured import invoke_structured
from tutor.quiz.validation import item_problems
from tutor.quiz.vocabulary import build_vocabulary
from tutor.safety.passages import sanitize_chunks
from tutor.settings import Settings

LLMItemType = Literal["single_choice", "multiple_response", "true_false", "short_answer"]


class ItemDraft(BaseModel):
    """What the model must return for one quiz item."""

    type: LLMItemType
    stem: str = Field(description="The question. For true_false, a statement starting 'True or false:'.")
    options: list[str] = Field(
        default_factory=list,
        description="single_choice: 4 options; multiple_response: 5 options; none for true_false/short_answer.",
    )
    correct: list[str] = Field(
        description="single_choice: the one correct option; multiple_response: the 2-3 correct options; "
        "true_false: ['true'] or ['false']; short_answer: the key answer first, then accepted variants."
    )
    explanation: str = Field(description="Why the answer is right, in the passage's words.")
    quote: str = Field(description="The sentence of the passage, copied exactly, that supports the answer.")


_SYSTEM = (
    "You write checkpoint quiz items for a course on Amazon SageMaker's role in the ML lifecycle. "
    "Use only the passage you are given. The correct answer must be stated in the passage; wrong "
    "options must be plausible SageMaker terms from the same topic but clearly wrong according to the "
    "passage. Never put the answer in the question. Copy the supporting sentence exactly."
)


def _user_prompt(chunk: Chunk, kind: str) -> str:
    section = " > ".join(chunk.section_path) or chunk.title
    return f"Item type: {kind}\nSection: {section}\nPassage:\n{chunk.text}\n\nWrite one {kind} item."


def draft_to_item(draft: ItemDraft, chunk: Chunk, module: int, objective: str) -> QuizItem | None:
    """A QuizItem from a model draft, or None when the draft does not fit the item schema."""
    kind = ItemType(draft.type)
    answer: object
    accept: list[str] = []
    options = draft.options
    if kind is ItemType.single_choice:
        answer = draft.correct[0] if draft.correct else ""
    elif kind is ItemType.multiple_response:
        answer = draft.correct
    elif kind is ItemType.true_false:
        answer = bool(draft.correct) and draft.correct[0].strip().lower() in ("true", "t", "yes")
        options = []
    else:
        answer = draft.correct[0] if draft.correct else ""
        accept = draft.correct[1:]
        options = []
    try:
        return QuizItem(
            id=item_id(module, "llm", draft.stem, str(answer), chunk.id),
            module=module,
            objective=objective,
            type=kind,
            difficulty=Difficulty.medium,
            stem=draft.stem,
            options=options,
            answer=answer,  # type: ignore[arg-type]
            accept=accept,
            explanation=draft.explanation,
            grounding=Grounding(
                source=chunk.source,
                section=chunk.section_path[-1] if chunk.section_path else chunk.title,
                passage_id=chunk.id,
                quote=draft.quote,
            ),
            origin="llm",
        )
    except ValueError:
        return None


def generate_llm_items(
    chunks: list[Chunk],
    module: int,
    n: int,
    llm: BaseChatModel,
    *,
    rng: random.Random | None = None,
    settings: Settings | None = None,
    exclude: list[QuizItem] | None = None,
    max_calls: int | None = None,
) -> Generated:
    """Up to ``n`` validated items, one model call per chunk tried (at most ``max_calls``,
    default 2n). Raises ProviderError if the model fails on the first call (so the caller
    can fall back to the offline generator); later failures only skip that chunk."""
    rng = rng or random.Random()
    # Passages reach the model's prompt: instructions to an AI inside them go first.
    mine = [c for c in module_chunks(sanitize_chunks(chunks), module) if len(c.text) >= 200]
    rng.shuffle(mine)
    sentences = build_vocabulary([c.text for c in mine]).sentences
    course_text = CourseText.from_texts(c.text for c in chunks)
    objective = objective_resolver(module, settings)
    kinds: list[LLMItemType] = ["single_choice", "true_false", "multiple_response", "short_answer"]
    out = Generated()
    taken = list(exclude or [])
    for chunk in mine[: max_calls or 2 * n]:
        if len(out.items) >= n:
            break
        kind = kinds[out.candidates % len(kinds)]
        out.candidates += 1  # one model call, one candidate
        try:
            draft = invoke_structured(llm, ItemDraft, _SYSTEM, _user_prompt(chunk, kind))
        except ProviderError:
            if out.candidates == 1:
                raise
            continue
        item = draft_to_item(draft, chunk, module, objective(chunk))
        if item is None:
            continue
        problems = item_problems(item, chunk.text, course_sentences=sentences)
        # A model's item is held to the same item-writing guidelines as the offline ones.
        problems += [f"fails the {c} guideline" for c in failed_checks(item, course_text)]
        out.offer(item, problems, taken, list(ITEM_CHECKS))
    return out
