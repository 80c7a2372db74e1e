"""A tool the learner compares the course's thing with, or came from: "Is a SageMaker domain
basically the Azure ML workspace equivalent?", "I'm coming from Feast". The question asks about
the course's thing; the other tool is the learner's frame of reference, not the topic.
"""

from __future__ import annotations

import re

_BY_ANALOGY_RE = re.compile(
    r"\b(equivalent|counterpart|analog(?:ue)?|replacement for|coming from|used to|style|i live in|"
    r"(?:is|are|it's|its) (?:just |basically |like )?(?:the |a )?[\w .-]*\b(?:with a sagemaker label|like)|"
    r"on (?:gcp|azure|google cloud)|i(?:'d| would) use|i (?:had|ran|used)|"
    r"in my old|what(?:'s| is) the sagemaker (?:way|version|answer)|instead of (?:my|our))\b",
    re.I,
)


def analogy_for(name: str, question: str) -> bool:
    """The other tool stands in the clause that compares or tells the learner's background, not
    in the one that asks ("How do I set an alias in the MLflow registry?" asks about MLflow)."""
    for clause in re.split(r"(?<=[.?!;:])\s+|,\s+|\s+-+\s+|\s+or\s+", question):
        if name.lower() in clause.lower():
            return _BY_ANALOGY_RE.search(clause) is not None or not _ASKS_RE.match(clause)
    return False


_ASKS_RE = re.compile(r"\s*(how|what|which|where|when|why|can|could|should|do|does|is|are)\b", re.I)


def compares(question: str) -> bool:
    """The message compares something with another tool or tells where the learner comes from."""
    return _BY_ANALOGY_RE.search(question) is not None
