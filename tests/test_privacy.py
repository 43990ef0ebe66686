"""After a conversation, nothing in the database or the logs can lead back to the texter."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, inspect, text

from .conftest import MOTHER, Phone, Usage

SECRET_STORY = "Hola mi hijo Jose Ramirez A-123456789 sale de MCI Norfolk el viernes"


def everything_stored(engine: Engine) -> str:
    """Every value of every row of every table, as one string."""
    dump = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                dump.append(" ".join(str(value) for value in row))
    return "\n".join(dump)


def unkeyed_hashes(number: str) -> list[str]:
    digits = number.lstrip("+")
    found = []
    for candidate in {number, digits, digits[-10:]}:
        for algorithm in ("md5", "sha1", "sha256", "sha512"):
            found.append(hashlib.new(algorithm, candidate.encode()).hexdigest())
    return found


def test_no_number_no_unkeyed_hash_and_no_text_is_stored_or_logged(
    phone: Phone, engine: Engine, seeded: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for body in [
        SECRET_STORY,
        "2",
        "5",
        "02121",
        "LANG",
        "3",
        "STOP",
        "Jose Ramirez",
        "START",
        "HELP",
    ]:
        phone.post(body)
    whatsapp = Phone(phone.client, number="whatsapp:" + MOTHER)
    whatsapp.text("where is my brother Jose")

    stored = everything_stored(engine)
    logged = caplog.text
    number_digits = MOTHER.lstrip("+")
    for place, haystack in (("database", stored), ("log", logged)):
        assert number_digits not in haystack, place
        assert number_digits[-7:] not in haystack, place
        for word in ("Ramirez", "123456789", "Norfolk el viernes", "brother"):
            assert word not in haystack, (place, word)
        for digest in unkeyed_hashes(MOTHER):
            assert digest not in haystack, place
        for sid in (params["MessageSid"] for params in phone.sent):
            assert sid not in haystack, place
    assert stored  # the conversation and its events were stored, just not the person


def test_logs_carry_no_part_of_the_key(
    phone: Phone, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="hotline")
    phone.text("hello")
    phone.post("hello", sid=phone.sent[-1]["MessageSid"])  # a replay: the webhook logs a line
    with engine.connect() as connection:
        key = connection.execute(text("SELECT key FROM conversation")).scalar_one()
    assert "replayed message" in caplog.text
    logged = caplog.text.casefold()
    # Every run of 8 hex characters of the key: any longer part holds one of them.
    for start in range(len(key) - 7):
        assert key[start : start + 8] not in logged, start


def test_usage_is_kept_as_weekly_cells_with_no_key_no_time_and_no_row_id(
    phone: Phone, engine: Engine, seeded: None, usage: Usage
) -> None:
    phone.text("hello")
    phone.text("02121")
    phone.text("02121")
    from hotline.models import UsageCount

    columns = set(UsageCount.__table__.columns.keys())
    assert columns == {"week", "tbl", "cell", "count"}
    assert {column.name for column in UsageCount.__table__.primary_key} == columns - {"count"}
    assert usage.added("texts", "en") == 3 and usage.added("events", "new:sms") == 1
    assert usage.added("places", "Suffolk") == 2 and usage.added("referrals") == 6
    if engine.dialect.name == "sqlite":  # no rowid: rows have no insert order to read back
        with engine.connect() as connection, pytest.raises(Exception, match="rowid"):
            connection.execute(text("SELECT rowid FROM usage_count")).all()


def _postgres_log() -> Path | None:
    found = sorted(Path("/var/log/postgresql").glob("postgresql-*-main.log"))
    return found[-1] if found else None


def test_first_texts_that_race_never_make_postgresql_log_a_key(app: Flask, engine: Engine) -> None:
    """50 first texts at once (two from each of 25 numbers): no error, so no key in the server log."""
    import threading
    import uuid
    from datetime import UTC, datetime

    from sqlalchemy.orm import sessionmaker

    from hotline.inbox import Limits, Received, receive
    from hotline.privacy import sender_key

    from .conftest import PHONE_KEY

    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite takes the write lock first: first texts cannot race there")
    log_file = _postgres_log()
    start = log_file.stat().st_size if log_file else 0
    keys = [sender_key(PHONE_KEY, f"+1508555{n:04d}") for n in range(25)]
    barrier = threading.Barrier(10)
    answered: list[tuple[str, ...]] = []
    limits = Limits()

    def family(key: str) -> None:
        session = sessionmaker(engine)()
        try:
            barrier.wait(timeout=10)
            received = Received(key, "hola, necesito ayuda", uuid.uuid4().hex)
            answered.append(receive(session, received, datetime.now(UTC), limits))
        finally:
            session.close()

    for group in range(5):
        threads = [threading.Thread(target=family, args=(key,))
                   for key in keys[group * 5:(group + 1) * 5] for _ in range(2)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(answered) == 50 and all(answered)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM conversation")).scalar() == 25
    if log_file is None:
        pytest.skip("no PostgreSQL server log on this machine to read")
    logged = log_file.read_bytes()[start:].decode(errors="replace")
    assert "duplicate key" not in logged
    assert not any(key[:12] in logged for key in keys)


def test_redis_flood_keys_cannot_be_joined_to_a_conversation(make_app: Any) -> None:
    import redis

    from .conftest import redis_up

    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    client = redis.Redis.from_url("redis://127.0.0.1:6379")
    client.flushdb()
    app = make_app(HOTLINE_RATELIMIT_STORAGE_URL="redis://127.0.0.1:6379")
    phone = Phone(app.test_client(), MOTHER)
    phone.text("hola")
    phone.text("1")
    with app.extensions["hotline.engine"].connect() as connection:
        key = connection.execute(text("SELECT key FROM conversation")).scalar_one()
    names = [name.decode() for name in client.keys("hotline:flood:*")]
    assert len(names) == 1 and names[0].count(":") == 3  # one number, one minute
    stored = (
        " ".join(names)
        + " "
        + " ".join(
            str(client.get(name)) for name in client.keys("*") if client.type(name) == b"string"
        )
    )
    assert not any(key[i : i + 8] in stored for i in range(0, 57))
    secret = client.keys("hotline:flood-secret:*")
    assert len(secret) == 1 and 0 < client.ttl(secret[0]) <= 86400 + 300  # gone with its day
