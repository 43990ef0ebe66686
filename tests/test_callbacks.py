"""Callback requests (issue 20, the sealed core): a number sealed to the organization's key, opened
only with its passphrase, erased after the call, on expiry, or on DELETE; the key rotated with open
requests re-sealed. Real SQLite and (in CI) PostgreSQL, real libsodium."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from nacl import pwhash
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hotline import callbacks
from hotline.accounts import CLI
from hotline.callbacks import Asked, CallbackError, Expired, WrongPassphrase
from hotline.models import AuditEntry, CallbackKey, CallbackRequest

from .test_privacy import everything_stored

NUMBER = "+16175550142"
PASSPHRASE = "a long organization passphrase"
NOW = datetime(2026, 12, 3, 15, 42, tzinfo=UTC)


@pytest.fixture(autouse=True)
def lighter_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """libsodium's "interactive" argon2id cost (64 MiB) instead of "moderate" (256 MiB) in tests."""
    monkeypatch.setattr(callbacks, "OPS", pwhash.argon2id.OPSLIMIT_INTERACTIVE)
    monkeypatch.setattr(callbacks, "MEM", pwhash.argon2id.MEMLIMIT_INTERACTIVE)


def _digits_in(text: str) -> bool:
    """Whether any run of the number's digits (7 or more, with or without separators) is there."""
    digits = re.sub(r"\D", "", NUMBER)
    plain = re.sub(r"[\s().+-]", "", text)
    return any(digits[start : start + 7] in plain for start in range(len(digits) - 6))


def _filed(engine: Engine, at: datetime = NOW, **asked: str) -> str:
    with Session(engine) as session, session.begin():
        if callbacks.current_key(session) is None:
            callbacks.keygen(session, CLI, PASSPHRASE)
        request = callbacks.file_request(
            session, NUMBER, Asked(language="es", **asked), at, hours=72
        )
        return request.id


def test_a_number_is_sealed_on_arrival_and_only_the_passphrase_opens_it(
    app: Flask, engine: Engine, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    request_id = _filed(engine, county="Bristol", topic="bond")
    stored = everything_stored(engine)
    assert not _digits_in(stored)
    if database_url.startswith("sqlite"):  # the file itself, free pages and journal included
        raw = Path(database_url.removeprefix("sqlite:///")).read_bytes().decode("latin-1")
        assert not _digits_in(raw)
    with Session(engine) as session:
        request = session.get(CallbackRequest, request_id)
        assert request is not None
        assert (request.language, request.county, request.topic) == ("es", "Bristol", "bond")
        assert request.asked_hour == NOW.replace(minute=0)  # rounded: not the minute it was asked
        # On the hour too: no stored time gives the minute the family texted.
        assert request.expires_at == NOW.replace(minute=0) + timedelta(hours=72)
        key = session.scalars(select(CallbackKey)).one()
        assert PASSPHRASE not in str(key.locked)
    with Session(engine) as session, session.begin(), pytest.raises(WrongPassphrase):
        callbacks.open_request(session, CLI, request_id, "not the passphrase at all", NOW)
    with Session(engine) as session, session.begin():
        assert callbacks.open_request(session, CLI, request_id, PASSPHRASE, NOW) == NUMBER
    with Session(engine) as session:
        opened = session.scalars(select(AuditEntry).where(AuditEntry.action == "callback_opened"))
        assert [entry.target for entry in opened] == [request_id]
    assert not _digits_in(caplog.text) and not _digits_in(everything_stored(engine))


def test_called_and_wrong_number_erase_at_once_and_no_answer_keeps_one_more_try(
    engine: Engine, app: Flask
) -> None:
    called, wrong, unanswered = (_filed(engine) for _ in range(3))
    with Session(engine) as session, session.begin():
        callbacks.done(session, CLI, called, "called", NOW)
        callbacks.done(session, CLI, wrong, "wrong-number", NOW)
        callbacks.done(session, CLI, unanswered, "no-answer", NOW)
    with Session(engine) as session:
        assert session.scalars(select(CallbackRequest.id)).all() == [unanswered]
    with Session(engine) as session, session.begin():
        callbacks.done(session, CLI, unanswered, "no-answer", NOW)  # the second try: erased
    with Session(engine) as session, session.begin():
        assert session.scalars(select(CallbackRequest)).all() == []
        # A colleague's request already closed: a clear answer, nothing changed.
        with pytest.raises(CallbackError, match="closed"):
            callbacks.done(session, CLI, called, "called", NOW)


def test_expired_requests_are_erased_by_purge_and_refused_when_opened(
    engine: Engine, app: Flask, runner: FlaskCliRunner
) -> None:
    request_id = _filed(engine)
    later = NOW + timedelta(hours=72)
    with Session(engine) as session, session.begin(), pytest.raises(Expired, match="expired"):
        callbacks.open_request(session, CLI, request_id, PASSPHRASE, later)
    with Session(engine) as session, session.begin():
        assert callbacks.purge_expired(session, later) == 1
        assert session.get(CallbackRequest, request_id) is None
    # The command line refuses an expired request and erases it there and then.
    stale = _filed(engine, at=datetime.now(UTC) - timedelta(days=4))  # expired a day ago
    refused = runner.invoke(args=["callbacks", "done", stale, "--outcome", "called"])
    assert refused.exit_code != 0 and "expired" in refused.output
    with Session(engine) as session:
        assert session.get(CallbackRequest, stale) is None
    _filed(engine, at=datetime.now(UTC) - timedelta(days=4))
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "1 expired callback request(s) erased" in result.output
    with Session(engine) as session:
        assert session.scalars(select(CallbackRequest)).all() == []


def test_a_familys_delete_erases_its_request(engine: Engine, app: Flask) -> None:
    request_id = _filed(engine)
    with Session(engine) as session, session.begin():
        callbacks.erase(session, request_id)
    with Session(engine) as session:
        assert session.get(CallbackRequest, request_id) is None


def test_without_a_key_nothing_is_filed(engine: Engine, app: Flask) -> None:
    with Session(engine) as session, session.begin():
        with pytest.raises(CallbackError, match="not offered"):
            callbacks.file_request(session, NUMBER, Asked(language="en"), NOW)
        assert session.scalars(select(CallbackRequest)).all() == []


def test_rotation_reseals_open_requests_to_the_new_key_only(engine: Engine, app: Flask) -> None:
    request_id = _filed(engine)
    new_passphrase = "another long organization passphrase"
    with Session(engine) as session, session.begin(), pytest.raises(WrongPassphrase):
        callbacks.rotate(session, CLI, "wrong old passphrase", new_passphrase)
    with Session(engine) as session, session.begin():
        assert callbacks.rotate(session, CLI, PASSPHRASE, new_passphrase) == 1
    with Session(engine) as session, session.begin():
        old, new = session.scalars(select(CallbackKey).order_by(CallbackKey.id)).all()
        assert old.retired_at is not None and old.locked == {}  # nothing opens the old sealing
        assert session.get(CallbackRequest, request_id).key_id == new.id  # type: ignore[union-attr]
        with pytest.raises(WrongPassphrase):
            callbacks.open_request(session, CLI, request_id, PASSPHRASE, NOW)
    with Session(engine) as session, session.begin():
        assert callbacks.open_request(session, CLI, request_id, new_passphrase, NOW) == NUMBER


def test_the_command_line_mirror_lists_without_numbers_opens_and_closes(
    engine: Engine, app: Flask, runner: FlaskCliRunner
) -> None:
    made = runner.invoke(args=["callbacks", "keygen", "--passphrase-stdin"], input="short\n")
    assert made.exit_code != 0 and "at least 12 characters" in made.output
    made = runner.invoke(
        args=["callbacks", "keygen", "--passphrase-stdin"], input=PASSPHRASE + "\n"
    )
    assert made.exit_code == 0, made.output
    with Session(engine) as session, session.begin():
        request_id = callbacks.file_request(
            session, NUMBER, Asked(language="ht", county="Suffolk"), datetime.now(UTC)
        ).id
    listed = runner.invoke(args=["callbacks", "list"])
    assert request_id in listed.output and "Suffolk" in listed.output
    assert not _digits_in(listed.output.replace(request_id, ""))
    wrong = runner.invoke(args=["callbacks", "open", request_id, "--passphrase-stdin"],
                          input="not the passphrase\n")  # fmt: skip
    assert wrong.exit_code != 0 and "does not open" in wrong.output
    opened = runner.invoke(args=["callbacks", "open", request_id, "--passphrase-stdin"],
                           input=PASSPHRASE + "\n")  # fmt: skip
    assert opened.exit_code == 0 and opened.output.strip() == NUMBER
    closed = runner.invoke(args=["callbacks", "done", request_id, "--outcome", "called"])
    assert closed.exit_code == 0 and "erased" in closed.output
    assert "0 open request(s)" in runner.invoke(args=["callbacks", "list"]).output
