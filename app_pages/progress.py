"""Progress: the next step, mastery and predicted recall per module and objective, recent
answers (as questions), export."""

from __future__ import annotations

import streamlit as st

from app_pages import common, next_up, resources, safe_text
from tutor.exceptions import TutorError
from tutor.progress.questions import question_texts

RECENT = 15


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _recall(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


def render() -> None:
    st.set_page_config(layout="wide")  # tables: room for every column
    st.title("Your progress")
    learner = common.require_learner()
    who = common.learner_handle(learner)
    try:
        with st.spinner("Reading your progress…"):
            # refit: a learner with enough reviews gets (or refreshes) a memory model of their own.
            model = next_up.learner_model(learner, refit=True)
        progress = model.progress
        attempts = who.attempts()
        questions = question_texts(
            [a.item_id for a in attempts[-RECENT:]], store=who.store, settings=resources.settings()
        )
    except TutorError as e:
        common.show_error(e)
        return
    overall = progress.overall
    next_up.render_next_up(learner, key="progress_next_up", model=model)

    st.caption(
        safe_text.md_escape(
            f"{learner}: a module is mastered at {progress.mastery_threshold:.0%} over your last "
            f"{progress.mastery_window} answers in it, with every objective practised, while your "
            f"predicted recall stays at {progress.recall_target:.0%} or more. {model.schedule.sentence}"
        )
    )

    due_cards = sum(model.due_cards.values())
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Answers", overall.answered)
    c2.metric("Accuracy", _pct(overall.accuracy))
    c3.metric("Modules mastered", f"{overall.modules_mastered} of {overall.modules_total}")
    c4.metric(
        "Reviews due", overall.due + due_cards, help=f"{overall.due} question(s), {due_cards} flashcard(s)."
    )

    st.subheader("Mastery by module")
    if not overall.answered:
        st.info("No quiz answers yet. Take a quiz and your mastery shows up here.")
    overview = [m for m in progress.modules if m.overview]
    course = [m for m in progress.modules if not m.overview]
    rows = [
        {
            "Module": common.module_label(m.module, {m.module: m.title}),
            "Predicted recall": _recall(m.predicted_recall),
            "Recent accuracy": _recall(m.recent_accuracy),
            "Answers": m.answered,
            "Objectives practised": f"{m.objectives_covered} of {m.objectives_total}",
            "Mastery": m.status,
            "Due": m.due + model.due_cards.get(m.module, 0),
        }
        for m in course
    ]
    bar = {"format": "%d%%", "min_value": 0, "max_value": 100}
    common.table(
        rows,
        {
            "Module": common.module_column(),
            "Predicted recall": st.column_config.ProgressColumn(
                help="How likely you are to recall the module now (memory model over your answers "
                "and flashcards); it fades with time until you review.",
                **bar,
            ),
            "Recent accuracy": st.column_config.ProgressColumn(
                help=f"Mean score over your last {progress.mastery_window} answers in the module.", **bar
            ),
            "Answers": st.column_config.NumberColumn(width="small"),
            "Mastery": st.column_config.TextColumn(width="large"),
            "Due": st.column_config.NumberColumn(width="small", help="Questions and flashcards due now."),
        },
    )
    for m in overview:
        st.caption(
            safe_text.md_escape(
                f"{common.module_label(m.module, {m.module: m.title})} (shown apart, not counted): {m.status}"
            )
        )

    st.subheader("Objectives by predicted recall")
    practised = sorted(
        ((m, o) for m in progress.modules for o in m.objectives if o.predicted_recall is not None),
        key=lambda mo: mo[1].predicted_recall or 0.0,
    )
    if practised:
        for m, o in practised[:8]:
            colour = "green" if (o.predicted_recall or 0) >= progress.recall_target else "orange"
            st.markdown(
                f":{colour}-badge[{_pct(o.predicted_recall)}] "
                + safe_text.md_escape(f"{o.text} ({common.module_label(m.module, {m.module: m.title})})")
            )
    else:
        st.caption("Objectives you practise are listed here, the ones you are forgetting first.")
    untouched = sum(1 for m in progress.modules for o in m.objectives if o.predicted_recall is None)
    if untouched:
        st.caption(f"{untouched} objective(s) not practised yet.")

    st.subheader("Recent answers")
    if attempts:
        rows = [
            {
                "When": a.answered_at.strftime("%Y-%m-%d %H:%M"),
                "Question": questions.get(a.item_id, a.item_id),
                "Module": a.module,
                "Score": f"{a.score:.0%}",
                "Right": "yes" if a.correct else "no",
            }
            for a in reversed(attempts[-RECENT:])
        ]
        common.table(rows, {"Question": st.column_config.TextColumn(width="large")})
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
