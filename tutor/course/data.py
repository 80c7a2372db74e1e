"""Course data kept with the course, not in code: ``corpus/course.yaml``.

Personas, lifecycle phases, term categories (a distractor is of the key's own kind) and the
glossary of synonyms and abbreviations the grader accepts. A second course brings its own
file; a course without one gets empty lists, so the generator and grader still work (with
fewer item kinds and no synonyms).
"""

from __future__ import annotations

import re
import threading
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tutor.exceptions import ConfigError
from tutor.settings import Settings, get_settings
from tutor.text import normalize

COURSE_FILE = "course.yaml"


class Persona(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Plural, as a sentence's subject: 'Data scientists'.")
    pattern: str = Field(description="Regular expression (case-insensitive) finding the persona in text.")


class GlossaryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    term: str
    variants: list[str] = Field(default_factory=list, description="Synonyms and abbreviations.")


class CourseData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    brand: str = ""
    brand_prefixes: list[str] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    lifecycle_phases: list[str] = Field(default_factory=list)
    categories: dict[str, list[str]] = Field(default_factory=dict)
    not_services: list[str] = Field(default_factory=list)
    generic_acronyms: list[str] = Field(default_factory=list)
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    other_products: list[str] = Field(
        default_factory=list,
        description="Products a learner may name that the course does not teach, declined by name "
        "however written (see the comment in corpus/course.yaml).",
    )

    @property
    def persona_names(self) -> list[str]:
        return [p.name for p in self.personas]

    @cached_property
    def _persona_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        return [(p.name, re.compile(p.pattern, re.I)) for p in self.personas]

    def personas_in(self, text: str) -> set[str]:
        """Which personas ``text`` mentions."""
        return {name for name, pattern in self._persona_patterns if pattern.search(text)}

    def category_of(self, term: str) -> str | None:
        """The category a term belongs to (case-insensitive), if any."""
        t = normalize(term)
        for name, members in self.categories.items():
            if any(normalize(m) == t for m in members):
                return name
        return None

    def synonyms(self) -> list[set[str]]:
        """Groups of normalized texts that mean the same term."""
        return [{normalize(e.term), *(normalize(v) for v in e.variants)} for e in self.glossary]


_cache: dict[tuple[str, float], CourseData] = {}
_lock = threading.Lock()


def load_course_data(settings: Settings | None = None) -> CourseData:
    """``corpus/course.yaml`` of the configured corpus (empty data when the file is absent);
    re-read when the file changes. Raises ConfigError when the file is malformed."""
    settings = settings or get_settings()
    path = Path(settings.corpus_dir) / COURSE_FILE
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return CourseData()
    with _lock:
        key = (str(path), stamp)
        if key not in _cache:
            try:
                raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                _cache[key] = CourseData.model_validate(raw)
            except (OSError, UnicodeDecodeError, yaml.YAMLError, ValidationError) as e:
                raise ConfigError(
                    f"{path} cannot be read as course data: {str(e).splitlines()[0]}",
                    "Fix the file (see the comments at its top) or remove it.",
                ) from e
        return _cache[key]
