"""`tutor items export`: the course's quiz items as a QTI 2.1 package or as bank YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from tutor.classroom.bank_yaml import items_to_yaml
from tutor.classroom.qti import write_qti_package
from tutor.classroom.reviews import ReviewStore
from tutor.course.bank import load_bank
from tutor.course.items import QuizItem
from tutor.exceptions import QuizError
from tutor.progress.records import utc_now
from tutor.settings import Settings, get_settings

ExportFormat = Literal["qti", "yaml"]


def exportable_items(
    module: int | None = None, *, settings: Settings | None = None, reviews: ReviewStore | None = None
) -> list[QuizItem]:
    """The quiz items a teacher exports (of one module, or all): the bank's items in their
    reviewed version, then approved generated and authored items; never a retired or
    rejected one."""
    bank = load_bank(module, settings=settings or get_settings())
    if reviews is None:
        return bank
    decided = {r.item_id: r for r in reviews.list_reviews()}
    out = []
    for item in bank:
        review = decided.get(item.id)
        if review is None:
            out.append(item)
        elif review.status == "approved":
            out.append(review.item)
    bank_ids = {i.id for i in bank}
    extra = [
        r.item
        for r in decided.values()
        if r.status == "approved"
        and r.item_id not in bank_ids
        and (module is None or r.item.module == module)
    ]
    return out + sorted(extra, key=lambda i: (i.module, i.id))


def export_items(fmt: ExportFormat, out: Path, items: list[QuizItem]) -> int:
    """Write ``items`` to ``out`` in ``fmt``; returns how many were written."""
    if not items:
        raise QuizError(
            "There are no quiz items to export.", "Check --module, or add items to corpus/questions/."
        )
    if not out.parent.is_dir():
        raise QuizError(f"The folder {out.parent} does not exist.", "Create it, or choose another --out.")
    if fmt == "qti":
        return write_qti_package(items, out)
    if fmt == "yaml":
        out.write_text(items_to_yaml(items, generated_at=utc_now()), encoding="utf-8")
        return len(items)
    raise QuizError(f"Unknown export format {fmt!r}.", "Use --format qti or --format yaml.")
