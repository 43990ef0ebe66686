"""Twilio's Messaging webhook: check the signature, hand the text in, answer with TwiML.

The only module that knows Twilio exists (with `signature`).
"""

from __future__ import annotations

import logging
import time
import traceback
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from hotline import db
from hotline.conversation import content
from hotline.conversation.language import detect_language
from hotline.db import WriterBusy
from hotline.i18n import translations
from hotline.inbox import AlreadyAnswered, Limits, Received, count_error, receive, stored_language
from hotline.languages import SOURCE_LANGUAGE, WHEN_UNKNOWN
from hotline.privacy import channel_and_number, message_key, sender_key

from .receipts import STATUS_PATH
from .signature import validate_twilio_request

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__)

# Twilio refuses a message body over 1,600 characters.
TWILIO_MAX_BODY = 1600


def split_for_twilio(text: str) -> list[str]:
    """Cut a reply into bodies Twilio accepts, at line breaks where it can."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > TWILIO_MAX_BODY:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:TWILIO_MAX_BODY])
            line = line[TWILIO_MAX_BODY:]
        joined = f"{current}\n{line}" if current else line
        if len(joined) > TWILIO_MAX_BODY:
            parts.append(current)
            joined = line
        current = joined
    if current:
        parts.append(current)
    return parts


def status_url(language: str, channel: str) -> str:
    """Where Twilio reports a reply's delivery, as the signature check will see the URL it calls."""
    query = urlencode({"lang": language, "ch": channel})
    public = current_app.config.get("HOTLINE_PUBLIC_URL")
    # The same base `signature.called_url` checks against: HOTLINE_PUBLIC_URL, else this request's.
    base = public.rstrip("/") if public else request.url_root.rstrip("/")
    return f"{base}{STATUS_PATH}?{query}"


def twiml(replies: tuple[str, ...], languages: list[str]) -> Response:
    """The replies (each in its language) as TwiML, each <Message> asking Twilio to report its
    delivery to /sms/status."""
    response = MessagingResponse()
    channel, _number = channel_and_number(request.form.get("From", ""))
    for reply, language in zip(replies, languages, strict=True):
        callback = status_url(language, channel)
        for body in split_for_twilio(reply):
            # `action` is <Message>'s status callback (`statusCallback` is its deprecated name).
            response.message(body, action=callback, method="POST")
    return Response(str(response), mimetype="text/xml")


def _media_count(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


def _apology(language: str | None) -> Response:
    """A static reply that needs nothing but the catalogs: the conversation's language, else the
    languages for a family whose language is unknown (English and Spanish)."""
    languages = [language] if language else list(WHEN_UNKNOWN)
    return twiml(
        tuple(translations(code).gettext(content.TRY_AGAIN) for code in languages), languages
    )


# A real Twilio request is a few KB; anything much larger is refused before it is read or parsed.
MAX_WEBHOOK_BYTES = 64 * 1024
# When a text fails slowly (the database hung, was locked or timed out), the apology goes out
# without asking the database anything more, so it leaves within the bounded wait. A quick failure
# (a bug) may still look up the conversation's language and count the error.
SLOW_FAILURE_SECONDS = 1.0
# A text's database work ends by then, and the apology still leaves within Twilio's 15 seconds.
TEXT_DEADLINE_SECONDS = db.TWILIO_DEADLINE_SECONDS
# What is left for looking up the language of a quick failure and counting it.
FAILURE_DEADLINE_SECONDS = 2.0


@bp.before_request
def _small_bodies_only() -> None:
    # Werkzeug stops reading past this limit (413), before the signature check parses the form.
    request.max_content_length = MAX_WEBHOOK_BYTES
    request.max_form_memory_size = MAX_WEBHOOK_BYTES


def limits() -> Limits:
    """The inbox's limits from the configuration, made once per app (with its Redis client)."""
    found = current_app.extensions.get("hotline.limits")
    if found is None:
        storage = current_app.config.get("HOTLINE_RATELIMIT_STORAGE_URL")
        client = None
        if storage and storage.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(storage, socket_timeout=1, socket_connect_timeout=1)
        found = Limits(
            max_age_days=current_app.config["HOTLINE_REFERRAL_MAX_AGE_DAYS"],
            sender_limit=current_app.config["HOTLINE_SENDER_LIMIT"],
            redis=client,
        )
        current_app.extensions["hotline.limits"] = found
    return found


def _language_stored(key: str) -> str | None:
    """After a quick failure, the conversation's language for the apology; None when it cannot be
    read. Never raises: the database may be what failed."""
    try:
        with db.deadline(FAILURE_DEADLINE_SECONDS), db.engine().connect() as connection:
            return stored_language(connection, key)
    except Exception:
        return None


@bp.post("/sms")
@validate_twilio_request
def inbound() -> Response | tuple[str, int]:
    sender = request.form.get("From", "")
    channel, number = channel_and_number(sender)
    if not number:
        return "A Twilio Messaging request names its sender in From.", 400
    phone_key = current_app.config["HOTLINE_PHONE_KEY"]
    key = sender_key(phone_key, number)
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    text = request.form.get("Body", "")
    received = Received(
        key=key,
        text=text,
        message_key=message_key(phone_key, sid) if sid else None,
        has_media=_media_count(request.form.get("NumMedia")) > 0,
        channel=channel,
    )
    started = time.monotonic()
    try:
        # A Core connection, not the ORM session: a text's two statements need no unit of work.
        with db.deadline(TEXT_DEADLINE_SECONDS), db.engine().connect() as connection:
            replies = receive(connection, received, datetime.now(UTC), limits())
    except AlreadyAnswered:
        # No key: the formatter names the line by this request's random id alone.
        log.info("replayed message answered once already")
        return twiml((), [])
    except Exception as failure:
        # The exception's text may quote values; log only its type and where it happened, under
        # this request's random id, never the conversation's key.
        where = "".join(traceback.format_tb(failure.__traceback__)[-3:])
        log.error("inbound text failed: %s\n%s", type(failure).__name__, where)
        # Slow means the database may hang: ask it nothing more. Waiting for SQLite's write turn
        # is not that (hotline.db.writing): the conversation's language is a read it never blocks.
        slow = time.monotonic() - started > SLOW_FAILURE_SECONDS
        stored = None if slow and not isinstance(failure, WriterBusy) else _language_stored(key)
        language = stored or detect_language(text[:400])
        count_error(db.engine(), language or SOURCE_LANGUAGE, channel, datetime.now(UTC))
        return _apology(language)
    # No line per answered text: gunicorn's access line already counts requests, and how many
    # messages went back would tell which page was sent.
    return twiml(replies, [replies.language] * len(replies))
