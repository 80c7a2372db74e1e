"""What is asked of one named course thing must meet its name in one passage of the course:
"Canvas pricing per session hour" is not answered by passages about Canvas that never speak of
pricing, and "Does Clarify support time-series models?" is not a yes because Clarify explains
models."""

from __future__ import annotations

import re

from tutor.answer.question_words import SAME_IDEAS, focus_terms
from tutor.answer.shapes import shape_of
from tutor.answer.vocabulary import CourseVocabulary
from tutor.text import content_terms, normalize


def name_pattern(name: str) -> re.Pattern[str]:
    """Where a course name is written in normalized text, singular or plural ("model cards")."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(normalize(name))}(?:s|es)?(?![a-z0-9])")


_ASKED_MIN = 2
"""Fewer words asked of a course name than this are no reason to decline (see below)."""

_WHEN_NOT = frozenset(
    w[:5]
    for w in content_terms(
        "avoid stay away wrong call choice pick bad idea overkill superfluous unnecessary pointless "
        "ceremony earn keep worth skip poor fit sounds great paper"
    )
)
"""How a learner asks when not to use a thing, which the course says in its own words ("a poor fit
for ...", "adds little"): in a when-to-use question these words ask nothing more of the name."""


# a second question in the same message: "What is Clarify, and does it support time series?"
_ASKS_MORE_RE = re.compile(
    r"\?|\b(?:and|but|also|plus)\s+(?:how|what|which|when|where|why|does|do|did|can|could|is|are|was|will|would|should|has|have)\b",
    re.I,
)


def _defined(name: str, question: str) -> bool:
    """ "For readers who never heard the phrase, what exactly is SageMaker Feature Store?", "what
    is SageMaker HyperPod? name sounds like a raid boss": the message asks what the name is, in a
    clause that ends with it; the rest is the learner's framing, not something asked of it."""
    adverb = r"(?: (?:exactly|actually|really|even|precisely))?"
    what = rf"\bwhat{adverb}(?:'s| is| are){adverb}(?: an?| the)?"
    vendor = r"(?: (?:amazon|aws))?(?: sagemaker)?(?: ai)?"
    ends = r"s?\s*(?:[?!.,;:]|\s+(?:exactly|actually|really|anyway)\b|$)"
    m = re.search(what + vendor + rf"\s+{re.escape(name)}" + ends, question, re.I)
    if m is None:
        return False
    rest = question[m.end() :]
    if question[m.end() - 1] not in "?.!":  # "..., in a sentence I can put under a heading?":
        rest = re.sub(r"^([^?.!]*)\?", r"\1", rest, count=1)  # the clause's own mark is no other
    return not _ASKS_MORE_RE.search(rest)


def asked_of_the_name(name: str, focus: list[str], vocab: CourseVocabulary, question: str = "") -> bool:
    """One course name and what is asked of it ("Canvas" and "pricing per session hour") must
    meet in one passage of the course: when no passage naming Canvas says anything of pricing,
    sessions or hours, the course does not answer it. A question with nothing but the name asks
    about the name itself; one word asked of it says too little to decline by, as the course may
    say it in other words ("when is JumpStart the wrong pick": its "when not to use it"). A
    ``question`` that asks what the name is, and nothing more, asks nothing of it (``_defined``)."""
    rest = {t[:5] for t in set(focus) - set(content_terms(name))}
    # "When should I stay away from it?" asks its "when not to use it", however put
    when_not = rest <= _WHEN_NOT and bool(question) and shape_of(question) == "when-to-use"
    if len(rest) < _ASKED_MIN or when_not or _defined(name, question):
        return True
    rest = {w for t in rest for w in _SAME_IDEA.get(t, {t})}
    at = name_pattern(name)
    return any(_meet(rest, terms) and at.search(text) for text, terms in vocab.passages)


def _meet(asked: set[str], terms: set[str]) -> bool:
    """A word asked (first five letters) is among a passage's: "writ" of "writing" meets "write",
    which the light stemmer keeps apart, so a shorter word meets the longer words it begins."""
    return bool(asked & terms) or any(len(a) < 5 and any(t.startswith(a) for t in terms) for a in asked)


_SAME_IDEA: dict[str, set[str]] = {
    w: set().union(*(set(g) for g in SAME_IDEAS if w in g)) for g in SAME_IDEAS for w in g
}


_SUPPORTS_RE = re.compile(
    r"^\s*(does|do|can|will|is|are)\b.*?\b(supports?|handles?|works? with|integrates? with|runs? on|"
    r"connects? to|reads? from|streams? from|accepts?)\b(?P<object>[^?]*)|"
    r"^\s*(can|could) (i|we|you)\b(?P<wish>[^?]*)",
    re.I,
)
_MEETS_SHARE = 0.75
"""Share of what a named thing is asked to do that must meet it in one passage."""
_MEETS_MIN = 3
"""Fewer words of what is asked than this say too little to decline by: the course may say it
in other words ("teams reuse the same features" for "share features between teams")."""


def supports_what_is_asked(question: str, name: str, vocab: CourseVocabulary) -> bool:
    """ "Does Clarify support time-series forecasting models?", "Can I set a time-to-live on
    Feature Store records?": most of what the named thing is asked to do must meet its name in
    one passage; that Clarify explains models is not a yes."""
    m = _SUPPORTS_RE.match(question)
    if not m:
        return True
    asked = m.group("object") if m.group("object") is not None else m.group("wish")
    wanted = {t[:5] for t in focus_terms(asked)} - {t[:5] for t in content_terms(name)}
    if len(wanted) < _MEETS_MIN:
        return True  # "share features between teams": too few words to judge by words
    at = name_pattern(name)

    def met(terms: set[str]) -> int:
        return sum(_meet(_SAME_IDEA.get(w, {w}), terms) for w in wanted)

    return any(met(terms) >= _MEETS_SHARE * len(wanted) and at.search(text) for text, terms in vocab.passages)
