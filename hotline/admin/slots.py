"""At most a few admin requests at once per process, so staff (or an attacker posting to the
sign-in form) can never take the threads and database connections a family's text needs.

A server process has one pool of database connections (15) and one pool of threads (64) for texts
and the admin together. Without a bound, 64 simultaneous sign-in attempts held every connection
while their passwords were hashed, and texts waited for one. Here an admin request takes one of
HOTLINE_ADMIN_SLOTS slots (8 by default) before anything else it does, and gives it back when it
ends; twice that many more may wait up to WAIT_SECONDS for one; beyond that, or after the wait, the
admin answers 503 "busy, nothing was saved" at once. Texts never wait here: only the admin's own
requests take a slot.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app, g
from werkzeug.exceptions import ServiceUnavailable

# How long an admin request waits for a slot before it is told the admin is busy.
WAIT_SECONDS = 8.0


class AdminSlots:
    """The admin's concurrent requests in this process: a semaphore with a bounded queue."""

    def __init__(self, slots: int, *, wait_seconds: float = WAIT_SECONDS) -> None:
        self.wait_seconds = wait_seconds
        self._slots = threading.BoundedSemaphore(slots)
        self._most_waiting = 2 * slots
        self._waiting = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        """Take a slot, waiting a little if none is free; False: the admin is busy."""
        with self._lock:
            if self._waiting >= self._most_waiting:
                return False
            self._waiting += 1
        try:
            return self._slots.acquire(timeout=self.wait_seconds)
        finally:
            with self._lock:
                self._waiting -= 1

    def leave(self) -> None:
        self._slots.release()


def take() -> None:
    """The admin's first hook: a slot, or 503 before the request does anything else."""
    if not current_app.extensions["hotline.admin_slots"].enter():
        raise ServiceUnavailable(retry_after=2)
    g.admin_slot = True


def give_back(error: BaseException | None = None) -> None:
    if g.pop("admin_slot", False):
        current_app.extensions["hotline.admin_slots"].leave()


def init_app(app: Flask) -> None:
    """Take a slot first of all the admin's hooks (before the sign-in limits count anything)."""
    app.extensions["hotline.admin_slots"] = AdminSlots(int(app.config["HOTLINE_ADMIN_SLOTS"]))
    app.before_request_funcs.setdefault("admin", []).insert(0, take)
    # The admin's own teardown: a text never runs it.
    app.teardown_request_funcs.setdefault("admin", []).append(give_back)
