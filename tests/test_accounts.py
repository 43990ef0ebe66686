"""Accounts a legal-aid team can run safely: the last administrator stays, passwords are real,
emails are emails, and a reset unlocks."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hotline.models import AuditEntry, User

from .test_admin import ADMIN, PASSWORD, STAFF, post, sign_in


def make(runner: FlaskCliRunner, email: str, role: str | None = None) -> None:
    args = ["users", "create", email, "--password-stdin"] + (["--role", role] if role else [])
    result = runner.invoke(args=args, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output


def account(engine: Engine, email: str) -> User:
    with Session(engine) as session:
        return session.scalars(select(User).where(User.email == email)).one()


def test_the_last_administrator_cannot_be_disabled_or_demoted_from_the_command_line(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    make(runner, ADMIN, "admin")
    disabled = runner.invoke(args=["users", "disable", ADMIN])
    assert disabled.exit_code != 0 and "last active administrator" in disabled.output
    demoted = runner.invoke(args=["users", "set-role", ADMIN, "staff"])
    assert demoted.exit_code != 0 and "last active administrator" in demoted.output
    make(runner, "second@example.org", "admin")
    assert runner.invoke(args=["users", "set-role", ADMIN, "staff"]).exit_code == 0
    assert runner.invoke(args=["users", "disable", "second@example.org"]).exit_code != 0
    assert account(engine, ADMIN).role == "staff"


def test_new_accounts_are_staff_unless_asked_and_can_be_enabled_again(
    runner: FlaskCliRunner, engine: Engine
) -> None:
    make(runner, ADMIN, "admin")
    make(runner, STAFF)
    assert account(engine, STAFF).role == "staff"
    assert runner.invoke(args=["users", "disable", STAFF]).exit_code == 0
    assert not account(engine, STAFF).active
    assert runner.invoke(args=["users", "enable", STAFF]).exit_code == 0
    assert account(engine, STAFF).active


def test_on_the_web_disabling_asks_for_a_confirmation_and_never_offers_ones_own_account(
    client: FlaskClient, runner: FlaskCliRunner, engine: Engine
) -> None:
    make(runner, ADMIN, "admin")
    make(runner, STAFF)
    sign_in(client, ADMIN)
    page = client.get("/admin/users").get_data(as_text=True)
    assert f"Yes, disable {STAFF}" in page and f"Yes, disable {ADMIN}" not in page
    staff_id, admin_id = account(engine, STAFF).id, account(engine, ADMIN).id
    unconfirmed = post(client, f"/admin/users/{staff_id}/disable", "/admin/users")
    assert unconfirmed.status_code == 302 and account(engine, STAFF).active
    post(client, f"/admin/users/{admin_id}/disable", "/admin/users", confirm="yes")
    assert account(engine, ADMIN).active  # not oneself
    post(client, f"/admin/users/{admin_id}/role", "/admin/users", role="staff")
    assert account(engine, ADMIN).role == "admin"  # the last administrator
    post(client, f"/admin/users/{staff_id}/disable", "/admin/users", confirm="yes")
    assert not account(engine, STAFF).active
    post(client, f"/admin/users/{staff_id}/enable", "/admin/users")
    post(client, f"/admin/users/{staff_id}/role", "/admin/users", role="admin")
    assert account(engine, STAFF).active and account(engine, STAFF).role == "admin"
    with Session(engine) as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"user_disabled", "user_enabled", "role_changed"} <= actions


@pytest.mark.parametrize(
    "password,problem",
    [(" " * 12, "characters you can see"), ("\u200b" * 12, "characters you can see"),
     ("qwertyuiopas", "too easy to guess"), ("correcthorse", "too easy to guess"),
     ("password1234", "too common"), ("hotlinehotline", "too easy to guess"),
     ("p\u200ba\u200bs\u200bs\u200bw\u200bo\u200br\u200bd1234", "invisible or control"),
     ("pass\x02word1234 walnut", "invisible or control"),
     ("Lantern river quietly " * 14, "at most 256")],
)  # fmt: skip
def test_weak_passwords_are_refused_with_a_reason(
    runner: FlaskCliRunner, password: str, problem: str
) -> None:
    result = runner.invoke(args=["users", "create", "new@example.org", "--password-stdin"],
                           input=password + "\n")  # fmt: skip
    assert result.exit_code != 0 and problem in result.output


def test_a_password_typed_in_full_width_characters_still_signs_in(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    make(runner, ADMIN, "admin")
    full_width = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in PASSWORD)
    assert sign_in(client, ADMIN, full_width).status_code == 302


@pytest.mark.parametrize("email", ["x@", "x@y", "@example.org", "a b@example.org", "name@example"])
def test_an_account_email_must_look_like_one(runner: FlaskCliRunner, email: str) -> None:
    result = runner.invoke(args=["users", "create", email, "--password-stdin"],
                           input=PASSWORD + "\n")  # fmt: skip
    assert result.exit_code != 0 and "name@example.org" in result.output


def test_a_full_width_look_alike_of_an_account_is_that_account(runner: FlaskCliRunner) -> None:
    make(runner, ADMIN, "admin")
    look_alike = "ａｄｍｉｎ@example.org"
    result = runner.invoke(args=["users", "create", look_alike, "--password-stdin"],
                           input=PASSWORD + "\n")  # fmt: skip
    assert result.exit_code != 0 and "already an account" in result.output


def test_a_password_reset_by_an_administrator_lifts_the_accounts_sign_in_lock(
    client: FlaskClient, runner: FlaskCliRunner, engine: Engine
) -> None:
    make(runner, ADMIN, "admin")
    make(runner, STAFF)
    for _ in range(5):
        sign_in(client, STAFF, "not the password at all")
    assert sign_in(client, STAFF).status_code == 429
    other = client.application.test_client()
    sign_in(other, ADMIN)
    staff_id = account(engine, STAFF).id
    new_password = "another long and unusual passphrase"
    post(other, f"/admin/users/{staff_id}/password", "/admin/users", password=new_password)
    assert sign_in(client, STAFF, new_password).status_code == 302


def test_a_wrong_password_keeps_the_email_and_says_so_as_an_error(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    make(runner, ADMIN, "admin")
    page = sign_in(client, ADMIN, "not the password at all").get_data(as_text=True)
    assert f'value="{ADMIN}"' in page and 'class="flash error"' in page


# A long passphrase: 200 characters, scored on its first 72 (zxcvbn's limit), never a 500.
LONG = ("Seven lanterns drift over the Merrimack while a heron waits; " * 4)[:200]


def test_a_200_character_passphrase_works_from_the_command_line_and_the_web(
    runner: FlaskCliRunner, client: FlaskClient, engine: Engine
) -> None:
    result = runner.invoke(args=["users", "create", "long@example.org", "--password-stdin"],
                           input=LONG + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sign_in(client, "long@example.org", LONG).status_code == 302
    make(runner, ADMIN, "admin")
    post(client, "/admin/logout", "/admin/")
    sign_in(client, ADMIN)
    long_id = account(engine, "long@example.org").id
    response = post(client, f"/admin/users/{long_id}/password", "/admin/users",
                    password=LONG[::-1])  # fmt: skip
    assert response.status_code == 302
    assert "Password changed" in client.get("/admin/users").get_data(as_text=True)


def test_everyone_changes_their_own_password_only_with_the_current_one(
    runner: FlaskCliRunner, client: FlaskClient, engine: Engine
) -> None:
    make(runner, STAFF)
    sign_in(client, STAFF)
    new = "A different and unusual passphrase"
    wrong = post(client, "/admin/account", "/admin/account", current_password="not it",
                 new_password=new, repeat_password=new)  # fmt: skip
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(
        as_text=True
    )
    right = post(client, "/admin/account", "/admin/account", current_password=PASSWORD,
                 new_password=new, repeat_password=new)  # fmt: skip
    assert right.status_code == 302
    assert sign_in(client, STAFF).status_code == 401  # the old one no longer works
    assert sign_in(client, STAFF, new).status_code == 302
    # An administrator's own row in the users list goes through the same page.
    make(runner, ADMIN, "admin")
    post(client, "/admin/logout", "/admin/")
    sign_in(client, ADMIN)
    own = account(engine, ADMIN).id
    response = post(client, f"/admin/users/{own}/password", "/admin/users", password=new)
    assert response.headers["Location"].endswith("/admin/account")
    post(client, "/admin/logout", "/admin/")
    assert sign_in(client, ADMIN).status_code == 302  # unchanged: the old one still works


def test_a_short_email_name_does_not_refuse_every_password_holding_its_letters(
    runner: FlaskCliRunner,
) -> None:
    result = runner.invoke(args=["users", "create", "al@example.org", "--password-stdin"],
                           input="Seven lanterns drift over the Merrimack\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    built_on_name = runner.invoke(args=["users", "create", "maria@example.org", "--password-stdin"],
                                  input="maria maria maria 2026\n")  # fmt: skip
    assert built_on_name.exit_code != 0
