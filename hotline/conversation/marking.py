"""The marker for texts families read: extracted into messages/messages.pot, translated per texter."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, per texter."""
    return message
