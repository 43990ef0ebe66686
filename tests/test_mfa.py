"""A second factor for the admin: enrolled with a QR code and a code, asked at every sign-in, with
single-use recovery codes; required for administrators when HOTLINE_ADMIN_MFA=required."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hotline.config import ConfigError, from_environment
from hotline.models import AuditEntry, User

from .test_admin import ADMIN, PASSWORD, STAFF, csrf_token, post, sign_in


def make(runner: FlaskCliRunner, email: str, role: str) -> None:
    result = runner.invoke(args=["users", "create", email, "--role", role, "--password-stdin"],
                           input=PASSWORD + "\n")  # fmt: skip
    assert result.exit_code == 0, result.output


def enroll(client: FlaskClient) -> tuple[str, str, list[str]]:
    """Set up the second factor as a person would: read the key, type the app's code."""
    page = client.get("/admin/account/second-factor").get_data(as_text=True)
    qr = client.get("/admin/account/second-factor/qr.svg")  # the QR code, drawn on the server
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    found = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert found, page[:2000]
    secret = found.group(1)
    used = pyotp.TOTP(secret).now()
    done = post(client, "/admin/account/second-factor", "/admin/account/second-factor",
                code=used)  # fmt: skip
    assert done.status_code == 200
    codes = re.findall(
        r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", done.get_data(as_text=True)
    )
    assert len(codes) == 10
    return secret, used, codes


def second_step(client: FlaskClient, code: str) -> int:
    token = csrf_token(client, "/admin/login/code")
    return client.post("/admin/login/code", data={"code": code, "csrf_token": token}).status_code


def test_enrolled_accounts_sign_in_with_a_code_once_and_a_recovery_code_once(
    runner: FlaskCliRunner, client: FlaskClient, engine: Engine
) -> None:
    make(runner, STAFF, "staff")
    sign_in(client, STAFF)
    wrong = post(client, "/admin/account/second-factor", "/admin/account/second-factor",
                 code="000000")  # fmt: skip
    assert wrong.status_code == 400 and "not right" in wrong.get_data(as_text=True)
    secret, used, codes = enroll(client)
    post(client, "/admin/logout", "/admin/")

    # The password alone no longer signs in: it leads to the code.
    response = sign_in(client, STAFF)
    assert response.status_code == 302 and response.headers["Location"].startswith(
        "/admin/login/code"
    )
    assert client.get("/admin/").status_code == 302  # not signed in yet
    assert second_step(client, "123456") == 401
    # The code enrollment used is spent; the app's next one (a step ahead: clocks drift) works.
    assert second_step(client, used) == 401
    code = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))
    assert second_step(client, code) == 302
    assert client.get("/admin/").status_code == 200
    post(client, "/admin/logout", "/admin/")
    # The same code again: refused (a code works once).
    sign_in(client, STAFF)
    assert second_step(client, code) == 401
    # A recovery code works, once.
    assert second_step(client, codes[0].upper()) == 302
    post(client, "/admin/logout", "/admin/")
    sign_in(client, STAFF)
    assert second_step(client, codes[0]) == 401
    with Session(engine) as session:
        user = session.scalars(select(User).where(User.email == STAFF)).one()
        assert len(user.recovery_codes) == 9 and codes[1] not in str(user.recovery_codes)
        actions = list(session.scalars(select(AuditEntry.action)))
    assert "mfa_enrolled" in actions and "recovery_code_used" in actions


def test_the_code_must_follow_the_password_within_five_minutes(
    runner: FlaskCliRunner, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(runner, STAFF, "staff")
    sign_in(client, STAFF)
    enroll(client)
    post(client, "/admin/logout", "/admin/")
    sign_in(client, STAFF)
    with client.session_transaction() as kept:
        kept["mfa_since"] = (datetime.now(UTC) - timedelta(minutes=6)).timestamp()
    response = client.get("/admin/login/code")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/login")


def test_an_administrator_without_a_second_factor_reaches_nothing_when_it_is_required(
    make_app: Callable[..., Flask], engine: Engine
) -> None:
    app = make_app(HOTLINE_ADMIN_MFA="required")
    runner, client = app.test_cli_runner(), app.test_client()
    make(runner, ADMIN, "admin")
    make(runner, STAFF, "staff")
    sign_in(client, ADMIN)
    for page in ("/admin/users", "/admin/", "/admin/audit"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.headers["Location"].endswith("/admin/account/second-factor")
    enroll(client)
    assert client.get("/admin/users").status_code == 200
    # Staff may go without one.
    staff = app.test_client()
    sign_in(staff, STAFF)
    assert staff.get("/admin/referrals").status_code == 200
    # An administrator who lost the phone: reset from a terminal, audited; sessions end.
    result = runner.invoke(args=["users", "reset-mfa", ADMIN])
    assert result.exit_code == 0, result.output
    assert client.get("/admin/users").status_code == 302
    with Session(engine) as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == "mfa_reset")).one()


def test_a_second_factor_is_required_in_production_unless_set_otherwise(tmp_path: Path) -> None:
    environ = {"HOTLINE_ENV": "production", "HOTLINE_SECRET_KEY": "k" * 40,
               "HOTLINE_PHONE_KEY": "p" * 40, "TWILIO_AUTH_TOKEN": "t"}  # fmt: skip
    assert from_environment(environ, tmp_path)["HOTLINE_ADMIN_MFA"] == "required"
    environ["HOTLINE_ADMIN_MFA"] = "optional"
    assert from_environment(environ, tmp_path)["HOTLINE_ADMIN_MFA"] == "optional"
    assert from_environment({}, tmp_path)["HOTLINE_ADMIN_MFA"] == "optional"
    with pytest.raises(ConfigError, match="required' or 'optional"):
        from_environment({"HOTLINE_ADMIN_MFA": "sometimes"}, tmp_path)
