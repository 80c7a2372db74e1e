"""What every page shares: error display, module labels, the module filter and the learner
picker. Cached resources are in ``resources``; safe rendering of untrusted text in
``safe_text``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from app_pages import resources
from app_pages.safe_text import md_block, md_escape
from tutor.course.objectives import module_titles as lesson_titles
from tutor.exceptions import TutorError
from tutor.flashcards.deck import load_deck
from tutor.index.stats import index_stats
from tutor.progress import Learner, list_learners

# --- errors ------------------------------------------------------------------------------

T = TypeVar("T")


def show_error(error: TutorError, container: Any = None) -> None:
    """A TutorError as the learner sees it: what went wrong, and what to do about it."""
    target = container if container is not None else st
    body = md_block(error.message)  # a ConfigError lists one bad setting per line
    if error.hint:
        body += "  \n" + md_escape(error.hint)
    target.error(body, icon=":material/error:")


def built_or_shown(build: Callable[[], T]) -> T | None:
    """What ``build()`` returns, or None once the TutorError it raised is shown."""
    try:
        return build()
    except TutorError as e:
        show_error(e)
        return None


# --- tables ------------------------------------------------------------------------------


def table(data: Any, columns: dict[str, Any] | None = None) -> None:
    """``data`` (rows or a DataFrame) as a full-width table without the index column;
    ``columns``: Streamlit column configurations by column name."""
    st.dataframe(data, hide_index=True, width="stretch", column_config=columns)


def module_column() -> Any:
    """The column of module labels ('Module 4: Deploy…'): wide enough to read them."""
    return st.column_config.TextColumn(width="medium")


# --- modules -----------------------------------------------------------------------------


def module_titles() -> dict[int, str]:
    """Module number -> title, from the lessons' front matter and what is indexed."""
    titles: dict[int, str] = {}
    try:
        titles.update(lesson_titles(resources.settings()))
    except OSError:
        pass
    try:
        for source in index_stats(resources.settings()).sources:
            if source.module is not None:
                titles.setdefault(source.module, source.title)
    except (TutorError, OSError, ValueError):
        pass
    return dict(sorted(titles.items()))


def module_label(module: int | None, titles: dict[int, str] | None = None) -> str:
    if module is None:
        return "All modules"
    titles = module_titles() if titles is None else titles
    name = titles.get(module)
    if module == 0:
        return name or "Course overview"
    return f"Module {module}: {name}" if name else f"Module {module}"


MODULE_FILTER_KEY = "module_filter"
ALL_MODULES = "all"


def module_filter() -> int | None:
    """The module chosen in the sidebar filter (None: all modules)."""
    value = st.session_state.get(MODULE_FILTER_KEY)
    return value if isinstance(value, int) else None


# --- learner -----------------------------------------------------------------------------

LEARNER_KEY = "learner"
_NEW = "__new__"


def current_learner() -> str | None:
    name = st.session_state.get(LEARNER_KEY)
    return name if isinstance(name, str) and name else None


def _set_learner(name: str | None) -> None:
    st.session_state[LEARNER_KEY] = name
    # In the URL too, so a reload or a bookmark comes back as the same learner.
    if name:
        st.query_params["learner"] = name
    elif "learner" in st.query_params:
        del st.query_params["learner"]


LEARNER_SELECT_KEY = "learner_select"
NEW_NAME_KEY = "new_learner_name"
_LEARNER_ERROR_KEY = "learner_error"


def _create_learner() -> None:
    """Form callback: runs before the rerun, so it may set the picker's value."""
    try:
        # Listed from now on, even before the first question or quiz answer.
        name = learner_handle(st.session_state.get(NEW_NAME_KEY, "")).register()
    except TutorError as e:
        st.session_state[_LEARNER_ERROR_KEY] = (e.message, e.hint)
        return
    _set_learner(name)
    st.session_state[LEARNER_SELECT_KEY] = name


def learner_picker() -> str | None:
    """Sidebar: pick an existing learner or create one. Returns the current learner."""
    try:
        learners = list_learners(store=resources.progress_store())
    except TutorError as e:
        show_error(e, st.sidebar)
        return None

    if LEARNER_KEY not in st.session_state:
        wanted = st.query_params.get("learner")
        st.session_state[LEARNER_KEY] = wanted if wanted in learners else None
    current = current_learner()
    if current and st.query_params.get("learner") != current:
        st.query_params["learner"] = current  # page changes drop it; a reload must find the learner
    options: list[str] = [*learners, _NEW]
    if st.session_state.get(LEARNER_SELECT_KEY) not in options:
        st.session_state[LEARNER_SELECT_KEY] = current if current in options else _NEW
    choice = st.sidebar.selectbox(
        "Learner",
        options,
        format_func=lambda v: "+ New learner…" if v == _NEW else v,  # plain text, not Markdown
        key=LEARNER_SELECT_KEY,
        help="Your chat history and quiz progress are kept under this name.",
    )
    if choice != _NEW:
        if choice != current:
            _set_learner(choice)
        return choice
    if current:
        _set_learner(None)

    with st.sidebar.form("new_learner", clear_on_submit=True, border=False):
        st.text_input("Your name", max_chars=40, placeholder="e.g. ana", key=NEW_NAME_KEY)
        st.form_submit_button("Start learning", type="primary", on_click=_create_learner)
    problem = st.session_state.pop(_LEARNER_ERROR_KEY, None)
    if problem:
        show_error(TutorError(*problem), st.sidebar)
    return None


def require_learner() -> str:
    """The current learner, or a prompt to pick one and a stop."""
    learner = current_learner()
    if not learner:
        st.info("Pick your name in the sidebar, or create one, to take quizzes and keep your progress.")
        st.stop()
    return learner  # type: ignore[return-value]


def learner_handle(name: str) -> Learner:
    """The learner's handle on the process-wide progress store (validates the name)."""
    settings = resources.settings()
    topics = load_deck(settings).topics()
    return Learner(name, store=resources.progress_store(), settings=settings, card_topics=topics)
