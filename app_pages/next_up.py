"""The Next-up card: the one thing to study now, its reason and one button that starts it.

Shown on the Progress page, in the chat sidebar and after every quiz. It calls the same
``recommend`` as `tutor next`, so the app and the terminal always agree.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import common, resources, safe_text
from tutor.exceptions import TutorError
from tutor.flashcards.deck import load_deck
from tutor.progress.learner_model import LearnerModel, load_learner_model
from tutor.progress.next_step import NextStep, recommend

# Session keys the Quiz and Flashcards pages read (kept in step with those pages).
QUIZ_REQUEST_KEY = "quiz_request"
QUIZ_MODE_KEY = "quiz_mode"
CARDS_MODULE_KEY = "cards_module"
DUE = "due"
MODULE = "module"

BUTTONS = {
    "review_questions": ("Start the review", ":material/replay:"),
    "review_cards": ("Review flashcards", ":material/style:"),
    "practise": ("Practise it now", ":material/play_arrow:"),
    "start": ("Start it now", ":material/play_arrow:"),
    "keep": ("Take a quiz on it", ":material/play_arrow:"),
}


def learner_model(learner: str, *, refit: bool = False) -> LearnerModel:
    store = resources.progress_store()
    settings = resources.settings()
    topics = load_deck(settings).topics()
    return load_learner_model(learner, store=store, settings=settings, card_topics=topics, refit=refit)


def _prepare(step: NextStep) -> None:
    """Button callback (runs before the next script run, so it may set widget keys): set up
    the page that starts ``step``. A module step sets the sidebar's module, which the Quiz
    page starts on."""
    if step.kind == "review_questions":
        st.session_state[QUIZ_REQUEST_KEY] = DUE
    elif step.kind == "review_cards":
        st.session_state[CARDS_MODULE_KEY] = common.ALL_MODULES
    else:
        st.session_state[QUIZ_MODE_KEY] = MODULE
        if step.module is not None:
            st.session_state[common.MODULE_FILTER_KEY] = step.module


def target(step: NextStep) -> str:
    return "app_pages/flashcards.py" if step.kind == "review_cards" else "app_pages/quiz.py"


def render_step(step: NextStep, *, key: str, compact: bool = False, container: Any = None) -> None:
    box = (container or st).container(border=True)
    box.markdown(f":material/flag: **Next up:** {safe_text.md_escape(step.title)}")
    box.caption(safe_text.md_escape(step.reason))
    label, icon = BUTTONS[step.kind]
    if box.button(
        label,
        key=f"{key}-go",
        type="primary",
        icon=icon,
        width="stretch" if compact else "content",
        on_click=_prepare,
        args=(step,),
    ):
        st.switch_page(target(step))
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
    render_step(step, key=key, compact=compact)
    return step
