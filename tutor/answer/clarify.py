"""Ask back when a question is too vague to answer well.

"How do I make it better?" with no conversation before it names nothing: "it" could be the
data, the model or the endpoint. Rather than silently picking one, the tutor offers two or three
concrete readings for the learner to pick: the services of what was retrieved when it is close,
else what the question's words are said of ("slow": a training job, an endpoint or a notebook).
"""

from __future__ import annotations

import re

from tutor.answer.question_words import focus_terms
from tutor.answer.service_choice import service_name
from tutor.models import Passage

MAX_READINGS = 3
ASK_BACK = "Your question could mean several things in this course. Which one do you mean?"
# "it", or "this"/"that" standing alone ("this course" names what it points at)
_POINTING_RE = re.compile(
    r"\b(it|they|them|one|ones|thing|stuff)\b|\b(this|that|these|those)\b(?!\s+[a-z])", re.I
)


# What an unnamed "it" most often is in an ML course, by what the question says of it: "better"
# is said of data, a model or its hyperparameters; "slow" of a training job, an endpoint or a
# notebook; and so on. The first cue the question has picks the readings.
READINGS = ("my training data", "my model", "my deployed endpoint")
_CUES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.I), things)
    for pattern, things in (
        (
            r"\b(cost\w*|cheap\w*|expensive|pay|price\w*|bill\w*|money)\b",
            ("my endpoint", "my training job", "my notebook instance"),
        ),
        (
            r"\b(slow\w*|fast\w*|speed\w*|quick\w*|latency|lag\w*)\b",
            ("my training job", "my endpoint", "my notebook"),
        ),
        (
            r"\b(turn|shut|stop|delete|off|clean)\b",
            ("my endpoint", "my notebook instance", "my training job"),
        ),
        (
            r"\b(safe|secur\w*|private|access|permission\w*|leak\w*)\b",
            ("my training data", "my endpoint", "my model"),
        ),
        (r"\b(deploy\w*|ship|serve|production|scale\w*)\b", ("my model", "my endpoint", "my pipeline")),
        (r"\b(fair|bias\w*|explain\w*)\b", ("my training data", "my model", "my model's predictions")),
        (
            r"\b(better|improv\w*|accura\w*|wrong|bad|worse|fix\w*|broken)\b",
            ("my training data", "my model", "my hyperparameters"),
        ),
    )
)


def is_vague(question: str, has_history: bool) -> bool:
    """Nothing to answer about: no topic word but ones said of anything ("slow", "better"), and
    words that point at something unsaid ("Why is it so slow?")."""
    if has_history:
        return False  # the conversation says what "it" is (the question was made standalone)
    if not _POINTING_RE.search(question):
        return False
    for cue, _ in _CUES:
        question = cue.sub(" ", question)
    return not focus_terms(question)


def _services_near(passages: list[Passage], floor: float) -> list[str]:
    """'SageMaker Clarify', ...: the services of the retrieved passages at least ``floor`` close."""
    names = (
        service_name(p.section_path[1])
        for p in passages
        if len(p.section_path) >= 2 and (p.similarity or 0.0) >= floor
    )
    return list(dict.fromkeys(f"SageMaker {n}" for n in names if n))


def readings(question: str, passages: list[Passage] | None = None, floor: float = 1.0) -> list[str]:
    """The vague question asked about each thing "it" plausibly is: the services of the passages
    retrieved for it that are at least ``floor`` close, else the things the question's words are
    said of ("slow": a training job, an endpoint, a notebook)."""
    base = question.strip().rstrip("?").strip()
    things = _services_near(passages or [], floor)
    if len(things) < 2:
        things = list(next((t for cue, t in _CUES if cue.search(base)), READINGS))
    return [_POINTING_RE.sub(thing, base, count=1) + "?" for thing in things[:MAX_READINGS]]


def ask_back_text(options: list[str]) -> str:
    return ASK_BACK + "\n" + "\n".join(f"{n}. {o}" for n, o in enumerate(options, 1))
