"""The SageMaker tutor in the browser: `streamlit run app.py`.

A thin view over the ``tutor`` package. This entry point sets up the page, warms up the
shared resources once per process, draws the sidebar (learner, answer mode, module filter)
and runs the page chosen in the navigation.
"""

from __future__ import annotations

import streamlit as st

from app_pages import auth, common, resources, safe_text
from tutor.exceptions import TutorError


def main() -> None:
    # An emoji favicon is drawn locally; a :material/...: page icon is fetched from Google Fonts.
    st.set_page_config(page_title="SageMaker Tutor", page_icon="🎓", layout="centered")

    # Class mode (TUTOR_AUTH=password|oidc): sign-in first; None in personal mode.
    try:
        identity = auth.gate()
    except TutorError as e:
        common.show_error(e)
        st.stop()
    pages = [
        st.Page("app_pages/chat.py", title="Chat", icon=":material/chat:", default=True),
        st.Page("app_pages/quiz.py", title="Quiz", icon=":material/quiz:"),
        st.Page("app_pages/flashcards.py", title="Flashcards", icon=":material/style:"),
        st.Page("app_pages/progress.py", title="Progress", icon=":material/monitoring:"),
        st.Page("app_pages/library.py", title="Library", icon=":material/library_books:"),
    ]
    if identity is not None and identity.is_teacher:
        pages += [
            st.Page("app_pages/class_overview.py", title="Class", icon=":material/groups:", url_path="class"),
            st.Page(
                "app_pages/teacher_dashboard.py",
                title="Class dashboard",
                icon=":material/insights:",
                url_path="dashboard",
            ),
            st.Page(
                "app_pages/teacher_items.py",
                title="Quiz items",
                icon=":material/fact_check:",
                url_path="items",
            ),
        ]
    # A page a role may not use is not in its navigation, so its URL shows nothing of it.
    page = st.navigation([p for p in pages if auth.may_open(p.url_path)])

    # Heavy resources: built once per process, shared by every session (all thread-safe).
    # The retriever (embedding model, index, BM25) warms up in the background from the first
    # page view on, so the page is usable at once and the model loads while the learner types.
    try:
        warm_up = resources.start_warm_up()  # reads the settings: a bad TUTOR_* value is shown here
        if warm_up.done():
            warm_up.result()  # a failed warm-up: show why (it is retried on the next run)
        resources.progress_store()
    except TutorError as e:
        common.show_error(e)
        st.stop()

    with st.sidebar:
        st.markdown("### :material/school: SageMaker Tutor")
        if identity is None:
            common.learner_picker()
        else:
            auth.sidebar(identity)

        titles = common.module_titles()
        st.selectbox(
            "Module",
            [common.ALL_MODULES, *titles],
            format_func=lambda m: common.module_label(m if isinstance(m, int) else None, titles),
            key=common.MODULE_FILTER_KEY,
            help="Answers and starter questions come from this module only; the quiz starts on it.",
        )

        model, notice = resources.chat_model()
        mode = resources.mode_label()
        icon = ":material/cloud:" if model is not None else ":material/wifi_off:"
        st.markdown(f"{icon} **Answer mode:** {safe_text.md_escape(mode)}")
        if notice:
            st.warning(safe_text.md_escape(notice), icon=":material/warning:")

    page.run()


if __name__ == "__main__":
    main()
