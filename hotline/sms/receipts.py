"""Twilio's status callbacks for the hotline's replies: count each final outcome, nothing else.

Every reply's <Message> names this endpoint, with the reply's language and channel in the URL
(hotline.sms.webhook), so Twilio says whether the carrier delivered it, filtered it as spam (30007)
or could not reach the phone (30003). The callback carries the family's number in `To`: it becomes
the conversation's key at once, to charge the outcome to the family's weekly units, and is never
stored or logged. Only final outcomes count (delivered, undelivered, failed), into this week's
cells of the delivery tables, which are released with noise like every other usage number: no row
exists for a message, and no outcome is kept but as a count.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import UTC, datetime

from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue
from sqlalchemy import Table, bindparam, update
from sqlalchemy.exc import SQLAlchemyError

from hotline import db
from hotline.conversation.state import STATS_TIMEZONE
from hotline.db import Executor, WriterBusy, engine_of, writing
from hotline.i18n import LANGUAGES
from hotline.inbox import Row, charge, lock
from hotline.models import Conversation
from hotline.privacy import channel_and_number, sender_key
from hotline.stats import cells, counters

from .signature import validate_twilio_request

log = logging.getLogger(__name__)
bp = Blueprint("receipts", __name__)

# Where Twilio posts a reply's status: each <Message> names it, with ?lang=..&ch=.. (signed too).
STATUS_PATH = "/sms/status"
# Every status Twilio reports for an outbound message. Any other is a malformed callback (400); of
# these, only cells.FINAL_STATUSES count, the rest (queued, sent, read, ...) are acknowledged.
STATUSES = frozenset({
    "accepted", "scheduled", "canceled", "queued", "sending", "sent", "delivered", "undelivered",
    "failed", "read", "partially_delivered", "receiving", "received",
})  # fmt: skip
# Twilio's error codes are five digits; ASCII digits only (str.isdigit takes "²" and "٣" too).
_ERROR_CODE = re.compile(r"[0-9]{1,10}")
# A real status callback is well under a kilobyte: anything much larger is refused unread.
MAX_CALLBACK_BYTES = 16 * 1024


_TABLE: Table = Conversation.__table__  # type: ignore[assignment]
# Only the weekly units are written back: a receipt is not a text, so `last_seen` (and with it the
# conversation's retention) stays the family's last text.
_CHARGE = (
    update(_TABLE).where(_TABLE.c.key == bindparam("b_key")).values(counted=bindparam("b_counted"))
)


@bp.before_request
def _small_bodies_only() -> None:
    # Werkzeug stops reading past this limit (413), before the signature check parses the form.
    request.max_content_length = MAX_CALLBACK_BYTES
    request.max_form_memory_size = MAX_CALLBACK_BYTES


def _chargeable(row: Row | None, total: int, now: datetime) -> int | None:
    """The family's units this week once charged `total` more; None when nothing may be counted.

    No row (DELETE, purged): nothing. A reply of a week already over counts nothing either: its
    units are settled, and the row's `counted` only speaks for the week of its last text.
    """
    if row is None or row["last_seen"] is None:
        return None
    if cells.week_of(row["last_seen"]) != cells.week_of(now):
        return None
    return charge(row, total, now)


def count(session: Executor, key: str, units: Counter[counters.Key], now: datetime) -> bool:
    """Charge a receipt's units to the family's week and add them, in one transaction.

    The conversation is locked as a text locks it (hotline.inbox), so a receipt and a text of one
    family never both read the same units used. Returns whether anything was counted.
    """
    with writing(engine_of(session)), session.begin():
        row = lock(session, key)
        charged = _chargeable(row, sum(units.values()), now)
        if charged is None:
            return False
        session.execute(_CHARGE, {"b_key": key, "b_counted": charged})
    counters.count(engine_of(session), units)
    return True


@bp.post(STATUS_PATH)
@validate_twilio_request
def status() -> ResponseReturnValue:
    language = request.args.get("lang", "")
    channel = request.args.get("ch", "")
    outcome = request.form.get("MessageStatus", "")
    error_code = request.form.get("ErrorCode", "")
    if language not in LANGUAGES or channel not in cells.CHANNELS:
        return "The status URL names a language and a channel the hotline knows.", 400
    if outcome not in STATUSES:
        return "A status callback carries a MessageStatus Twilio sends.", 400
    if error_code and not _ERROR_CODE.fullmatch(error_code):
        return "A status callback's ErrorCode is a number.", 400
    if outcome not in cells.FINAL_STATUSES:
        return "", 204
    _channel, number = channel_and_number(request.form.get("To", ""))
    if not number:
        return "A final status callback names the reply's recipient in To.", 400
    key = sender_key(current_app.config["HOTLINE_PHONE_KEY"], number)
    now = datetime.now(UTC)
    day = now.astimezone(STATS_TIMEZONE).date()
    units = cells.receipt_cells(day, outcome, error_code, language, channel)
    try:
        # Bounded like a text's work: a hung database never holds a server thread for long.
        with db.deadline(db.TWILIO_DEADLINE_SECONDS), db.engine().connect() as connection:
            count(connection, key, units, now)
    except (SQLAlchemyError, WriterBusy) as failure:
        # Only the failure's type: its text may quote the key. Twilio does not retry a status
        # callback, so this outcome goes uncounted, as a text past the bound does.
        log.warning(
            "delivery receipt not counted: the database failed (%s)", type(failure).__name__
        )
        return "", 503
    # No line per receipt: which outcome came back, and when, is what a count must not tell.
    return "", 204
