"""A fill-in-the-blank prompt as the question it asks.

A teacher's quiz or a flashcard deck writes a statement with a gap: "Fill in the blank: drift
detection with Model Monitor is taught in Module ___." The gap is what is asked, and what kind
of thing fills it decides how the course must answer: a module, a number, or a name. Read as
written, the prompt has no question word, so it was answered as a statement's topic (drift
detection), and "by default, Ground Truth sends each item to ___ annotators" was answered with
the sentence about annotators that gives no default.
"""

from __future__ import annotations

import re

from tutor.text import split_sentences

_BLANK = r"_{3,}"
_BLANK_RE = re.compile(_BLANK)
_INSTRUCTION_RE = re.compile(
    r"^\W*(?:fill in the blanks?|fill the blanks?|complete the (?:sentence|statement|blank))\s*[:.\-–—]\s*",
    re.I,
)
# "What goes in the blank?": the statement already asks it
_ASKS_FOR_BLANK_RE = re.compile(
    r"^\W*what (?:goes|belongs|fits) (?:in|into) the (?:blank|gap)\b[^,?]*,?\s*(?:and\s+)?", re.I
)
_MODULE_RE = re.compile(rf"\b(?:in |by )?module {_BLANK}", re.I)
# "to ___ annotators", "at most ___ versions": a number of the plural that follows
_COUNT_RE = re.compile(rf"{_BLANK}\s+(?=(?:[a-z-]+ )?[a-z-]{{3,}}s\b)(?!(?:is|was|has|does|as)\b)", re.I)
# "a SageMaker ___ is the admin-level unit ...", "in Python, ___ is the keyword for ..."
_NAMED_RE = re.compile(
    rf"^(?P<lead>(?:[^,]*,\s*)?)(?:[\w-]+\s+){{0,3}}{_BLANK}\s+(?P<verb>is|are)\s+(?P<rest>.+)$", re.I
)
# "to mark a model version as approved, you'd use SageMaker ___.": the service for a task
_USED_RE = re.compile(
    rf"^(?P<task>to .+?),?\s+(?:you'd|you would|you|we'd|we would|I'd) use (?:SageMaker\s+)?{_BLANK}$", re.I
)


def _asked(statement: str) -> str:
    """One statement with a blank, as a question."""
    text = statement.strip().rstrip(".!?")
    if _MODULE_RE.search(text):
        return _MODULE_RE.sub("in which module", text) + "?"
    if _COUNT_RE.search(text):
        return _COUNT_RE.sub("how many ", text) + "?"
    named = _NAMED_RE.match(text)
    if named:
        lead = named.group("lead")
        what = f"{lead}what {named.group('verb')} {named.group('rest')}?"
        return what[0].upper() + what[1:]
    used = _USED_RE.match(text)
    if used:
        return f"Which SageMaker service would you use {used.group('task')}?"
    return _BLANK_RE.sub("what", text) + "?"


def blank_asked(question: str) -> str:
    """``question`` with its statement with a blank written as the question it asks; unchanged
    when it has no blank."""
    if not _BLANK_RE.search(question):
        return question
    text = _INSTRUCTION_RE.sub("", question.strip())
    out = []
    for sentence in split_sentences(text):
        if _BLANK_RE.search(sentence):
            out.append(_asked(sentence))
        else:
            rest = _ASKS_FOR_BLANK_RE.sub("", sentence).strip()
            if rest:
                out.append(rest[0].upper() + rest[1:])
    return " ".join(out)
