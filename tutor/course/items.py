"""The quiz item contract: one pydantic model for bank items, generated items and LLM items."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tutor.text import normalize


class ItemType(StrEnum):
    single_choice = "single_choice"
    multiple_response = "multiple_response"
    true_false = "true_false"
    matching = "matching"
    ordering = "ordering"
    short_answer = "short_answer"


class Difficulty(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


class Grounding(BaseModel):
    """Where in the course an item's answer is taught: a corpus file and a heading in it."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Corpus file name, e.g. '04-deployment-mlops.md'.")
    section: str = Field(description="Heading text of the section (any level) in that file.")
    passage_id: str | None = Field(default=None, description="Indexed chunk id, filled for generated items.")
    quote: str | None = Field(
        default=None, description="The sentence or passage the item was built from, if any."
    )


Answer = bool | str | list[str] | dict[str, str]


class QuizItem(BaseModel):
    """A checkpoint question.

    Shape of ``options`` and ``answer`` by ``type``:

    - single_choice: ``options`` 3-6 texts; ``answer`` one of them.
    - multiple_response: ``options`` 4-7 texts; ``answer`` a list of 2+ of them.
    - true_false: no ``options``; ``answer`` true or false.
    - matching: ``prompts`` the left-hand items; ``options`` the right-hand choices (may hold
      extra distractors); ``answer`` maps every prompt to one option.
    - ordering: ``options`` the steps in any order; ``answer`` the same steps in the right order.
    - short_answer: no ``options``; ``answer`` the key text; ``accept`` further accepted answers.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    module: int = Field(ge=0, le=9)
    objective: str
    type: ItemType
    difficulty: Difficulty = Difficulty.medium
    stem: str = Field(min_length=10)
    options: list[str] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)
    answer: Answer
    accept: list[str] = Field(default_factory=list)
    explanation: str = Field(min_length=10)
    grounding: Grounding
    origin: Literal["bank", "generated", "llm"] = "bank"
    checks: list[str] = Field(
        default_factory=list,
        description="Item-writing guideline checks the item passed (tutor.quiz.guidelines), for generated items.",
    )
    interchangeable: list[list[str]] = Field(
        default_factory=list,
        description="Ordering items: groups of steps the course states together, in any order among themselves.",
    )

    @model_validator(mode="after")
    def _check_shape(self) -> QuizItem:
        t, opts, ans = self.type, self.options, self.answer
        if len({normalize(o) for o in opts}) != len(opts):
            raise ValueError(f"{self.id}: options must be distinct")
        if t is ItemType.single_choice:
            _need(isinstance(ans, str) and ans in opts, self.id, "answer must be one of the options")
            _need(3 <= len(opts) <= 6, self.id, "single_choice needs 3-6 options")
        elif t is ItemType.multiple_response:
            _need(isinstance(ans, list) and len(ans) >= 2, self.id, "answer must list 2+ options")
            _need(all(a in opts for a in ans), self.id, "every answer must be an option")
            _need(len(set(ans)) == len(ans), self.id, "answer lists an option twice")
            _need(len(ans) < len(opts), self.id, "at least one option must be wrong")
        elif t is ItemType.true_false:
            _need(isinstance(ans, bool) and not opts, self.id, "answer must be true/false, no options")
        elif t is ItemType.matching:
            _need(isinstance(ans, dict), self.id, "answer must map prompts to options")
            assert isinstance(ans, dict)
            _need(len(self.prompts) >= 2, self.id, "matching needs 2+ prompts")
            _need(set(ans) == set(self.prompts), self.id, "answer must cover exactly the prompts")
            _need(all(v in opts for v in ans.values()), self.id, "answer values must be options")
        elif t is ItemType.ordering:
            _need(isinstance(ans, list) and len(ans) >= 3, self.id, "ordering needs 3+ steps")
            _need(sorted(ans) == sorted(opts), self.id, "answer must be the options reordered")  # type: ignore[arg-type]
            grouped = [s for group in self.interchangeable for s in group]
            _need(all(s in opts for s in grouped), self.id, "interchangeable steps must be options")
            _need(len(set(grouped)) == len(grouped), self.id, "a step is in two interchangeable groups")
        if t is not ItemType.ordering:
            _need(not self.interchangeable, self.id, "only ordering items have interchangeable steps")
        if t is ItemType.short_answer:
            _need(isinstance(ans, str) and ans.strip() != "", self.id, "answer must be the key text")
            _need(not opts, self.id, "short_answer takes no options")
        return self

    @property
    def correct_texts(self) -> list[str]:
        """The answer as plain texts, for support checks and for showing the key."""
        a = self.answer
        if isinstance(a, bool):
            return ["True" if a else "False"]
        if isinstance(a, str):
            return [a]
        if isinstance(a, list):
            return list(a)
        return [f"{k}: {v}" for k, v in a.items()]


def _need(ok: bool, item_id: str, message: str) -> None:
    if not ok:
        raise ValueError(f"{item_id}: {message}")
