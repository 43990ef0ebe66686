"""Sign-in throttling is shared and exact: counted in the database (when there is no Redis) where
every worker and server sees it, reserved before an attempt is tried so a burst cannot slip past,
and given back by a right password. Real concurrent requests, on SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hotline.models import SignInCount

from .conftest import ADMIN, STAFF, Phone
from .test_admin import PASSWORD, csrf_token

BURST = 64


def _burst(
    app: Flask,
    forms: list[dict[str, str]],
    address: str,
    during: Callable[[], None] | None = None,
) -> list[int]:
    """Post every form at the same moment, each from its own browser (and run `during` at that
    moment too); the statuses, in order."""
    prepared: list[tuple[FlaskClient, dict[str, str]]] = []
    for form in forms:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        prepared.append((client, {**form, "csrf_token": csrf_token(client, "/admin/login")}))
    start = threading.Barrier(len(prepared) + 1)
    statuses: list[Any] = [None] * len(prepared)

    def meanwhile() -> None:
        start.wait()
        if during is not None:
            during()

    def attempt(number: int) -> None:
        client, data = prepared[number]
        start.wait()
        statuses[number] = client.post("/admin/login", data=data).status_code

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(len(prepared))]
    threads.append(threading.Thread(target=meanwhile))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


# As many attempts at once as the admin lets in (8 running, 16 waiting for a slot; the slots are
# tested below): each reaches the limits, given all the time it needs for its slot.
ADMITTED = 24


def _admitting(app: Flask) -> Flask:
    app.extensions["hotline.admin_slots"].wait_seconds = 60.0
    return app


def test_a_burst_of_wrong_passwords_for_one_account_lets_exactly_five_be_tried(
    app: Flask, accounts: None
) -> None:
    forms = [{"email": STAFF, "password": f"wrong passphrase {n}"} for n in range(ADMITTED)]
    statuses = _burst(_admitting(app), forms, "198.51.100.20")
    assert sorted(statuses) == [401] * 5 + [429] * (ADMITTED - 5)


def test_a_burst_from_one_address_lets_exactly_twenty_be_tried(app: Flask, accounts: None) -> None:
    # Each attempt names another account: only the per-address limit applies.
    forms = [{"email": f"someone{n}@example.org", "password": "wrong"} for n in range(ADMITTED)]
    statuses = _burst(_admitting(app), forms, "198.51.100.21")
    assert sorted(statuses) == [401] * 20 + [429] * (ADMITTED - 20)


def test_a_burst_at_the_sign_in_form_is_told_busy_and_a_text_is_answered_meanwhile(
    app: Flask, accounts: None, phone: Phone
) -> None:
    forms = [{"email": f"someone{n}@example.org", "password": "wrong"} for n in range(BURST)]
    replies: list[str] = []
    statuses = _burst(app, forms, "198.51.100.22", lambda: replies.extend(phone.text("MENU")))
    # 8 slots and 16 waiting: the rest are told "busy" at once, never a server error.
    assert set(statuses) <= {401, 429, 503} and statuses.count(503) >= BURST - 3 * 8
    assert 0 < statuses.count(401) <= 20
    assert replies and "1 " in replies[0] and "Sorry" not in replies[0]
    busy = app.test_client()
    page = busy.get("/admin/login")
    assert page.status_code == 200  # the slots were all given back


def _sign_in(client: FlaskClient, email: str, password: str) -> int:
    token = csrf_token(client, "/admin/login")
    data = {"email": email, "password": password, "csrf_token": token}
    return int(client.post("/admin/login", data=data).status_code)


def test_a_right_password_gives_its_attempt_back(app: Flask, accounts: None) -> None:
    client = app.test_client()
    assert [_sign_in(client, STAFF, f"wrong {n}") for n in range(4)] == [401] * 4
    for _ in range(3):  # signing in, out and in again does not use up the account's tries
        assert _sign_in(app.test_client(), STAFF, PASSWORD) == 302
    assert _sign_in(client, STAFF, "wrong again") == 401  # the fifth failure
    assert _sign_in(client, STAFF, PASSWORD) == 429  # now locked


def test_another_process_sees_the_lock_and_the_table_never_holds_the_email(
    app: Flask, accounts: None, database_url: str, engine: Engine
) -> None:
    client = app.test_client()
    assert [_sign_in(client, ADMIN, f"wrong {n}") for n in range(5)] == [401] * 5
    # Another worker (another process, its own memory) on the same database is refused too.
    other_worker = f"""
from hotline import create_app
from tests.conftest import app_config, ADMIN
from tests.test_admin import PASSWORD, csrf_token
app = create_app(app_config({database_url!r}))
client = app.test_client()
token = csrf_token(client, "/admin/login")
print(client.post("/admin/login", data={{"email": ADMIN, "password": PASSWORD,
                                         "csrf_token": token}}).status_code)
"""
    root = Path(__file__).resolve().parent.parent
    answered = subprocess.run([sys.executable, "-c", other_worker], cwd=root, capture_output=True,
                              text=True, timeout=120, check=True)  # fmt: skip
    assert answered.stdout.strip().splitlines()[-1] == "429", answered.stderr
    with Session(engine) as session:
        keys = session.scalars(select(SignInCount.key)).all()
    assert keys and all(len(key) == 64 and "@" not in key for key in keys)
    assert all(ADMIN.split("@")[0] not in key for key in keys)


def test_counts_whose_window_ended_are_dropped(app: Flask, accounts: None, engine: Engine) -> None:
    import time

    with Session(engine) as session, session.begin():
        session.add(SignInCount(key="0" * 64, count=5, expires_at=time.time() - 3600))
    assert _sign_in(app.test_client(), STAFF, "wrong") == 401
    with Session(engine) as session:
        keys = session.scalars(select(SignInCount.key)).all()
    assert "0" * 64 not in keys and len(keys) == 2  # this attempt's: the account and the address
