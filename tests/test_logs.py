"""What a subpoena for the logs would get: no conversation key, nothing that ties two texts together."""

from __future__ import annotations

import logging
import re
import runpy
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

import hotline
from hotline.inbox import Limits, Received, receive

from .conftest import Phone

ROOT = Path(__file__).resolve().parent.parent
REQUEST_ID = re.compile(f"[{hotline.REQUEST_ID_ALPHABET}]{{{hotline.REQUEST_ID_LENGTH}}}")
# The shortest piece of a key no log line may hold: 6 hex characters are 24 bits, enough to pick
# one family out of a few thousand conversations.
KEY_PIECE = 6
# Shorter words (a line number, "sms") are too common to tie anything together.
SHORTEST_WORD = 4
# Made only in the tests' fake failure; the log must hold neither it nor the key beside it.
SECRET = "Jose Ramirez A-123456789"
FORMATTER = logging.Formatter(hotline.LOG_FORMAT)


def print_as_the_app_does(caplog: pytest.LogCaptureFixture) -> None:
    """Capture every hotline record at DEBUG, stamped by the app's own filter and in its format."""
    caplog.set_level(logging.DEBUG, logger="hotline")
    caplog.handler.addFilter(hotline.RequestIdFilter())
    caplog.handler.setFormatter(FORMATTER)


def hotline_records(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    return [r for r in records if r.name == "hotline" or r.name.startswith("hotline.")]


def request_id(record: logging.LogRecord) -> str:
    """The id the app's filter stamped on the record."""
    found = record.__dict__["request_id"]
    assert isinstance(found, str)
    return found


def words(line: str) -> set[str]:
    """The line's words (split on anything but letters and digits) long enough to link lines."""
    return {word for word in re.split(r"[^0-9a-z]+", line.casefold()) if len(word) >= SHORTEST_WORD}


def fixed_words(record: logging.LogRecord) -> set[str]:
    """What the logger writes whatever the request: the format, level and logger names, the
    message's template (not its values) and the time."""
    return words(" ".join([hotline.LOG_FORMAT, *logging.getLevelNamesMapping(), record.name,
                           str(record.msg), FORMATTER.formatTime(record)]))  # fmt: skip


def key_pieces(key: str) -> list[str]:
    """Every run of KEY_PIECE characters of the key: any longer piece holds one of them."""
    return [key[start : start + KEY_PIECE] for start in range(len(key) - KEY_PIECE + 1)]


def conversation_key(engine: Engine) -> str:
    with engine.connect() as connection:
        key: str = connection.execute(text("SELECT key FROM conversation")).scalar_one()
    return key


def test_a_conversation_logs_no_piece_of_its_key_and_nothing_shared_across_requests(
    phone: Phone,
    engine: Engine,
    seeded: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    print_as_the_app_does(caplog)

    def receive_or_fail(
        session: Session, received: Received, now: datetime, limits: Limits | None = None
    ) -> tuple[str, ...]:
        if received.text == "oops":  # one failure, so the conversation logs an error line too
            raise RuntimeError(f"{SECRET} {received.key}")
        return receive(session, received, now, limits)

    monkeypatch.setattr("hotline.sms.webhook.receive", receive_or_fail)

    # The family's texts, with two replays (Twilio retrying) and one failure: each logs a line.
    sends = [("hola", "SM-first"), ("hola", "SM-first"), ("1", None), ("MORE", None),
             ("oops", None), ("5", None), ("02121", "SM-place"), ("02121", "SM-place"),
             ("MORE", None)]  # fmt: skip
    by_request: list[list[logging.LogRecord]] = []

    def send(body: str, sid: str | None = None) -> None:
        before = len(caplog.records)
        response = phone.post(body, sid=sid)
        assert response.status_code == 200
        by_request.append(hotline_records(caplog.records[before:]))

    for body, sid in sends:
        send(body, sid)
    key = conversation_key(engine)
    send("DELETE")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM conversation")).scalar_one() == 0

    logged = [(index, record) for index, records in enumerate(by_request) for record in records]
    # Not vacuous: the two replays and the failure each logged, in three requests.
    assert len({index for index, _ in logged}) >= 3
    assert sum("replayed" in record.getMessage() for _, record in logged) == 2
    assert sum(record.levelno == logging.ERROR for _, record in logged) == 1

    # Each request's lines share one random id, which no other request has.
    ids = {index: {request_id(record) for record in records}
           for index, records in enumerate(by_request) if records}  # fmt: skip
    assert all(len(found) == 1 for found in ids.values()), ids
    request_ids = [next(iter(found)) for found in ids.values()]
    assert all(REQUEST_ID.fullmatch(found) for found in request_ids), request_ids
    assert len(set(request_ids)) == len(request_ids)

    seen_in: dict[str, set[int]] = defaultdict(set)
    for index, record in logged:
        line = FORMATTER.format(record)
        assert f"[{request_id(record)}]" in line
        # (a) No piece of the key, in any case, nor the failure's text.
        for piece in key_pieces(key):
            assert piece not in line.casefold(), (piece, line)
        assert "Ramirez" not in line and "123456789" not in line, line
        # (b) Gather the words that could link this line to another request's.
        for word in words(line) - fixed_words(record) - {request_id(record)}:
            seen_in[word].add(index)
    shared = {word: sorted(found) for word, found in seen_in.items() if len(found) > 1}
    assert shared == {}, f"words that tie requests together: {shared}"


def test_a_failed_text_is_logged_under_its_request_id_with_no_key_and_no_exception_text(
    phone: Phone, engine: Engine, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    print_as_the_app_does(caplog)
    phone.text("hello")
    key = conversation_key(engine)

    def fail(
        session: Session, received: Received, now: datetime, limits: Limits | None = None
    ) -> tuple[str, ...]:
        raise RuntimeError(f"{SECRET} {received.key}")

    monkeypatch.setattr("hotline.sms.webhook.receive", fail)
    assert phone.text("hello again")  # an apology went back
    [record] = [r for r in hotline_records(caplog.records) if r.levelno >= logging.ERROR]
    line = FORMATTER.format(record)
    first = line.splitlines()[0]
    assert REQUEST_ID.fullmatch(request_id(record))
    assert first.endswith(f"ERROR hotline.sms.webhook [{request_id(record)}]: "
                          "inbound text failed: RuntimeError")  # fmt: skip
    assert "webhook.py" in line  # where it failed, from the last frames
    assert "Ramirez" not in line and "123456789" not in line
    for piece in key_pieces(key):
        assert piece not in line.casefold(), (piece, line)


def test_a_line_outside_any_request_carries_a_dash(caplog: pytest.LogCaptureFixture) -> None:
    print_as_the_app_does(caplog)
    logging.getLogger("hotline.cli").warning("a command ran")
    [record] = hotline_records(caplog.records)
    assert FORMATTER.format(record).endswith("WARNING hotline.cli [-]: a command ran")


def test_request_ids_are_random_and_can_never_hold_a_piece_of_a_key() -> None:
    assert not set(hotline.REQUEST_ID_ALPHABET) & set("0123456789abcdef")
    assert len(set(hotline.REQUEST_ID_ALPHABET)) ** hotline.REQUEST_ID_LENGTH >= 2**32
    drawn = {hotline.new_request_id() for _ in range(1000)}
    assert all(REQUEST_ID.fullmatch(found) for found in drawn)
    assert len(drawn) > 990  # 32 random bits: a repeat among 1,000 is rare, many would be a bug


def test_the_access_line_carries_no_response_size() -> None:
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    access = settings["access_log_format"]
    assert "%(b)s" not in access and "%(B)s" not in access
    atoms = set(re.findall(r"%\(([^)]*)\)s", access))
    assert {"m", "U", "s", "M"} <= atoms  # method, path, status, duration
    # Not the request line or query string (r, q), user agent (a), referer (f), or any header.
    assert not atoms & {"r", "q", "a", "f", "b", "B"}, atoms
    assert not any(atom.startswith("{") for atom in atoms), atoms
