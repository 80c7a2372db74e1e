"""Definitions: the subject of "what is X?", and the sentence of the course that says what X is.

"What is SageMaker?" is the first question many learners ask, and every passage of the course
names SageMaker: the sentence that *says what it is* ("Amazon SageMaker is a fully managed AWS
service ...") must lead, wherever retrieval ranked its passage.
"""

from __future__ import annotations

import re

from tutor.answer.question_words import without_fluff
from tutor.index.sentence_vectors import quotable_sentences
from tutor.models import Chunk, Passage

_WHAT_IS_RE = re.compile(
    r"^((what'?s|what is) the (definition|meaning) of|((can|could) you |please )?define|"
    r"what (does|do) (the|this) (course|module|lesson|tutor) mean by|what do (they|you|people|we) mean by|"
    r"(give me )?(a |the )?definition of|what'?s|what( even| exactly)? (is|are|does))"
    r"( even| exactly)?( meant by)?( the (term|word|phrase))? (an? |the )?(?P<subject>[\w\s-]+?)"
    r"( mainly| actually| even)?( good| used| useful)?( do| for| mean| measure| refer to)?\s*[?.]?$",
    re.I,
)


def definition_subject(question: str) -> str:
    """'Model Monitor' for "what does SageMaker Model Monitor do?", 'SHAP' for "What is SHAP, the
    method Clarify uses?"; '' for other questions."""
    # "What does 'technical debt' mean ...?": quotation marks around the subject are no part of it
    unquoted = re.sub(r"(?<!\w)['‘\"“]|['’\"”](?!\w)", "", without_fluff(question))
    m = _WHAT_IS_RE.match(re.sub(r"\s*,[^?]*", "", unquoted))
    # "What is X? I keep hearing it in ...": the first sentence asks
    first = re.split(r"(?<=\?)\s+", unquoted.strip())[0]
    m = m or _WHAT_IS_RE.match(re.sub(r"\s*,[^?]*", "", first))
    if not m:
        return ""
    # "technical debt" for "What is meant by technical debt when talking about ML systems?"
    # ... and "domain" for "Could you define a domain and say what lives inside one?"
    subject = re.sub(
        r"\s+(in|of|on|with|inside|when|while|and (say|tell|explain|describe|give|list|how|what|why)|"
        # "Define training-serving skew as the course uses the term": how, not what, is asked
        r"as (the|this) (course|module|curriculum)|as (it is |it's )?used|according to)\b.*$",
        "",
        m.group("subject").strip(),
        flags=re.I,
    )
    # "What does technical debt mean in ML systems?": the verb is left once the place is cut
    subject = re.sub(r"(\s+(even|actually|really))?\s+(mean|do|measure|refer to)$", "", subject, flags=re.I)
    return re.sub(r"^(amazon )?(sagemaker )?", "", subject, flags=re.I)


# "SHAP (SHapley Additive exPlanations), a method ...", "create a baseline: a baselining job ...",
# "cause training-serving skew, where the model sees ...": an appositive, wherever the subject is
_INDEFINITE_APPOSITIVE_RE = re.compile(r"^(\s*\([^)]*\))?\s*,\s*(a|an)\b")
# ... and "spaces, which are the storage and compute environments ...": a defining relative clause
_APPOSITIVE_RE = re.compile(
    r"^(\s*\([^)]*\))?\s*([,:]\s*(a|an|the)\b|,\s*(where|in which)\b|s?,\s*which (is|are) (a|an|the)\b)"
)
# "Technical debt in ML systems is the ...": the subject opens the sentence and "is a/the" follows
_COPULA_RE = re.compile(
    r"^(\s*\([^)]*\))?(\s+(in|of|for|on|within)(\s+[\w-]+){1,3}?)?(\s+(is|are) (like )?(a|an|the)\b(?! (wrong|right|best|better|worse|worst|poor|good|bad|only)\b)|\s+(means|refers to)\b)"
)


def defines(subject: str, sentence: str) -> bool:
    """The sentence says what the subject is: "Technical debt in ML systems is the ...",
    "SHAP (SHapley Additive exPlanations), a method ..." (not "Model Monitor is essential ...",
    "A SageMaker domain is ..." for SageMaker, nor "The persona using Role Manager is the ...")."""
    low = sentence.lower()
    acronym = subject.isupper() and len(subject) >= _ACRONYM_LETTERS
    return any(
        _defines_at(low, m.start(), m.end(), acronym) for m in re.finditer(re.escape(subject.lower()), low)
    )


_ACRONYM_LETTERS = 3
"""An acronym introduced after its words ("... (RAG)") is one of three letters or more ("AI" is
also the end of "SageMaker AI")."""


def _defines_at(low: str, at: int, end: int, acronym: bool = False) -> bool:
    """Whether the subject written at ``low[at:end]`` is said what it is there."""
    after = low[end:]
    # ... at the start of the sentence or of a clause after ";" ("...; a feature group is like a table")
    opens = re.fullmatch(r"(.*[;:]\s+)?((the|an?) )?(amazon )?(sagemaker )?", low[:at]) is not None
    # "In SageMaker, the data engineer ...": a phrase of place, not an appositive; after a
    # preposition only "X (...), a/an ..." says what X is ("with SHAP (...), a method ...")
    after_preposition = re.search(r"\b(in|with|for|on|from|to|of|by|at|into|inside|using)\s*$", low[:at])
    pattern = _INDEFINITE_APPOSITIVE_RE if after_preposition else _APPOSITIVE_RE
    appositive = pattern.match(after) is not None
    # "Retrieval-augmented generation (RAG) leaves the model unchanged and ...": the sentence that
    # opens with an acronym's words, the acronym after them, introduces it
    introduced = acronym and after.startswith(")") and _spelt_out(low[:at], low[at:end])
    return appositive or introduced or (opens and _COPULA_RE.match(after) is not None)


_SMALL_WORDS = frozenset({"from", "of", "the", "and", "in", "to", "for", "on", "a", "an"})


def _spelt_out(before: str, acronym: str) -> bool:
    """The sentence opens with the acronym's words and the acronym follows in brackets:
    "retrieval-augmented generation (" for "rag"."""
    if not before.endswith("("):
        return False
    words = [w for w in re.split(r"[\s-]+", before[:-1].strip()) if w and w not in _SMALL_WORDS]
    return "".join(w[0] for w in words) == acronym


def is_what_section_of(passage: Passage, subject: str) -> bool:
    """The passage's heading is "What <subject> is" ("What a SageMaker Training Job is"), not a
    "What ..." heading that merely contains the subject ("What SageMaker Experiments is" is not
    the section on SageMaker)."""
    heading = passage.section_path[-1].lower() if passage.section_path else ""
    subj = re.escape(subject.lower().removesuffix("s"))
    return re.match(rf"^what (an? |the )?(amazon )?(sagemaker )?{subj}s?( \w+)?$", heading) is not None


def defining_passage(subject: str, library: list[Chunk]) -> Passage | None:
    """The first passage of the course (in module order) with a sentence that says what the
    subject is ("Amazon SageMaker is a fully managed AWS service ...", "... cause training-serving
    skew, where the model sees ..."); None when no sentence does. A plain one-word subject
    ("steps") must open the sentence: "a pipeline with five steps: a processing step ..." says
    nothing of what steps are."""
    begins = re.compile(rf"^(amazon |the |an? )?(sagemaker )?{re.escape(subject.lower())}\b")
    specific = len(subject.split()) >= 2 or "-" in subject or subject[:1].isupper()
    for chunk in sorted(
        library, key=lambda c: (c.module if c.module is not None else 99, c.source, c.position)
    ):
        for _, sentence in quotable_sentences(chunk.text):
            if (specific or begins.match(sentence.lower())) and defines(subject, sentence):
                return Passage(**chunk.model_dump(), score=0.0)
    return None


def _singular(phrase: str) -> str:
    """ "approval status" for "approval statuses", "feature group" for "feature groups"."""
    if phrase.endswith("ses"):
        return phrase[:-2]
    return phrase[:-1] if phrase.endswith("s") and not phrase.endswith("ss") else phrase


def phrase_passage(subject: str, passages: list[Passage], library: list[Chunk]) -> Passage | None:
    """The course passage on the subject's words as one phrase when retrieval missed it: the
    first passage of a section whose heading uses the phrase ("Model package groups, versions and
    approval status" for "What are the approval statuses?"), unless one of the first passages
    retrieved is from it; else, when none of the first passages uses the phrase, the passage that
    uses it most ("What is data capture?"). None for one-word subjects and when nothing is found."""
    phrase = _singular(subject.lower())
    if len(phrase.split()) < 2:
        return None
    headed = [c for c in library if c.section_path and phrase in c.section_path[-1].lower()]
    if headed:
        first = min(headed, key=lambda c: (c.module if c.module is not None else 99, c.source, c.position))
        if any(p.section_path == first.section_path for p in passages[:3]):
            return None
        return Passage(**first.model_dump(), score=0.0)
    if any(phrase in p.text.lower() for p in passages[:3]):
        return None
    counts = [(c.text.lower().count(phrase), c) for c in library]
    best = max(counts, key=lambda x: x[0], default=(0, None))
    return Passage(**best[1].model_dump(), score=0.0) if best[1] is not None and best[0] else None
