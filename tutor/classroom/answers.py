"""The class's answers, read from the progress store, in the shape the teacher views need.

Crosses learners (``all_attempts``): for teacher views only, never on a learner's behalf.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tutor.course.bank import load_bank
from tutor.course.items import QuizItem
from tutor.progress.factory import open_progress_store
from tutor.progress.records import AttemptRecord
from tutor.progress.store import ProgressStore
from tutor.settings import Settings


def class_attempts(
    store: ProgressStore, module: int | None = None, learners: list[str] | None = None
) -> list[AttemptRecord]:
    """Every stored answer (of ``learners`` if given, of one module if given), oldest first."""
    if learners is None:
        out = store.all_attempts(module)  # one query across learners: teacher views only
    else:
        out = [a for learner in learners for a in store.attempts(learner, module)]
    return sorted(out, key=lambda a: (a.answered_at, a.id or 0))


def item_catalogue(store: ProgressStore, item_ids: list[str], settings: Settings) -> dict[str, QuizItem]:
    """The items behind ``item_ids``: the bank's current copy first, else the copy the store
    kept when the item was answered (generated items live only there)."""
    bank = {i.id: i for i in load_bank(settings=settings)}
    missing = [i for i in dict.fromkeys(item_ids) if i not in bank]
    stored = store.get_items(missing) if missing else {}
    return {i: bank.get(i) or stored[i] for i in dict.fromkeys(item_ids) if i in bank or i in stored}


@contextmanager
def store_for(settings: Settings, store: ProgressStore | None) -> Iterator[ProgressStore]:
    """The store passed in (left open), or the data directory's store (closed afterwards)."""
    if store is not None:
        yield store
        return
    own = open_progress_store(settings)
    try:
        yield own
    finally:
        own.close()
