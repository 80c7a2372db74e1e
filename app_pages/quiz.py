"""Quiz: pick a module (or due reviews), answer each item, get cited feedback, see the score
and retry the mistakes. The quiz in progress lives server-side (``quiz_flow``): a reload or a
visit to another page comes back to the same question."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from app_pages import common, next_up, quiz_flow, resources, safe_text
from app_pages.course_markdown import course_markdown
from tutor.course.grades import Grade
from tutor.course.items import ItemType, QuizItem
from tutor.exceptions import TutorError
from tutor.quiz import AnswerGrader, Quiz
from tutor.quiz.in_progress import AnsweredItem, QuizInProgress
from tutor.safety.text_cleaning import clean_user_text

MODE_KEY = "quiz_mode"
SHOWN_KEY = "quiz_item_shown_at"
"""Quiz id:item id -> when the item was first shown (monotonic seconds), for time to answer."""
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


def start_quiz(learner: str, module: int | None, count: int, review_only: bool) -> None:
    try:
        with st.spinner("Preparing your quiz…"):
            state = quiz_flow.start(learner, module, count, review_only=review_only)
    except TutorError as e:
        common.show_error(e)
        return
    if state is None:
        st.info("Nothing is due for review right now. Take a module quiz instead.")
        return
    st.rerun()


def _advance(state: QuizInProgress, to: int) -> None:
    """Button callback: runs before the rerun, so the next question replaces the feedback at once."""
    state.index = to
    quiz_flow.save(state)


def _leave(learner: str) -> None:
    quiz_flow.clear(learner)


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
        st.markdown(course_markdown(grade.passage))
    if grade.notice:
        st.caption(safe_text.md_escape(grade.notice))


def render_item(state: QuizInProgress) -> None:
    quiz = state.quiz
    index = state.index
    item = quiz.items[index]
    total = len(quiz.items)
    titles = common.module_titles()

    st.progress(index / total, text=f"Question {index + 1} of {total}")
    facts = [common.module_label(item.module, titles), REASONS.get(quiz.reasons.get(item.id, "new"), "new")]
    facts.append(item.difficulty.value)
    st.caption(safe_text.md_escape(" · ".join(facts)))
    st.markdown("#### " + safe_text.md_escape(item.stem))
    st.caption(TYPE_HINTS[item.type])

    answered = state.answers.get(item.id)
    if answered is None:
        # Time to answer, for the teacher's item statistics: from first showing the item.
        shown = st.session_state.setdefault(SHOWN_KEY, {})
        shown_at = shown.setdefault(f"{quiz.id}:{item.id}", time.monotonic())
        with st.form(_key(quiz, item, "form")):
            response, problem = answer_widgets(quiz, item)
            submitted = st.form_submit_button("Check my answer", type="primary")
        if submitted:
            if problem:
                st.warning(problem)
                return
            model, _ = resources.chat_model()
            try:
                grade = AnswerGrader(model, resources.retriever().embedder).grade_and_record(
                    common.learner_handle(state.learner),
                    quiz.id,
                    item,
                    response,
                    elapsed_ms=int((time.monotonic() - shown_at) * 1000),
                )
                state.answers[item.id] = AnsweredItem(response=response, grade=grade)
                quiz_flow.save(state)
            except TutorError as e:
                common.show_error(e)
                return
            st.rerun()
        return

    show_feedback(item, answered.response, answered.grade)
    last = index + 1 >= total
    st.button(
        "See my score" if last else "Next question",
        type="primary",
        key=_key(quiz, item, "next"),
        on_click=_advance,
        args=(state, total if last else index + 1),
    )


# --- the end -----------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _what_was_wrong(grade: Grade) -> str:
    """The part of the feedback after the key: what was missing, which pair or option."""
    if grade.correct:
        return "Right"
    detail = grade.feedback.split(f"{grade.expected}.", 1)[-1].strip()
    return f"{grade.score:.0%}" + (f": {detail}" if detail else "")


def _cell(text: str) -> str:
    return safe_text.md_escape(" ".join(text.split())) or " "


def results_tables(state: QuizInProgress) -> list[str]:
    """The results as one small two-column Markdown table per question (every cell escaped):
    label and value side by side wrap within a phone's width, where one wide table of five
    columns would run off the screen."""
    tables = []
    for n, item in enumerate(state.quiz.items, 1):
        done = state.answers.get(item.id)
        said = response_text(item, done.response) if done else "(not answered)"
        rows = [
            f"| Question {n} | {_cell(item.stem)} |",
            "|---|---|",
            f"| Your answer | {_cell(said)} |",
            f"| Key | {_cell(done.grade.expected if done else '')} |",
            f"| Result | {_cell(_what_was_wrong(done.grade) if done else '')} |",
        ]
        tables.append("\n".join(rows))
    return tables


def render_summary(state: QuizInProgress) -> None:
    quiz = state.quiz
    learner = state.learner
    grades = [state.answers[i.id].grade for i in quiz.items if i.id in state.answers]
    total = len(quiz.items)
    score = sum(g.score for g in grades)
    right = sum(1 for g in grades if g.correct)

    st.subheader("Your score")
    c1, c2 = st.columns(2)
    c1.metric("Score", f"{score / total:.0%}" if total else "—")
    c2.metric("Fully right", f"{right} of {total}")
    with st.container(key="quiz-results"):
        for n, (item, table) in enumerate(zip(quiz.items, results_tables(state), strict=True), 1):
            st.markdown(table)
            done = state.answers.get(item.id)
            if done is not None:
                with st.expander(f"Passage for question {n}", icon=":material/menu_book:"):
                    st.caption(safe_text.md_escape(f"{done.grade.source} — {done.grade.section}"))
                    st.markdown(course_markdown(done.grade.passage))

    try:
        after = common.learner_handle(learner).progress()
    except TutorError as e:
        common.show_error(e)
        after = None
    if after is not None:
        st.subheader("Mastery")
        for module in sorted({i.module for i in quiz.items}):
            now_mod = after.module(module)
            if now_mod is None:
                continue
            old = state.before.get(str(module))
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

    missed = state.missed()
    c1, c2, c3 = st.columns(3)
    if missed and c1.button(f"Retry my mistakes ({len(missed)})", type="primary", icon=":material/replay:"):
        try:
            quiz_flow.retry_mistakes(state)
        except TutorError as e:
            common.show_error(e)
            return
        st.rerun()
    c2.button("Take another quiz", icon=":material/add:", on_click=_leave, args=(learner,))
    c3.page_link("app_pages/progress.py", label="See all my progress", icon=":material/monitoring:")
    next_up.render_next_up(learner, key="quiz_next_up")


# --- setup -------------------------------------------------------------------------------


def render_setup(learner: str) -> None:
    titles = common.module_titles()
    try:
        due = len(common.learner_handle(learner).due_states())
    except TutorError as e:
        common.show_error(e)
        due = 0
    options = [MODULE, DUE]
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
    state = quiz_flow.load(learner)
    if state is None:
        st.caption("Checkpoint questions with feedback from the course. Your answers update your mastery.")
        render_setup(learner)
        return
    for notice in state.quiz.notices:
        st.caption(safe_text.md_escape(notice))
    if state.finished:
        render_summary(state)
        return
    # A container per question: the next question replaces this one's feedback at once.
    with st.container(key=f"quiz-item-{state.quiz.id}-{state.index}"):
        render_item(state)
    st.button("Leave this quiz", type="tertiary", icon=":material/close:", on_click=_leave, args=(learner,))


render()
