"""The grade of one answer: the contract between grading (``tutor.quiz``) and recording
(``tutor.progress``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Grader = Literal["exact", "partial", "normalized", "semantic", "llm"]


class Grade(BaseModel):
    """The result of grading one answer, with everything the learner is shown afterwards."""

    item_id: str
    correct: bool
    score: float = Field(ge=0, le=1, description="1 fully right, 0 wrong; partial credit in between.")
    feedback: str = Field(description="Right or wrong, in a sentence.")
    explanation: str = Field(description="Why the answer is what it is.")
    expected: str = Field(description="The correct answer as display text.")
    passage: str = Field(description="The cited course passage.")
    source: str
    section: str
    grader: Grader
    notice: str | None = Field(default=None, description="E.g. why the LLM grader was not used.")
