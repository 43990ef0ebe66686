"""The staff and administrator web app, driven over HTTP as a browser would (forms, cookies, CSRF)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hotline.models import AuditEntry, Referral

from .conftest import ADMIN, PASSWORD, STAFF, Phone, Usage
from .forms import form_fields


def csrf_token(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    token = csrf_token(client, "/admin/login")
    return client.post(
        "/admin/login", data={"email": email, "password": password, "csrf_token": token}
    )


def post(client: FlaskClient, path: str, form_page: str, **data: Any) -> Any:
    return client.post(path, data={**data, "csrf_token": csrf_token(client, form_page)})


def test_without_a_session_the_directory_redirects_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/admin/referrals")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def test_the_sign_in_form_carries_a_csrf_token_and_security_headers(client: FlaskClient) -> None:
    response = client.get("/admin/login")
    assert response.status_code == 200
    assert 'name="csrf_token"' in response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_adds_hsts_and_secure_cookies(make_app: Callable[..., Flask]) -> None:
    app = make_app(HOTLINE_ENV="production")
    response = app.test_client().get("/admin/login")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    assert "Secure" in response.headers.get("Set-Cookie", "")


def test_the_sms_webhook_needs_no_csrf_token(phone: Phone) -> None:
    assert phone.text("hello")


def test_a_user_created_on_the_command_line_signs_in_and_sees_the_demo_directory(
    client: FlaskClient, accounts: None
) -> None:
    response = sign_in(client, STAFF)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = client.get("/admin/referrals").get_data(as_text=True)
    assert "Demo South Coast Immigrant Center" in page and "508-555-0105" in page


def test_a_wrong_password_or_a_missing_csrf_token_does_not_sign_in(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    assert sign_in(client, STAFF, "not the passphrase at all").status_code == 401
    assert client.get("/admin/referrals").status_code == 302
    no_token = client.post("/admin/login", data={"email": STAFF, "password": PASSWORD})
    assert no_token.status_code == 400
    assert client.get("/admin/referrals").status_code == 302
    with Session(engine) as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "login_failed" in actions and "login" not in actions


def test_a_staff_user_gets_403_at_users_and_audit(client: FlaskClient, accounts: None) -> None:
    sign_in(client, STAFF)
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/try").status_code == 200


def test_repeated_failed_sign_ins_are_throttled(client: FlaskClient, accounts: None) -> None:
    statuses = [sign_in(client, STAFF, f"wrong passphrase {n}").status_code for n in range(7)]
    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 429
    blocked = sign_in(client, STAFF)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)


def _entry_page(client: FlaskClient, engine: Engine, external_id: str) -> str:
    """The edit page's address of a demo entry, as an administrator signed in."""
    sign_in(client, ADMIN)
    with Session(engine) as session:
        entry = session.scalars(select(Referral).where(Referral.external_id == external_id)).one()
    return f"/admin/referrals/{entry.id}"


def test_an_edit_shows_in_the_next_text_and_in_the_audit_log(
    client: FlaskClient, accounts: None, engine: Engine, phone: Phone
) -> None:
    page = _entry_page(client, engine, "demo-pioneer-valley")
    fields = form_fields(client.get(page).get_data(as_text=True))
    fields.update(phone=["413-555-0177"])
    response = post(client, page, page, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    phone.text("hello")
    (reply,) = phone.text("01103")
    assert "Demo Pioneer Valley Legal Project 413-555-0177" in reply

    audit_page = client.get("/admin/audit?action=referral_changed").get_data(as_text=True)
    assert "demo-pioneer-valley" in audit_page
    assert "413-555-0108 → 413-555-0177" in audit_page
    assert ADMIN in audit_page
    with Session(engine) as session:
        (change,) = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "referral_changed")
        ).all()
    assert change.details == {"phone": ["413-555-0108", "413-555-0177"]}


def test_an_entrys_spanish_description_reaches_spanish_texts_and_the_preview(
    client: FlaskClient, accounts: None, engine: Engine, phone: Phone
) -> None:
    page = _entry_page(client, engine, "demo-pioneer-valley")
    fields = form_fields(client.get(page).get_data(as_text=True))
    fields.update(description_es=["Abogados gratis para familias"])
    assert post(client, page, page, **fields).status_code == 302
    # The Spanish row of "how it reads" ends with it (the form's own field holds it too).
    assert ". Abogados gratis para familias</td>" in client.get(page).get_data(as_text=True)

    phone.text("Hola, necesito ayuda")
    (reply,) = phone.text("01103")
    assert "Demo Pioneer Valley Legal Project 413-555-0108" in reply
    assert "Abogados gratis para familias" in reply


def test_a_bad_edit_is_refused_with_a_clear_error_and_keeps_what_was_typed(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    with Session(engine) as session:
        entry = session.scalars(
            select(Referral).where(Referral.external_id == "demo-berkshire")
        ).one()
    page = f"/admin/referrals/{entry.id}"
    response = post(client, page, page, organization="Demo Berkshire Immigrant Help", phone="413-555-0109",
                    hours="Mon-Fri 17:00-9:00", counties="MA:Berkshire", fee="free", status="active")  # fmt: skip
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Nothing was saved" in text and "closing must come after opening" in text
    assert 'value="Mon-Fri 17:00-9:00"' in text


def test_mark_verified_records_who_and_when(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    sign_in(client, STAFF)
    with Session(engine) as session:
        entry = session.scalars(
            select(Referral).where(Referral.external_id == "demo-stale-project")
        ).one()
    page = f"/admin/referrals/{entry.id}"
    assert post(client, f"{page}/verify", page).status_code == 302
    with Session(engine) as session:
        verified = session.get(Referral, entry.id)
        assert verified is not None and verified.verified_by == STAFF
        assert verified.last_verified is not None and verified.last_verified.year >= 2026


def test_no_get_changes_anything(client: FlaskClient, accounts: None) -> None:
    sign_in(client, STAFF)
    assert client.get("/admin/referrals/1/verify").status_code == 405
    assert client.get("/admin/logout").status_code == 405


def test_csv_import_previews_every_bad_row_before_saving_anything(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    import io

    sign_in(client, STAFF)
    export = client.get("/admin/referrals/export")
    assert export.mimetype == "text/csv"
    text = (
        export.get_data(as_text=True)
        .replace("MA:Berkshire", "MA:Atlantis")
        .replace("413-555-0109", "413-555-0190")
    )
    token = csrf_token(client, "/admin/referrals/import")
    preview = client.post("/admin/referrals/import", content_type="multipart/form-data",
                          data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "d.csv")})  # fmt: skip
    assert preview.status_code == 400
    assert "(demo-berkshire)" in preview.get_data(as_text=True) and "Atlantis" in preview.get_data(
        as_text=True
    )
    with Session(engine) as session:
        unchanged = session.scalars(
            select(Referral).where(Referral.external_id == "demo-berkshire")
        ).one()
        assert unchanged.phone == "413-555-0109"


def test_sign_out_ends_the_session_everywhere(app: Flask, accounts: None) -> None:
    laptop, phone_browser = app.test_client(), app.test_client()
    sign_in(laptop, STAFF)
    sign_in(phone_browser, STAFF)
    assert phone_browser.get("/admin/").status_code == 200
    assert post(laptop, "/admin/logout", "/admin/").status_code == 302
    assert phone_browser.get("/admin/").status_code == 302


def test_disabling_an_account_or_changing_its_password_ends_its_sessions(
    app: Flask, accounts: None, runner: FlaskCliRunner
) -> None:
    staff = app.test_client()
    sign_in(staff, STAFF)
    result = runner.invoke(args=["users", "set-password", STAFF, "--password-stdin"],
                           input="another unusual passphrase\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert staff.get("/admin/").status_code == 302
    assert sign_in(staff, STAFF, "another unusual passphrase").status_code == 302
    runner.invoke(args=["users", "disable", STAFF])
    assert staff.get("/admin/").status_code == 302
    assert sign_in(staff, STAFF, "another unusual passphrase").status_code == 401


def test_a_session_idle_for_thirty_minutes_ends(client: FlaskClient, accounts: None) -> None:
    sign_in(client, STAFF)
    with client.session_transaction() as session:
        session["seen"] -= 31 * 60
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_a_session_older_than_twelve_hours_ends(client: FlaskClient, accounts: None) -> None:
    sign_in(client, STAFF)
    with client.session_transaction() as session:
        session["started"] -= 12 * 3600 + 60
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "password,problem", [("short pass", "at least 12"), ("password1234", "too common")]
)
def test_weak_passwords_are_refused(runner: FlaskCliRunner, password: str, problem: str) -> None:
    result = runner.invoke(args=["users", "create", "new@example.org", "--role", "staff", "--password-stdin"],
                           input=password + "\n")  # fmt: skip
    assert result.exit_code != 0 and problem in result.output


def test_passwords_are_stored_as_argon2id(accounts: None, engine: Engine) -> None:
    with Session(engine) as session:
        from hotline.models import User

        hashes = session.scalars(select(User.password_hash)).all()
    assert all(value.startswith("$argon2id$") for value in hashes)
    assert all(PASSWORD not in value for value in hashes)


def test_try_it_answers_like_the_hotline_and_counts_nothing(
    client: FlaskClient, accounts: None, usage: Usage
) -> None:
    sign_in(client, STAFF)
    post(client, "/admin/try", "/admin/try", text="Hola, necesito ayuda", language="")
    page = client.get("/admin/try").get_data(as_text=True)
    assert "IDIOMA" in page and "segment(s)" in page
    assert usage.now() == usage.before


def test_the_admin_speaks_spanish_when_the_browser_asks(client: FlaskClient) -> None:
    page = client.get("/admin/login", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="es" dir="ltr">' in page
    assert "Iniciar sesión" in page


def test_arabic_pages_render_right_to_left(
    client: FlaskClient, accounts: None, engine: Engine
) -> None:
    from hotline.models import User

    with Session(engine) as session, session.begin():
        user = session.scalars(select(User).where(User.email == STAFF)).one()
        user.language = "ar"
    sign_in(client, STAFF)
    assert 'dir="rtl"' in client.get("/admin/").get_data(as_text=True)


def test_a_user_can_keep_spanish_as_the_admin_language(client: FlaskClient, accounts: None) -> None:
    sign_in(client, STAFF)
    post(client, "/admin/language", "/admin/", language="es")
    page = client.get("/admin/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Lo que necesita atención" in page


def _redis_url() -> str | None:
    import os
    import socket

    url = os.environ.get("HOTLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI"):
            raise
        return None
    return url


def test_sign_in_throttling_counts_in_redis_when_configured(
    make_app: Callable[..., Flask], accounts: None
) -> None:
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379")
    import redis

    store = redis.Redis.from_url(url)
    store.flushdb()
    app = make_app(HOTLINE_RATELIMIT_STORAGE_URL=url)
    statuses = [
        sign_in(app.test_client(), STAFF, f"wrong passphrase {n}").status_code for n in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    # The counts live in Redis, where every server behind a load balancer sees them.
    assert any(b"account:staff@example.org" in key for key in store.keys("*"))
    store.flushdb()
