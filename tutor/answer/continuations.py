"""What a chosen sentence cannot go without: the outcome of the scenario it sets up, and the list
it introduces.

"Scenario two: a support team needs a model that classifies tickets ..." says nothing until the
next sentence gives the course's verdict ("Fine-tuning a small model is the best fit"); and a
verdict from *another* scenario's paragraph ("RAG is the best fit, because the documents change
often") placed after it reads as the answer to this one. A sentence that ends in ":" ("A typical
training pipeline orders its steps like this:") is only useful with the list it opens.
"""

from __future__ import annotations

import re

from tutor.answer.overview import list_after
from tutor.models import Chunk, Passage
from tutor.text import split_sentences

# "Scenario two:", "Case 3:", "Example one:": a paragraph that sets up a case and then decides it
_CASE_RE = re.compile(r"^\s*(?:scenario|case|example)\s+(?:\w+)\s*:", re.I)


def _paragraph_of(passage: Passage, sentence: str) -> list[str]:
    for paragraph in re.split(r"\n\s*\n", passage.text):
        sentences = split_sentences(paragraph)
        if sentence in sentences:
            return sentences
    return []


def _case_of(passage: Passage, sentence: str) -> tuple[str, str] | None:
    """(passage id, opening sentence) of the case paragraph ``sentence`` is in, if it is in one."""
    paragraph = _paragraph_of(passage, sentence)
    if paragraph and _CASE_RE.match(paragraph[0]):
        return passage.id, paragraph[0]
    return None


def with_its_case(picked: list[tuple[Passage, str]]) -> list[tuple[Passage, str]]:
    """A lead that sets up a case is followed by the rest of its paragraph, and sentences from
    other cases' paragraphs are left out."""
    if not picked:
        return picked
    passage, lead = picked[0]
    case = _case_of(passage, lead)
    if case is None or lead != case[1]:
        return picked
    paragraph = _paragraph_of(passage, lead)
    rest = [(passage, s) for s in paragraph[paragraph.index(lead) + 1 :]]
    others = [x for x in picked[1:] if x not in rest and _case_of(*x) in (None, case)]
    return [picked[0], *rest, *others]


def list_opened(
    picked: list[tuple[Passage, str]], library: list[Chunk]
) -> tuple[list[tuple[Passage, str]], list[tuple[Passage, str]]]:
    """(lead, items) when a chosen sentence opens a list ("... like this:"): that sentence and its
    list, after the first sentence if it is not the first; else (``picked`` without the later
    sentences that open a list they are not given with, []): no answer shows "... like this:" and
    then no list."""
    for i, (passage, sentence) in enumerate(picked):
        items = list_after(passage, sentence, library)
        if items:
            return (picked[:1] if i == 0 else [picked[0], picked[i]]), items
    return [picked[0], *(x for x in picked[1:] if not x[1].endswith(":"))], []


# "Examples include class imbalance (CI), ...": the sentence that names the things just defined
_EXAMPLES_RE = re.compile(r"^\s*(?:examples|these|they|common ones) include\b", re.I)
_PLURAL_RE = re.compile(r"\b[a-z]{4,}s\b")


def with_its_examples(
    question: str, picked: list[tuple[Passage, str]], limit: int
) -> list[tuple[Passage, str]]:
    """ "Which bias metrics can Clarify compute before training?": of the first two picks, one that
    says what the asked things are ("pre-training bias metrics measure bias in the dataset") is
    followed by the sentence after it that names them ("Examples include class imbalance ...")."""
    asked = {w for w in _PLURAL_RE.findall(question.lower()) if not w.endswith("ss")}
    for passage, sentence in picked[:2]:
        if not asked & set(_PLURAL_RE.findall(sentence.lower())):
            continue
        paragraph = _paragraph_of(passage, sentence)
        at = paragraph.index(sentence) if sentence in paragraph else -1
        if 0 <= at < len(paragraph) - 1 and _EXAMPLES_RE.match(paragraph[at + 1]):
            follower = (passage, paragraph[at + 1])
            if follower in picked:
                return picked
            i = picked.index((passage, sentence)) + 1
            return [*picked[:i], follower, *picked[i:]][:limit]
    return picked
