"""What a question's phrasing asks to come first: where a thing is a poor fit for "when should I
not use X?", a reason for "why ...?", and the paragraph that gives examples for "name some ...".

The sentence picker scores sentences by meaning and words; these are the learner's intentions
that neither shows ("When is Serverless Inference the wrong choice?" shares more words with what
it is than with what it cannot do).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from tutor.answer.question_words import asks_whether_needed

# "When should I not use X?": the sentences that say where X is a poor fit answer it.
WHEN_NOT_RE = re.compile(
    r"\bwhen\b.*\b(not|shouldn't|avoid|skip|little (value|use|point)|overkill|wrong (choice|tool|pick|option|call)|"
    r"(poor|bad) (fit|choice|idea|pick|option)|not worth|a mistake)\b|"
    r"\b(skip|overkill|wrong (choice|tool|pick|option|call)|not worth|(poor|bad) fit|"
    r"more trouble than)\b",
    re.I,
)
CAVEAT_RE = re.compile(
    r"\b(poor fit|wrong (choice|tool|pick|option)|not (the right|a good|suited|designed|worth|needed)|(is|are) not for|instead|better (served|suited)|"
    r"adds? little|overkill|unnecessary|(does|do|can) ?not (offer|support|fit|suit|handle)|do not fit)\b",
    re.I,
)
CAVEAT_BONUS = 0.25
# "Why is rolling back easy with Model Registry?": the sentence that gives a reason answers it
WHY_RE = re.compile(r"^\s*(?:\w+[,:]?\s+){0,2}?why\b|\bwhat'?s the point of\b", re.I)
REASON_RE = re.compile(
    r"\b(because|since|the (main )?reason|so that|prevents?|avoids?|ensures?|which means|matters?)\b", re.I
)
REASON_BONUS = 0.1
# "How can approving a version start a deployment?", "What happens after I set it to Approved?":
# a chain of events; the sentence that says what sets off what answers it
CHAIN_ASKED_RE = re.compile(
    r"\bhow\b.*\b(start|starts|trigger\w*|kick\w* off|lead\w* to|end\w* up|cause\w*|set\w* off)\b|"
    r"\bwhat happens (next |then |downstream |afterwards? )?(after|when|once)\b",
    re.I,
)
CHAIN_RE = re.compile(
    r"\b(emits?|triggers?|so (that )?\w+ can|kicks? off|fires?|invokes?|starts? the)\b", re.I
)
CHAIN_BONUS = 0.25
EXAMPLES_ASKED_RE = re.compile(
    r"\b(some|a few|any|give( me)?) examples?\b|\bexamples of\b|\b(name|list|give( me)?) (some|a few|several)\b",
    re.I,
)


class Emphasis(NamedTuple):
    caveat: bool
    """ "When is X the wrong choice?": where it is a poor fit leads."""
    reason: bool
    """ "Why ...?": a sentence that gives a reason leads."""
    examples: bool
    """ "Name some ...": the paragraph that gives examples goes on."""
    chain: bool = False
    """ "How can approving a version start a deployment?": what sets off what."""


# "... needs a GPU, and traffic is spiky. Should we use Serverless Inference for it?": a thing
# weighed against the learner's needs; where it is a poor fit is the first thing to say
_WEIGHED_RE = re.compile(
    r"\bshould (i|we) (use|pick|choose|go with)\b[^?]*\b(for (it|this|that|them)|here)\s*\?", re.I
)


def emphasis_of(question: str) -> Emphasis:
    return Emphasis(
        caveat=bool(WHEN_NOT_RE.search(question) or _WEIGHED_RE.search(question))
        or asks_whether_needed(question),
        reason=bool(WHY_RE.search(question)),
        examples=bool(EXAMPLES_ASKED_RE.search(question)),
        chain=bool(CHAIN_ASKED_RE.search(question)),
    )


def emphasis_bonus(asked: Emphasis, sentence: str) -> float:
    """What a sentence earns for giving what the question's phrasing asks for."""
    bonus = CAVEAT_BONUS if asked.caveat and CAVEAT_RE.search(sentence) else 0.0
    bonus += REASON_BONUS if asked.reason and REASON_RE.search(sentence) else 0.0
    # "Every status change emits an EventBridge event, so approval can trigger ..." says how one
    # thing sets off the other; "An approval triggers CI/CD" only that it does
    return bonus + CHAIN_BONUS * (_links(sentence) if asked.chain else 0)


def _links(sentence: str) -> int:
    """How many links of a chain of events a sentence states (two at most)."""
    return min(len({m.group().lower().rstrip("s") for m in CHAIN_RE.finditer(sentence)}), 2)


T = TypeVar("T", bound=tuple)


def caveats_first(
    picked: list[T], only_one: bool = False, keep_context: Callable[[str], bool] | None = None
) -> list[T]:
    """``picked`` (passage, sentence) pairs with the caveats first (``only_one``: the first
    caveat only); a caveat that ``keep_context`` says leans on the sentence before it comes
    after that sentence."""
    caveats = [x for x in picked if CAVEAT_RE.search(x[1])][: 1 if only_one else None]
    if caveats and keep_context is not None and keep_context(caveats[0][1]) and picked.index(caveats[0]) > 0:
        caveats.insert(0, picked[picked.index(caveats[0]) - 1])
    return caveats + [x for x in picked if x not in caveats]


def asked_first(asked: Emphasis, picked: list[T]) -> list[T]:
    """The best sentence that gives what the question asks for leads, if the best one does not:
    a reason for "why ...?"; for "how does approving a version end up triggering a deployment?"
    the one that says most of how one thing sets off the other ("emits an EventBridge event, so
    approval can trigger ...", not "An approval triggers CI/CD"), whatever its topic."""
    if not picked:
        return picked
    if asked.chain and not asked.reason:
        most = max(picked, key=lambda x: _links(x[1]))
        return (
            picked
            if _links(most[1]) <= _links(picked[0][1])
            else [most, *(x for x in picked if x is not most)]
        )
    if not asked.reason or REASON_RE.search(picked[0][1]):
        return picked
    giving = [x for x in picked if REASON_RE.search(x[1])]
    return giving[:1] + [x for x in picked if x not in giving[:1]]


# "When does it make sense to pre-train a foundation model rather than fine-tune one?": what the
# learner would do ("pre-train"), and the sentence that says when doing it is justified
_TO_DO_RE = re.compile(
    r"\bwhen\b[^?]*?\b(?:to|(?:should|would|could|do|can) (?:i|we|you|a team)) (?P<verb>[a-z][a-z-]{3,})\b",
    re.I,
)
_OTHER_SIDE_RE = re.compile(r"\b(rather than|instead of|over|versus|vs\.?|or)\b.*$", re.I)
_GENERIC_DOINGS = frozenset("use choose pick have make take keep start move wrap switch rely".split())  # noqa: SIM905
_CONDITION_RE = re.compile(
    r"\b(only when|only if|justified|worth it when|makes sense when|pays off when)\b", re.I
)


def when_to_do(question: str, sentences: list[tuple[T, str]]) -> tuple[T, str] | None:
    """The (passage, sentence) that says when doing what the question asks about is justified,
    the doing opening the sentence ("Pre-training has the highest upfront cost ..., so it is
    justified only when ..."); None when the question names no such doing or no sentence says so."""
    own_side = _OTHER_SIDE_RE.sub("", question)
    m = _TO_DO_RE.search(own_side)
    if m is None or m.group("verb").lower() in _GENERIC_DOINGS:
        return None
    doing = m.group("verb").lower().removesuffix("e")  # "fine-tune" opens "Fine-tuning ..."
    for x in sentences:
        opening = re.findall(r"[a-z][a-z-]*", x[1].lower())[:3]
        if any(w.startswith(doing) for w in opening) and _CONDITION_RE.search(x[1]):
            return x
    return None


# "When should I prioritise precision over recall?": the side preferred, and the sentence that says
# when to prefer it ("When false positives are expensive, ..., favour precision.")
_PREFER = r"(?:prioriti[sz]e|favou?r|prefer|choose|pick|optimi[sz]e for|go for|focus on|care more about)"
_PREFERRED_RE = re.compile(
    rf"\bwhen\b[^?]*?\b{_PREFER}\s+(?:the\s+)?(?P<side>[a-z][\w-]*(?: [a-z][\w-]*)?)\s+"
    r"(?:over|rather than|instead of|versus|vs\.?|more than)\b",
    re.I,
)


def preferred_when(question: str, sentences: list[tuple[T, str]]) -> tuple[T, str] | None:
    """The (passage, sentence) that says when to prefer the side the question asks about over the
    other; None when the question weighs no two sides so or no sentence says when."""
    m = _PREFERRED_RE.search(question)
    if m is None:
        return None
    side = re.escape(m.group("side").lower())
    said = re.compile(rf"\b{_PREFER}\s+(?:the\s+)?{side}\b", re.I)
    return next((x for x in sentences if said.search(x[1]) and re.search(r"\bwhen\b", x[1], re.I)), None)
