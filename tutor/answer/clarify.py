"""Ask back when a question is too vague to answer well.

"How do I make it better?" with no conversation before it names nothing: "it" could be the
data, the model or the endpoint. Rather than silently picking one, the tutor offers two or three
concrete readings (the data, the model or the endpoint) for the learner to pick.
"""

from __future__ import annotations

import re

from tutor.answer.question_words import focus_terms

MAX_READINGS = 3
ASK_BACK = "Your question could mean several things in this course. Which one do you mean?"
# "it", or "this"/"that" standing alone ("this course" names what it points at)
_POINTING_RE = re.compile(
    r"\b(it|they|them|one|ones|thing|stuff)\b|\b(this|that|these|those)\b(?!\s+[a-z])", re.I
)


def is_vague(question: str, has_history: bool) -> bool:
    """Nothing to answer about: no topic word, only words that point at something unsaid."""
    if has_history:
        return False  # the conversation says what "it" is (the question was made standalone)
    return not focus_terms(question) and bool(_POINTING_RE.search(question))


# What an unnamed "it" most often is in an ML course: the three things a learner works on.
READINGS = ("my training data", "my model", "my deployed endpoint")


def readings(question: str) -> list[str]:
    """The vague question asked about each thing "it" could be."""
    base = question.strip().rstrip("?").strip()
    return [_POINTING_RE.sub(thing, base, count=1) + "?" for thing in READINGS]


def ask_back_text(options: list[str]) -> str:
    return ASK_BACK + "\n" + "\n".join(f"{n}. {o}" for n, o in enumerate(options, 1))
