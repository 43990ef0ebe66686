"""Count each number's texts this minute (the flood limit) without a key anyone can join to it.

The count is kept under an HMAC of the conversation key with a secret of the day: in Redis (shared
by every server) the secret lives in Redis itself and expires with its day; without Redis, each
process counts in its own memory with a secret of its own. Neither is ever written to the database
or a log, so a flood count cannot be tied to a conversation once its day is over, and the
conversation row keeps no minute.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger(__name__)

# A flood key lives two minutes; a day's secret lives to the end of its day (UTC) and a little more.
KEY_SECONDS = 120
SECRET_GRACE_SECONDS = 300
# After Redis fails, it is not asked again for this long: a hung Redis costs one text one
# socket timeout, not every text.
BREAKER_SECONDS = 30.0


def _day_end_seconds(now: datetime) -> int:
    day_end = datetime(now.year, now.month, now.day, tzinfo=UTC).timestamp() + 86400
    return max(int(day_end - now.timestamp()), 1) + SECRET_GRACE_SECONDS


class FloodCounter:
    """Texts per number per minute, in Redis when given a client, else in this process's memory."""

    def __init__(self, redis: Any = None) -> None:
        self.redis = redis
        self._secrets: dict[str, bytes] = {}
        self._counts: dict[str, int] = {}  # this minute's texts per hashed key
        self._minute = 0
        self._lock = threading.Lock()
        self._redis_resting_until = 0.0  # the breaker: monotonic time Redis may be asked again

    def _secret(self, now: datetime, shared: bool) -> bytes:
        day = now.astimezone(UTC).date().isoformat()
        with self._lock:
            found = self._secrets.get(day)
        if found is not None:
            return found
        candidate = secrets.token_bytes(32)
        if shared:
            name = f"hotline:flood-secret:{day}"
            self.redis.set(name, candidate, nx=True, ex=_day_end_seconds(now))
            stored = self.redis.get(name)
            candidate = bytes(stored) if stored is not None else candidate
        with self._lock:
            self._secrets = {day: self._secrets.get(day, candidate)}  # yesterday's is dropped
            return self._secrets[day]

    def _name(self, key: str, now: datetime, shared: bool) -> str:
        return hmac.new(self._secret(now, shared), key.encode(), hashlib.sha256).hexdigest()[:32]

    def count(self, key: str, now: datetime) -> int:
        """Count one text from this conversation key in its minute, and return the minute's count."""
        minute = int(now.timestamp()) // 60
        if self.redis is not None and time.monotonic() >= self._redis_resting_until:
            try:
                name = f"hotline:flood:{self._name(key, now, shared=True)}:{minute}"
                pipeline = self.redis.pipeline()
                pipeline.incr(name)
                pipeline.expire(name, KEY_SECONDS)
                counted, _ = pipeline.execute()
                return int(counted)
            except Exception:  # Redis down: count in memory instead, never fail a text
                self._redis_resting_until = time.monotonic() + BREAKER_SECONDS
                log.warning("flood count: Redis unavailable, counting in this process for %ds",
                            BREAKER_SECONDS)  # fmt: skip
        name = self._name(key, now, shared=False)
        with self._lock:
            if minute != self._minute:  # a new minute: last minute's counts are of no more use
                self._counts, self._minute = {}, minute
            self._counts[name] = self._counts.get(name, 0) + 1
            return self._counts[name]
