"""Recognise a Twilio request answered before, however long ago, without a list that orders texts.

Each conversation keeps a Bloom filter of the MessageSids it answered (as keyed hashes): a fixed
2,048 bits, 8 bits set per message. It tells "seen" or "not seen" and nothing else: not how many
texts came (only roughly, from how full it is), not in which order. A false positive would drop a
family's new text as a replay, so the filter is sized to make that rare for any real conversation:
`false_positive_rate(n)` after n texts is about 1 in a million at 50 texts and 1 in 8,000 at 100.
"""

from __future__ import annotations

import hashlib
import math

FILTER_BITS = 2048
HASHES = 8
HEX_LENGTH = FILTER_BITS // 4


def _positions(message_key: str) -> list[int]:
    # The keyed hash of the MessageSid (hotline.privacy.message_key); its first 16 hex digits are
    # plenty to place 8 bits (and are what older rows kept, so they could be carried over).
    digest = hashlib.sha256(message_key[:16].encode()).digest()
    return [int.from_bytes(digest[2 * n : 2 * n + 2], "big") % FILTER_BITS for n in range(HASHES)]


def _bits(stored: str) -> int:
    return int(stored, 16) if stored else 0


def seen(stored: str, message_key: str) -> bool:
    """Whether this message was (very probably) answered before."""
    bits = _bits(stored)
    return all(bits >> position & 1 for position in _positions(message_key))


def remember(stored: str, message_key: str) -> str:
    """The filter with this message added."""
    bits = _bits(stored)
    for position in _positions(message_key):
        bits |= 1 << position
    return f"{bits:0{HEX_LENGTH}x}"


def false_positive_rate(texts: int) -> float:
    """The chance that a new message reads as seen after `texts` messages were added."""
    return (1 - math.exp(-HASHES * texts / FILTER_BITS)) ** HASHES
