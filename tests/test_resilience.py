"""A text is answered when the database hangs, is locked or is gone; a flood is slowed down; and a
deployer's mistakes get one clear line. Real databases, real sockets, real processes.

Times are checked against Twilio's own limit (it gives up on a webhook after 15 seconds and does not
retry), the line between an answer and none; the goals (5 s, 3 s) are printed, not asserted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from hotline import db
from hotline.conversation import content
from hotline.i18n import translations
from hotline.inbox import Limits, Received, receive
from hotline.privacy import sender_key
from hotline.segments import gsm7_folded

from .conftest import (
    AUTH_TOKEN,
    PHONE_KEY,
    Phone,
    Usage,
    app_config,
    message_bodies,
    redis_up,
    sign,
    start_of_a_minute,
)

TWILIO_GIVES_UP = 15.0
ROOT = Path(__file__).resolve().parent.parent


def apology(language: str) -> str:
    return translations(language).gettext(content.TRY_AGAIN)


def timed(what: str, action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.monotonic()
    result = action()
    elapsed = time.monotonic() - started
    print(f"\n{what}: {elapsed:.2f} s")
    return result, elapsed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- a lock held on the table the webhook writes first -----------------------------------------


@contextmanager
def conversation_locked(database_url: str) -> Iterator[None]:
    """Another process holds the lock a text needs, until the block ends."""
    if database_url.startswith("postgresql"):
        import psycopg

        dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn) as holder:
            holder.execute("LOCK TABLE conversation IN ACCESS EXCLUSIVE MODE")
            yield
            holder.rollback()
        return
    path = database_url.removeprefix("sqlite:///")
    script = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({path!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "c.execute('ROLLBACK')\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        try:
            yield
        finally:
            assert holder.stdin is not None
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=10)


def test_a_text_is_answered_with_an_apology_while_a_lock_is_held_and_normally_after(
    phone: Phone, client: Any, database_url: str, usage: Usage
) -> None:
    assert phone.text("Hola, necesito ayuda para mi familia")  # a Spanish conversation
    with conversation_locked(database_url):
        replies, elapsed = timed("text under a lock", lambda: phone.text("1"))
        assert elapsed < TWILIO_GIVES_UP
        assert replies == [apology("es")] or replies == [apology("en"), apology("es")]
        health, waited = timed("health under a lock", lambda: client.get("/healthz"))
        assert health.status_code == 503 and waited < TWILIO_GIVES_UP
    # Without a restart, the next text is answered as usual.
    (topic,) = phone.text("1")
    assert topic.startswith(
        translations("es").gettext(content.TOPIC_PAGES[content.Topic.RELEASE_DAY][0])[:20]
    )
    assert client.get("/healthz").status_code == 200
    # The text that failed slowly is in the usage too, counted while the database could not be.
    assert usage.added("events", "error") == 1


def test_on_sqlite_a_text_that_waited_too_long_for_its_turn_is_apologized_to_in_its_language(
    app: Any, phone: Phone, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the writers' turn is SQLite's: PostgreSQL locks rows, not the file")
    assert phone.text("Hola, necesito ayuda para mi familia")
    engine = app.extensions["hotline.engine"]
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:  # another thread of this server keeps the write turn
        with db.writing(engine):
            holding.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        holding.wait(5)
        replies, elapsed = timed("text behind a held turn", lambda: phone.text("1"))
        assert replies == [apology("es")]  # its language, read without the turn
        assert elapsed < TWILIO_GIVES_UP
    finally:
        done.set()
        holder.join()
    (topic,) = phone.text("1")
    assert topic.startswith(
        translations("es").gettext(content.TOPIC_PAGES[content.Topic.RELEASE_DAY][0])[:20]
    )


# --- a database that is not there, or that never answers ----------------------------------------


@contextmanager
def silent_listener() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung failover, dropped packets)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        server.close()


@pytest.mark.parametrize("kind", ["refused", "silent"])
def test_a_text_is_answered_when_postgresql_is_unreachable_or_never_answers(
    make_app: Callable[..., Flask], kind: str
) -> None:
    with silent_listener() as silent:
        port = free_port() if kind == "refused" else silent
        app = make_app(HOTLINE_DATABASE_URL=f"postgresql://hotline@127.0.0.1:{port}/hotline")
        client = app.test_client()
        phone = Phone(client)
        replies, elapsed = timed(f"text, database {kind}", lambda: phone.text("Bonjour, aidez-moi"))
        assert elapsed < TWILIO_GIVES_UP
        assert replies == [apology("fr")]
        health, waited = timed(f"health, database {kind}", lambda: client.get("/healthz"))
        assert health.status_code == 503 and waited < TWILIO_GIVES_UP


# --- a sender who floods -------------------------------------------------------------------------


def test_a_flood_gets_one_slow_down_in_its_language_then_silence_for_the_minute(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(HOTLINE_SENDER_LIMIT=3)
    start_of_a_minute()
    phone = Phone(app.test_client(), "+15085550131")
    phone.text("Hola, necesito ayuda para mi familia")
    assert phone.text("1") and phone.text("2")
    (slow,) = phone.text("3")
    assert gsm7_folded(slow) == gsm7_folded(translations("es").gettext(content.SLOW_DOWN))
    assert phone.text("4") == [] and phone.text("MENU") == []
    other = Phone(app.test_client(), "+15085550132")
    assert other.text("hello")  # another number is not slowed


def test_parar_past_the_flood_limit_still_opts_out(make_app: Callable[..., Flask]) -> None:
    app = make_app(HOTLINE_SENDER_LIMIT=20)
    start_of_a_minute()
    phone = Phone(app.test_client(), "+15085550136")
    phone.text("Hola, necesito ayuda para mi familia")
    for n in range(22):  # texts 2 to 23 in the same minute: 21 is slowed, the rest dropped
        phone.text(str(n % 5))
    (stopped,) = phone.text("PARAR")  # the 24th: applied, with its usual confirmation
    assert gsm7_folded(stopped) == gsm7_folded(translations("es").gettext(content.STOPPED))
    assert phone.text("1") == [] and phone.text("hola") == []  # silence until START
    assert opted_out(app)
    phone.text("START")  # past the limit too: applied, never dropped
    assert not opted_out(app)


def opted_out(app: Flask) -> bool:
    from sqlalchemy import text

    with app.extensions["hotline.engine"].connect() as connection:
        return bool(connection.execute(text("SELECT opted_out FROM conversation")).scalar())


def test_a_hung_redis_costs_one_text_a_second_then_is_left_alone(
    make_app: Callable[..., Flask],
) -> None:
    with silent_listener() as port:
        app = make_app(HOTLINE_RATELIMIT_STORAGE_URL=f"redis://127.0.0.1:{port}")
        client = app.test_client()
        answered, slowest = [], 0.0
        for n in range(40):
            phone = Phone(client, f"+1508555{n:04d}")
            started = time.monotonic()
            answered.append(phone.text("Hola, necesito ayuda para mi familia"))
            elapsed = time.monotonic() - started
            slowest = max(slowest, elapsed) if n else slowest
        assert all(replies and replies[0] != apology("es") for replies in answered)
        assert slowest < 1.0  # after the first, Redis is not asked for 30 s


def test_the_flood_count_starts_again_each_minute(app: Flask) -> None:
    from hotline import db

    key = sender_key(PHONE_KEY, "+15085550133")
    limits = Limits(sender_limit=2)
    minute = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    with app.app_context():
        session = db.session()

        def text(body: str, at: datetime) -> tuple[str, ...]:
            received = Received(key, body, "m" + uuid.uuid4().hex)
            return receive(session, received, at, limits)

        assert text("hello", minute) and text("1", minute + timedelta(seconds=10))
        assert text("2", minute + timedelta(seconds=20)) == (content.SLOW_DOWN,)
        assert text("3", minute + timedelta(seconds=30)) == ()
        assert text("3", minute + timedelta(seconds=61))[0].startswith("Tell your loved one")


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_the_flood_count_is_shared_by_every_app(
    make_app: Callable[..., Flask],
) -> None:
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379").flushdb()
    shared = dict(HOTLINE_SENDER_LIMIT=3, HOTLINE_RATELIMIT_STORAGE_URL="redis://127.0.0.1:6379")
    first, second = make_app(**shared), make_app(**shared)
    number = "+15085550134"
    start_of_a_minute()
    on_first, on_second = Phone(first.test_client(), number), Phone(second.test_client(), number)
    assert on_first.text("hello") and on_second.text("1") and on_first.text("2")
    (slow,) = on_second.text("3")
    assert slow == content.SLOW_DOWN
    assert on_first.text("4") == []


# --- bodies too big to be a text ----------------------------------------------------------------


def test_a_body_over_64_kib_is_refused_before_it_is_read(client: Any) -> None:
    params = {"From": "+15085550135", "Body": "x" * (70 * 1024), "MessageSid": "SM1"}
    response = client.post("/sms", data=params, headers={"X-Twilio-Signature": sign(params)})
    assert response.status_code == 413


# --- a deployer's mistakes -----------------------------------------------------------------------


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HOTLINE_", "TWILIO"))}
    environment.update(env)
    return subprocess.run(args, cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def test_a_configuration_error_is_one_line_and_a_failure_under_the_command_and_gunicorn(
    tmp_path: Path,
) -> None:
    bindir = Path(sys.executable).parent
    short = dict(HOTLINE_ENV="production", HOTLINE_SECRET_KEY="x", HOTLINE_PHONE_KEY="k" * 64,
                 TWILIO_AUTH_TOKEN="t", HOTLINE_INSTANCE_PATH=str(tmp_path))  # fmt: skip
    command = _run([str(bindir / "hotline"), "db", "check"], **short)
    assert command.returncode != 0
    assert command.stderr.strip().splitlines() == [
        "hotline: HOTLINE_SECRET_KEY must be at least 32 characters in production "
        "(try: python3 -c 'import secrets; print(secrets.token_hex(32))')."
    ]
    port = free_port()
    served = _run([str(bindir / "gunicorn"), "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                  HOTLINE_ENV="production", HOTLINE_INSTANCE_PATH=str(tmp_path))  # fmt: skip
    assert served.returncode != 0
    output = served.stdout + served.stderr
    assert "hotline: Refusing to start in production without HOTLINE_SECRET_KEY" in output
    assert "Traceback" not in output


def test_commands_do_not_warn_about_unsigned_texts_but_a_served_text_does(
    tmp_path: Path, make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    bindir = Path(sys.executable).parent
    helped = _run([str(bindir / "hotline"), "--help"], HOTLINE_INSTANCE_PATH=str(tmp_path))
    assert helped.returncode == 0 and "UNSIGNED" not in helped.stderr + helped.stdout
    app = make_app(TWILIO_AUTH_TOKEN=None)
    app.test_client().post("/sms", data={"From": "+15085550136", "Body": "hi"})
    assert "accepts UNSIGNED requests" in caplog.text


def test_postgres_urls_as_deployers_write_them_are_understood() -> None:
    from hotline.db import database_url

    for written in ("postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"):
        assert database_url(written) == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_a_refused_signature_is_logged_with_the_url_it_was_checked_against(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(HOTLINE_PUBLIC_URL="https://wrong.example.org")
    params = {"From": "+15085550137", "Body": "Ramiro", "MessageSid": "SM9"}
    response = app.test_client().post(
        "/sms", data=params, headers={"X-Twilio-Signature": sign(params)}
    )
    assert response.status_code == 403
    assert "does not match https://wrong.example.org/sms" in caplog.text
    assert "Ramiro" not in caplog.text and "5550137" not in caplog.text


def test_behind_trusted_proxies_the_signed_url_and_the_client_address_are_the_forwarded_ones(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(HOTLINE_TRUSTED_PROXIES=1)
    params = {"From": "+15085550138", "Body": "hello", "MessageSid": "SM10"}
    signature = sign(params, url="https://hotline.example.org/sms")
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hotline.example.org",
                 "X-Forwarded-For": "203.0.113.7", "X-Twilio-Signature": signature}  # fmt: skip
    response = app.test_client().post("/sms", data=params, headers=forwarded)
    assert response.status_code == 200 and message_bodies(response.data)


def test_db_upgrade_says_which_migrations_it_applied(tmp_path: Path) -> None:
    from hotline.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    applied = upgrade(url, "0007")
    assert [line.split()[0] for line in applied] == [f"000{n}" for n in range(1, 8)]
    more = upgrade(url)
    assert more and more[0].startswith("0008 Keep usage as daily counters")
    assert upgrade(url) == []


def test_chat_signs_for_the_url_the_app_checks_and_can_text_a_running_server(
    make_app: Callable[..., Flask],
) -> None:
    from werkzeug.serving import make_server

    app = make_app(HOTLINE_PUBLIC_URL="https://hotline.example.org")
    in_process = app.test_cli_runner().invoke(args=["chat"], input="hola\n")
    assert "[HTTP 403]" not in in_process.output and "IDIOMA" in in_process.output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/sms"
        remote = app.test_cli_runner().invoke(args=["chat", "--url", url, "--from", "+15085550139"],
                                              input="bonjour\n")  # fmt: skip
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert f"Texting {url}" in remote.output and "LANGUE" in remote.output


def test_fallback_twiml_has_one_line_per_launch_language(runner: FlaskCliRunner) -> None:
    from hotline.i18n import LANGUAGES

    printed = runner.invoke(args=["fallback-twiml"]).output
    (body,) = message_bodies(printed.encode())
    assert len(body.splitlines()) == len(LANGUAGES)
    assert "Sorry, the hotline is down." in body and "热线" in body and "熱線" in body


def test_database_errors_never_quote_the_values_they_were_given(engine: Any) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    with pytest.raises(SQLAlchemyError) as failed, engine.connect() as connection:
        connection.execute(text("INSERT INTO nowhere VALUES (:secret)"), {"secret": "Ramiro 555"})
    assert "Ramiro" not in str(failed.value)


def test_the_app_config_applies_defaults_then_the_test_mapping(database_url: str) -> None:
    from hotline import create_app

    app = create_app(app_config(database_url))
    try:
        assert app.config["HOTLINE_SENDER_LIMIT"] == 20
        assert app.config["HOTLINE_STATS_MIN_COUNT"] == 11
        assert app.config["TWILIO_AUTH_TOKEN"] == AUTH_TOKEN
    finally:
        app.extensions["hotline.engine"].dispose()
