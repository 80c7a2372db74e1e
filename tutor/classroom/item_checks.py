"""The bank's validation, for items a teacher edits or writes in the app.

The same checks ``tests/test_question_bank.py`` runs on every bank entry: the item schema,
its grounding (corpus file and heading exist), its objective (declared in the module's
lesson) and ``tutor.quiz.validation.item_problems`` against the cited section (the answer is
supported by it, distractors do not overlap the answer, the stem does not give it away).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationError

from tutor.course.items import QuizItem
from tutor.course.objectives import module_objectives
from tutor.quiz.feedback import section_passage
from tutor.quiz.validation import item_problems
from tutor.settings import Settings


class ItemCheck(BaseModel):
    item: QuizItem | None = Field(description="The item, if its shape is valid.")
    passage: str = ""
    problems: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.item is not None and not self.problems


def _schema_problems(e: ValidationError) -> list[str]:
    out = []
    for err in e.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        out.append(f"{where}: {msg}" if where else msg)
    return out


def check_item(raw: dict[str, Any] | QuizItem, settings: Settings) -> ItemCheck:
    """Every problem of ``raw`` (an item or its dict); ``ok`` when there is none."""
    try:
        item = raw if isinstance(raw, QuizItem) else QuizItem.model_validate(raw)
    except ValidationError as e:
        return ItemCheck(item=None, problems=_schema_problems(e))
    problems: list[str] = []
    declared = {o.id for o in module_objectives(settings).get(item.module, [])}
    if item.objective not in declared:
        problems.append(
            f"objective {item.objective!r} is not declared in module {item.module} "
            f"(declared: {', '.join(sorted(declared)) or 'none'})"
        )
    passage = section_passage(item.grounding.source, item.grounding.section, settings)
    if passage is None:
        problems.append(
            f"no heading {item.grounding.section!r} in corpus file {item.grounding.source!r}: "
            "cite a section of the course"
        )
        return ItemCheck(item=item, passage="", problems=problems)
    problems.extend(item_problems(item, passage))
    return ItemCheck(item=item, passage=passage, problems=problems)
