"""The hook through which something outside the quiz package decides which items learners
may be served (the classroom's review queue, in class mode). ``build_quiz`` works without one."""

from __future__ import annotations

from typing import Protocol

from tutor.course.items import QuizItem


class ItemGate(Protocol):
    def extra_items(self, module: int | None) -> list[QuizItem]:
        """Items to offer besides the bank and the generator (e.g. written by a teacher)."""
        ...

    def admit(self, items: list[QuizItem]) -> list[QuizItem]:
        """The items that may be served, in the given order, each in its reviewed version."""
        ...
