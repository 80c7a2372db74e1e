"""Questions that ask how many: "Exactly how many built-in algorithms does SageMaker provide?" is
answered by a number the course states before the thing counted ("over 300 built-in
transformations", "with fourteen services"); ``tutor.answer.details`` declines when none does,
and the answerer leads with the sentence that counts."""

from __future__ import annotations

import re
from collections.abc import Callable

from tutor.answer.plain_details import NUMBER
from tutor.answer.shapes import is_example
from tutor.models import Passage
from tutor.text import split_sentences

# "how many pre-trained models"; "how many of those are specifically for time-series data?" counts
# the part, not the whole
COUNT_ASKED = re.compile(
    r"(?<!reduce )(?<!reduces )(?<!cut )(?<!lower )(?<!limit )\b(?:how many|(?:exact|precise|total) (?:number|count) of) "
    r"(?:of (?:the |its |their )?|the )?((?:[\w-]+ ){0,3})",
    re.I,
)
_PART_COUNTED = re.compile(
    r"\bhow many\b[^?]*\b(?:are|is) (?:(?:specifically|just|only|exclusively|purely) (?:for|about)|specific to) "
    r"(?:the )?([\w-]+)",
    re.I,
)
_WORD = re.compile(r"[a-z0-9-]+")
_EXACT = re.compile(r"\b(exactly|precisely|exact|precise)\b", re.I)


def _counted(question: str) -> str:
    """The stem of what a count question counts: its first plural noun ("how many pre-trained
    models" counts models); '' when none is plain."""
    asked = COUNT_ASKED.search(question)
    words = _WORD.findall(asked.group(1).lower()) if asked else []
    plural = [
        w for w in words if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and w not in _NOT_COUNTED
    ]
    return plural[0].removesuffix("es" if plural[0].endswith("sses") else "s") if plural else ""


_HAS_COUNT_RE = re.compile(
    r"\b(offers|has|have|provides|supports|covers|includes|uses|lists|defines|gives|describes)\s+"
    r"(?:over |about |around |roughly )?(?P<n>\d[\d,]*|[a-z]+)\s+(?:[a-z-]+\s+)?[a-z-]+s\b",
    re.I,
)
_NOT_COUNTED = frozenset({"does", "this", "thus", "yours", "ours", "theirs", "always"})


def count_given(question: str, passages: list[Passage]) -> bool:
    """A sentence puts a number a few words before the thing counted, or counts things of a
    section headed by it ("SageMaker offers four main ways to get predictions" under "Deployment
    options ...")."""
    counting = _counter(question)
    if counting is None:
        return True
    return any(counting(p, sentence) for p in passages for sentence in split_sentences(p.text))


def _counter(question: str) -> Callable[[Passage, str], bool] | None:
    """Whether a sentence (of a passage) counts what the count question asks about: a number a
    few words before the thing counted, or what a thing offers, counted, under a heading of it;
    None when the question counts nothing plain. What is counted is read once per question."""
    # "how many of those are specifically for time-series data?" counts the part, not the whole
    part = _PART_COUNTED.search(question)
    counted = part.group(1).lower()[:5] if part else _counted(question)
    if not counted:
        return None
    # "hundreds of pre-trained models" is no answer to "exactly how many?"
    vague = {"hundreds", "thousands"} if _EXACT.search(question) else set()

    def number(x: str) -> bool:
        return x not in vague and bool(NUMBER.fullmatch(x) or x.isdigit())

    def counts(passage: Passage, sentence: str) -> bool:
        if vague and is_example(passage):  # "the team shortlists three models" counts one team's pick
            return False
        words = _WORD.findall(sentence.lower())
        if any(
            w.startswith(counted) and any(number(x) for x in words[max(0, i - 4) : i])
            for i, w in enumerate(words)
        ):
            return True
        # "offers four main ways": what a thing has or offers, counted, under a heading of the counted
        headed = any(w.startswith(counted) for w in _WORD.findall(passage.section_label.lower()))
        said = _HAS_COUNT_RE.search(sentence) if headed else None
        return bool(said and number(said.group("n").lower().replace(",", "")))

    return counts


_LEADS_WITH_COUNT_RE = re.compile(r"^\W*(?:so |and |ok,? )?(?:exactly |precisely |roughly )?how many\b", re.I)


def counting_first(question: str, picked: list[tuple[Passage, str]]) -> list[tuple[Passage, str]]:
    """ "How many deployment options does SageMaker offer?": the sentence that counts them leads
    (a question that asks other things first keeps its order)."""
    counts = _counter(question) if _LEADS_WITH_COUNT_RE.match(question) else None
    counting = next((x for x in picked if counts(x[0], x[1])), None) if counts else None
    return [counting, *(x for x in picked if x is not counting)] if counting else picked
