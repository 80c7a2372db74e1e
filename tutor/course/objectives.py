"""The lessons as their front matter declares them: module, title, learning objectives
(``objectives: [{id, text, sections}]``) and the starter questions the chat offers
(``starter_questions: [...]``).

Mastery needs each module's objective list, and generated items need to know which
objective a section teaches. Read from the corpus files directly, so it works without an index.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pydantic import BaseModel, Field

from tutor.markdown import FrontMatterError, parse_markdown
from tutor.settings import Settings, get_settings


class Objective(BaseModel):
    id: str
    module: int
    text: str
    sections: list[str] = Field(default_factory=list)
    source: str = Field(description="Corpus file that declares it.")


class Lesson(BaseModel):
    source: str
    module: int
    title: str
    objectives: list[Objective]
    starter_questions: list[str] = Field(default_factory=list)


_cache: dict[tuple[str, tuple[tuple[str, float], ...]], list[Lesson]] = {}
_lock = threading.Lock()


def _lesson(path: Path) -> Lesson | None:
    try:
        front, _ = parse_markdown(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, FrontMatterError):
        return None
    module = front.get("module")
    if not isinstance(module, int):
        return None
    objectives = []
    for raw in front.get("objectives") or []:
        if isinstance(raw, dict) and raw.get("id"):
            objectives.append(
                Objective(
                    id=str(raw["id"]),
                    module=module,
                    text=str(raw.get("text") or raw["id"]),
                    sections=[str(s) for s in raw.get("sections") or []],
                    source=path.name,
                )
            )
    starters = front.get("starter_questions") or []
    return Lesson(
        source=path.name,
        module=module,
        title=str(front.get("title") or path.stem),
        objectives=objectives,
        starter_questions=[str(q) for q in starters if isinstance(q, str | int | float)],
    )


def load_lessons(settings: Settings | None = None) -> list[Lesson]:
    """Every lesson of ``settings.corpus_dir`` with its objectives; re-read when a file changes."""
    settings = settings or get_settings()
    paths = sorted(Path(settings.corpus_dir).glob("*.md"))
    key = (str(settings.corpus_dir), tuple((p.name, p.stat().st_mtime) for p in paths))
    with _lock:
        if key not in _cache:
            _cache[key] = [lesson for p in paths if (lesson := _lesson(p)) is not None]
        return _cache[key]


def module_objectives(settings: Settings | None = None) -> dict[int, list[Objective]]:
    """Module number -> its declared objectives."""
    out: dict[int, list[Objective]] = {}
    for lesson in load_lessons(settings):
        out.setdefault(lesson.module, []).extend(lesson.objectives)
    return out


def module_titles(settings: Settings | None = None) -> dict[int, str]:
    return {lesson.module: lesson.title for lesson in load_lessons(settings)}


def starter_questions(settings: Settings | None = None) -> dict[int, list[str]]:
    """Module number -> the questions the chat offers to start a conversation about it."""
    out: dict[int, list[str]] = {}
    for lesson in load_lessons(settings):
        out.setdefault(lesson.module, []).extend(lesson.starter_questions)
    return out


def objective_for_section(
    module: int, section_path: list[str], settings: Settings | None = None
) -> str | None:
    """The objective whose declared sections include the deepest heading of ``section_path``."""
    objectives = module_objectives(settings).get(module, [])
    for heading in reversed(section_path):
        for objective in objectives:
            if heading in objective.sections:
                return objective.id
    return None
