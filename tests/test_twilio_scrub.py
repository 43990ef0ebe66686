"""`hotline twilio scrub`: Twilio's copies of the texts are deleted, against a fake of Twilio's API."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from twilio.http import HttpClient
from twilio.http.response import Response

from hotline.config import ConfigError, from_environment
from hotline.twilio_scrub import HTTP_CLIENT_EXTENSION, Scrubbed, scrub

from .conftest import AUTH_TOKEN, BROTHER, MOTHER

ACCOUNT = "AC" + "1f" * 16
HOTLINE = "+16175550199"
NOW = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
# What a family wrote and what the hotline answered: none of it may leave the fake.
BODIES = (
    "My son was moved from MCI-Norfolk to ICE this morning",
    "Reply 1 for a lawyer near you",
    "Where is Plymouth County jail?",
    "Here is the list of immigration lawyers",
)


@dataclass
class Record:
    """One message in the fake's log, as Twilio keeps it."""

    sid: str
    inbound: bool
    age: timedelta
    status: str = ""
    body: str = BODIES[0]
    family: str = MOTHER
    sent: bool = True  # a message never sent (failed, canceled) has no date_sent

    def as_json(self, account: str, now: datetime) -> dict[str, object]:
        """Return the record in Twilio's JSON shape."""
        created = now - self.age
        stamp = created.strftime("%a, %d %b %Y %H:%M:%S +0000")
        return {
            "account_sid": account,
            "api_version": "2010-04-01",
            "body": self.body,
            "date_created": stamp,
            "date_sent": stamp if self.sent else None,
            "date_updated": stamp,
            "direction": "inbound" if self.inbound else "outbound-reply",
            "error_code": None,
            "error_message": None,
            "from": self.family if self.inbound else HOTLINE,
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": "1",
            "price": None,
            "price_unit": "USD",
            "sid": self.sid,
            "status": self.status or ("received" if self.inbound else "delivered"),
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{account}/Messages/{self.sid}/Media.json"
            },
            "to": HOTLINE if self.inbound else self.family,
            "uri": f"/2010-04-01/Accounts/{account}/Messages/{self.sid}.json",
        }


def _error(status: int, code: int, message: str) -> Response:
    body = {"code": code, "message": message, "status": status}
    body["more_info"] = f"https://www.twilio.com/docs/errors/{code}"
    return Response(status, json.dumps(body))


class FakeTwilio(HttpClient):
    """Twilio's Messages API over an in-memory log: lists it page by page, deletes from it."""

    def __init__(
        self,
        records: Iterable[Record],
        *,
        now: datetime = NOW,
        token: str = AUTH_TOKEN,
        refuse: Iterable[str] = (),
        down: bool = False,
    ) -> None:
        super().__init__(logging.getLogger("tests.fake_twilio"), is_async=False)
        # Newest first, as Twilio lists them.
        self.records = sorted(records, key=lambda record: record.age)
        self.now, self.token, self.refuse, self.down = now, token, set(refuse), down
        self.calls: list[tuple[str, str]] = []

    @property
    def sids(self) -> set[str]:
        """The sids still in the log."""
        return {record.sid for record in self.records}

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Answer one request the way api.twilio.com would."""
        self.calls.append((method, url))
        if self.down:
            raise requests.ConnectionError("api.twilio.com: connection refused")
        if auth != (ACCOUNT, self.token):
            return _error(401, 20003, "Authenticate")
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        query.update({key: str(value) for key, value in (params or {}).items()})
        messages = f"/2010-04-01/Accounts/{ACCOUNT}/Messages"
        if method == "GET" and parts.path == f"{messages}.json":
            return self._page(messages, query)
        if method == "DELETE" and parts.path.startswith(f"{messages}/"):
            return self._delete(parts.path.removeprefix(f"{messages}/").removesuffix(".json"))
        return _error(404, 20404, "The requested resource was not found")

    def _page(self, messages: str, query: dict[str, str]) -> Response:
        size = int(query.get("PageSize", "50"))
        page = int(query.get("Page", "0"))
        after = query.get("PageToken", "").removeprefix("PA")
        sids = [record.sid for record in self.records]
        start = sids.index(after) + 1 if after in sids else 0
        shown = self.records[start : start + size]
        more = start + size < len(self.records)
        following = {"PageSize": size, "Page": page + 1, "PageToken": "PA" + shown[-1].sid}
        return Response(
            200,
            json.dumps(
                {
                    "messages": [record.as_json(ACCOUNT, self.now) for record in shown],
                    "first_page_uri": f"{messages}.json?PageSize={size}&Page=0",
                    "next_page_uri": f"{messages}.json?{urlencode(following)}" if more else None,
                    "previous_page_uri": None,
                    "page": page,
                    "page_size": size,
                    "start": start,
                    "end": start + len(shown) - 1,
                    "uri": f"{messages}.json?PageSize={size}&Page={page}",
                }
            ),
        )

    def _delete(self, sid: str) -> Response:
        found = [record for record in self.records if record.sid == sid]
        if not found:
            return _error(404, 20404, f"The requested resource {sid} was not found")
        if sid in self.refuse or found[0].status in {"queued", "sending", "accepted", "receiving"}:
            return _error(409, 20009, "Cannot delete this resource before it is complete")
        self.records.remove(found[0])
        return Response(204, "")


def sid(number: int) -> str:
    return f"SM{number:032x}"


def minutes(count: float) -> timedelta:
    return timedelta(minutes=count)


def run(fake: FakeTwilio, *, dry_run: bool = False, page_size: int = 1000) -> Scrubbed:
    """Scrub the fake's log of what is older than 60 minutes at NOW."""
    return scrub(
        ACCOUNT,
        AUTH_TOKEN,
        minutes=60,
        dry_run=dry_run,
        http_client=fake,
        now=NOW,
        page_size=page_size,
    )


def test_old_inbound_and_outbound_records_are_deleted_and_recent_ones_kept() -> None:
    fake = FakeTwilio(
        [
            Record(sid(1), inbound=True, age=minutes(61)),
            Record(sid(2), inbound=False, age=minutes(61)),
            Record(sid(3), inbound=True, age=timedelta(days=40), family=BROTHER),
            Record(sid(4), inbound=False, age=timedelta(days=40), family=BROTHER),
            Record(sid(5), inbound=True, age=minutes(59)),
            Record(sid(6), inbound=False, age=minutes(1)),
        ]
    )
    done = run(fake)
    assert fake.sids == {sid(5), sid(6)}
    assert (done.deleted, done.in_flight, done.failed) == (4, 0, 0)


def test_a_message_never_sent_is_deleted_by_the_time_it_was_made() -> None:
    fake = FakeTwilio(
        [
            Record(sid(1), inbound=False, age=minutes(90), status="failed", sent=False),
            Record(sid(2), inbound=False, age=minutes(5), status="failed", sent=False),
        ]
    )
    assert run(fake).deleted == 1
    assert fake.sids == {sid(2)}


def test_messages_still_in_flight_are_kept() -> None:
    flying = [
        Record(sid(number), inbound=False, age=minutes(120), status=status)
        for number, status in enumerate(("queued", "sending", "accepted", "scheduled"), 1)
    ]
    receiving = Record(sid(5), inbound=True, age=minutes(120), status="receiving")
    fake = FakeTwilio([*flying, receiving, Record(sid(6), inbound=True, age=minutes(120))])
    done = run(fake)
    assert fake.sids == {sid(number) for number in range(1, 6)}
    assert (done.deleted, done.in_flight, done.failed) == (1, 5, 0)
    assert not [call for call in fake.calls if call[0] == "DELETE" and sid(6) not in call[1]]


def test_a_log_of_several_pages_is_read_to_its_end() -> None:
    old = [
        Record(sid(number), inbound=number % 2 == 0, age=minutes(60 + number))
        for number in range(1, 12)
    ]
    fake = FakeTwilio([Record(sid(100), inbound=True, age=minutes(2)), *old])
    done = run(fake, page_size=3)
    assert done.deleted == 11
    assert fake.sids == {sid(100)}
    assert len([call for call in fake.calls if call[0] == "GET"]) == 4  # 12 records, 3 a page


def test_a_dry_run_counts_and_deletes_nothing() -> None:
    records = [
        Record(sid(1), inbound=True, age=minutes(200)),
        Record(sid(2), inbound=False, age=minutes(200)),
        Record(sid(3), inbound=False, age=minutes(200), status="sending"),
        Record(sid(4), inbound=True, age=minutes(10)),
    ]
    fake = FakeTwilio(records)
    done = run(fake, dry_run=True)
    assert (done.deleted, done.in_flight) == (2, 1)
    assert fake.sids == {record.sid for record in records}
    assert {method for method, _ in fake.calls} == {"GET"}
    assert done.line() == (
        "dry run: would delete 2 message records older than 60 minutes "
        "(1 still in flight, kept); nothing deleted"
    )


def test_a_record_twilio_refuses_to_delete_is_counted_and_the_others_are_deleted() -> None:
    fake = FakeTwilio(
        [Record(sid(number), inbound=True, age=minutes(90)) for number in range(1, 5)],
        refuse=[sid(2)],
    )
    done = run(fake)
    assert (done.deleted, done.failed) == (3, 1)
    assert fake.sids == {sid(2)}


# The command, as cron runs it.


@pytest.fixture
def scrubbing(make_app: Callable[..., Flask]) -> Callable[..., Result]:
    """Run `hotline twilio scrub` against a fake Twilio, with TWILIO_ACCOUNT_SID set."""

    def invoke(fake: FakeTwilio, *args: str, **config: object) -> Result:
        app = make_app(TWILIO_ACCOUNT_SID=ACCOUNT, **config)
        app.extensions[HTTP_CLIENT_EXTENSION] = fake
        return app.test_cli_runner().invoke(args=["twilio", "scrub", *args])

    return invoke


def _now_log(*ages: timedelta) -> FakeTwilio:
    """A fake log, dated from the real clock, with one inbound and one outbound text per age."""
    records = []
    for number, age in enumerate(ages):
        records.append(Record(sid(2 * number), inbound=True, age=age, body=BODIES[number % 4]))
        records.append(Record(sid(2 * number + 1), inbound=False, age=age, family=BROTHER))
    return FakeTwilio(records, now=datetime.now(UTC))


def test_the_command_says_what_it_deleted_in_one_line(scrubbing: Callable[..., Result]) -> None:
    fake = _now_log(minutes(75), timedelta(days=2), minutes(20))
    fake.records.append(Record(sid(99), inbound=False, age=minutes(300), status="queued"))
    result = scrubbing(fake)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "deleted 4 message records older than 60 minutes (1 still in flight, kept; 0 failed)\n"
    )
    assert fake.sids == {sid(4), sid(5), sid(99)}


def test_minutes_come_from_the_setting_and_the_option_overrides_it(
    scrubbing: Callable[..., Result],
) -> None:
    fake = _now_log(minutes(20), minutes(40))
    result = scrubbing(fake, HOTLINE_TWILIO_SCRUB_MINUTES=30)
    assert result.output.startswith("deleted 2 message records older than 30 minutes")
    result = scrubbing(fake, "--minutes", "10")
    assert result.output.startswith("deleted 2 message records older than 10 minutes")
    assert not fake.sids


def test_the_command_dry_run_deletes_nothing(scrubbing: Callable[..., Result]) -> None:
    fake = _now_log(minutes(90))
    result = scrubbing(fake, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("dry run: would delete 2 message records older than 60")
    assert fake.sids == {sid(0), sid(1)}


def test_a_missing_account_sid_is_one_line_and_exit_2(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["twilio", "scrub"])
    assert result.exit_code == 2
    assert result.output == (
        "Error: TWILIO_ACCOUNT_SID is not set: the scrub needs the account's SID and auth token\n"
    )


def test_a_missing_auth_token_is_one_line_and_exit_2(scrubbing: Callable[..., Result]) -> None:
    result = scrubbing(_now_log(minutes(90)), TWILIO_AUTH_TOKEN=None)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "TWILIO_AUTH_TOKEN is not set" in result.output


def test_a_wrong_auth_token_is_one_line_from_twilios_401_and_exit_1(
    scrubbing: Callable[..., Result],
) -> None:
    fake = _now_log(minutes(90))
    result = scrubbing(fake, TWILIO_AUTH_TOKEN="a-token-twilio-does-not-know")
    assert result.exit_code == 1
    assert result.output == (
        "Error: Twilio refused TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (HTTP 401) while listing "
        "message records: check that both belong to the same account\n"
    )
    assert "a-token-twilio-does-not-know" not in result.output
    assert fake.sids == {sid(0), sid(1)}


def test_an_unreachable_twilio_is_one_line_and_exit_1(scrubbing: Callable[..., Result]) -> None:
    fake = _now_log(minutes(90))
    fake.down = True
    result = scrubbing(fake)
    assert result.exit_code == 1
    assert result.output == (
        "Error: could not reach Twilio while listing message records (ConnectionError)\n"
    )


def test_no_phone_number_and_no_body_reach_the_output_or_the_logs(
    scrubbing: Callable[..., Result], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = _now_log(minutes(90), timedelta(days=3), minutes(10), minutes(200))
    fake.records.append(Record(sid(50), inbound=True, age=minutes(90), status="receiving"))
    fake.refuse.add(sid(6))  # a failure is logged: the log line must be as clean as the output
    outputs = [scrubbing(fake, "--dry-run").output, scrubbing(fake).output]
    fake.records.append(Record(sid(51), inbound=True, age=minutes(90), body=BODIES[3]))
    outputs.append(scrubbing(fake, TWILIO_AUTH_TOKEN="wrong").output)
    fake.down = True
    outputs.append(scrubbing(fake).output)
    assert "1 failed" in outputs[1]
    assert "Twilio did not delete a message record (HTTP 409, Twilio error 20009)" in caplog.text
    shown = "\n".join([*outputs, caplog.text])
    for secret in (*BODIES, AUTH_TOKEN):
        assert secret not in shown
    for number in (MOTHER, BROTHER, HOTLINE):
        assert number[-7:] not in shown  # not even the last seven digits


@pytest.mark.parametrize(("value", "problem"), [("soon", "whole number"), ("0", "at least 1")])
def test_the_scrub_minutes_setting_must_be_a_whole_number_of_at_least_one(
    tmp_path: Path, value: str, problem: str
) -> None:
    with pytest.raises(ConfigError, match=f"HOTLINE_TWILIO_SCRUB_MINUTES must be .*{problem}"):
        from_environment({"HOTLINE_TWILIO_SCRUB_MINUTES": value}, tmp_path)
    assert from_environment({}, tmp_path)["HOTLINE_TWILIO_SCRUB_MINUTES"] == 60
