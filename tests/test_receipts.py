"""Delivery receipts: every reply asks Twilio for its outcome, and final outcomes are counted.

Replies go out through the real webhook; Twilio's status callbacks come back signed the way Twilio
signs them, for the URL the app checks. What is counted is read as differences of this week's raw
cells (the `usage` fixture), then through a real release, the CLI and the CSV.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, text

from hotline.privacy import sender_key
from hotline.stats.cells import WEEKLY_UNITS, monday, week_of
from hotline.stats.views import today

from .conftest import ADMIN, BROTHER, MOTHER, PHONE_KEY, Phone, Usage, sign
from .test_admin import sign_in
from .test_privacy import everything_stored, unkeyed_hashes

HOTLINE_NUMBER = "+16175550199"
SPANISH = "Hola, necesito ayuda para mi familia"
DELIVERY_TABLES = ("delivery", "not_delivered_language", "not_delivered_channel")


def callbacks(xml: bytes) -> list[tuple[str, str]]:
    """Each <Message>'s status callback (its `action`) and method, parsed as Twilio parses TwiML."""
    root = ET.fromstring(xml)
    assert root.tag == "Response"
    return [(m.get("action", ""), m.get("method", "")) for m in root.iter("Message")]


def receipt(
    client: FlaskClient,
    status: str | None,
    *,
    to: str | None = MOTHER,
    code: str | None = None,
    query: str = "lang=es&ch=sms",
    signed: bool = True,
) -> Any:
    """Post a status callback as Twilio does, signed for the URL the app checks."""
    params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32,
              "From": HOTLINE_NUMBER, "ApiVersion": "2010-04-01"}  # fmt: skip
    if status is not None:
        params.update(MessageStatus=status, SmsStatus=status)
    if to is not None:
        params["To"] = to
    if code is not None:
        params["ErrorCode"] = code
    headers = {"X-Twilio-Signature": sign(params, url=f"http://localhost/sms/status?{query}")}
    return client.post(f"/sms/status?{query}", data=params, headers=headers if signed else {})


def counted(engine: Engine, number: str = MOTHER) -> int | None:
    """The family's weekly units, as its conversation row holds them (None: no row)."""
    with engine.connect() as connection:
        found: int | None = connection.execute(
            text("SELECT counted FROM conversation WHERE key = :key"),
            {"key": sender_key(PHONE_KEY, number)},
        ).scalar()
    return found


def delivery_added(usage: Usage) -> dict[str, int]:
    """What receipts added to each delivery table since the snapshot."""
    return {table: usage.added(table) for table in DELIVERY_TABLES}


NOTHING = dict.fromkeys(DELIVERY_TABLES, 0)


# --- every reply asks for its outcome ----------------------------------------------------------


def test_every_reply_message_carries_the_status_callback_with_its_language_and_channel(
    phone: Phone, client: FlaskClient
) -> None:
    first = phone.post(SPANISH)  # the welcome
    assert callbacks(first.data) == [("http://localhost/sms/status?lang=es&ch=sms", "POST")]
    topic = Phone(client, number=BROTHER).post("abogado")  # the privacy line, then the answer
    assert len(callbacks(topic.data)) == 2
    assert set(callbacks(topic.data)) == {("http://localhost/sms/status?lang=es&ch=sms", "POST")}
    chosen = phone.post("LANG")  # the language menu, then Français: the reply follows the choice
    assert callbacks(chosen.data)
    french = phone.post("8")
    assert set(callbacks(french.data)) == {("http://localhost/sms/status?lang=fr&ch=sms", "POST")}
    whatsapp = Phone(client, number="whatsapp:" + BROTHER)
    response = whatsapp.post("Olá, preciso de ajuda com a minha família")
    assert set(callbacks(response.data)) == {
        ("http://localhost/sms/status?lang=pt&ch=whatsapp", "POST")
    }


def test_an_apology_carries_each_languages_callback_without_asking_the_database(
    phone: Phone, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> tuple[str, ...]:
        raise RuntimeError("the database went away")

    asked: list[str] = []

    def stored_language(session: object, key: str) -> None:
        asked.append(key)

    monkeypatch.setattr("hotline.sms.webhook.receive", fail)
    monkeypatch.setattr("hotline.sms.webhook.stored_language", stored_language)
    response = phone.post("ok")  # no language told: the apology in English, then Spanish
    assert [urlsplit(url).query for url, _ in callbacks(response.data)] == [
        "lang=en&ch=sms", "lang=es&ch=sms"
    ]  # fmt: skip
    assert len(asked) == 1  # the webhook's own look-up for the apology, none for the callbacks


def test_behind_a_proxy_the_callback_is_the_public_url_and_its_signature_checks(
    make_app: Callable[..., Flask], usage: Usage
) -> None:
    app = make_app(HOTLINE_PUBLIC_URL="https://hotline.example.org/")
    public = Phone(app.test_client())
    params = {"MessageSid": "SM" + uuid.uuid4().hex, "From": MOTHER, "To": HOTLINE_NUMBER,
              "Body": SPANISH, "NumMedia": "0"}  # fmt: skip
    signature = sign(params, url="https://hotline.example.org/sms")
    response = public.client.post("/sms", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    (url, method), *_ = callbacks(response.data)
    assert (url, method) == ("https://hotline.example.org/sms/status?lang=es&ch=sms", "POST")
    # Twilio calls that URL, signed for it: the app checks the same URL and counts the outcome.
    status = {"MessageSid": "SM" + uuid.uuid4().hex, "MessageStatus": "delivered", "To": MOTHER}
    split = urlsplit(url)
    answer = public.client.post(f"{split.path}?{split.query}", data=status,
                                headers={"X-Twilio-Signature": sign(status, url=url)})  # fmt: skip
    assert answer.status_code == 204
    assert usage.added("delivery", "delivered") == 1


# --- a final outcome, counted and released -----------------------------------------------------


def test_an_undelivered_30007_is_counted_and_released_under_its_reason(
    accounts: None, phone: Phone, usage: Usage, engine: Engine, client: FlaskClient,
    runner: FlaskCliRunner,
) -> None:  # fmt: skip
    phone.text(SPANISH)
    before = counted(engine)
    assert before is not None
    response = receipt(client, "undelivered", code="30007")
    assert response.status_code == 204 and response.data == b""
    assert usage.added("delivery", "undelivered:30007") == 1
    assert usage.added("not_delivered_language", "es") == 1
    assert usage.added("not_delivered_channel", "sms") == 1
    assert delivery_added(usage) == dict.fromkeys(DELIVERY_TABLES, 1)
    assert counted(engine) == before + 3  # one unit a cell, charged to the family's week
    assert receipt(client, "delivered").status_code == 204
    assert usage.added("delivery", "delivered") == 1 and counted(engine) == before + 4
    assert receipt(client, "failed", code="12345").status_code == 204  # not on the list: other
    assert usage.added("delivery", "failed:other") == 1

    next_week = monday(today()) + timedelta(days=7)
    result = runner.invoke(args=["stats", "release", "--as-of", next_week.isoformat()])
    assert result.exit_code == 0 and "released 1 week(s)" in result.output, result.output
    shown = runner.invoke(args=["stats", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    this_week = str(week_of(datetime.now(UTC)))
    assert data["weeks"] == [this_week]
    value = data["delivery"]["undelivered:30007"]
    assert isinstance(value, int) or value == "<11"
    assert "30007" in data["not_delivered_by_reason"]
    assert set(data["not_delivered_by_language"]) >= {"es", "en"}
    assert set(data["not_delivered_by_channel"]) == {"sms", "whatsapp"}
    assert "replies_not_delivered" in data["totals"] and data["margins_90"]["delivery"]
    with engine.connect() as connection:
        released = connection.execute(
            text("SELECT COUNT(*) FROM stats_cell WHERE tbl = 'delivery' AND cell = :cell"),
            {"cell": "undelivered:30007"},
        ).scalar_one()
    assert released == 1

    sign_in(client, ADMIN)
    csv_text = client.get("/admin/stats.csv").get_data(as_text=True)
    lines = csv_text.splitlines()
    assert any(line.startswith("delivery,undelivered:30007,") for line in lines), csv_text
    assert any(line.startswith("not_delivered_by_reason,30007,") for line in lines)
    assert any(line.startswith("not_delivered_by_channel,whatsapp,") for line in lines)
    page = client.get("/admin/stats").get_data(as_text=True)
    assert "Replies not delivered, by reason" in page
    assert "filtered by the carrier as spam" in page and "the number sent STOP to Twilio" in page
    assert "Not delivered per text answered" in page and "Share of replies not delivered" in page


# --- what changes nothing ----------------------------------------------------------------------


def test_an_unsigned_or_wrongly_signed_callback_is_refused_and_changes_nothing(
    phone: Phone, usage: Usage, engine: Engine, client: FlaskClient
) -> None:
    phone.text(SPANISH)
    before, units = usage.now(), counted(engine)
    assert receipt(client, "undelivered", code="30007", signed=False).status_code == 403
    forged = {"MessageStatus": "undelivered", "ErrorCode": "30007", "To": MOTHER}
    signed_for_another = sign(
        {**forged, "ErrorCode": "30003"}, url="http://localhost/sms/status?lang=es&ch=sms"
    )
    response = client.post("/sms/status?lang=es&ch=sms", data=forged,
                           headers={"X-Twilio-Signature": signed_for_another})  # fmt: skip
    assert response.status_code == 403
    # A signature for another language's URL does not cover this one: the URL is signed too.
    signed_for_en = sign(forged, url="http://localhost/sms/status?lang=en&ch=sms")
    response = client.post("/sms/status?lang=es&ch=sms", data=forged,
                           headers={"X-Twilio-Signature": signed_for_en})  # fmt: skip
    assert response.status_code == 403
    assert usage.now() == before and counted(engine) == units


@pytest.mark.parametrize(
    ("status", "code", "query", "to"),
    [
        (None, None, "lang=es&ch=sms", MOTHER),  # no MessageStatus
        ("", None, "lang=es&ch=sms", MOTHER),
        ("lost", None, "lang=es&ch=sms", MOTHER),  # not a status Twilio sends
        ("DELIVERED", None, "lang=es&ch=sms", MOTHER),
        ("undelivered", None, "lang=xx&ch=sms", MOTHER),  # a language the hotline does not have
        ("undelivered", None, "ch=sms", MOTHER),
        ("undelivered", None, "lang=es&ch=fax", MOTHER),  # a channel it does not have
        ("undelivered", None, "lang=es", MOTHER),
        ("undelivered", "30007a", "lang=es&ch=sms", MOTHER),  # an error code that is not digits
        ("undelivered", "-30007", "lang=es&ch=sms", MOTHER),
        ("undelivered", "٣٠٠٠٧", "lang=es&ch=sms", MOTHER),  # digits, but not ASCII ones
        ("failed", "9" * 40, "lang=es&ch=sms", MOTHER),
        ("failed", "30003", "lang=es&ch=sms", None),  # a final outcome for no one
        ("failed", "30003", "lang=es&ch=sms", "whatsapp:"),
    ],
)
def test_a_malformed_callback_is_a_client_error_and_changes_nothing(
    phone: Phone, usage: Usage, engine: Engine, client: FlaskClient,
    status: str | None, code: str | None, query: str, to: str | None,
) -> None:  # fmt: skip
    phone.text(SPANISH)
    before, units = usage.now(), counted(engine)
    response = receipt(client, status, code=code, query=query, to=to)
    assert response.status_code == 400
    assert usage.now() == before and counted(engine) == units


@pytest.mark.parametrize("status", ["queued", "accepted", "sending", "sent", "read", "scheduled"])
def test_a_status_that_is_not_final_is_acknowledged_and_changes_nothing(
    phone: Phone, usage: Usage, engine: Engine, client: FlaskClient, status: str
) -> None:
    phone.text(SPANISH)
    before, units = usage.now(), counted(engine)
    response = receipt(client, status)
    assert response.status_code == 204
    assert usage.now() == before and counted(engine) == units


def test_a_family_past_the_weekly_bound_is_not_counted(
    phone: Phone, usage: Usage, engine: Engine, client: FlaskClient
) -> None:
    phone.text(SPANISH)
    key = sender_key(PHONE_KEY, MOTHER)
    with engine.begin() as connection:
        connection.execute(text("UPDATE conversation SET counted = :n WHERE key = :key"),
                           {"n": WEEKLY_UNITS - 1, "key": key})  # fmt: skip
    # Three units (the reason, the language, the channel) would pass the bound: none is counted.
    assert receipt(client, "undelivered", code="30007").status_code == 204
    assert delivery_added(usage) == NOTHING and counted(engine) == WEEKLY_UNITS - 1
    # One unit still fits, exactly.
    assert receipt(client, "delivered").status_code == 204
    assert usage.added("delivery", "delivered") == 1 and counted(engine) == WEEKLY_UNITS
    assert receipt(client, "delivered").status_code == 204
    assert usage.added("delivery", "delivered") == 1 and counted(engine) == WEEKLY_UNITS
    # The family's next text is answered, and not counted either: its week is full.
    before = usage.now()
    assert phone.text("1")
    assert usage.now() == before


def test_a_receipt_for_a_reply_of_a_week_already_over_counts_nothing(
    phone: Phone, usage: Usage, engine: Engine, client: FlaskClient
) -> None:
    phone.text(SPANISH)
    last_week = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=7)
    with engine.begin() as connection:
        connection.execute(text("UPDATE conversation SET last_seen = :at, counted = 0"),
                           {"at": last_week})  # fmt: skip
    for _ in range(WEEKLY_UNITS):  # as many as it takes: none is charged to this week
        assert receipt(client, "undelivered", code="30007").status_code == 204
    assert delivery_added(usage) == NOTHING and counted(engine) == 0


def test_a_callback_for_a_number_with_no_conversation_counts_nothing(
    phone: Phone, usage: Usage, engine: Engine, client: FlaskClient
) -> None:
    assert receipt(client, "undelivered", code="30007", to=BROTHER).status_code == 204
    assert delivery_added(usage) == NOTHING
    phone.text(SPANISH)
    phone.text("DELETE")  # the conversation is erased: its reply's receipt counts nothing
    assert counted(engine) is None
    assert receipt(client, "delivered").status_code == 204
    assert receipt(client, "failed", code="21610").status_code == 204
    assert delivery_added(usage) == NOTHING
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM conversation")).scalar_one() == 0


def test_a_database_failure_is_a_quick_503_and_a_status_that_is_not_final_needs_no_database(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(HOTLINE_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    client = app.test_client()
    started = time.monotonic()
    assert receipt(client, "undelivered", code="30007").status_code == 503
    assert time.monotonic() - started < 5
    assert receipt(client, "sent").status_code == 204
    assert receipt(client, "lost").status_code == 400


# --- nothing of the number is kept -------------------------------------------------------------


def test_nothing_of_the_number_is_stored_or_logged(
    phone: Phone, usage: Usage, engine: Engine, client: FlaskClient,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    phone.text(SPANISH)
    whatsapp = "whatsapp:" + MOTHER
    for status, code, to in [("undelivered", "30007", MOTHER), ("failed", "30003", whatsapp),
                             ("delivered", None, MOTHER), ("queued", None, MOTHER),
                             ("undelivered", "30007", BROTHER), ("lost", None, MOTHER)]:  # fmt: skip
        receipt(client, status, code=code, to=to)
    receipt(client, "undelivered", code="30007", signed=False)
    assert usage.added("delivery") == 3  # counted, as counts only
    key = sender_key(PHONE_KEY, MOTHER)
    stored, logged = everything_stored(engine), caplog.text
    for number in (MOTHER, BROTHER):
        digits = number.lstrip("+")
        for place, haystack in (("database", stored), ("log", logged)):
            assert digits not in haystack and digits[-7:] not in haystack, place
            for digest in unkeyed_hashes(number):
                assert digest not in haystack, place
    assert sender_key(PHONE_KEY, BROTHER) not in stored  # no row for a number that never texted
    for start in range(len(key) - 7):
        assert key[start : start + 8] not in logged.casefold(), start
