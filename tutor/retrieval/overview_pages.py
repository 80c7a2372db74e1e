"""Overview pages for overview questions.

"What is SageMaker Model Monitor?" names a feature as a whole. In a documentation library the
answer is the feature's overview page, but passage search prefers its sub-pages, whose text
repeats the feature's name in every sentence ("update a Model Monitor schedule"). A feature's
overview page is the one *named* by the feature: its file name (the URL slug of documentation
sites: ``model-monitor.md``, ``training-compiler.md``) or its title says nothing but the
feature, while a sub-page's name adds what the page does (``model-monitor-schedule.md``).

So for an overview question, documents whose name is fully covered by the question's words
form one more ranking for document-first fusion (``rank_documents``): the more of the
question's feature they name, the higher; among equals, the page whose name starts the most
other pages' names (the hub of the feature's sub-pages) first.
"""

from __future__ import annotations

import bisect
import re
from pathlib import PurePath

from tutor.models import Chunk
from tutor.text import content_terms

_OVERVIEW_QUESTION = re.compile(
    r"^\s*(?:what\s+(?:is|are|'s)\b|what\s+does\b.*\bdo\b|whats\b|what\s+is\b.*\bfor\b|"
    r"(?:give\s+me\s+)?(?:an\s+)?overview\b|explain\b|tell\s+me\s+about\b|introduce\b|describe\b|"
    r"how\s+does\b.*\bwork\b|i\s+keep\s+hearing\s+about\b)"
    r"|\b(?:overview\s+of|introduction\s+to|what\s+is\s+it\s+for|what\s+(?:is|are)\b)",
    re.IGNORECASE,
)
_GENERIC = set(content_terms("amazon aws sagemaker what is are overview introduction guide md html page"))
_MAX_FEATURE_TERMS = 6
"""An overview question names one feature: more content words than this ask something narrower."""


def _name_terms(text: str) -> frozenset[str]:
    return frozenset(t for t in content_terms(re.sub(r"[-_.]+", " ", text)) if t not in _GENERIC)


def overview_terms(question: str) -> set[str]:
    """The feature words of an overview question, or nothing when it is not one."""
    if not _OVERVIEW_QUESTION.search(question):
        return set()
    terms = {t for t in content_terms(question) if t not in _GENERIC}
    return terms if 0 < len(terms) <= _MAX_FEATURE_TERMS else set()


class OverviewPages:
    """Each document's name terms (file stem and title), for ranking overview pages."""

    def __init__(self, chunks: list[Chunk]) -> None:
        names: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        stems: dict[str, str] = {}
        for chunk in chunks:
            if chunk.source_path not in names:
                stem = PurePath(chunk.source).stem.lower()
                stems[chunk.source_path] = stem
                names[chunk.source_path] = (_name_terms(stem), _name_terms(chunk.title))
        self._names = names
        # How many other documents' file names begin with this one's: the hub of a feature.
        ordered = sorted(stems.values())
        self._children = {
            path: bisect.bisect_left(ordered, stem + "-\uffff") - bisect.bisect_left(ordered, stem + "-")
            for path, stem in stems.items()
        }

    def rank(self, question: str, limit: int) -> list[str]:
        """Source paths of documents named by an overview question's feature, best first."""
        terms = overview_terms(question)
        if not terms:
            return []
        scored: list[tuple[int, int, str]] = []
        for path, (stem_terms, title_terms) in self._names.items():
            best = max(
                (len(name) for name in (stem_terms, title_terms) if name and name <= terms),
                default=0,
            )
            if best:
                scored.append((best, self._children[path], path))
        scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
        return [path for _, _, path in scored[:limit]]
