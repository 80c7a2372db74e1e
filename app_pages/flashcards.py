"""Flashcards: review the course's cards with FSRS (Again / Hard / Good / Easy), each with the
passage it comes from; export them to Anki (.apkg) or CSV."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import common, next_up, resources, safe_text
from tutor.exceptions import TutorError
from tutor.flashcards.cards import Flashcard
from tutor.flashcards.deck import load_deck
from tutor.flashcards.export import apkg_bytes, cards_csv
from tutor.flashcards.review import RATINGS, CardReviews
from tutor.progress.records import utc_now
from tutor.progress.store import ProgressStore

SESSION_KEY = "cards_session"
MODULE_KEY = next_up.CARDS_MODULE_KEY
RATING_HELP = {
    "again": "Forgot it: see it again in a minute.",
    "hard": "Recalled with real effort.",
    "good": "Recalled it.",
    "easy": "Recalled it at once.",
}


def _store() -> ProgressStore:
    return resources.progress_store()


def _module_choice() -> int | None:
    titles = common.module_titles()
    options: list[int | str] = [common.ALL_MODULES, *titles]
    if st.session_state.get(MODULE_KEY) not in options:
        default = common.module_filter()
        st.session_state[MODULE_KEY] = default if default in options else common.ALL_MODULES
    choice = st.selectbox(
        "Cards from",
        options,
        key=MODULE_KEY,
        format_func=lambda m: (
            "The whole course" if m == common.ALL_MODULES else common.module_label(m, titles)
        ),  # type: ignore[arg-type]
    )
    return None if choice == common.ALL_MODULES else int(choice)  # type: ignore[arg-type]


def _session(learner: str, module: int | None) -> dict[str, Any]:
    state = st.session_state.get(SESSION_KEY)
    if state is None or state["learner"] != learner or state["module"] != module:
        deck = load_deck(resources.settings())
        cards = CardReviews(learner, _store()).session(deck, module)
        state = {
            "learner": learner,
            "module": module,
            "ids": [c.id for c in cards],
            "index": 0,
            "shown": False,
            "done": 0,
        }
        st.session_state[SESSION_KEY] = state
    return state


def _rate(learner: str, card: Flashcard, rating: str) -> None:
    """Button callback: record the review and move to the next card."""
    state = st.session_state[SESSION_KEY]
    try:
        CardReviews(learner, _store(), resources.settings()).review(card, rating)
    except TutorError as e:
        state["error"] = e
        return
    state.update(index=state["index"] + 1, shown=False, done=state["done"] + 1)


def _show(state: dict[str, Any]) -> None:
    state["shown"] = True


def render_card(learner: str, card: Flashcard, state: dict[str, Any]) -> None:
    st.progress(
        state["index"] / max(1, len(state["ids"])), text=f"Card {state['index'] + 1} of {len(state['ids'])}"
    )
    with st.container(border=True):
        st.caption(safe_text.md_escape(common.module_label(card.module)))
        st.markdown(f"#### {safe_text.md_escape(card.front)}")
        if not state["shown"]:
            st.button(
                "Show the answer", type="primary", icon=":material/visibility:", on_click=_show, args=(state,)
            )
            return
        st.markdown(safe_text.md_escape(card.back))
        with st.expander(safe_text.md_escape(f"From the course: {card.source}, “{card.section}”")):
            st.markdown(safe_text.md_paragraphs(card.passage))
    st.caption("How well did you recall it?")
    for column, (name, _rating) in zip(st.columns(4), RATINGS.items(), strict=True):
        column.button(
            name.capitalize(),
            key=f"rate-{name}",
            help=RATING_HELP[name],
            width="stretch",
            type="primary" if name == "good" else "secondary",
            on_click=_rate,
            args=(learner, card, name),
        )


def render_export(learner: str, module: int | None) -> None:
    st.subheader("Export")
    st.caption(
        "Anki package: one note per card with the cited passage and its source on the back, tagged by "
        "module and objective. Export again later and Anki updates the same notes."
    )
    try:
        s = resources.settings()
        cards = load_deck(s).for_module(module)
        states = {c.card_id: c for c in _store().card_states(learner)}
        apkg = apkg_bytes(cards, common.module_titles(), states=states, now=utc_now()) if cards else b""
        csv_text = cards_csv(cards, states)
    except TutorError as e:
        common.show_error(e)
        return
    name = safe_text.safe_filename(f"{learner}-cards" + (f"-module-{module}" if module is not None else ""))
    downloads = (
        ("Download for Anki (.apkg)", apkg, "apkg", "application/octet-stream"),
        ("Download CSV", csv_text, "csv", "text/csv"),
    )
    for column, (label, data, ext, mime) in zip(st.columns(2), downloads, strict=True):
        column.download_button(
            label,
            data,
            file_name=f"{name}.{ext}",
            mime=mime,
            icon=":material/download:",
            on_click="ignore",
            disabled=not cards,
        )


def render() -> None:
    st.title("Flashcards")
    learner = common.require_learner()
    st.caption(
        "Cards made from the course: terms, what each service is for, which of two services fits, and "
        "common misconceptions. Rate each one; FSRS decides when you see it again."
    )
    module = _module_choice()
    try:
        state = _session(learner, module)
    except TutorError as e:
        common.show_error(e)
        return
    if error := state.pop("error", None):
        common.show_error(error)
    deck = load_deck(resources.settings()).by_id()
    ids = [i for i in state["ids"] if i in deck]
    if state["index"] < len(ids):
        render_card(learner, deck[ids[state["index"]]], state)
    else:
        if state["done"]:
            st.success(f"Session done: {state['done']} card(s) reviewed.")
        else:
            st.info("No card is due and none is new here. Come back later, or pick another module.")
        if st.button("Start another session", icon=":material/replay:"):
            st.session_state.pop(SESSION_KEY, None)
            st.rerun()
        next_up.render_next_up(learner, key="cards_next_up")
    render_export(learner, module)


render()
