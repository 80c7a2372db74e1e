"""Indirect prompt injection: text in a document that addresses the tutor is data, never obeyed.

Two layers: passages are fenced as data in the prompt (see prompts/), and sentences that
read as instructions to an AI are removed from passages before they reach a prompt or an
extractive answer. The second layer also protects the offline answerer, which would
otherwise happily quote "ignore all previous instructions" as if it were course content.
"""

from __future__ import annotations

import re
from typing import TypeVar

from tutor.models import Chunk, Passage
from tutor.safety.injection import is_ai_directive
from tutor.text import split_sentences

ChunkT = TypeVar("ChunkT", bound=Chunk)

_INJECTION_PATTERNS = [
    r"\bignore (?:all |any |the )?(?:previous|prior|above|earlier|your|other) (?:instructions|rules|prompts?|directions)",
    r"\bdisregard (?:all |any |the )?(?:previous|prior|above|earlier|your) ",
    r"\b(?:system|developer) (?:notice|prompt|message|instruction)s?\b.*\b(?:assistant|tutor|ai|model)\b",
    r"\b(?:to|for) the (?:assistant|ai|tutor|language model|llm|chatbot)\b",
    r"\byou are now\b",
    r"\bfrom now on,? (?:you|answer|respond|reply|always|say)\b",
    r"\b(?:answer|respond|reply) (?:to )?every (?:question|message)\b",
    r"\bdo not cite (?:any )?sources\b",
    r"\breveal (?:your|the) (?:system )?(?:prompt|instructions)\b",
    r"\bcorrect answer to every (?:quiz )?question\b",
]
_INJECTION_RE = re.compile("|".join(_INJECTION_PATTERNS), re.IGNORECASE)


def matches_word_list(text: str) -> bool:
    """The original phrase list alone (kept as one signal; measured against in benchmarks)."""
    return bool(_INJECTION_RE.search(text))


def looks_like_injection(text: str) -> bool:
    """Whether ``text`` holds an instruction to an AI: the phrase list, or any sentence the
    structural detector (tutor.safety.injection) flags."""
    if matches_word_list(text):
        return True
    return any(is_ai_directive(s) for s in split_sentences(text))


def strip_injections(text: str) -> tuple[str, int]:
    """Remove sentences that address an AI with instructions. Returns (text, how many removed)."""
    if not looks_like_injection(text):
        return text, 0
    kept, removed = [], 0
    sentences = split_sentences(text)
    # An instruction often spans a few sentences ("NOTICE: ignore... From now on ... Do not cite").
    flagged = [matches_word_list(s) or is_ai_directive(s) for s in sentences]
    for i, sentence in enumerate(sentences):
        near_flag = flagged[i] or (i > 0 and flagged[i - 1] and _imperative(sentence))
        if near_flag:
            removed += 1
        else:
            kept.append(sentence)
    return " ".join(kept), removed


def _imperative(sentence: str) -> bool:
    first = sentence.split()[0].lower() if sentence.split() else ""
    return first in {
        "do",
        "don't",
        "never",
        "always",
        "answer",
        "respond",
        "reply",
        "say",
        "tell",
        "output",
        "print",
    }


def sanitize_text(text: str) -> str:
    """``text`` with every sentence that instructs an AI removed."""
    return strip_injections(text)[0]


def sanitize_chunks(chunks: list[ChunkT]) -> list[ChunkT]:
    """Chunks (or passages) with injected instructions removed; one left empty is dropped.
    For every path where course text meets a model or a learner: answers, quiz generation,
    grading, and the passages shown."""
    clean = []
    for c in chunks:
        text, removed = strip_injections(c.text)
        if removed == 0:
            clean.append(c)
        elif text.strip():
            clean.append(c.model_copy(update={"text": text}))
    return clean


def sanitize_passages(passages: list[Passage]) -> list[Passage]:
    """Passages with injected instructions removed; a passage left empty is dropped."""
    return sanitize_chunks(passages)
