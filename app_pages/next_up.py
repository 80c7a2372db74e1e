"""The Next-up card: the one thing to study now, its reason and one button that starts it.

Shown on the Progress page, in the chat sidebar and after every quiz. It calls the same
``recommend`` as `tutor next`, so the app and the terminal always agree.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import common, quiz_flow, safe_text
from tutor.exceptions import TutorError
from tutor.progress.learner_model import LearnerModel
from tutor.progress.next_step import NextStep, recommend

CARDS_MODULE_KEY = "cards_module"
"""The Flashcards page's module choice."""
QUIZ_SIZE = 5
MAX_REVIEW = 20

BUTTONS = {
    "review_questions": ("Start the review", ":material/replay:"),
    "review_cards": ("Review flashcards", ":material/style:"),
    "practise": ("Practise it now", ":material/play_arrow:"),
    "start": ("Start it now", ":material/play_arrow:"),
    "keep": ("Take a quiz on it", ":material/play_arrow:"),
}


def learner_model(learner: str, *, refit: bool = False) -> LearnerModel:
    return common.learner_handle(learner).model(refit=refit)


def start(learner: str, step: NextStep) -> None:
    """Start ``step`` and open its page: flashcards on the Flashcards page; a quiz (the due
    review, or the step's module) built and kept server-side, then opened on the Quiz page."""
    if step.kind == "review_cards":
        st.session_state[CARDS_MODULE_KEY] = common.ALL_MODULES
        st.switch_page("app_pages/flashcards.py")
    review = step.kind == "review_questions"
    try:
        with st.spinner("Preparing your quiz…"):
            started = quiz_flow.start(
                learner,
                None if review else step.module,
                min(step.due_questions, MAX_REVIEW) if review else QUIZ_SIZE,
                review_only=review,
            )
    except TutorError as e:
        common.show_error(e)
        return
    if started is not None:
        st.switch_page("app_pages/quiz.py")


def render_step(
    learner: str, step: NextStep, *, key: str, compact: bool = False, container: Any = None
) -> None:
    box = (container or st).container(border=True)
    box.markdown(f":material/flag: **Next up:** {safe_text.md_escape(step.title)}")
    box.caption(safe_text.md_escape(step.reason))
    label, icon = BUTTONS[step.kind]
    if box.button(
        label, key=f"{key}-go", type="primary", icon=icon, width="stretch" if compact else "content"
    ):
        start(learner, step)
    if not compact:
        box.caption(f"In a terminal: `{step.command}`")


def render_next_up(
    learner: str | None, *, key: str = "next_up", compact: bool = False, model: LearnerModel | None = None
) -> NextStep | None:
    """Draw the Next-up card for ``learner`` (nothing without a learner); returns the step."""
    if not learner:
        return None
    try:
        step = recommend(model or learner_model(learner))
    except TutorError as e:
        common.show_error(e)
        return None
    render_step(learner, step, key=key, compact=compact)
    return step
