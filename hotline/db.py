"""The database connection: one engine per app, one session per request, and bounded waits.

A text must be answered within Twilio's 15 seconds even when the database hangs (a lock held by a
migration, a failover, dropped packets): every wait is bounded, so a failure becomes the short
apology well within 5 seconds, and the next text finds the database again without a restart.

The server's own timeouts do not help when the server (or a pooler, or the network) stops
answering on a connection that stays open: a thread then waits in recv() forever, and gunicorn's
gthread worker never kills it. So the webhook and /healthz run their database work under a
client-side `deadline()`: when it passes, a timer thread breaks the connections the block checked
out (it shuts the PostgreSQL socket down, or interrupts SQLite), the waiting call fails at once,
and the pool throws the connection away.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import socket
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

# SQLite: how long a writer waits for another's lock before giving up ("database is locked").
SQLITE_BUSY_TIMEOUT_SECONDS = 2
# PostgreSQL: connecting (a listener that never answers), a statement, a lock, unacknowledged
# packets, and waiting for a free pooled connection.
PG_CONNECT_TIMEOUT_SECONDS = 2
PG_STATEMENT_TIMEOUT_MS = 3000
PG_LOCK_TIMEOUT_MS = 2000
PG_TCP_USER_TIMEOUT_MS = 3000
POOL_TIMEOUT_SECONDS = 2
# Whatever the database does (hangs with the connection open included), the database work of a
# request from Twilio (a text, a delivery receipt) ends by then, well within Twilio's 15 seconds.
TWILIO_DEADLINE_SECONDS = 4.0


class Deadline:
    """The connections one block of database work checked out, and whether its time ran out."""

    def __init__(self) -> None:
        self.connections: list[Any] = []
        self.expired = False
        self.done = False
        self.lock = threading.Lock()

    def expire(self) -> None:
        with self.lock:
            if self.done:
                return
            self.expired = True
            for connection in self.connections:
                _break(connection)


_current = threading.local()


def _break(dbapi_connection: Any) -> None:
    """Make whatever this connection is waiting for fail now, from another thread."""
    try:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.interrupt()
            return
        descriptor = dbapi_connection.pgconn.socket
        duplicate = socket.socket(fileno=os.dup(descriptor))
        try:
            duplicate.shutdown(socket.SHUT_RDWR)  # the socket itself, under every descriptor
        finally:
            duplicate.close()
    except Exception as failure:  # already closed, or never opened: nothing to break
        log.debug("deadline: could not break a connection (%s)", type(failure).__name__)


class _Watchdog:
    """One thread for every deadline of the process: it sleeps until the next one is due."""

    def __init__(self) -> None:
        self.due: list[tuple[float, int, Deadline]] = []
        self.order = itertools.count()
        self.wakeup = threading.Condition()
        self.thread: threading.Thread | None = None

    def watch(self, found: Deadline, seconds: float) -> None:
        with self.wakeup:
            heapq.heappush(self.due, (time.monotonic() + seconds, next(self.order), found))
            if self.thread is None or not self.thread.is_alive():  # first use, or after a fork
                self.thread = threading.Thread(target=self._run, name="db-deadline", daemon=True)
                self.thread.start()
            elif self.due[0][2] is found:
                self.wakeup.notify()

    def _run(self) -> None:
        while True:
            with self.wakeup:
                while self.due and self.due[0][2].done:
                    heapq.heappop(self.due)  # ended in time: forget it
                if not self.due:
                    self.wakeup.wait()
                    continue
                wait = self.due[0][0] - time.monotonic()
                if wait > 0:
                    self.wakeup.wait(wait)
                    continue
                found = heapq.heappop(self.due)[2]
            found.expire()


_watchdog = _Watchdog()


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Whatever the database does, the work in this block gives up after `seconds`."""
    found = Deadline()
    _current.deadline = found
    _watchdog.watch(found, seconds)
    try:
        yield found
    finally:
        with found.lock:
            found.done = True
        _current.deadline = None


def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    found: Deadline | None = getattr(_current, "deadline", None)
    if found is not None:
        with found.lock:
            found.connections.append(dbapi_connection)
            if found.expired:  # checked out after the time ran out: fail at once
                _break(dbapi_connection)


def database_url(url: str) -> str:
    """Accept the URLs deployers have (postgres://, postgresql://) and use the psycopg driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # WAL lets readers and one writer work at once; foreign keys are off in SQLite unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows (an erased conversation, released counters) are overwritten with zeros, not
    # left in free pages for a copy of the file to read back.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; nothing connects until the first query. Errors never quote values."""
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkout", _checked_out)
        return engine
    options = f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS} -c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    engine = create_engine(
        url,
        connect_args={
            "connect_timeout": PG_CONNECT_TIMEOUT_SECONDS,
            "options": options,
            "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
            "keepalives_idle": 10,
            "keepalives_interval": 2,
            "keepalives_count": 2,
        },
        pool_timeout=POOL_TIMEOUT_SECONDS,
        pool_pre_ping=False,
        hide_parameters=True,
    )
    event.listen(engine, "checkout", _checked_out)
    return engine


def init_app(app: Flask) -> None:
    """Give the app its engine and close each request's session when the request ends."""
    engine = make_engine(app.config["HOTLINE_DATABASE_URL"])
    app.extensions["hotline.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["hotline.engine"] = engine
    app.teardown_appcontext(_close_session)


class WriterBusy(Exception):
    """Another thread of this process held SQLite's write turn for longer than a writer waits."""


_writers: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_writers_lock = threading.Lock()


@contextmanager
def writing(engine: Engine) -> Iterator[None]:
    """On SQLite, one write transaction at a time in this process; on PostgreSQL, nothing.

    SQLite has one writer for the whole file. Threads that find its lock taken sleep in SQLite's
    busy handler (1, 2, 5, 10 ms, ...) and wake late, long after it was let go: under load most of a
    text's time went to those sleeps. Here the threads of one process queue on a Python lock, handed
    over the moment it is free; only the few processes of a server still meet in the busy handler.
    """
    if engine.dialect.name != "sqlite":
        yield
        return
    with _writers_lock:
        turn = _writers.get(engine)
        if turn is None:
            turn = _writers[engine] = threading.Lock()
    if not turn.acquire(timeout=SQLITE_BUSY_TIMEOUT_SECONDS):
        raise WriterBusy
    try:
        yield
    finally:
        turn.release()


# What runs a statement: the admin's ORM session, or the webhook's Core connection (a text's few
# statements need no unit of work, and a connection costs half as much per transaction).
Executor = Session | Connection


def engine_of(executor: Executor) -> Engine:
    """The engine a session or connection runs on (what per-database caches are keyed by)."""
    if isinstance(executor, Connection):
        return executor.engine
    bind = executor.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def engine() -> Engine:
    found: Engine = current_app.extensions["hotline.engine"]
    return found


def session() -> Session:
    """Return this app context's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["hotline.sessionmaker"]()
    found: Session = g.db_session
    return found


def _close_session(exception: BaseException | None) -> None:
    opened = g.pop("db_session", None)
    if opened is not None:
        opened.close()
