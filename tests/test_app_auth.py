"""Class mode in the app, with Streamlit's AppTest (no browser): the sign-in gate, roles,
privacy from the URL, first-sign-in password change, lockout and sign-out. Personal mode
keeps its learner picker and no sign-in."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tutor.accounts import AccountStore, add_user
from tutor.progress.sqlite_store import SQLiteProgressStore

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

pytestmark = pytest.mark.slow  # the app warms up the real embedding model after sign-in


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    store = SQLiteProgressStore(data / "progress.sqlite3")
    accounts = AccountStore(store)
    add_user(accounts, "Ana", "learner", "ana-password")
    add_user(accounts, "Maria", "learner", "maria-password")
    add_user(accounts, "Ms Lee", "teacher", "teacher-password")
    add_user(accounts, "Newbie", "learner", "one-time-pass", must_change_password=True)
    store.save_chat_turn("maria", "user", "Maria's private question about drift")
    store.close()
    return data


@pytest.fixture
def app(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TUTOR_AUTH", "password")
    # AppTest leaves app.py as sys.modules["__main__"]: restore it (see test_app_pages.py).
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    monkeypatch.setattr(sys, "path", list(sys.path))
    st.cache_resource.clear()
    yield AppTest.from_file(APP, default_timeout=120)
    st.cache_resource.clear()


def _text(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.markdown, *at.caption, *at.error, *at.info, *at.warning)]
    parts += [m.markdown[0].value if m.markdown else "" for m in at.chat_message]
    return "\n".join(str(p) for p in parts)


def _input(at: AppTest, label: str):
    return next(w for w in at.text_input if w.label == label)


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    _input(at, "Username").input(name)
    _input(at, "Password").input(password)
    return next(b for b in at.button if b.label == "Sign in").click().run()


def test_class_mode_shows_only_the_sign_in_form(app: AppTest) -> None:
    app.query_params["learner"] = "Maria"
    app.run()
    assert [t.value for t in app.title] == ["Sign in"]
    assert {w.label for w in app.text_input} == {"Username", "Password"}
    assert not app.selectbox and not app.chat_input  # no learner list, no chat
    assert "Maria" not in _text(app)


def test_a_learner_signs_in_and_sees_only_their_own_data(app: AppTest) -> None:
    app.query_params["learner"] = "Maria"  # someone else's name in the URL means nothing
    app.run()
    _sign_in(app, "ana", "wrong-password")
    assert "Wrong username or password" in _text(app)
    _sign_in(app, "ANA", "ana-password")
    assert not app.exception, app.exception
    assert app.session_state["learner"] == "ana"
    assert "Learner" not in [s.label for s in app.selectbox]  # no learner list anywhere
    assert "Sign out" in [b.label for b in app.sidebar.button]
    assert "Maria's private question" not in _text(app)
    assert app.chat_input  # the chat page is open to a learner


def test_the_library_is_the_teachers(app: AppTest) -> None:
    app.run()
    _sign_in(app, "ana", "ana-password")
    # Not in the learner's navigation at all: the page cannot be switched to.
    with pytest.raises(ValueError, match="Known pages") as missing:
        app.switch_page("app_pages/library.py")
    assert "library.py" not in str(missing.value).split("Known pages")[1]
    assert "quiz.py" in str(missing.value).split("Known pages")[1]

    teacher = AppTest.from_file(APP, default_timeout=120)
    teacher.run()
    _sign_in(teacher, "ms lee", "teacher-password")
    teacher.switch_page("app_pages/library.py").run()
    assert "Library" in [t.value for t in teacher.title]
    teacher.switch_page("app_pages/class_overview.py").run()
    assert "Class" in [t.value for t in teacher.title]
    names = list(teacher.dataframe[0].value["Name"])
    assert names == ["ana", "maria", "ms lee", "newbie"]


def test_first_sign_in_asks_for_a_new_password(app: AppTest) -> None:
    app.run()
    _sign_in(app, "newbie", "one-time-pass")
    assert [t.value for t in app.title] == ["Choose your password"]
    _input(app, "New password").input("my own password")
    _input(app, "New password again").input("my own password")
    next(b for b in app.button if b.label == "Save password").click().run()
    assert app.session_state["learner"] == "newbie" and app.chat_input


def test_five_wrong_passwords_lock_the_account(app: AppTest) -> None:
    app.run()
    for _ in range(5):
        _sign_in(app, "maria", "not-her-password")
    _sign_in(app, "maria", "maria-password")
    assert "locked" in _text(app)
    assert not app.chat_input


def test_sign_out_ends_the_session(app: AppTest) -> None:
    app.run()
    _sign_in(app, "ana", "ana-password")
    next(b for b in app.sidebar.button if b.label == "Sign out").click().run()
    assert [t.value for t in app.title] == ["Sign in"] and not app.chat_input


def test_personal_mode_has_no_sign_in(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TUTOR_AUTH", raising=False)
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert "Sign in" not in [t.value for t in at.title]
    assert "Learner" in [s.label for s in at.sidebar.selectbox]  # today's learner picker
    st.cache_resource.clear()
