"""Yes/no questions whose premise is one of the course's listed misconceptions: "Does Clarify
just fix the bias automatically?" is answered by "A common misconception is that Clarify removes
bias automatically." and the sentence that corrects it."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from tutor.answer.per_library import per_library
from tutor.answer.question_words import focus_terms
from tutor.answer.section_reading import MISCONCEPTION_RE, in_order, with_corrections
from tutor.answer.sentence_cache import embed_cached
from tutor.answer.vocabulary import vocabulary
from tutor.embeddings import Embedder
from tutor.models import Chunk, Passage
from tutor.text import content_terms

_SMILEY_END_RE = re.compile(r"(\s*(?:[:;=x]-?[)(dpo3/]|<3|\^\^|[^\w\s?!.,'\"’”]))+\s*$", re.I)
_YES_NO_RE = re.compile(
    r"^\s*(?:(?:so|wait|ok|okay|hey|hi|and|but|um|hmm|also|quick question|sorry)[,:\s]+){0,3}"
    r"(does|do|can|could|is|are|will|would)\s|\bor (nah|not|no)\W*$|(,\s*|\b)(right|correct|isn't it|no)\s*\?+\s*$",
    re.I,
)


def misconception_answer(
    question: str,
    library: list[Chunk],
    embedder: Embedder | None = None,
    question_vector: list[float] | None = None,
) -> list[tuple[Passage, str]]:
    """ "Does Clarify just fix the bias automatically?": a yes/no question about a thing the
    course lists misconceptions of ("Common misconceptions about Clarify"), whose premise is one
    of them ("A common misconception is that Clarify removes bias automatically."), is answered
    by that misconception and the sentence that corrects it, first; [] when the question is not
    yes/no, or no misconception of the thing it names meets half of what it asks (nor, when the
    learner states a belief to have it confirmed and an ``embedder`` is given, is one of them
    close in meaning to it: ``_LIKE_THE_CLAIM``; ``question_vector``, when given, is the
    question's, already embedded for the search)."""
    question = _SMILEY_END_RE.sub("", question)  # "... its live now right? :)"
    asked_yes_no = _yes_no_asked(question)
    # ... not "jumpstart vs bedrock - whats the difference? both give you LLMs right?", which asks
    believed = _BELIEF_RE.search(question) is not None and not _WH_ASKED_RE.search(question)
    if asked_yes_no:
        found = _claim_met_by_words(asked_yes_no, library)
        if found:
            return found
    if not (believed and embedder):
        return []
    # "My engineer registered the new model yesterday, so customers are getting it now, correct?"
    # ... of the one thing it names: a message naming several ("will what I learned about
    # Training Jobs, Pipelines and Clarify still apply?") states no belief about one of them
    words = content_terms(question)
    named = [(thing, c) for thing, c in _claims(library) if _names(thing, words, loosely=True)]
    if len({tuple(thing) for thing, _ in named}) != 1:
        return []
    return _closest_claim(question, [c for _, c in named], embedder, question_vector)


def _yes_no_asked(question: str) -> str:
    """The yes/no question asked (the whole message, or the yes/no inside it); '' for none."""
    # "studio classic vs new studio... do i have to rewrite my notebooks?": its last clause asks
    clauses = [
        c for c in re.split(r"[.?!…,;]+\s+|\s+[-–—]+\s+", question.strip()) if re.search(r"[a-z]", c, re.I)
    ]
    if _YES_NO_RE.search(question) or (clauses and _YES_NO_RE.search(clauses[-1])):
        return question
    # "once I register a model is it live already? kinda confused" (not "How does that kick
    # off ...?"): asked inside the question, whose asides after it are left out
    asking = " ".join(s for s in re.split(r"(?<=\?)\s+", question.strip()) if s.endswith("?"))
    return asking if _INNER_YES_NO_RE.search(asking) and not _ASKS_WH_RE.search(asking) else ""


_Claim = tuple[Passage, int, list[str], str]
"""(passage, index of the misconception among its sentences, the sentences, what it claims)"""


@per_library
def _claims(library: list[Chunk]) -> list[tuple[list[str], _Claim]]:
    """(the thing's words, the claim) for every misconception under a "Common misconceptions
    about X" heading, in reading order."""
    out = []
    for chunk in sorted(library, key=lambda c: (c.source, c.position)):
        heading = chunk.section_path[-1] if chunk.section_path else ""
        about = re.search(r"\bmisconceptions? about (.+)", heading, re.I)
        if not about:
            continue
        thing = content_terms(about.group(1))  # vendors are no content terms
        passage = Passage(**chunk.model_dump(), score=0.0)
        sentences = in_order(chunk.text)
        for at, sentence in enumerate(sentences):
            m = MISCONCEPTION_RE.search(sentence)
            if m:
                out.append((thing, (passage, at, sentences, sentence[m.end() :])))
    return out


def _names(thing: list[str], words: list[str], loosely: bool = False) -> bool:
    """The question's words name the thing: "registering a model (in the registry)" names Model
    Registry (its words apart, begun alike); ``loosely``, also each of its words written longer
    or shorter ("my Training Job" names Training Jobs, "our pipeline" names Pipelines)."""
    if _runs_in(thing, words) or (len(thing) > 1 and {t[:5] for t in thing} <= {w[:5] for w in words}):
        return True
    return loosely and all(
        any(w.startswith(t.removesuffix("s")) or t.startswith(w) for w in words) for t in thing
    )


def _claim_met_by_words(question: str, library: list[Chunk]) -> list[tuple[Passage, str]]:
    """The misconception of the thing the question names that meets the most of (and at least
    half) what it asks, with its correction; [] when none does."""
    words = content_terms(question)
    vocab = vocabulary(library)
    asking = focus_terms(question)
    # ... or two words of it and half of what the learner asks of the thing, leaving out who told
    # them and how they ask ("My labmate claims ... it's live. Is he right?"): words no claim holds
    premise = [t for t in asking if t not in _ASKING_WORDS and (vocab.knows_term(t) or t[:5] in _SAME_CLAIM)]
    best: tuple[int, _Claim] | None = None
    by_premise: list[tuple[set[str], set[str], _Claim]] = []  # (asked, met, claim)
    for thing, claim in _claims(library):
        if not _names(thing, words):
            continue
        said = {t[:5] for t in content_terms(claim[3])}
        asked = _asked_of(thing, asking)
        met = len(_met(asked, said))
        if met * 2 >= len(asked) > 0 and (best is None or met > best[0]):
            best = (met, claim)
        asked = _asked_of(thing, premise)
        by_premise.append((asked, _met(asked, said), claim))
    if best is None:
        best = _premise_met(by_premise, _common_words(library))
    if best is None:
        return []
    passage, at, sentences, _ = best[1]
    # its correction follows as it follows every quoted misconception (``with_corrections``)
    return with_corrections([(passage, sentences[at])], 2)


def _premise_met(
    candidates: list[tuple[set[str], set[str], _Claim]], common: frozenset[str]
) -> tuple[int, _Claim] | None:
    """The claim that meets two words and half of the premise, when what it leaves unmet (but
    words ``common`` to many claims) meets no other claim: "... it is live and its status is only
    a label, right?" states two."""
    for asked, met, claim in sorted(candidates, key=lambda x: -len(x[1])):
        if len(met) < _PREMISE_MET or len(met) * 2 < len(asked):
            return None
        rest = asked - met - common
        if any(rest & other for _, other, c in candidates if c is not claim):
            return None
        return len(met), claim
    return None


@per_library
def _common_words(library: list[Chunk]) -> frozenset[str]:
    """Words (their first five letters) of more than a fifth of the course's claims, and of five
    or more: "model" is in 21 of 48, and meeting it says nothing of which claim is meant."""
    claims = _claims(library)
    counts = Counter(t for _, c in claims for t in {t[:5] for t in content_terms(c[3])})
    return frozenset(t for t, n in counts.items() if n >= _COMMON_IN and n * 5 > len(claims))


_COMMON_IN = 5
"""Claims a word must be in, at the least, to be common (a small course has no common word)."""


def _asked_of(thing: list[str], terms: list[str]) -> set[str]:
    """What the terms ask of the thing, by first five letters: "register" is asked of "Model
    Registry", though both begin "regis"; "live" is "deploy" (``_SAME_CLAIM``)."""
    return {_SAME_CLAIM.get(t[:5], t[:5]) for t in terms if t not in thing}


def _met(asked: set[str], said: set[str]) -> set[str]:
    """The words asked that the claim says (begun alike)."""
    return {a for a in asked if any(t.startswith(a) or a.startswith(t) for t in said)}


# The learner states a belief to have it confirmed: "..., right?", "Is that how it works?", "My
# manager thinks ...", "A coworker said ..."
_BELIEF_RE = re.compile(
    r"(?:,\s*|\b)(?:right|correct|true|yeah|yes|no|am i right|isn'?t it|aren'?t they|"
    r"is that (?:right|true|correct|so|how it works))\s*\?|\bisn'?t that the (?:whole |entire )?point\b|"
    r"\b(?:that|this) (?:true|right|correct|legit)\s*\?|"
    r"\b(?:manager|boss|coworker|co-worker|colleague|lead|friend|vendor|dev|engineer|someone)s? "
    r"(?:thinks?|says?|said|told (?:me|us)|claims?|keeps? saying|described)\b|"
    r"\bi (?:heard|read|was told|thought)\b",
    re.I,
)
_WH_ASKED_RE = re.compile(
    r"(?:^|[.?!:;,–—-]\s*)(?:what|whats|what's|how|why|which|where|who)\b[^.?!]*\?", re.I
)
_LIKE_THE_CLAIM = 0.4
"""Cosine (all-MiniLM-L6-v2) between a question that states a belief and one of the named
thing's misconceptions, at which it states that one in its own words: "My engineer registered the
new model yesterday, so customers are getting it now, correct?" and "registering a model deploys
it" (0.47). Chosen on the studied sets, where it (with ``_CLEARER``) lost no answer; a long
message can be this close to a claim it does not make, hence the other conditions."""


_CLEARER = 0.05
"""How much closer the belief must be to one misconception than to the next (cosine)."""


def _closest_claim(
    question: str, claims: list[_Claim], embedder: Embedder, question_vector: list[float] | None
) -> list[tuple[Passage, str]]:
    """The misconception, of those of the thing the question names, closest in meaning to the
    belief it states, with its correction; [] when none is close (``_LIKE_THE_CLAIM``)."""
    if not claims:
        return []
    asked = question_vector if question_vector is not None else embed_cached(embedder, [question])[0]
    said = embed_cached(embedder, [c[3].split(";")[0].strip(" .") for c in claims])
    vectors = np.asarray([asked, *said], dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    similarity = vectors[1:] @ vectors[0]
    best, *rest = np.argsort(-similarity)
    # ... and closer than to the thing's other misconceptions: "our spot training job will lose
    # everything if aws takes the instances back" is as close to "a Training Job keeps its
    # instances after training" (0.50) as to "Spot training loses all progress" (0.48)
    if similarity[best] < _LIKE_THE_CLAIM or (rest and similarity[best] - similarity[rest[0]] < _CLEARER):
        return []
    passage, at, sentences, _ = claims[best]
    return with_corrections([(passage, sentences[at])], 2)


_INNER_YES_NO_RE = re.compile(
    r"\b(?:is|does|do|will|would|can|could|are) (?:it|this|that|they)\b[^?]*\?\s*$", re.I
)
_ASKS_WH_RE = re.compile(
    r"\b(?:how|what|why|which|where|who|when(?! (?:i|we|you|a|an|the|my|our)\b))\b", re.I
)
_ASKING_WORDS = frozenset(
    content_terms(
        "claim claims right correct true quick think thinks say says said told heard assume assumption"
    )
)
"""How a learner puts a belief to be checked, which no misconception states."""
_PREMISE_MET = 2
"""Words of a claim the learner's premise must meet when their other words are left out: one
("model", "new") is met by many claims."""
# A learner's word for what a misconception claims: "is it live" asks whether it is deployed
_SAME_CLAIM = {
    "live": "deplo",
    "produ": "deplo",
    "repai": "remov",
    "fix": "remov",
    "fixes": "remov",
    "elimi": "remov",
    "strip": "remov",
}


def _runs_in(words: list[str], heading: list[str]) -> bool:
    return bool(words) and any(heading[i : i + len(words)] == words for i in range(len(heading)))
