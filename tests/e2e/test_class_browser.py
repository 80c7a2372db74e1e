"""Class mode end to end in a real Chromium: password and single sign-on (a real OIDC
provider, oidc-provider-mock, on 127.0.0.1), privacy between learners by URL, teacher pages
hidden from learners, sign-out, and lockout after five wrong passwords.

Accounts are made the way a teacher makes them, with `tutor users`. Screenshots go to
tests/artifacts/class-*.png.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_kit import chromium, wait_idle
from browser_kit import shot as kit_shot
from class_servers import class_env, oidc_secrets, start_app, start_oidc_provider, tutor_cli
from servers import free_port, stop

from tutor.progress.sqlite_store import SQLiteProgressStore

MARIAS_SECRET = "Maria's private question about data drift"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _accounts(data: Path, auth: str) -> dict[str, str]:
    env = class_env(data, auth=auth)
    tutor_cli(env, "users", "add", "Ana", "--password-stdin", stdin="ana-password\n")
    tutor_cli(
        env,
        "users",
        "add",
        "Maria",
        "--password-stdin",
        "--email",
        "maria@school.example",
        stdin="maria-password\n",
    )
    tutor_cli(
        env, "users", "add", "Ms Lee", "--role", "teacher", "--password-stdin", stdin="teacher-password\n"
    )
    with SQLiteProgressStore(data / "progress.sqlite3") as store:
        store.save_chat_turn("maria", "user", MARIAS_SECRET)
    return env


@pytest.fixture(scope="module")
def password_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("class-data")
    env = _accounts(data, "password")
    proc, url = start_app(env, tmp_path_factory.mktemp("class-log") / "streamlit.log")
    try:
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    # Loopback only: the mock provider's page links a CDN stylesheet, which is refused here.
    context.route("**/*", lambda r: r.continue_() if "//127.0.0.1" in r.request.url else r.abort())
    yield context.new_page()
    context.close()


def shot(page: object, name: str) -> None:
    kit_shot(page, name, prefix="class")


def nav_links(page: object) -> list[str]:
    links = page.locator("[data-testid=stSidebarNavLink]")  # type: ignore[attr-defined]
    # The text ends with the title; a Material icon name comes first.
    return [links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())]


def open_signed_out(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Sign in").wait_for(timeout=120_000)  # type: ignore[attr-defined]
    wait_idle(page)


def sign_in(page: object, name: str, password: str) -> None:
    page.get_by_label("Username", exact=True).fill(name)  # type: ignore[attr-defined]
    page.get_by_label("Password", exact=True).fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    wait_idle(page)


def body(page: object) -> str:
    return page.locator("[data-testid=stApp]").inner_text()  # type: ignore[attr-defined]


def test_a_learner_signs_in_sees_only_their_own_data_and_signs_out(password_app: str, page: object) -> None:
    # Someone else's name in the URL: the sign-in form and nothing else.
    open_signed_out(page, f"{password_app}/?learner=Maria")
    assert nav_links(page) == [] and MARIAS_SECRET not in body(page)
    assert (
        page.get_by_label("Username", exact=True).is_visible()
        and page.get_by_label("Password", exact=True).is_visible()
    )  # type: ignore[attr-defined]
    shot(page, "01-sign-in")
    sign_in(page, "ana", "ana-password")
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_idle(page)
    assert nav_links(page) == ["Chat", "Quiz", "Flashcards", "Progress"]  # no Library, no Class
    text = body(page)
    assert MARIAS_SECRET not in text and "maria" not in text.lower()
    assert page.get_by_role("button", name="Sign out").is_visible()  # type: ignore[attr-defined]
    assert page.get_by_text("ana · learner").is_visible()  # type: ignore[attr-defined]
    shot(page, "02-learner-signed-in")

    # Sign out: back to the form, and a reload stays signed out.
    page.get_by_role("button", name="Sign out").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Sign in").wait_for()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert nav_links(page) == []


def test_a_learner_cannot_open_a_teacher_page_by_url(password_app: str, page: object) -> None:
    open_signed_out(page, f"{password_app}/library?learner=Maria")
    sign_in(page, "Ana", "ana-password")
    page.wait_for_timeout(1000)  # type: ignore[attr-defined]
    wait_idle(page)
    text = body(page)
    shot(page, "03-learner-library-url")
    assert "Add documents" not in text and "Re-index" not in text and "Documents" not in text
    assert page.locator("[data-testid=stFileUploader]").count() == 0  # type: ignore[attr-defined]
    assert "Library" not in nav_links(page)
    for teacher_page in ("class", "dashboard", "items"):
        open_signed_out(page, f"{password_app}/{teacher_page}")
        sign_in(page, "Ana", "ana-password")
        wait_idle(page)
        assert page.locator("[data-testid=stDataFrame]").count() == 0  # type: ignore[attr-defined]
        text = body(page)
        assert "Ms Lee" not in text and "Review queue" not in text and "gradebook" not in text.lower()


def test_a_teacher_sees_the_library_and_the_class(password_app: str, page: object) -> None:
    open_signed_out(page, password_app)
    sign_in(page, "ms lee", "teacher-password")
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    assert nav_links(page) == [
        "Chat",
        "Quiz",
        "Flashcards",
        "Progress",
        "Library",
        "Class",
        "Class dashboard",
        "Quiz items",
    ]
    page.locator("[data-testid=stSidebarNavLink]", has_text="Class").first.click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Class").wait_for()  # type: ignore[attr-defined]
    wait_idle(page)
    page.locator("[data-testid=stDataFrame]").wait_for()  # type: ignore[attr-defined]
    shot(page, "04-teacher-class")
    page.locator("[data-testid=stSidebarNavLink]", has_text="Library").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Library").wait_for()  # type: ignore[attr-defined]
    wait_idle(page)
    assert page.locator("[data-testid=stFileUploader]").count() == 1  # type: ignore[attr-defined]
    for title, name in (("Class dashboard", "06-teacher-dashboard"), ("Quiz items", "07-teacher-items")):
        page.locator("[data-testid=stSidebarNavLink]", has_text=title).click()  # type: ignore[attr-defined]
        page.get_by_role("heading", name=title).wait_for(timeout=60_000)  # type: ignore[attr-defined]
        wait_idle(page)
        assert "Traceback" not in body(page) and "error" not in body(page).lower()[:200]
        shot(page, name)


def test_five_wrong_passwords_lock_the_account_for_a_while(password_app: str, page: object) -> None:
    open_signed_out(page, password_app)
    for _ in range(5):
        sign_in(page, "maria", "not-her-password")
        assert "Wrong username or password" in body(page)
    sign_in(page, "maria", "maria-password")  # the right one, too late
    assert "locked" in body(page)
    shot(page, "05-locked")
    assert nav_links(page) == [] and MARIAS_SECRET not in body(page)


# --------------------------------------------------------------------------- single sign-on


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("oidc-data")
    env = _accounts(data, "oidc")
    logs = tmp_path_factory.mktemp("oidc-log")
    claims = json.dumps({"sub": "maria-sub", "email": "maria@school.example", "name": "Maria"})
    provider, provider_url = start_oidc_provider(logs / "provider.log", claims)
    port = free_port()
    secrets = oidc_secrets(logs / "secrets.toml", port, provider_url)
    try:
        app, url = start_app(env, logs / "streamlit.log", secrets=secrets, port=port)
        try:
            yield url
        finally:
            stop(app)
    finally:
        stop(provider)


def test_single_sign_on_through_a_real_oidc_provider(oidc_app: str, page: object) -> None:
    page.goto(oidc_app)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").wait_for(timeout=120_000)  # type: ignore[attr-defined]
    wait_idle(page)
    assert page.get_by_label("Password", exact=True).count() == 0  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    # The provider's own page: pick the predefined user (Maria), who is redirected back.
    page.get_by_role("button", name="maria-sub").click(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_idle(page)
    assert page.get_by_text("maria · learner").is_visible()  # type: ignore[attr-defined]
    assert nav_links(page) == ["Chat", "Quiz", "Flashcards", "Progress"]
    shot(page, "06-oidc-signed-in")
    page.get_by_role("button", name="Sign out").click()  # type: ignore[attr-defined]
    # Streamlit ends the session at the provider too (OIDC end_session_endpoint); the mock
    # asks to confirm, then sends the browser back to the app, signed out.
    page.get_by_role("button", name="End session").click(timeout=60_000)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)  # type: ignore[attr-defined]
    wait_idle(page)
    assert nav_links(page) == []
