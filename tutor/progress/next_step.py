"""One next step for a learner: the single thing to study now, with its reason and the one
command that starts it.

The rules, in order:

1. Reviews that are due (quiz questions, then flashcards): spaced review only works on time.
2. The practised objective with the lowest predicted recall, when it is below the recall
   target: it is the one being forgotten.
3. The first objective not practised yet, in course order (the overview, then modules 1-5).
4. Everything practised and remembered: the weakest objective, to keep it that way.

`tutor next`, the Next-up card (Progress page, chat sidebar) and the after-quiz card all
call :func:`recommend`, so they always agree.
"""

from __future__ import annotations

import shlex
from typing import Literal

from pydantic import BaseModel, Field

from tutor.progress.learner_model import LearnerModel
from tutor.progress.names import DEFAULT_LEARNER

StepKind = Literal["review_questions", "review_cards", "practise", "start", "keep"]


class NextStep(BaseModel):
    kind: StepKind
    title: str = Field(description="The step in a few words, e.g. 'Review 4 due questions'.")
    reason: str = Field(description="Why this step, in one sentence.")
    command: str = Field(description="The one command that starts it.")
    module: int | None = None
    objective: str | None = None
    objective_text: str | None = None
    predicted_recall: float | None = None
    due_questions: int = 0
    due_cards: int = 0


def _command(base: str, learner: str, module: int | None = None) -> str:
    parts = shlex.split(base)
    if module is not None:
        parts += ["--module", str(module)]
    if learner != DEFAULT_LEARNER:
        parts += ["--learner", learner]
    return shlex.join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _objective_step(
    kind: StepKind,
    title: str,
    reason: str,
    learner: str,
    weakest: tuple[float, int, str],
    texts: dict[str, str],
) -> NextStep:
    """A quiz on a practised objective, ``weakest`` = (predicted recall, module, objective id)."""
    recall, module, oid = weakest
    text = texts.get(oid, oid)
    return NextStep(
        kind=kind,
        title=f"{title}: {text}",
        reason=reason,
        command=_command("tutor quiz", learner, module),
        module=module,
        objective=oid,
        objective_text=text,
        predicted_recall=recall,
    )


def recommend(model: LearnerModel) -> NextStep:
    """The next step for the learner ``model`` describes (a pure function of it)."""
    learner, progress = model.learner, model.progress
    due_q, due_c = sum(model.due_items.values()), sum(model.due_cards.values())
    texts = {o.id: o.text for objs in model.objectives.values() for o in objs}

    if due_q:
        also = f" ({_plural(due_c, 'flashcard')} also due)" if due_c else ""
        return NextStep(
            kind="review_questions",
            title=f"Review {_plural(due_q, 'due question')}",
            reason=f"{_plural(due_q, 'question')} you answered before {'is' if due_q == 1 else 'are'} due "
            f"for spaced review{also}: reviewing on time is what makes it stick.",
            command=_command("tutor review", learner),
            due_questions=due_q,
            due_cards=due_c,
        )
    if due_c:
        return NextStep(
            kind="review_cards",
            title=f"Review {_plural(due_c, 'due flashcard')}",
            reason=f"{_plural(due_c, 'flashcard')} {'is' if due_c == 1 else 'are'} due for spaced review: "
            "reviewing on time is what makes it stick.",
            command=_command("tutor cards review", learner),
            due_cards=due_c,
        )

    practised = [
        (o.predicted_recall, m.module, o.id)
        for m in progress.modules
        for o in m.objectives
        if o.predicted_recall is not None
    ]
    weakest = min(practised, default=None)
    if weakest is not None and weakest[0] < progress.recall_target:
        reason = (
            f"Your predicted recall of this objective is about {weakest[0]:.0%}, the lowest of "
            f"everything you have practised (target {progress.recall_target:.0%})."
        )
        return _objective_step("practise", "Practise", reason, learner, weakest, texts)

    done = {oid for _, _, oid in practised}
    for module in sorted(model.objectives):
        for objective in model.objectives[module]:
            if objective.id not in done:
                where = "the course overview" if module == 0 else f"module {module}"
                return NextStep(
                    kind="start",
                    title=f"Start: {objective.text}",
                    reason=f"Next in the course: you have not practised this objective of {where} yet.",
                    command=_command("tutor quiz", learner, module),
                    module=module,
                    objective=objective.id,
                    objective_text=objective.text,
                )

    if weakest is None:  # a course with no objectives and no history
        return NextStep(
            kind="start",
            title="Take a quiz",
            reason="Nothing practised yet.",
            command=_command("tutor quiz", learner),
        )
    reason = (
        f"Everything you practised is above {progress.recall_target:.0%} predicted recall and "
        f"nothing is due; this objective is the weakest, at about {weakest[0]:.0%}."
    )
    return _objective_step("keep", "Keep it fresh", reason, learner, weakest, texts)
