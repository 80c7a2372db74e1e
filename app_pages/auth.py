"""Class mode in the app: sign-in (password or single sign-on), roles and what each may see.

Personal mode (TUTOR_AUTH=none, the default) never reaches this module's gates: ``gate``
returns None and the app is exactly as before. In class mode:

- nothing but the sign-in form is drawn until someone signs in;
- the learner is the signed-in account: no learner list, and ``?learner=`` means nothing;
- pages a role may not use are left out of the navigation (their URL shows none of them),
  and teacher pages check the role again when they run.

The identity lives in the server-side session state, never in the URL or a cookie we set;
single sign-on keeps Streamlit's own (signed) identity cookie.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app_pages import common, resources
from tutor.accounts import Account, AccountStore, change_password, oidc_account, sign_in
from tutor.exceptions import AccountError, SignInError, TutorError
from tutor.progress.sql_store import SQLProgressStore

IDENTITY_KEY = "auth_identity"
TEACHER_PAGES = frozenset({"library", "class", "dashboard", "items"})
"""Pages (by url path) only a teacher may open in class mode."""


@dataclass(frozen=True)
class Identity:
    name: str
    role: str
    method: str  # "password" or "oidc"
    must_change_password: bool = False

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher"


def class_mode() -> bool:
    return resources.settings().class_mode


def accounts() -> AccountStore:
    store = resources.progress_store()
    if not isinstance(store, SQLProgressStore):
        raise AccountError("Class mode needs the SQL progress store.", "Unset any custom progress store.")
    return AccountStore(store)


def current() -> Identity | None:
    identity = st.session_state.get(IDENTITY_KEY)
    return identity if isinstance(identity, Identity) else None


def _remember(account: Account, method: str) -> Identity:
    identity = Identity(account.name, account.role, method, account.must_change_password)
    st.session_state[IDENTITY_KEY] = identity
    # Every page reads the learner from here: in class mode it is always the account.
    st.session_state[common.LEARNER_KEY] = account.name
    return identity


def may_open(url_path: str) -> bool:
    """May the current user open this page? Everyone may in personal mode."""
    if not class_mode():
        return True
    identity = current()
    return identity is not None and (identity.is_teacher or url_path not in TEACHER_PAGES)


def require_teacher() -> None:
    """Stop a teacher page for anyone else (in class mode); shows nothing of the page."""
    if not may_open("library"):
        st.stop()


# --- signing in ---------------------------------------------------------------------------


def _password_form() -> None:
    st.title("Sign in")
    st.caption("Sign in with the username and password your teacher gave you.")
    with st.form("sign_in"):
        name = st.text_input("Username", max_chars=40, autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            account = sign_in(accounts(), name, password, resources.settings())
        except TutorError as e:
            common.show_error(e)
            return
        _remember(account, "password")
        st.rerun()


def _change_password_form(identity: Identity) -> None:
    st.title("Choose your password")
    st.caption("This was a one-time password. Choose your own to go on (at least 8 characters).")
    with st.form("change_password"):
        first = st.text_input("New password", type="password", autocomplete="new-password")
        again = st.text_input("New password again", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("Save password", type="primary")
    if submitted:
        try:
            if first != again:
                raise AccountError("The two passwords differ.", "Type the same password twice.")
            account = change_password(accounts(), identity.name, first)
        except TutorError as e:
            common.show_error(e)
            return
        _remember(account, identity.method)
        st.rerun()


def _oidc_identity() -> Identity | None:
    """The signed-in single-sign-on user's account (found or enrolled once per session)."""
    if not st.user.is_logged_in:
        return None
    identity = current()
    if identity is not None and identity.method == "oidc":
        return identity
    email = st.user.get("email")
    account = oidc_account(accounts(), str(email) if email else None, st.user.get("name"))  # type: ignore[arg-type]
    return _remember(account, "oidc")


def _oidc_form() -> None:
    st.title("Sign in")
    st.caption("Sign in with your school account.")
    st.button("Sign in", type="primary", on_click=st.login)


def gate() -> Identity | None:
    """Personal mode: None, nothing drawn. Class mode: the signed-in user, or the sign-in
    (or first password change) form and a stop."""
    if not class_mode():
        return None
    try:
        identity = _oidc_identity() if resources.settings().auth == "oidc" else current()
    except SignInError as e:
        common.show_error(e)
        st.button("Sign out", on_click=st.logout)
        st.stop()
    if identity is None:
        _oidc_form() if resources.settings().auth == "oidc" else _password_form()
        st.stop()
    if identity.must_change_password:
        _change_password_form(identity)
        st.stop()
    st.session_state[common.LEARNER_KEY] = identity.name  # never another learner's, whatever the URL says
    return identity


def sign_out() -> None:
    identity = current()
    st.session_state.clear()  # identity, learner, chat and quiz of this session
    if identity is not None and identity.method == "oidc":
        st.logout()


def sidebar(identity: Identity) -> None:
    """Who is signed in, and the way out (instead of the learner picker)."""
    st.sidebar.markdown(f":material/person: **{identity.name}** · {identity.role}")
    st.sidebar.button("Sign out", icon=":material/logout:", on_click=sign_out)
