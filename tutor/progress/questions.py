"""The question text of answered items, so the learner sees questions, not item ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from tutor.course.bank import load_bank
from tutor.course.items import QuizItem
from tutor.settings import Settings


class ItemSource(Protocol):
    def get_items(self, ids: list[str]) -> dict[str, QuizItem]: ...


def question_texts(item_ids: Iterable[str], *, store: ItemSource, settings: Settings) -> dict[str, str]:
    """Item id -> its question (stem). The bank's current wording wins; generated items come
    from the store, which keeps every answered item. An id found nowhere maps to itself."""
    ids = list(dict.fromkeys(item_ids))
    bank = {i.id: i.stem for i in load_bank(settings=settings) if i.id in set(ids)}
    missing = [i for i in ids if i not in bank]
    stored = {k: v.stem for k, v in store.get_items(missing).items()} if missing else {}
    return {i: bank.get(i) or stored.get(i) or i for i in ids}
