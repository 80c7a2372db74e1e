"""A module's vocabulary: the service names and acronyms its text uses.

Distractors come from here, so a wrong option is always something the same module talks
about (plausible), never a random word. Personas, phases and term categories are course
data (``corpus/course.yaml``, read by ``tutor.course.data``), not code.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

from tutor.course.data import CourseData
from tutor.text import content_terms, normalize, split_sentences

# "SageMaker Model Registry", "SageMaker JumpStart": the capitalised words after the brand.
_SERVICE = r"\b{brand} ((?:[A-Z][a-zA-Z0-9]*(?:-[A-Za-z0-9]+)*)(?: [A-Z][a-z][a-zA-Z0-9]*)*)"
# Not halves of "CI/CD": those are not terms on their own.
_ACRONYM_RE = re.compile(r"(?<![/\w])[A-Z][A-Z0-9]{1,5}s?(?![/\w])")


def phase_terms(phase: str) -> set[str]:
    """Distinctive words of a phase name ('model' and 'data' are in too many to tell them apart)."""
    return set(content_terms(phase)) - {"model", "data"}


@dataclass
class Vocabulary:
    services: list[str] = field(default_factory=list)
    """Service names, most frequent first."""
    acronyms: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    """Every sentence of the module: the context for checking 'false' statements."""

    def pool(self, kind: str) -> list[str]:
        return self.services if kind == "service" else self.acronyms

    def kind_of(self, term: str) -> str:
        return "service" if term in self.services else "acronym"

    def distractors(
        self, answer: str, *, avoid_text: str, k: int, rng: random.Random, kind: str | None = None
    ) -> list[str]:
        """Up to ``k`` terms of the same kind as ``answer``, none of them in ``avoid_text``
        (the sentence the item is built from) and none overlapping the answer."""
        kind = kind or self.kind_of(answer)
        a = normalize(answer)
        avoid = normalize(avoid_text)
        candidates = [
            t
            for t in self.pool(kind)
            if normalize(t) != a
            and normalize(t) not in a
            and a not in normalize(t)
            and not re.search(rf"(?<![a-z0-9]){re.escape(normalize(t))}(?![a-z0-9])", avoid)
        ]
        # Prefer terms sharing a word with the answer ("Model Monitor" / "Model Registry"):
        # they are the ones a learner who half-knows the answer confuses.
        words = set(a.split())
        close = [t for t in candidates if words & set(normalize(t).split())]
        far = [t for t in candidates if t not in close]
        rng.shuffle(close)
        top = far[:8]
        rng.shuffle(top)
        return (close[: max(1, k // 2)] + top + close[max(1, k // 2) :] + far[8:])[:k]


def build_vocabulary(
    texts: list[str], extra_texts: list[str] | None = None, *, course: CourseData | None = None
) -> Vocabulary:
    """Vocabulary of one module's chunk ``texts``. Terms must occur at least twice, so a
    one-off capitalised phrase is not mistaken for a service. ``extra_texts`` (the rest
    of the course) only fill up a module whose own list is too short for distractors."""
    course = course or CourseData()
    not_services = set(course.not_services)
    generic = set(course.generic_acronyms)
    joined = "\n".join(texts)
    # A course without a brand names no services this way (its items come from tables and lists).
    service_re = re.compile(_SERVICE.format(brand=re.escape(course.brand))) if course.brand else None
    services = Counter(m.group(1) for m in service_re.finditer(joined)) if service_re else Counter()
    for name in list(services):
        if name in not_services or name.split()[0].isupper():
            del services[name]
            continue
        # Count mentions without the brand too ("Model Registry organises…").
        services[name] = len(re.findall(rf"\b{re.escape(name)}\b", joined))
    kept = [s for s, n in services.most_common() if n >= 2]
    # "Model Card" and "Model Cards": keep the more frequent spelling.
    kept = [s for s in kept if not (s.endswith("s") and s[:-1] in kept and services[s[:-1]] >= services[s])]
    kept = [s for s in kept if not (s + "s" in kept and services[s + "s"] > services[s])]
    if extra_texts is not None and len(kept) < 6:
        extra = build_vocabulary(extra_texts, course=course).services
        kept += [s for s in extra if s not in kept][: 6 - len(kept)]
    acronyms = Counter(m.group(0) for m in _ACRONYM_RE.finditer(joined) if m.group(0) not in generic)
    sentences = [s for t in texts for s in split_sentences(t)]
    return Vocabulary(
        services=kept,
        acronyms=[a for a, n in acronyms.most_common() if n >= 2],
        sentences=sentences,
    )
