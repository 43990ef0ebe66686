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


def test_usage_is_kept_as_daily_counters_with_no_key_no_time_and_no_row_id(
    phone: Phone, engine: Engine, seeded: None
) -> None:
    phone.text("hello")
    phone.text("02121")
    phone.text("02121")
    from hotline.models import UsageCount

    columns = set(UsageCount.__table__.columns.keys())
    assert columns == {"day", "kind", "channel", "language", "topic", "county", "referral_id",
                       "count"}  # fmt: skip
    assert {column.name for column in UsageCount.__table__.primary_key} == columns - {"count"}
    with engine.connect() as connection:
        rows = connection.execute(select(UsageCount.kind, UsageCount.count)).all()
    counted: dict[str, int] = {}
    for kind, count in rows:
        counted[kind] = counted.get(kind, 0) + count
    assert counted == {"new": 1, "message": 3, "place": 2, "referral": 6}
    # One row per distinct thing counted, not per event: the same list twice adds to its counters.
    assert len([kind for kind, _ in rows if kind == "place"]) == 1
