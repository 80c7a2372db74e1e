"""Yes/no questions whose premise is one of the course's listed misconceptions: "Does Clarify
just fix the bias automatically?" is answered by "A common misconception is that Clarify removes
bias automatically." and the sentence that corrects it."""

from __future__ import annotations

import re

from tutor.answer.question_words import focus_terms
from tutor.answer.section_reading import MISCONCEPTION_RE, in_order, with_corrections
from tutor.models import Chunk, Passage
from tutor.text import content_terms

_SMILEY_END_RE = re.compile(r"(\s*(?:[:;=x]-?[)(dpo3/]|<3|\^\^|[^\w\s?!.,'\"’”]))+\s*$", re.I)
_YES_NO_RE = re.compile(
    r"^\s*(?:(?:so|wait|ok|okay|hey|hi|and|but|um|hmm|also|quick question|sorry)[,:\s]+){0,3}"
    r"(does|do|can|could|is|are|will|would)\s|\bor (nah|not|no)\W*$|(,\s*|\b)(right|correct|isn't it|no)\s*\?+\s*$",
    re.I,
)


def misconception_answer(question: str, library: list[Chunk]) -> list[tuple[Passage, str]]:
    """ "Does Clarify just fix the bias automatically?": a yes/no question about a thing the
    course lists misconceptions of ("Common misconceptions about Clarify"), whose premise is one
    of them ("A common misconception is that Clarify removes bias automatically."), is answered
    by that misconception and the sentence that corrects it, first; [] when the question is not
    yes/no, or no misconception of the thing it names meets half of what it asks."""
    question = _SMILEY_END_RE.sub("", question)  # "... its live now right? :)"
    # "studio classic vs new studio... do i have to rewrite my notebooks?": its last clause asks
    clauses = [
        c for c in re.split(r"[.?!…,;]+\s+|\s+[-–—]+\s+", question.strip()) if re.search(r"[a-z]", c, re.I)
    ]
    if not (_YES_NO_RE.search(question) or (clauses and _YES_NO_RE.search(clauses[-1]))):
        # "once I register a model is it live already? kinda confused" (not "How does that kick
        # off ...?"): asked inside the question, whose asides after it are left out
        asking = " ".join(s for s in re.split(r"(?<=\?)\s+", question.strip()) if s.endswith("?"))
        if not (_INNER_YES_NO_RE.search(asking) and not _ASKS_WH_RE.search(asking)):
            return []
        question = asking
    words = content_terms(question)
    best: tuple[int, Passage, int, list[str]] | None = None
    for chunk in sorted(library, key=lambda c: (c.source, c.position)):
        heading = chunk.section_path[-1] if chunk.section_path else ""
        about = re.search(r"\bmisconceptions? about (.+)", heading, re.I)
        thing = content_terms(about.group(1)) if about else []  # vendors are no content terms
        # "registering a model (in the registry)" names Model Registry: its words apart, begun alike
        if not _runs_in(thing, words) and not (
            len(thing) > 1 and {t[:5] for t in thing} <= {w[:5] for w in words}
        ):
            continue
        # "register" is asked of "Model Registry", though both begin "regis"; "live" is "deploy"
        asked = {_SAME_CLAIM.get(t[:5], t[:5]) for t in focus_terms(question) if t not in thing}
        sentences = in_order(chunk.text)
        for at, sentence in enumerate(sentences):
            m = MISCONCEPTION_RE.search(sentence)
            if not m or not asked:
                continue
            claim = {t[:5] for t in content_terms(sentence[m.end() :])}
            met = sum(any(t.startswith(a) or a.startswith(t) for t in claim) for a in asked)
            if met * 2 >= len(asked) and (best is None or met > best[0]):
                best = (met, Passage(**chunk.model_dump(), score=0.0), at, sentences)
    if best is None:
        return []
    _, passage, at, sentences = best
    # its correction follows as it follows every quoted misconception (``with_corrections``)
    return with_corrections([(passage, sentences[at])], 2)


_INNER_YES_NO_RE = re.compile(
    r"\b(?:is|does|do|will|would|can|could|are) (?:it|this|that|they)\b[^?]*\?\s*$", re.I
)
_ASKS_WH_RE = re.compile(
    r"\b(?:how|what|why|which|where|who|when(?! (?:i|we|you|a|an|the|my|our)\b))\b", re.I
)
# A learner's word for what a misconception claims: "is it live" asks whether it is deployed
_SAME_CLAIM = {
    "live": "deplo",
    "produ": "deplo",
    "repai": "remov",
    "fix": "remov",
    "fixes": "remov",
    "elimi": "remov",
}


def _runs_in(words: list[str], heading: list[str]) -> bool:
    return bool(words) and any(heading[i : i + len(words)] == words for i in range(len(heading)))
