"""A synthetic class for the classroom tests: six learners of known strength, four anchor
items that rank them, a designed good item and a designed bad item that strong learners miss.

Anchor items right (of 4): L1 4, L2 4, L3 3, L4 2, L5 1, L6 0.
Good item ``m1-good`` right: L1 L2 L3 L5; wrong: L4 L6 (they choose "Wrong A").
Bad item ``m1-bad`` (generated, valid against the mini course of quiz_fixtures) right: L4 L5 L6;
wrong: L1 L2 L3, who all choose the distractor "Model Registry".
Everyone also answers ``m1-good`` again later, wrong: a review that must not count.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tutor.course.bank import load_bank
from tutor.course.grades import Grade
from tutor.course.items import Grounding, QuizItem
from tutor.progress.learner import Learner
from tutor.progress.records import AttemptRecord
from tutor.progress.store import ProgressStore
from tutor.quiz.session import clashes
from tutor.settings import Settings

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LEARNERS = ["l1", "l2", "l3", "l4", "l5", "l6"]
ANCHORS_RIGHT = {"l1": 4, "l2": 4, "l3": 3, "l4": 2, "l5": 1, "l6": 0}
GOOD_RIGHT = {"l1", "l2", "l3", "l5"}
BAD_RIGHT = {"l4", "l5", "l6"}


def choice_item(
    item_id: str,
    key: str,
    distractors: list[str],
    module: int = 1,
    origin: str = "bank",
    section: str = "Model Monitor",
) -> QuizItem:
    return QuizItem(
        id=item_id,
        module=module,
        objective=f"m{module}-obj",
        type="single_choice",
        stem=f"Which option is right for {item_id}?",
        options=[key, *distractors],
        answer=key,
        explanation="Because the course says so in its lesson.",
        grounding=Grounding(source="01-mini.md", section=section),
        origin=origin,  # type: ignore[arg-type]
    )


ITEMS = {
    **{f"m1-a{k}": choice_item(f"m1-a{k}", "Yes", ["No", "Maybe"]) for k in range(1, 5)},
    "m1-good": choice_item("m1-good", "Right", ["Wrong A", "Wrong B"]),
    "m1-bad": choice_item(
        "m1-bad",
        "Model Monitor",
        ["Model Registry", "Feature Store"],
        origin="generated",
        section="What Model Monitor is",
    ),
}


def _answer(
    learner: str, item_id: str, choice: str, minute: int, elapsed: int | None = None
) -> AttemptRecord:
    item = ITEMS[item_id]
    when = T0 + timedelta(minutes=minute)
    return AttemptRecord.answer_to(
        item, learner, "q", choice, choice == item.answer, elapsed_ms=elapsed, answered_at=when
    )


def synthetic_responses() -> list[AttemptRecord]:
    out: list[AttemptRecord] = []
    for n, learner in enumerate(LEARNERS):
        base = n * 100
        for k in range(1, 5):
            out.append(_answer(learner, f"m1-a{k}", "Yes" if k <= ANCHORS_RIGHT[learner] else "No", base + k))
        out.append(
            _answer(
                learner, "m1-good", "Right" if learner in GOOD_RIGHT else "Wrong A", base + 10, 1000 * (n + 1)
            )
        )
        out.append(
            _answer(
                learner, "m1-bad", "Model Monitor" if learner in BAD_RIGHT else "Model Registry", base + 11
            )
        )
        # A later review, answered wrong: first answers only are counted.
        out.append(_answer(learner, "m1-good", "Wrong B", base + 50))
    return out


def record(
    store: ProgressStore, responses: list[AttemptRecord], items: dict[str, QuizItem] | None = None
) -> None:
    """Store ``responses`` as graded attempts (each its own quiz, so reviews are kept)."""
    items = items or ITEMS
    for n, r in enumerate(responses):
        attempt = r.model_copy(update={"quiz_id": f"q{n}", "id": None, "elapsed_ms": None})
        assert store.record_attempt(attempt, items[r.item_id], lambda _c, when=r.answered_at: ("{}", when, 3))


def exact_grade(
    item: QuizItem, correct: bool = True, *, expected: str | None = None, passage: str = "p"
) -> Grade:
    """The grade the exact-match grader gives ``item``: right (score 1) or wrong (score 0)."""
    return Grade(
        item_id=item.id,
        correct=correct,
        score=1.0 if correct else 0.0,
        feedback="Right." if correct else "Not quite.",
        explanation=item.explanation,
        expected=item.correct_texts[0] if expected is None else expected,
        passage=passage,
        source=item.grounding.source,
        section=item.grounding.section,
        grader="exact",
    )


def finish_bank(who: Learner, when: datetime | None = None) -> None:
    """Record a right answer to every bank item (a day ago), so that generated items may join
    the learner's quizzes (the quiz builder adds them to an objective once its bank is seen)."""
    when = when or datetime.now(UTC) - timedelta(days=1)
    for item in load_bank(settings=who.settings):
        grade = exact_grade(item, expected=str(item.answer), passage="")
        who.record_answer("setup", item, item.answer, grade, now=when)


def fits_a_quiz(item: QuizItem, settings: Settings) -> bool:
    """Whether ``item`` can join a quiz beside every bank item: one that asks a bank item's
    question or fact is (rightly) never picked, approved or not."""
    return not clashes(item, load_bank(settings=settings))
