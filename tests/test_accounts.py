"""Class-mode accounts on SQLite and PostgreSQL: argon2id hashes, case-insensitive names,
lockout with back-off, the sign-in log, one-time passwords from a roster, `tutor users`."""

from __future__ import annotations

import csv
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.accounts import (
    AccountStore,
    add_user,
    change_password,
    import_roster,
    oidc_account,
    sign_in,
)
from tutor.cli.commands import app
from tutor.exceptions import AccountError, LearnerNameError, SignInError
from tutor.progress.sql_store import SQLProgressStore
from tutor.settings import Settings

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
SETTINGS = Settings(lockout_after=5, lockout_base_s=60, lockout_max_s=900)


@pytest.fixture
def accounts(progress_url: str):
    store = SQLProgressStore(progress_url)
    yield AccountStore(store)
    store.close()


def test_passwords_are_hashed_with_argon2id_and_names_ignore_case(accounts: AccountStore) -> None:
    add_user(accounts, "Maria", "learner", "correct horse", class_name="7b", now=NOW)
    stored = accounts.password_hash("maria")
    assert stored is not None and stored.startswith("$argon2id$") and "correct horse" not in stored
    with pytest.raises(AccountError, match="already taken"):
        add_user(accounts, "MARIA", "learner", "another pass", now=NOW)
    assert sign_in(accounts, "mArIa", "correct horse", SETTINGS, NOW).name == "maria"  # the folded key
    dumped = json.dumps(accounts.get("maria").model_dump(mode="json"))
    assert "argon2" not in dumped and "correct horse" not in dumped  # an Account carries no hash
    with pytest.raises(LearnerNameError):
        add_user(accounts, "a/b", "learner", "long enough", now=NOW)
    with pytest.raises(AccountError, match="Unknown role"):
        add_user(accounts, "zed", "admin", "long enough", now=NOW)
    with pytest.raises(AccountError, match="at least 8"):
        add_user(accounts, "zed", "learner", "short", now=NOW)


def test_wrong_and_unknown_are_refused_alike_and_logged(accounts: AccountStore) -> None:
    add_user(accounts, "ana", "learner", "right password", now=NOW)
    for name, password in (("ana", "wrong password"), ("nobody", "right password")):
        with pytest.raises(SignInError, match="Wrong username or password"):
            sign_in(accounts, name, password, SETTINGS, NOW)
    sign_in(accounts, "ana", "right password", SETTINGS, NOW)
    assert [(e.name_key, e.outcome) for e in accounts.events()] == [
        ("ana", "wrong_password"),
        ("nobody", "unknown_name"),
        ("ana", "ok"),
    ]
    assert accounts.get("ana").failed_count == 0 and accounts.get("ana").last_sign_in == NOW


def test_five_wrong_passwords_lock_the_account_with_back_off(accounts: AccountStore) -> None:
    add_user(accounts, "ana", "learner", "right password", now=NOW)
    for _ in range(5):
        with pytest.raises(SignInError, match="Wrong username"):
            sign_in(accounts, "ana", "guess", SETTINGS, NOW)
    assert accounts.get("ana").locked_until == NOW + timedelta(seconds=60)
    # Locked: even the right password is refused, and says for how long.
    with pytest.raises(SignInError, match="locked") as locked:
        sign_in(accounts, "ana", "right password", SETTINGS, NOW + timedelta(seconds=30))
    assert locked.value.retry_after_s == pytest.approx(30)
    # After the lock, one more wrong password locks for twice as long.
    later = NOW + timedelta(seconds=61)
    with pytest.raises(SignInError, match="Wrong username"):
        sign_in(accounts, "ana", "guess", SETTINGS, later)
    assert accounts.get("ana").locked_until == later + timedelta(seconds=120)
    after = later + timedelta(seconds=121)
    assert sign_in(accounts, "ana", "right password", SETTINGS, after).failed_count == 0
    assert accounts.get("ana").locked_until is None
    assert [e.outcome for e in accounts.events("ana")].count("locked") == 1


def test_disabled_accounts_cannot_sign_in(accounts: AccountStore) -> None:
    add_user(accounts, "ben", "learner", "right password", now=NOW)
    accounts.set_disabled("BEN", True)
    with pytest.raises(SignInError, match="disabled"):
        sign_in(accounts, "ben", "right password", SETTINGS, NOW)
    with pytest.raises(AccountError, match="no account"):
        accounts.set_disabled("nobody", True)


def test_changing_a_password(accounts: AccountStore) -> None:
    add_user(accounts, "ana", "learner", "first password", must_change_password=True, now=NOW)
    assert accounts.get("ana").must_change_password
    with pytest.raises(AccountError, match="same as the old"):
        change_password(accounts, "ana", "first password")
    assert not change_password(accounts, "ana", "second password").must_change_password
    with pytest.raises(SignInError):
        sign_in(accounts, "ana", "first password", SETTINGS, NOW)
    sign_in(accounts, "ana", "second password", SETTINGS, NOW)


def test_roster_import_writes_one_time_passwords_only_the_owner_can_read(
    accounts: AccountStore, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,role,class,email\nAna,,7b,\nBen,learner,,ben@school.example\nMs Lee,teacher,,\n")
    out = tmp_path / "passwords.csv"
    created = import_roster(accounts, roster, out, default_class="7a")
    assert [(a.name, a.role, a.class_name) for a in created] == [
        ("ana", "learner", "7b"),
        ("ben", "learner", "7a"),
        ("ms lee", "teacher", "7a"),
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(out.open()))
    assert [r["name"] for r in rows] == ["ana", "ben", "ms lee"]
    assert len({r["one_time_password"] for r in rows}) == 3
    assert all(a.must_change_password for a in accounts.list())
    assert sign_in(accounts, "ana", rows[0]["one_time_password"], SETTINGS, NOW).must_change_password
    # A second import: the file exists, and a name clashes: nothing changes.
    more = tmp_path / "more.csv"
    more.write_text("name\nDan\n")
    with pytest.raises(AccountError, match="already exists"):
        import_roster(accounts, more, out)
    assert accounts.get("dan") is None
    clash = tmp_path / "clash.csv"
    clash.write_text("name\nCara\nana\n")
    with pytest.raises(AccountError, match=r"line 3.*already taken"):
        import_roster(accounts, clash, tmp_path / "clash-passwords.csv")
    assert accounts.get("cara") is None and not (tmp_path / "clash-passwords.csv").exists()


def test_single_sign_on_finds_or_enrols_by_email(accounts: AccountStore) -> None:
    add_user(accounts, "Ms Lee", "teacher", None, email="Lee@School.example", now=NOW)
    assert oidc_account(accounts, "lee@school.example", "Lee").role == "teacher"
    new = oidc_account(accounts, "maria.g@school.example", "Maria G")
    assert (new.name, new.role) == ("maria g", "learner")
    assert oidc_account(accounts, "maria.g@school.example", "Maria G").name == "maria g"  # same account
    other = oidc_account(accounts, "maria.g@other.example", "Maria G")
    assert other.name == "maria g-2"
    with pytest.raises(SignInError, match="no email"):
        oidc_account(accounts, None, "x")


def test_tutor_users_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    result = runner.invoke(
        app, ["users", "add", "Ms Lee", "--role", "teacher", "--password-stdin"], input="teach3r-pass\n"
    )
    assert result.exit_code == 0, result.output
    assert "teach3r-pass" not in result.output
    result = runner.invoke(app, ["users", "add", "ms lee", "--password-stdin"], input="another-pass\n")
    assert result.exit_code == 2 and "already taken" in result.output
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nAna\n")
    result = runner.invoke(app, ["users", "import", str(roster)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "roster-passwords.csv").stat().st_mode) == 0o600
    assert (
        runner.invoke(app, ["users", "passwd", "ana", "--password-stdin"], input="ana-new-pass\n").exit_code
        == 0
    )
    assert runner.invoke(app, ["users", "disable", "ANA"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["users", "list", "--json"]).output)
    assert [(r["name"], r["role"], r["disabled"]) for r in listed] == [
        ("ana", "learner", True),
        ("ms lee", "teacher", False),
    ]
    assert "argon2" not in json.dumps(listed)
