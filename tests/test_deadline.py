"""A database that hangs with its connections open still means an answer: the client-side deadline.

A forwarding proxy between the app and PostgreSQL stops forwarding on a flag while keeping every
connection open (a frozen server, a hung pooler, a partition): the server's own timeouts never
fire, and only the app's own deadline can end the wait. On SQLite, another process holds the lock.
"""

from __future__ import annotations

import contextlib
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from hotline.conversation import content
from hotline.i18n import translations

from .conftest import Phone


class FreezingProxy:
    """Forwards TCP to a target until frozen; then forwards nothing and keeps every socket open."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.frozen = threading.Event()
        self.stopped = threading.Event()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.server.settimeout(0.1)
        self.port = int(self.server.getsockname()[1])
        self.sockets: list[socket.socket] = []
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                continue
            self.sockets.append(client)
            if self.frozen.is_set():
                continue  # accepted, never connected onward: a hung pooler
            upstream = socket.create_connection(self.target, timeout=2)
            self.sockets.append(upstream)
            thread = threading.Thread(target=self._pipe, args=(client, upstream), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _pipe(self, client: socket.socket, upstream: socket.socket) -> None:
        pair = {client: upstream, upstream: client}
        while not self.stopped.is_set():
            if self.frozen.is_set():
                time.sleep(0.05)
                continue
            readable, _, _ = select.select(list(pair), [], [], 0.1)
            for source in readable:
                if self.frozen.is_set():
                    break
                try:
                    data = source.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                try:
                    pair[source].sendall(data)
                except OSError:
                    return

    def close(self) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=2)
        for found in self.sockets:
            with contextlib.suppress(OSError):
                found.close()
        self.server.close()


@pytest.fixture
def frozen_postgresql(database_url: str) -> Iterator[tuple[FreezingProxy, str]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("the freezing proxy stands in front of PostgreSQL (HOTLINE_TEST_DATABASE_URL)")
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    proxy = FreezingProxy((url.host or "127.0.0.1", url.port or 5432))
    try:
        yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)
    finally:
        proxy.close()


def apology(language: str) -> str:
    return translations(language).gettext(content.TRY_AGAIN)


def test_a_frozen_postgresql_means_an_apology_within_5_seconds_and_healthz_503_within_3(
    frozen_postgresql: tuple[FreezingProxy, str], make_app: Callable[..., Flask]
) -> None:
    proxy, url = frozen_postgresql
    app = make_app(HOTLINE_DATABASE_URL=url)
    numbers = [f"+1508555{n:04d}" for n in range(20)]
    for number in numbers[:6]:  # pooled connections, open and working before the freeze
        assert Phone(app.test_client(), number).text("Hola, necesito ayuda")
    proxy.frozen.set()

    def text(number: str) -> tuple[list[str], float]:
        started = time.monotonic()
        replies = Phone(app.test_client(), number).text("4")
        return replies, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=20) as pool:
        answered = list(pool.map(text, numbers))
    for number, (replies, elapsed) in zip(numbers, answered, strict=True):
        assert elapsed <= 5.0, (number, elapsed)
        assert replies and all(reply in (apology("es"), apology("en")) for reply in replies)
    started = time.monotonic()
    health = app.test_client().get("/healthz")
    assert health.status_code == 503 and time.monotonic() - started <= 3.0
    proxy.frozen.clear()  # back: broken connections were thrown away, new ones work
    time.sleep(0.2)
    replies = Phone(app.test_client(), numbers[0]).text("1")
    assert replies and replies[0] != apology("es")
    assert app.test_client().get("/healthz").status_code == 200


HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_sqlite_lock_held_by_another_process_means_an_apology_in_time(
    app: Flask, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("another process holds SQLite's lock")
    path = Path(database_url.removeprefix("sqlite:///"))
    assert Phone(app.test_client(), "+15085550190").text("Bonjour, aidez-moi")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), "8"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        replies = Phone(app.test_client(), "+15085550190").text("Mon fils sort de prison demain")
        assert time.monotonic() - started <= 5.0
        assert replies == [apology("fr")]  # read from the text: the database cannot be asked
        started = time.monotonic()
        assert app.test_client().get("/healthz").status_code == 503
        assert time.monotonic() - started <= 3.0
    finally:
        holder.kill()
        holder.wait(timeout=5)
        if holder.stdout is not None:
            holder.stdout.close()
    assert Phone(app.test_client(), "+15085550190").text("1")[0] != apology("fr")
