"""Turn a sender's number into a key that cannot be turned back, and keep it out of the logs."""

from __future__ import annotations

import hashlib
import hmac

WHATSAPP_PREFIX = "whatsapp:"


def channel_and_number(sender: str) -> tuple[str, str]:
    """Split Twilio's `From` into its channel and the E.164 number ("whatsapp:+1..." -> whatsapp)."""
    sender = sender.strip()
    if sender.lower().startswith(WHATSAPP_PREFIX):
        return "whatsapp", sender[len(WHATSAPP_PREFIX) :].strip()
    return "sms", sender


def sender_key(phone_key: str, number: str) -> str:
    """HMAC-SHA256 of the E.164 number with the server's key: the only identity ever stored.

    SMS and WhatsApp from one number share a key, so STOP on one silences both.
    """
    return hmac.new(phone_key.encode(), number.encode(), hashlib.sha256).hexdigest()


def message_key(phone_key: str, message_sid: str) -> str:
    """Keyed hash of a Twilio MessageSid: enough to spot a replay, useless to look the text up."""
    return hmac.new(
        phone_key.encode(), b"MessageSid:" + message_sid.encode(), hashlib.sha256
    ).hexdigest()
