"""Follow-up questions ("and how is it different from Clarify?") made standalone.

With an LLM the model rewrites the question (prompts/condense.md). Offline, the subject of
the previous question (its capitalised service names, or its content words) replaces the
pronoun, which is what retrieval needs.
"""

from __future__ import annotations

import re

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from tutor.models import ChatTurn
from tutor.text import content_terms

_PRONOUN_RE = re.compile(
    r"\b(it|its|this|that|they|them|these|those|the service|this service|that service)\b", re.I
)
_FOLLOW_UP_RE = re.compile(
    r"^\s*(and|but|also|so|what about|how about|then|ok(ay)?|why|compared)\b|\b(it|its|this|that|they|them|those|these|the other( one)?)\b",
    re.I,
)
_NAME_RE = re.compile(r"\b(?:[A-Z][A-Za-z0-9]+(?:[ -](?:[A-Z][A-Za-z0-9]+|&))*)")
_GENERIC = {
    "Amazon",
    "SageMaker",
    "AWS",
    "Amazon SageMaker",
    "What",
    "How",
    "Why",
    "When",
    "Which",
    "Is",
    "Can",
    "Does",
    "Do",
    "I",
    "And",
    "The",
    "Should",
    "Where",
    "Who",
    "Tell",
    "Explain",
    "Give",
    "Okay",
    "Ok",
}


def _subject(text: str) -> str:
    names = []
    for m in _NAME_RE.finditer(text):
        words = [w for w in m.group(0).split() if w not in _GENERIC]
        if words:
            names.append(" ".join(words))
    if names:
        return max(names, key=len)
    return " ".join(content_terms(text)[:4])


def is_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP_RE.search(question)) or len(content_terms(question)) < 2


def condense_offline(question: str, history: list[ChatTurn]) -> str:
    previous = next((t.content for t in reversed(history) if t.role == "user"), None)
    if not previous or not is_follow_up(question):
        return question
    subject = _subject(previous)
    if not subject or subject.lower() in question.lower():
        return question
    if _PRONOUN_RE.search(question):
        return _PRONOUN_RE.sub(subject, question, count=1)
    return f"{question} ({subject})"


def format_history(history: list[ChatTurn], max_turns: int = 6) -> str:
    turns = history[-max_turns:]
    return "\n".join(f"{t.role}: {t.content[:600]}" for t in turns)


def condense_with_llm(question: str, history: list[ChatTurn], llm: BaseChatModel, template: str) -> str:
    if not history:
        return question
    chain = ChatPromptTemplate.from_messages([("human", template)]) | llm | StrOutputParser()
    rewritten = chain.invoke({"history": format_history(history), "question": question}).strip()
    # A model that answers instead of rewriting, or returns nothing, must not derail retrieval.
    if not rewritten or len(rewritten) > 4 * max(len(question), 80):
        return condense_offline(question, history)
    return rewritten.splitlines()[0]
