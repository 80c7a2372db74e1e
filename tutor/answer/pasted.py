"""What an engineer pastes into a question, set apart from what they ask.

An engineer asks with the console in front of them: "Running `distribution={'torch_distributed':
{'enabled': True}}` on 4x ml.p4d.24xlarge and a colleague says we should be doing model parallel
instead. What's the actual difference?" The pasted code, log lines and instance types tell the
situation; the question is the prose. Read as part of the question, every identifier in them
("torch_distributed", "ml.p4d.24xlarge", "FeatureGroupName") is a name the course never writes,
so the question was declined as being about those names.

Pasted text is set aside, with the sentence that tells it, when it only tells the situation:
- a fenced block (```...```) always: a question is not written inside one;
- a span in backticks outside the sentence that asks, or one inside it written as code (a call,
  an assignment, a config line) rather than as a name;
- an instance type ("ml.g5.12xlarge") outside the sentence that asks, or naming the instances,
  space or endpoint the learner runs ("terminate the ml.p3.8xlarge instances"; not "How many
  GPUs does an ml.p4d.24xlarge instance have?").

A name in backticks in the sentence that asks (What does `MaxConcurrency` limit?) stays: it is
what is asked about, and the course must know it.

The pipeline asks the question without them only when the course does not cover it as written:
the pasted words can also be the course's own ("PendingManualApproval").
"""

from __future__ import annotations

import re
from typing import NamedTuple

_FENCE_RE = re.compile(r"```.*?(?:```|$)", re.S)
_SPAN_RE = re.compile(r"`([^`\n]+)`")
_HELD_RE = re.compile(r"\x00(\d+)\x00")  # where a span stood while the sentences are found
# a call, an assignment, a key and its value, a path or several words: code, not a name
_CODE_RE = re.compile(r"[(){}\[\]=/<>]|:\s|,\s|\s\S+\s")
_INSTANCE_RE = re.compile(r"\b(?:\d+\s*x\s*)?ml\.[a-z0-9-]+\.[a-z0-9]+\b", re.I)
_RUNS_ON_RE = re.compile(
    r"\s*(?:instances?|space|endpoints?|notebooks?|hosts?|nodes?|machines?|boxes)\b", re.I
)
_OWN_RE = re.compile(r"\b(?:the|my|our|these|those|this|that|its|their)\s+$", re.I)
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# where one sentence ends: after . ! ? whatever follows ("...config is `x`. do I need"), and at a
# line break. Not ``tutor.text.split_sentences``: it waits for a capital, as the course writes,
# where engineers type lower case and paste line by line.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|\n+")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END_RE.split(text) if s.strip()]


def _asking_index(sentences: list[str]) -> int:
    """The sentence that asks: the last one with a question mark, else the last one."""
    for n in range(len(sentences) - 1, -1, -1):
        if "?" in sentences[n]:
            return n
    return len(sentences) - 1


def _without_spans(sentence: str, spans: list[str], asking: bool) -> str:
    def keep(m: re.Match[str]) -> str:
        span = spans[int(m.group(1))]
        return span if asking and not _CODE_RE.search(span) else " "

    return _HELD_RE.sub(keep, sentence)


def _without_instances(sentence: str, asking: bool) -> str:
    def keep(m: re.Match[str]) -> str:
        # "terminate the ml.p3.8xlarge instances": the learner's own; not "does an ml.p4d have"
        own = _OWN_RE.search(sentence, 0, m.start()) and _RUNS_ON_RE.match(sentence, m.end())
        return " " if not asking or own else m.group(0)

    return _INSTANCE_RE.sub(keep, sentence)


class SetApart(NamedTuple):
    prose: str
    """The question without what was pasted to tell the situation, nor the sentences that told
    it; the question as written when nothing was pasted, or nothing but the pasted text is left."""
    pasted: str
    """What was pasted (fenced blocks, spans in backticks, instance types), its identifiers split
    into words ("TrainingJobStatus" as "Training Job Status"), to see whose they are."""


def set_apart(question: str) -> SetApart:
    """``question``'s prose and what was pasted into it, read in one pass."""
    if "`" not in question and not _INSTANCE_RE.search(question):
        return SetApart(question, "")
    fences = [m.group(0).strip("`") for m in _FENCE_RE.finditer(question)]
    spans: list[str] = []

    def hold(m: re.Match[str]) -> str:  # a span's own "..." or "?" ends no sentence
        spans.append(m.group(1))
        return f"\x00{len(spans) - 1}\x00"

    text = _SPAN_RE.sub(hold, _FENCE_RE.sub("\n", question))
    pasted = "\n".join(fences + spans + _INSTANCE_RE.findall(text))
    pasted = _CAMEL_RE.sub(" ", re.sub(r"[_.]", " ", pasted))
    sentences = _sentences(text)
    if not sentences:
        return SetApart(question, pasted)
    at = _asking_index(sentences)
    kept = []
    for n, sentence in enumerate(sentences):
        bare = _without_instances(_without_spans(sentence, spans, n == at), n == at)
        # a sentence that told the situation with what was pasted goes with it: "Running on and
        # a colleague says ..." would be searched for what is left of it
        if n == at or bare == sentence:
            kept.append(bare)
    out = re.sub(r"[ \t]+", " ", " ".join(kept))
    out = re.sub(r"\s\(\s*\)", "", out)  # "Airflow (`dags/ml_retrain.py`)": the brackets held it
    out = re.sub(r"\s*[:,]?\s*(?=[.,;:!?])", "", out)  # "the log says `...`." ends "the log says."
    out = re.sub(r"^[\s.,;:!?-]+", "", out).strip()
    return SetApart(out if re.search(r"[A-Za-z]{3,}", out) else question, pasted)
