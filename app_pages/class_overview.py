"""Class (teachers only, class mode): every account and how its learner is doing."""

from __future__ import annotations

from collections import defaultdict

import streamlit as st

from app_pages import auth, common, resources
from tutor.exceptions import TutorError


def render() -> None:
    auth.require_teacher()
    st.title("Class")
    st.caption("Every account, and its answers so far. Learners never see this page.")
    try:
        accounts = auth.accounts().list()
        attempts = resources.progress_store().all_attempts()
    except TutorError as e:
        common.show_error(e)
        return
    answered: dict[str, int] = defaultdict(int)
    right: dict[str, int] = defaultdict(int)
    for a in attempts:
        answered[a.learner] += 1
        right[a.learner] += int(a.correct)
    rows = [
        {
            "Name": a.name,
            "Role": a.role,
            "Class": a.class_name or "",
            "Answers": answered[a.name],
            "Accuracy": f"{right[a.name] / answered[a.name]:.0%}" if answered[a.name] else "–",
            "State": "disabled" if a.disabled else "locked" if a.locked_until else "ok",
            "Last sign-in": a.last_sign_in.strftime("%Y-%m-%d %H:%M") if a.last_sign_in else "",
        }
        for a in accounts
    ]
    common.table(rows)
    st.caption("Add, import, reset and disable accounts with `tutor users` on the server.")


render()
