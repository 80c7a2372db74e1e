"""The curated question bank: ``corpus/questions/module-N.yaml``, each a YAML list of QuizItem dicts."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from tutor.course.items import QuizItem
from tutor.exceptions import InvalidItemError, QuizError
from tutor.settings import Settings, get_settings

_BANK_FILE_RE = re.compile(r"^module-(\d+)\.ya?ml$")


class BankLoad(BaseModel):
    items: list[QuizItem] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list, description="Entries skipped, and why.")


_cache: dict[tuple[str, tuple[tuple[str, float], ...]], BankLoad] = {}
_lock = threading.Lock()


def bank_dir(settings: Settings) -> Path:
    return Path(settings.corpus_dir) / "questions"


def _load_file(path: Path, out: BankLoad) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        out.problems.append(f"{path.name}: cannot be read as YAML ({e})")
        return
    if data is None:
        return
    if not isinstance(data, list):
        out.problems.append(f"{path.name}: must hold a YAML list of items")
        return
    match = _BANK_FILE_RE.match(path.name)
    file_module = int(match.group(1)) if match else None
    for i, raw in enumerate(data):
        label = raw.get("id", f"#{i}") if isinstance(raw, dict) else f"#{i}"
        try:
            item = QuizItem.model_validate(raw)
        except ValidationError as e:
            first = e.errors()[0]
            out.problems.append(f"{path.name} {label}: {first.get('msg')} at {first.get('loc')}")
            continue
        if file_module is not None and item.module != file_module:
            out.problems.append(f"{path.name} {label}: says module {item.module}")
            continue
        out.items.append(item.model_copy(update={"origin": "bank"}))


def load_bank_report(settings: Settings | None = None) -> BankLoad:
    """Every valid bank item plus a list of skipped entries; cached until a file changes."""
    settings = settings or get_settings()
    folder = bank_dir(settings)
    paths = sorted(p for p in folder.glob("module-*.y*ml") if p.is_file()) if folder.is_dir() else []
    key = (str(folder), tuple((p.name, p.stat().st_mtime) for p in paths))
    with _lock:
        if key not in _cache:
            out = BankLoad()
            for path in paths:
                _load_file(path, out)
            seen: set[str] = set()
            unique = []
            for item in out.items:
                if item.id in seen:
                    out.problems.append(f"item id {item.id} appears twice; the second is skipped")
                    continue
                seen.add(item.id)
                unique.append(item)
            out.items = unique
            _cache[key] = out
        return _cache[key].model_copy(deep=True)


def load_bank(
    module: int | None = None, *, strict: bool = False, settings: Settings | None = None
) -> list[QuizItem]:
    """Bank items (of one module, or all). ``strict`` raises on the first malformed entry
    instead of skipping it; the app and CLI skip, the tests are strict."""
    settings = settings or get_settings()
    report = load_bank_report(settings)
    if strict and report.problems:
        raise InvalidItemError(
            f"The question bank has {len(report.problems)} invalid entries: {report.problems[0]}",
            f"Fix the entries in {bank_dir(settings)} (run `pytest tests/test_question_bank.py`).",
        )
    return [i for i in report.items if module is None or i.module == module]


def bank_item(item_id: str, *, settings: Settings | None = None) -> QuizItem:
    for item in load_bank(settings=settings):
        if item.id == item_id:
            return item
    raise QuizError(f"No bank item has the id {item_id!r}.", "Check the id against corpus/questions/.")
