"""Quiz items (teachers): item statistics with flags, the review queue (approve, edit,
reject, retire), writing a new item, and export (QTI 2.1 for an LMS, YAML for the bank)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
import yaml

from app_pages import auth, common, resources, safe_text
from tutor.classroom.answers import item_catalogue
from tutor.classroom.bank_yaml import item_to_bank_dict, items_to_yaml
from tutor.classroom.export import exportable_items
from tutor.classroom.item_stats import ItemStats, class_item_stats
from tutor.classroom.qti import write_qti_package
from tutor.classroom.review_queue import ReviewQueue
from tutor.classroom.review_store import reviews_for
from tutor.classroom.reviews import STATUSES, ItemReview
from tutor.exceptions import TutorError
from tutor.progress.records import utc_now
from tutor.quiz.grading import expected_text

NEW_ITEM_TEMPLATE = """\
id: m1-t01
module: 1
objective: m1-unified-role
type: single_choice
difficulty: medium
stem: "Which ...?"
options:
  - "The right answer"
  - "A wrong answer"
  - "Another wrong answer"
answer: "The right answer"
explanation: "Why the right answer is right, in the course's words."
grounding:
  source: "01-foundations.md"
  section: "A heading of that file"
"""


def _reviewer() -> str:
    return common.current_learner() or "teacher"


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


# --------------------------------------------------------------------------- statistics


def _stats_frame(items: list[ItemStats]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Item": s.item_id,
                "Module": s.module,
                "Origin": s.origin,
                "Answers": s.answers,
                "Difficulty %": _pct(s.difficulty),
                "Discrimination": None if s.discrimination is None else round(s.discrimination, 2),
                "D (upper-lower)": None if s.upper_lower is None else round(s.upper_lower, 2),
                "Median time s": None if s.time_median_ms is None else round(s.time_median_ms / 1000, 1),
                "Flags": ", ".join(f.kind for f in s.flags) or ("too few answers" if s.too_few else ""),
            }
            for s in items
        ]
    )


def _statistics(queue: ReviewQueue) -> None:
    s = resources.settings()
    module = common.module_filter()
    report = common.built_or_shown(
        lambda: class_item_stats(module, store=resources.progress_store(), settings=s)
    )
    if report is None:
        return
    if not report.items:
        st.info("No answers yet.")
        return
    try:
        queue.sync_flags(report)  # the queue shows why an item was withheld
    except TutorError as e:
        common.show_error(e)
    st.caption(
        safe_text.md_escape(
            f"{report.learners} learners, {report.answers} first answers. Difficulty: share right. "
            f"Discrimination: point-biserial r against each learner's score on the other items "
            f"(negative: strong learners miss it more). Items with fewer than {report.min_answers} "
            "answers are not judged."
        )
    )
    flagged = report.flagged
    if flagged:
        st.warning(f"{len(flagged)} item(s) flagged.", icon=":material/flag:")
    frame = _stats_frame(report.items)
    common.table(frame)
    chosen = st.selectbox("Look at one item", [i.item_id for i in report.items], key="stats_item")
    item = next(i for i in report.items if i.item_id == chosen)
    if item.stem:
        st.markdown(safe_text.md_escape(item.stem))
    for f in item.flags:
        st.error(safe_text.md_escape(f.message), icon=":material/flag:")
    options = pd.DataFrame(
        [
            {
                "Option": o.option,
                "Key": "yes" if o.key else "",
                "Chosen": o.chosen,
                "Share %": _pct(o.share),
                "Upper group": o.upper,
                "Lower group": o.lower,
            }
            for o in item.options
        ]
    )
    if not options.empty:
        st.altair_chart(
            alt.Chart(options)
            .mark_bar()
            .encode(
                x="Chosen:Q",
                y=alt.Y("Option:N", sort=None, title=None),
                color=alt.Color("Key:N", title="Key"),
                tooltip=list(options.columns),
            ),
            width="stretch",
        )
        with st.expander("Option numbers"):
            common.table(options)
    try:
        known = item_catalogue(resources.progress_store(), [chosen], s).get(chosen)
        review = queue.review_of(chosen, item=known)
    except TutorError as e:
        common.show_error(e)
        return
    st.caption(safe_text.md_escape(f"Review status: {review.status} ({review.details.source})."))
    if review.status != "retired" and st.button(
        "Retire this item", key=f"retire-stats-{chosen}", icon=":material/block:"
    ):
        _act(lambda: queue.retire(chosen, _reviewer(), note="retired from item statistics"))
    if st.toggle("Edit this item", key=f"edit-stats-{chosen}"):
        _edit_form(review, queue, "stats")


# --------------------------------------------------------------------------- queue


def _act(action: Any) -> None:
    try:
        review = action()
    except TutorError as e:
        common.show_error(e)
        return
    st.toast(f"{review.item_id}: {review.status}")
    st.rerun()


def _edit_form(review: ItemReview, queue: ReviewQueue, where: str) -> None:
    item = review.item
    with st.form(f"edit-{where}-{review.item_id}"):
        stem = st.text_area("Stem", item.stem)
        options = st.text_area("Options (one per line)", "\n".join(item.options), disabled=not item.options)
        answer = st.text_area(
            "Answer (YAML: a text, true/false, a list or a mapping)",
            yaml.safe_dump(item.answer, allow_unicode=True, sort_keys=False).removesuffix("\n...\n"),
        )
        explanation = st.text_area("Explanation", item.explanation)
        if st.form_submit_button("Save and approve"):
            try:
                parsed_answer = yaml.safe_load(answer)
            except yaml.YAMLError as e:
                st.error(safe_text.md_escape(f"The answer is not valid YAML: {e}"))
                return
            changes: dict[str, Any] = {"stem": stem, "answer": parsed_answer, "explanation": explanation}
            if item.options:
                changes["options"] = [o.strip() for o in options.splitlines() if o.strip()]
            _act(lambda: queue.edit(review.item_id, changes, _reviewer(), item=review.item))


def _review_card(review: ItemReview, queue: ReviewQueue) -> None:
    item = review.item
    label = f"{review.item_id} · {review.status} · {review.details.source} · {item.stem[:70]}"
    with st.expander(label, expanded=review.status == "pending"):
        st.markdown(f"**{safe_text.md_escape(item.stem)}**")
        for option in item.options:
            st.markdown(f"- {safe_text.md_escape(option)}")
        st.markdown(f"**Key:** {safe_text.md_escape(expected_text(item))}")
        st.markdown(f"**Explanation:** {safe_text.md_escape(item.explanation)}")
        st.markdown(
            f"**Cited passage** ({safe_text.md_escape(item.grounding.source)}: "
            f"{safe_text.md_escape(item.grounding.section)})"
        )
        st.text(review.details.passage or "(none)")
        if review.details.problems:
            st.error(safe_text.md_escape("Validation: " + "; ".join(review.details.problems)))
        else:
            st.success("Validation passed.", icon=":material/check:")
        if review.details.flags:
            st.warning(safe_text.md_escape("Item statistics flags: " + ", ".join(review.details.flags)))
        if review.note:
            st.caption(safe_text.md_escape(f"Note: {review.note} ({review.reviewer or '—'})"))
        c1, c2, c3 = st.columns(3)
        key = review.item_id
        if review.status != "approved" and c1.button("Approve", key=f"approve-{key}", type="primary"):
            _act(lambda: queue.approve(key, _reviewer()))
        if review.status not in ("rejected", "retired") and c2.button("Reject", key=f"reject-{key}"):
            _act(lambda: queue.reject(key, _reviewer()))
        if review.status != "retired" and c3.button("Retire", key=f"retire-{key}"):
            _act(lambda: queue.retire(key, _reviewer()))
        if st.toggle("Edit", key=f"edit-toggle-{key}"):
            _edit_form(review, queue, "queue")
        if review.details.history:
            st.caption(
                safe_text.md_escape(
                    "History: "
                    + " → ".join(f"{e.status} ({e.at:%Y-%m-%d %H:%M})" for e in review.details.history)
                )
            )


def _queue(queue: ReviewQueue) -> None:
    status = st.segmented_control("Show", list(STATUSES), default="pending", key="queue_status")
    found = queue.reviews.list_reviews(status)  # type: ignore[arg-type]
    if not found:
        st.info(f"No {status or ''} items.")
    for review in found:
        _review_card(review, queue)


# --------------------------------------------------------------------------- authoring, export


def _author(queue: ReviewQueue) -> None:
    st.caption("Write the item in the question bank's format; it is checked as bank items are.")
    with st.form("author"):
        text = st.text_area("New item (YAML)", NEW_ITEM_TEMPLATE, height=380)
        if st.form_submit_button("Check and add", type="primary"):
            try:
                raw = yaml.safe_load(text)
            except yaml.YAMLError as e:
                st.error(safe_text.md_escape(f"Not valid YAML: {e}"))
                return
            if not isinstance(raw, dict):
                st.error("Write one item: a YAML mapping of its fields.")
                return
            _act(lambda: queue.author(raw, _reviewer()))


def _export(queue: ReviewQueue) -> None:
    module = common.module_filter()
    items = exportable_items(module, settings=resources.settings(), reviews=queue.reviews)
    st.write(f"{len(items)} items (retired and rejected ones left out).")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "items.zip"
        write_qti_package(items, path)
        qti = path.read_bytes()
    c1, c2 = st.columns(2)
    c1.download_button(
        "QTI 2.1 package (Canvas, Moodle…)",
        io.BytesIO(qti),
        "tutor-items-qti.zip",
        "application/zip",
        on_click="ignore",
        icon=":material/download:",
    )
    c2.download_button(
        "Bank YAML",
        items_to_yaml(items, generated_at=utc_now()),
        "tutor-items.yaml",
        "application/x-yaml",
        on_click="ignore",
        icon=":material/download:",
    )
    with st.expander("Preview (YAML)"):
        st.code(
            yaml.safe_dump([item_to_bank_dict(i) for i in items[:3]], sort_keys=False, allow_unicode=True)
        )


def render() -> None:
    auth.require_teacher()  # in class mode, nothing of this page for anyone but a teacher
    st.set_page_config(layout="wide")
    st.title("Quiz items")
    queue = ReviewQueue(reviews_for(resources.progress_store()), resources.settings())
    stats, pending, write, export = st.tabs(["Item statistics", "Review queue", "Write an item", "Export"])
    with stats:
        _statistics(queue)
    with pending:
        _queue(queue)
    with write:
        _author(queue)
    with export:
        _export(queue)


render()
