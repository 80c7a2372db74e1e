"""Class dashboard (teachers): mastery per learner and module, weakest objectives, stuck and
inactive learners, what the class asks and what the tutor declined, the gradebook as CSV.

Every chart has its numbers one click away, in an expander under it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import auth, common, resources, safe_text
from tutor.classroom.gradebook import gradebook_csv
from tutor.classroom.report import ClassReport, build_class_report


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def mastery_frame(report: ClassReport) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Learner": c.learner,
                "Module": f"M{c.module}",
                "Recent accuracy %": _pct(c.recent_accuracy),
                "Mastered": "yes" if c.mastered else "",
                "Answers": c.answers,
            }
            for c in report.mastery
        ]
    )


def objectives_frame(report: ClassReport) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Module": o.module,
                "Objective": o.text,
                "Class accuracy %": _pct(o.accuracy),
                "Answers": o.answers,
                "Learners": o.learners,
            }
            for o in report.objectives
        ]
    )


def _heatmap(frame: pd.DataFrame) -> alt.Chart:
    base = alt.Chart(frame).encode(
        x=alt.X("Module:N", title="Module"),
        y=alt.Y("Learner:N", title=None),
        tooltip=["Learner", "Module", "Recent accuracy %", "Mastered", "Answers"],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "Recent accuracy %:Q", scale=alt.Scale(domain=[0, 100], scheme="redyellowgreen"), title="Recent %"
        )
    )
    marks = base.mark_text(fontSize=12).encode(text="Mastered:N")
    return cells + marks


def _objective_bars(frame: pd.DataFrame) -> alt.Chart:
    answered = frame.dropna(subset=["Class accuracy %"])
    return (
        alt.Chart(answered)
        .mark_bar()
        .encode(
            x=alt.X("Class accuracy %:Q", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("Objective:N", sort=None, title=None),
            color=alt.Color("Module:N"),
            tooltip=["Module", "Objective", "Class accuracy %", "Answers", "Learners"],
        )
    )


def render() -> None:
    auth.require_teacher()  # in class mode, nothing of this page for anyone but a teacher
    st.set_page_config(layout="wide")
    st.title("Class dashboard")
    s, store = resources.settings(), resources.progress_store()
    report = common.built_or_shown(lambda: build_class_report(store=store, settings=s))
    if report is None:
        return
    if not report.learners:
        st.info("No learners yet. Their answers and questions show up here as they use the tutor.")
        return

    answered = sum(c.answers for c in report.mastery)
    mastered = sum(c.mastered for c in report.mastery)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Learners", len(report.learners))
    c2.metric("Answers", answered)
    c3.metric("Module masteries", mastered)
    c4.metric("Questions the course could not answer", len(report.chat.declined))

    st.download_button(
        "Download the gradebook (CSV)",
        gradebook_csv(report.gradebook),
        file_name="gradebook.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )

    st.subheader("Mastery by learner and module")
    st.caption(
        safe_text.md_escape(
            f"Colour: accuracy over each learner's recent answers in the module; 'yes': mastered "
            f"({report.gradebook.mastery_threshold:.0%} over the recent window, every objective practised)."
        )
    )
    frame = mastery_frame(report)
    if answered:
        st.altair_chart(_heatmap(frame[frame["Answers"] > 0]), width="stretch")
    else:
        st.info("No quiz answers yet.")
    with st.expander("Mastery numbers"):
        common.table(frame)

    st.subheader("Objectives, weakest first")
    objectives = objectives_frame(report)
    if objectives["Class accuracy %"].notna().any():
        st.altair_chart(_objective_bars(objectives), width="stretch")
    with st.expander("Objective numbers"):
        common.table(objectives)

    left, right = st.columns(2)
    with left:
        st.subheader("Stuck")
        st.caption("Many wrong answers on one objective, and still mostly wrong lately.")
        if report.stuck:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Learner": x.learner,
                            "Module": x.module,
                            "Objective": x.text,
                            "Wrong": x.wrong,
                            "Recent %": _pct(x.recent_accuracy),
                        }
                        for x in report.stuck
                    ]
                ),
                hide_index=True,
            )
        else:
            st.write("Nobody is stuck.")
    with right:
        st.subheader("Inactive")
        st.caption(safe_text.md_escape(f"No answer or chat message for {report.inactive_days} days or more."))
        if report.inactive:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Learner": i.learner,
                            "Last activity": i.last_activity.date().isoformat()
                            if i.last_activity
                            else "never",
                        }
                        for i in report.inactive
                    ]
                ),
                hide_index=True,
            )
        else:
            st.write("Everyone has been active.")

    st.subheader("What the class asks")
    if report.chat.modules:
        chat = pd.DataFrame(
            [
                {
                    "Module": m.title,
                    "Questions": m.questions,
                    "Learners": m.learners,
                    "Topics": ", ".join(m.topics),
                    "Latest questions": " · ".join(m.examples),
                }
                for m in report.chat.modules
            ]
        )
        st.altair_chart(
            alt.Chart(chat)
            .mark_bar()
            .encode(
                x="Questions:Q", y=alt.Y("Module:N", sort="-x", title=None), tooltip=["Module", "Questions"]
            ),
            width="stretch",
        )
        with st.expander("Questions by module"):
            common.table(chat)
    else:
        st.write("No chat questions yet.")

    st.subheader("Questions the tutor declined")
    st.caption("The course does not cover these: candidates for new material. Askers are not shown.")
    if report.chat.declined:
        declined = [
            {
                "Question": d.question,
                "Asked": d.asked,
                "Learners": d.learners,
                "Nearby topics offered": ", ".join(d.suggestions),
            }
            for d in report.chat.declined
        ]
        common.table(pd.DataFrame(declined))
    else:
        st.write("None so far.")


render()
