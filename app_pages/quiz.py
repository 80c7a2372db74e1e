"""Quiz: pick a module (or due reviews), answer each item, get cited feedback, see the score."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from app_pages import common, resources, safe_text
from tutor.classroom.withhold import quiz_gate
from tutor.clean_text import clean_user_text
from tutor.course.grades import Grade
from tutor.course.items import ItemType, QuizItem
from tutor.exceptions import TutorError
from tutor.quiz import Quiz, answer_item, build_quiz

STATE_KEY = "quiz_state"
MODE_KEY = "quiz_mode"
QUIZ_REQUEST_KEY = "quiz_request"
DUE = "due"
MODULE = "module"
ALL = "all"

REASONS = {
    "due": "due for review",
    "wrong": "answered wrong last time",
    "new": "new",
    "again": "practice again",
}
TYPE_HINTS = {
    ItemType.single_choice: "Choose one answer.",
    ItemType.multiple_response: "Select all that apply.",
    ItemType.true_false: "True or false?",
    ItemType.matching: "Match each item on the left with one option.",
    ItemType.ordering: "Put the steps in order.",
    ItemType.short_answer: "Answer in a few words.",
}


# --- state -------------------------------------------------------------------------------


def quiz_state() -> dict[str, Any] | None:
    state = st.session_state.get(STATE_KEY)
    if state is not None and state["learner"] != common.current_learner():
        st.session_state.pop(STATE_KEY, None)  # another learner was picked: their quiz, not this one
        return None
    return state


def start_quiz(learner: str, module: int | None, count: int, review_only: bool) -> None:
    model, _ = resources.chat_model()
    try:
        with st.spinner("Preparing your quiz…"):
            who = common.learner_handle(learner)
            quiz = build_quiz(
                module,
                count,
                who,
                review_only=review_only,
                retriever=resources.retriever(),
                llm=model,
                item_gate=quiz_gate(who.store, module, who.settings),
            )
            before = who.progress()
    except TutorError as e:
        common.show_error(e)
        return
    if not quiz.items:
        st.info("Nothing is due for review right now. Take a module quiz instead.")
        return
    st.session_state[STATE_KEY] = {
        "learner": learner,
        "quiz": quiz,
        "index": 0,
        "answers": {},
        "before": before,
    }
    st.rerun()


# --- answering ---------------------------------------------------------------------------


def _key(quiz: Quiz, item: QuizItem, part: object = "") -> str:
    return f"quiz-{quiz.id}-{item.id}-{part}"


def answer_widgets(quiz: Quiz, item: QuizItem) -> tuple[Any, str | None]:
    """Draw the widgets for ``item`` (inside a form). Returns (response, problem)."""
    t = item.type
    if t is ItemType.single_choice:
        choice = st.radio(
            "Your answer", item.options, index=None, format_func=safe_text.md_escape, key=_key(quiz, item)
        )
        return choice, None if choice is not None else "Choose an answer."
    if t is ItemType.true_false:
        value = st.radio(
            "Your answer",
            [True, False],
            index=None,
            format_func=lambda v: "True" if v else "False",
            horizontal=True,
            key=_key(quiz, item),
        )
        return value, None if value is not None else "Choose true or false."
    if t is ItemType.multiple_response:
        st.markdown("**Your answer** (select all that apply)")
        chosen = [
            option
            for i, option in enumerate(item.options)
            if st.checkbox(safe_text.md_escape(option), key=_key(quiz, item, i))
        ]
        return chosen, None if chosen else "Select at least one option."
    if t is ItemType.matching:
        pairs: dict[str, str] = {}
        for i, prompt in enumerate(item.prompts):
            picked = st.selectbox(
                safe_text.md_escape(prompt),
                item.options,
                index=None,
                placeholder="Match with…",
                key=_key(quiz, item, i),
            )
            if picked is not None:
                pairs[prompt] = picked
        missing = len(item.prompts) - len(pairs)
        return pairs, None if not missing else f"Match every item ({missing} left)."
    if t is ItemType.ordering:
        st.markdown(
            "**Steps to put in order:**  \n"
            + "  \n".join("• " + safe_text.md_escape(o) for o in item.options)
        )
        steps: list[str] = []
        for i in range(len(item.options)):
            picked = st.selectbox(
                f"Step {i + 1}",
                item.options,
                index=None,
                placeholder="Choose a step…",
                key=_key(quiz, item, i),
            )
            if picked is not None:
                steps.append(picked)
        if len(steps) < len(item.options):
            return steps, "Place every step."
        if len(set(steps)) < len(steps):
            return steps, "Each step goes in one place only."
        return steps, None
    text = clean_user_text(st.text_input("Your answer", max_chars=500, key=_key(quiz, item)))
    return text, None if text.strip() else "Type an answer."


def response_text(item: QuizItem, response: Any) -> str:
    if isinstance(response, bool):
        return "True" if response else "False"
    if isinstance(response, dict):
        return "; ".join(f"{p} → {response.get(p, '—')}" for p in item.prompts)
    if isinstance(response, list):
        joiner = " → " if item.type is ItemType.ordering else "; "
        return joiner.join(response)
    return str(response)


def show_feedback(item: QuizItem, response: Any, grade: Grade) -> None:
    feedback = safe_text.md_escape(grade.feedback)
    if grade.correct:
        st.success(feedback, icon=":material/check_circle:")
    elif grade.score > 0:
        st.warning(feedback, icon=":material/rule:")
    else:
        st.error(feedback, icon=":material/cancel:")
    st.markdown("**Your answer:** " + safe_text.md_escape(response_text(item, response)))
    st.markdown("**Why:** " + safe_text.md_escape(grade.explanation))
    with st.container(border=True):
        st.caption(safe_text.md_escape(f"From the course: {grade.source} — {grade.section}"))
        st.markdown(safe_text.md_paragraphs(grade.passage))
    if grade.notice:
        st.caption(safe_text.md_escape(grade.notice))


def render_item(state: dict[str, Any]) -> None:
    quiz: Quiz = state["quiz"]
    learner: str = state["learner"]
    index: int = state["index"]
    item = quiz.items[index]
    total = len(quiz.items)
    titles = common.module_titles()

    st.progress(index / total, text=f"Question {index + 1} of {total}")
    facts = [common.module_label(item.module, titles), REASONS.get(quiz.reasons.get(item.id, "new"), "new")]
    facts.append(item.difficulty.value)
    st.caption(safe_text.md_escape(" · ".join(facts)))
    st.markdown("#### " + safe_text.md_escape(item.stem))
    st.caption(TYPE_HINTS[item.type])

    answered = state["answers"].get(item.id)
    if answered is None:
        # Time to answer, for the teacher's item statistics: from first showing the item.
        shown_at = state.setdefault("shown_at", {}).setdefault(item.id, time.monotonic())
        with st.form(_key(quiz, item, "form")):
            response, problem = answer_widgets(quiz, item)
            submitted = st.form_submit_button("Check my answer", type="primary")
        if submitted:
            if problem:
                st.warning(problem)
                return
            model, _ = resources.chat_model()
            try:
                grade = answer_item(
                    common.learner_handle(learner),
                    quiz.id,
                    item,
                    response,
                    llm=model,
                    embedder=resources.retriever().embedder,
                    elapsed_ms=int((time.monotonic() - shown_at) * 1000),
                )
            except TutorError as e:
                common.show_error(e)
                return
            state["answers"][item.id] = (response, grade)
            st.rerun()
        return

    response, grade = answered
    show_feedback(item, response, grade)
    last = index + 1 >= total
    if st.button("See my score" if last else "Next question", type="primary", key=_key(quiz, item, "next")):
        state["index"] = total if last else index + 1
        st.rerun()


# --- the end -----------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def render_summary(state: dict[str, Any]) -> None:
    quiz: Quiz = state["quiz"]
    learner: str = state["learner"]
    grades = [state["answers"][i.id][1] for i in quiz.items if i.id in state["answers"]]
    total = len(quiz.items)
    score = sum(g.score for g in grades)
    right = sum(1 for g in grades if g.correct)

    st.subheader("Your score")
    c1, c2 = st.columns(2)
    c1.metric("Score", f"{score / total:.0%}" if total else "—")
    c2.metric("Fully right", f"{right} of {total}")
    rows = []
    for item in quiz.items:
        response, grade = state["answers"].get(item.id, (None, None))
        rows.append(
            {
                "Question": item.stem,
                "Score": f"{grade.score:.0%}" if grade else "",
                "Your answer": response_text(item, response) if response is not None else "",
            }
        )
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Question": st.column_config.TextColumn(width="large"),
            "Score": st.column_config.TextColumn(width="small"),
        },
    )

    try:
        after = common.learner_handle(learner).progress()
    except TutorError as e:
        common.show_error(e)
        after = None
    if after is not None:
        st.subheader("Mastery")
        before = state["before"]
        for module in sorted({i.module for i in quiz.items}):
            now_mod, was_mod = after.module(module), before.module(module) if before else None
            if now_mod is None:
                continue
            old = was_mod.recent_accuracy if was_mod else None
            delta = None
            if now_mod.recent_accuracy is not None and old is not None:
                delta = f"{(now_mod.recent_accuracy - old) * 100:+.0f} points"
            status = "Mastered" if now_mod.mastered else "Not mastered yet"
            with st.container(border=True):
                st.metric(
                    safe_text.md_escape(f"{common.module_label(module)}: recent accuracy"),
                    _pct(now_mod.recent_accuracy),
                    delta=delta,
                )
                st.progress(
                    now_mod.recent_accuracy or 0.0,
                    text=safe_text.md_escape(
                        f"{status} · {now_mod.objectives_covered} of {now_mod.objectives_total} objectives "
                        f"practised · {now_mod.answered} answers in all"
                    ),
                )
                if not now_mod.mastered:
                    st.caption(safe_text.md_escape(f"To master it: {now_mod.to_master}."))

    c1, c2 = st.columns(2)
    if c1.button("Take another quiz", type="primary", icon=":material/replay:"):
        st.session_state.pop(STATE_KEY, None)
        st.rerun()
    c2.page_link("app_pages/progress.py", label="See all my progress", icon=":material/monitoring:")


# --- setup -------------------------------------------------------------------------------


def render_setup(learner: str) -> None:
    titles = common.module_titles()
    try:
        due = len(common.learner_handle(learner).due_states())
    except TutorError as e:
        common.show_error(e)
        due = 0
    options = [MODULE, DUE]
    if st.session_state.pop(QUIZ_REQUEST_KEY, None) == DUE:  # "Review now" on the Progress page
        st.session_state[MODE_KEY] = DUE
    if st.session_state.get(MODE_KEY) not in options:
        st.session_state[MODE_KEY] = MODULE
    mode = st.segmented_control(
        "Quiz on",
        options,
        format_func=lambda m: "A module" if m == MODULE else f"Due reviews ({due})",
        key=MODE_KEY,
        required=True,
    )
    if mode == DUE:
        if not due:
            st.info("Nothing is due for review right now. Reviews come back a while after you answer.")
        count = st.slider("Questions", 1, 20, min(max(due, 1), 10), key="quiz_due_count")
        if st.button("Start review", type="primary", disabled=not due, icon=":material/play_arrow:"):
            start_quiz(learner, None, count, review_only=True)
        return

    module_options: list[int | str] = [*titles, ALL]
    default = common.module_filter()
    index = (
        module_options.index(default) if default in module_options else (1 if len(module_options) > 2 else 0)
    )
    module = st.selectbox(
        "Module",
        module_options,
        index=index,
        format_func=lambda m: "Whole course" if m == ALL else common.module_label(m, titles),  # type: ignore[arg-type]
        key="quiz_module",
    )
    count = st.slider("Questions", 3, 15, 5, key="quiz_count")
    if st.button("Start quiz", type="primary", icon=":material/play_arrow:"):
        start_quiz(learner, None if module == ALL else int(module), count, review_only=False)


def render() -> None:
    st.title("Quiz")
    learner = common.require_learner()
    state = quiz_state()
    if state is None:
        st.caption("Checkpoint questions with feedback from the course. Your answers update your mastery.")
        render_setup(learner)
        return
    quiz: Quiz = state["quiz"]
    for notice in quiz.notices:
        st.caption(safe_text.md_escape(notice))
    if state["index"] >= len(quiz.items):
        render_summary(state)
        return
    render_item(state)
    if st.button("Leave this quiz", type="tertiary", icon=":material/close:"):
        st.session_state.pop(STATE_KEY, None)
        st.rerun()


render()
