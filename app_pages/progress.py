"""Progress: mastery and accuracy per module, weak objectives, reviews due, history, export."""

from __future__ import annotations

import streamlit as st

from app_pages import common, quiz_flow, safe_text
from tutor.exceptions import TutorError

RECENT = 15


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def render() -> None:
    st.set_page_config(layout="wide")  # tables: room for every column
    st.title("Your progress")
    learner = common.require_learner()
    who = common.learner_handle(learner)
    try:
        progress = who.progress()
        attempts = who.attempts()
    except TutorError as e:
        common.show_error(e)
        return
    overall = progress.overall
    st.caption(
        safe_text.md_escape(
            f"{learner}: a module is mastered at {progress.mastery_threshold:.0%} over your last "
            f"{progress.mastery_window} answers in it, with every objective practised."
        )
    )

    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Answers", overall.answered)
    c2.metric("Accuracy", _pct(overall.accuracy))
    c3.metric("Modules mastered", f"{overall.modules_mastered} of {overall.modules_total}")
    c4.metric("Reviews due", overall.due)

    # A fixed key: the label's count changes as reviews fall due, the button must stay the same.
    review = overall.due and st.button(
        f"Review the {overall.due} due question(s) now",
        type="primary",
        icon=":material/replay:",
        key="review-due",
    )
    if review:
        # The review quiz is built and kept server-side here, so the Quiz page opens on it
        # whatever state its own widgets were left in.
        try:
            started = quiz_flow.start(learner, None, min(overall.due, 20), review_only=True)
        except TutorError as e:
            common.show_error(e)
            return
        if started is not None:
            st.switch_page("app_pages/quiz.py")

    st.subheader("Mastery by module")
    if not overall.answered:
        st.info("No quiz answers yet. Take a quiz and your mastery shows up here.")
    rows = [
        {
            "Module": common.module_label(m.module, {m.module: m.title}),
            "Recent accuracy": round(m.recent_accuracy * 100) if m.recent_accuracy is not None else None,
            "All answers": _pct(m.accuracy) if m.accuracy is not None else "",
            "Answers": m.answered,
            "Objectives practised": f"{m.objectives_covered} of {m.objectives_total}",
            "Mastered": "yes" if m.mastered else "not yet",
            "Due": m.due,
        }
        for m in progress.modules
    ]
    bar = {"format": "%d%%", "min_value": 0, "max_value": 100}
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Module": st.column_config.TextColumn(width="large"),
            "Recent accuracy": st.column_config.ProgressColumn(
                help=f"Mean score over your last {progress.mastery_window} answers in the module.", **bar
            ),
            "All answers": st.column_config.TextColumn(width="small", help="Accuracy over every answer."),
            "Answers": st.column_config.NumberColumn(width="small"),
            "Mastered": st.column_config.TextColumn(width="small"),
            "Due": st.column_config.NumberColumn(width="small", help="Questions due for review now."),
        },
    )
    started = [m for m in progress.modules if m.answered and not m.mastered]
    for m in started:
        st.caption(
            safe_text.md_escape(
                f"To master {common.module_label(m.module, {m.module: m.title})}: {m.to_master}."
            )
        )

    st.subheader("Objectives to work on")
    weak = [(m, o) for m in progress.modules for o in m.objectives if o.weak]
    if weak:
        for m, o in weak:
            st.markdown(
                f":orange-badge[{_pct(o.recent_accuracy)}] "
                + safe_text.md_escape(f"{o.text} ({common.module_label(m.module, {m.module: m.title})})")
            )
    elif overall.answered:
        st.success("No weak objectives: every objective you practised is above the mastery line.")
    else:
        st.caption("Objectives you answer below the mastery line will be listed here.")
    untouched = sum(len(m.uncovered_objectives) for m in progress.modules)
    if untouched:
        st.caption(f"{untouched} objective(s) not practised recently.")

    st.subheader("Due for review")
    due_modules = [m for m in progress.modules if m.due]
    if due_modules:
        for m in due_modules:
            st.markdown(
                safe_text.md_escape(f"{common.module_label(m.module, {m.module: m.title})}: {m.due} due")
            )
    else:
        st.caption("Nothing is due right now.")

    st.subheader("Recent answers")
    if attempts:
        rows = [
            {
                "When": a.answered_at.strftime("%Y-%m-%d %H:%M"),
                "Module": a.module,
                "Objective": a.objective,
                "Type": a.item_type.replace("_", " "),
                "Score": f"{a.score:.0%}",
                "Right": "yes" if a.correct else "no",
            }
            for a in reversed(attempts[-RECENT:])
        ]
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption("Your quiz answers will be listed here.")
    chat = overall.chat_questions
    st.caption(f"Questions asked in chat: {chat}.")

    st.subheader("Export")
    c1, c2 = st.columns(2)
    try:
        csv_text = who.export("csv")
        json_text = who.export("json")
    except TutorError as e:
        common.show_error(e)
        return
    safe = safe_text.safe_filename(learner)
    c1.download_button(
        "Download answers (CSV)",
        csv_text,
        file_name=f"{safe}-answers.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    c2.download_button(
        "Download progress (JSON)",
        json_text,
        file_name=f"{safe}-progress.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
    )


render()
