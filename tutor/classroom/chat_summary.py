"""What the class asks in chat, by module, and the questions the tutor declined.

Each assistant chat turn stores the whole ``Answer`` as its meta JSON, including the learner's
``question``, the ``module`` it was placed in and ``covered`` (False when the course does not
cover the question and the tutor declined to answer). Nothing new needs storing. A learner who
clears their chat also removes their questions from this summary.

Declined questions are listed without learner names: the teacher needs the gaps in the
course, not who found them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pydantic import BaseModel, Field, ValidationError

from tutor.models import Answer
from tutor.progress.records import ChatMessage
from tutor.text import content_terms, normalize

EXAMPLES = 5
TOPICS = 8


class ModuleChat(BaseModel):
    module: int | None = Field(description="None: not tied to a module.")
    title: str
    questions: int
    learners: int
    topics: list[str] = Field(description="Most frequent content words of the questions.")
    examples: list[str] = Field(description="The most recent questions.")


class DeclinedQuestion(BaseModel):
    question: str
    asked: int = Field(description="How many times (same wording, case and spacing ignored).")
    learners: int
    suggestions: list[str] = Field(default_factory=list, description="Nearby topics the tutor offered.")


class ChatSummary(BaseModel):
    modules: list[ModuleChat]
    declined: list[DeclinedQuestion]
    answers_read: int


def summarize_chats(turns: list[ChatMessage], titles: dict[int, str]) -> ChatSummary:
    """Group the assistant answers of every learner's chat by module; list declined questions."""
    by_module: dict[int | None, list[tuple[str, str]]] = defaultdict(list)
    declined: dict[str, list[tuple[str, Answer]]] = defaultdict(list)
    read = 0
    for turn in sorted(turns, key=lambda t: (t.created_at, t.id)):
        if turn.role != "assistant" or not turn.meta_json:
            continue
        try:
            answer = Answer.model_validate_json(turn.meta_json)
        except ValidationError:
            continue  # an answer stored by an older version: nothing reliable to read
        read += 1
        question = answer.question.strip()
        by_module[answer.module].append((turn.learner, question))
        if not answer.covered:
            declined[normalize(question)].append((turn.learner, answer))

    modules: list[ModuleChat] = []
    for module, asked in sorted(by_module.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
        terms: Counter[str] = Counter()
        for _, q in asked:
            terms.update(set(content_terms(q)))
        modules.append(
            ModuleChat(
                module=module,
                title=titles.get(module, f"Module {module}") if module is not None else "No module",
                questions=len(asked),
                learners=len({learner for learner, _ in asked}),
                topics=[t for t, _ in terms.most_common(TOPICS)],
                examples=[q for _, q in asked[-EXAMPLES:]][::-1],
            )
        )
    gaps = [
        DeclinedQuestion(
            question=group[-1][1].question.strip(),
            asked=len(group),
            learners=len({learner for learner, _ in group}),
            suggestions=group[-1][1].suggestions,
        )
        for group in declined.values()
    ]
    gaps.sort(key=lambda g: (-g.asked, g.question.lower()))
    return ChatSummary(modules=modules, declined=gaps, answers_read=read)
