"""Grading: exact for choice items (partial credit for multiple response, matching and
ordering), normalized/semantic/LLM matching for short answers. Every grade carries the why
(explanation) and the cited course passage.

Response shapes: single_choice ``str``; multiple_response ``list[str]``; true_false ``bool``;
matching ``dict[str, str]`` (prompt -> option); ordering ``list[str]``; short_answer ``str``.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from tutor.course.data import load_course_data
from tutor.course.grades import Grade, Grader
from tutor.course.items import ItemType, QuizItem
from tutor.embeddings import Embedder, load_embedder
from tutor.exceptions import ProviderError, QuizError, TutorError
from tutor.llm import resolve_chat_model
from tutor.quiz.feedback import cited_passage, why
from tutor.quiz.paraphrase import is_formula, match_short_answer
from tutor.quiz.short_answer import (
    SEMANTIC_THRESHOLD,
    is_blank,
    keys_of,
    lexical_match,
    llm_verdict,
    semantic_similarity,
    shares_key_terms,
)
from tutor.settings import Settings, get_settings
from tutor.text import normalize

if TYPE_CHECKING:  # LangChain is imported only when a model is actually used
    from langchain_core.language_models import BaseChatModel

# --------------------------------------------------------------------------- display


def expected_text(item: QuizItem) -> str:
    """The key as one line of text."""
    a = item.answer
    if item.type is ItemType.true_false:
        return "True" if a else "False"
    if item.type is ItemType.matching and isinstance(a, dict):
        return "; ".join(f"{p} → {a[p]}" for p in item.prompts)
    if item.type is ItemType.ordering and isinstance(a, list):
        return " → ".join(a)
    if item.type is ItemType.multiple_response and isinstance(a, list):
        return "; ".join(a)
    return str(a)


# --------------------------------------------------------------------------- per type


def _shape_error(item: QuizItem, wanted: str, got: Any) -> QuizError:
    return QuizError(
        f"The answer to {item.id} ({item.type.value}) must be {wanted}, not {type(got).__name__}.",
        "Send the response in the shape of the item type (see tutor.quiz.grading).",
    )


def _option_index(item: QuizItem) -> dict[str, str]:
    """Normalized option text -> option as written."""
    return {normalize(o): o for o in item.options}


def _as_option(item: QuizItem, value: str) -> str | None:
    return _option_index(item).get(normalize(value))


def _single(item: QuizItem, response: Any) -> float:
    if not isinstance(response, str):
        raise _shape_error(item, "one option text (str)", response)
    return 1.0 if _as_option(item, response) == item.answer else 0.0


def _multiple(item: QuizItem, response: Any) -> tuple[float, str | None]:
    if isinstance(response, str | bytes) or not isinstance(response, list | tuple | set):
        raise _shape_error(item, "a list of option texts", response)
    chosen = {_as_option(item, str(r)) or f"\x00{r}" for r in response}
    key = set(item.answer) if isinstance(item.answer, list) else set()
    # Each right pick earns a share, each wrong pick takes one back: ticking everything scores 0.
    hits, wrong = len(chosen & key), len(chosen - key)
    ticked = [o for o in item.options if o in chosen and o not in key]
    missed = [o for o in item.options if o in key and o not in chosen]
    detail = " ".join(
        part
        for part in (
            "Wrongly ticked: " + "; ".join(ticked) + "." if ticked else "",
            "Missed: " + "; ".join(missed) + "." if missed else "",
        )
        if part
    )
    return max(0.0, (hits - wrong) / len(key)), detail or None


_TRUE = {"true", "t", "yes", "y", "1", "correct", "wahr", "vrai"}
_FALSE = {"false", "f", "no", "n", "0", "incorrect", "falsch", "faux"}


def _true_false(item: QuizItem, response: Any) -> float:
    if isinstance(response, str) and normalize(response) in _TRUE | _FALSE:
        response = normalize(response) in _TRUE
    if not isinstance(response, bool):
        raise _shape_error(item, "true or false (bool)", response)
    return 1.0 if response == item.answer else 0.0


def _matching(item: QuizItem, response: Any) -> tuple[float, str | None]:
    if not isinstance(response, dict):
        raise _shape_error(item, "a mapping of prompt to option", response)
    key = item.answer if isinstance(item.answer, dict) else {}
    by_prompt = {normalize(str(p)): str(o) for p, o in response.items()}
    wrong: list[str] = []
    for p in item.prompts:
        given = _as_option(item, by_prompt.get(normalize(p), "\x00"))
        if given != key.get(p):
            wrong.append(f"{p} → {given or '(none)'} (should be {key.get(p)})")
    detail = "Wrong pairs: " + "; ".join(wrong) + "." if wrong else None
    return (len(item.prompts) - len(wrong)) / len(item.prompts), detail


def _levels(item: QuizItem) -> dict[str, int]:
    """Each step's place in the definite order: steps the course states together
    (``item.interchangeable``) share the place of the first of them."""
    key = item.answer if isinstance(item.answer, list) else []
    group_of = {step: i for i, group in enumerate(item.interchangeable) for step in group}
    levels: dict[str, int] = {}
    first: dict[int, int] = {}
    for i, step in enumerate(key):
        g = group_of.get(step)
        levels[step] = first.setdefault(g, i) if g is not None else i
    return levels


def _ordering(item: QuizItem, response: Any) -> tuple[float, str | None]:
    if isinstance(response, str | bytes) or not isinstance(response, list | tuple):
        raise _shape_error(item, "the steps as a list in order", response)
    key = item.answer if isinstance(item.answer, list) else []
    level = _levels(item)
    given = list(dict.fromkeys(g for r in response if (g := _as_option(item, str(r))) in level))
    # Share of step pairs in a right relative order (Kendall-style): one swap of neighbours
    # loses a little, a reversed list scores 0, a missing step loses its pairs. Only pairs the
    # course orders count: two steps of one interchangeable group are neither right nor wrong.
    definite = [(a, b) for a, b in itertools.combinations(key, 2) if level[a] != level[b]]
    pairs = len(definite)
    concordant = sum(1 for a, b in itertools.combinations(given, 2) if level[a] < level[b])
    wrong = [(a, b) for a, b in itertools.combinations(given, 2) if level[a] > level[b]]
    detail = f"“{wrong[0][1]}” comes before “{wrong[0][0]}”." if wrong else None
    if len(given) < len(key):
        detail = (detail + " " if detail else "") + "Some steps are missing."
    return (concordant / pairs if pairs else 0.0), detail


# --------------------------------------------------------------------------- short answer


def _short(
    item: QuizItem,
    response: Any,
    passage: str,
    settings: Settings,
    llm: BaseChatModel | None,
    embedder: Embedder | None,
) -> tuple[float, Grader, str | None, str | None]:
    """(score, grader, reason from the LLM, notice)."""
    if not isinstance(response, str):
        raise _shape_error(item, "text (str)", response)
    if is_blank(response):
        return 0.0, "normalized", None, None
    match = match_short_answer(item, response, load_course_data(settings))
    if is_formula(item):  # a formula is right by its structure, never by shared words or meaning
        return match.score, "normalized", None, None
    if match.score >= 1.0:
        return 1.0, "normalized", None, None
    if match.score > 0:  # part of a list: the credit and what was missing need no model
        return match.score, "partial", match.explanation, None
    keys = keys_of(item)
    if lexical_match(response, keys):
        return 1.0, "normalized", None, None
    notice = None
    if llm is None and settings.llm:
        llm, notice = resolve_chat_model(settings)
    if llm is not None:
        try:
            verdict = llm_verdict(item, response, passage, llm)
            correct = verdict.correct and shares_key_terms(response, keys)
            # A wrong answer earns at most half credit, whatever score the model suggests.
            score = 1.0 if correct else min(verdict.score, 0.5)
            return score, "llm", verdict.reason, None
        except ProviderError as e:
            notice = f"The LLM grader failed ({e.message}); graded offline instead."
    if embedder is None:
        try:
            embedder = load_embedder(settings)
        except TutorError as e:
            return 0.0, "normalized", None, f"Meaning could not be compared ({e.message})."
    similarity = semantic_similarity(response, keys, embedder)
    return (1.0 if similarity >= SEMANTIC_THRESHOLD else 0.0), "semantic", None, notice


# --------------------------------------------------------------------------- entry point


def grade_answer(
    item: QuizItem,
    response: Any,
    *,
    settings: Settings | None = None,
    llm: BaseChatModel | None = None,
    embedder: Embedder | None = None,
) -> Grade:
    """Grade ``response`` to ``item`` and build the feedback shown after the answer.

    Short answers that do not match the key lexically go to ``llm`` (or the configured
    chat model); with none, to embedding similarity (``embedder`` or the tutor's model).
    Raises QuizError when the response has the wrong shape for the item type.
    """
    settings = settings or get_settings()
    passage = cited_passage(item, settings=settings)
    reason: str | None = None
    notice: str | None = None
    grader: Grader = "exact"
    if item.type is ItemType.single_choice:
        score = _single(item, response)
    elif item.type is ItemType.true_false:
        score = _true_false(item, response)
    elif item.type is ItemType.multiple_response:
        (score, reason), grader = _multiple(item, response), "partial"
    elif item.type is ItemType.matching:
        (score, reason), grader = _matching(item, response), "partial"
    elif item.type is ItemType.ordering:
        (score, reason), grader = _ordering(item, response), "partial"
    else:
        score, grader, reason, notice = _short(item, response, passage.text, settings, llm, embedder)
    score = round(min(1.0, max(0.0, score)), 4)
    correct = score >= 1.0
    expected = expected_text(item)
    if correct:
        feedback = "Correct."
    elif score > 0:
        feedback = f"Partly right ({score:.0%}). The full answer: {expected}."
    else:
        feedback = f"Not quite. The answer is: {expected}."
    # The LLM's reason is shown whatever the verdict; a partial grade's detail (what was
    # missing, which pair was wrong) only when something was.
    if reason and (not correct or grader == "llm"):
        feedback = f"{feedback} {reason}"
    return Grade(
        item_id=item.id,
        correct=correct,
        score=score,
        feedback=feedback,
        explanation=why(item, passage.text),
        expected=expected,
        passage=passage.text,
        source=passage.source,
        section=passage.section,
        grader=grader,
        notice=notice,
    )
