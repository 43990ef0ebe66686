"""After a conversation, nothing in the database or the logs can lead back to the texter."""

from __future__ import annotations

import hashlib
import logging

import pytest
from sqlalchemy import Engine, inspect, select, text

from .conftest import MOTHER, Phone

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


def test_logs_carry_at_most_a_short_prefix_of_the_key(
    phone: Phone, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hotline")
    phone.text("hello")
    with engine.connect() as connection:
        key = connection.execute(text("SELECT key FROM conversation")).scalar_one()
    assert key[:8] in caplog.text
    assert key[:9] not in caplog.text


def test_usage_events_carry_no_key_and_no_time_of_day(
    phone: Phone, engine: Engine, seeded: None
) -> None:
    phone.text("hello")
    phone.text("02121")
    from hotline.models import UsageEvent

    columns = set(UsageEvent.__table__.columns.keys())
    assert columns == {"id", "day", "kind", "language", "topic", "county", "referral_id"}
    with engine.connect() as connection:
        kinds = connection.execute(select(UsageEvent.kind)).scalars().all()
    assert sorted(kinds) == ["message", "message", "new", "referral", "referral", "referral"]
