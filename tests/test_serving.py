"""The hotline served as in production: gunicorn, two workers, real HTTP on loopback."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import AUTH_TOKEN, MOTHER, PHONE_KEY, message_bodies, sign

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def post(url: str, params: dict[str, str], signature: str) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(params).encode()
    request = urllib.request.Request(url, data=data, headers={"X-Twilio-Signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def _environment(
    database_url: str, tmp_path: Path, port: int, **settings: str | None
) -> dict[str, str]:
    environment = dict(
        os.environ,
        HOTLINE_ENV="production",
        HOTLINE_DATABASE_URL=database_url,
        HOTLINE_SECRET_KEY="s" * 64,
        HOTLINE_PHONE_KEY=PHONE_KEY,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        HOTLINE_BIND=f"127.0.0.1:{port}",
        HOTLINE_INSTANCE_PATH=str(tmp_path / "instance"),
    )
    for name, value in settings.items():  # None: not set at all
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


@contextlib.contextmanager
def gunicorn(
    database_url: str, tmp_path: Path, *, wait: bool = True, **settings: str | None
) -> Iterator[tuple[str, Path]]:
    """Serve the real app as production does (`gunicorn wsgi:app`, gunicorn.conf.py, two workers)
    on a free loopback port; `settings` change the environment. Stopped on the way out, whatever
    happened. Yields the base URL and the server's log."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    environment = _environment(database_url, tmp_path, port, **settings)
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "wsgi:app"]
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        if wait:
            # Up to about 30 s for the workers to boot: a bound, not a benchmark.
            for _ in range(300):
                try:
                    if get(base + "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if server.poll() is not None:
                    pytest.fail("gunicorn exited:\n" + log.read_text())
                time.sleep(0.1)
            else:
                pytest.fail("gunicorn never answered /healthz:\n" + log.read_text())
        yield base, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with gunicorn(database_url, tmp_path) as (base, log):
        yield base, log


SLOW_HEADERS = (
    b"POST /sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"X-Twilio-Signature: slow\r\nContent-Length: 4000\r\n\r\n"
)


class Tricklers:
    """`count` clients that each send a POST /sms's headers, then its body one byte every
    `interval` seconds. They stop by themselves after `most` bytes (far fewer than the 4000 they
    announce, so no body is ever whole), and close when the block ends."""

    def __init__(self, port: int, count: int, *, interval: float = 0.5, most: int = 80) -> None:
        self.port, self.count, self.interval, self.most = port, count, interval, most
        self.connections: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self) -> Tricklers:
        try:
            for _ in range(self.count):
                slow = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                self.connections.append(slow)
                slow.settimeout(None)  # blocking: MSG_DONTWAIT below then answers at once
                slow.sendall(SLOW_HEADERS)
            self.thread.start()
        except BaseException:
            self.close()
            raise
        return self

    def _trickle(self) -> None:
        for _ in range(self.most):
            if self.stop.wait(self.interval):
                return
            for slow in self.connections:
                with contextlib.suppress(OSError):
                    slow.sendall(b"a")

    def unanswered(self) -> int:
        """How many are still open with nothing answered: each still holds whatever reads it."""
        waiting = 0
        for slow in self.connections:
            try:
                slow.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK)
            except BlockingIOError:
                waiting += 1
            except OSError:
                pass
        return waiting

    def close(self) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)
        for slow in self.connections:
            slow.close()

    def __exit__(self, *exc: object) -> None:
        self.close()


def answer_times(base: str, texts: int) -> list[float]:
    """Send `texts` signed texts, each from its own number, one after the other; check each is
    answered with TwiML and return how long each took, in seconds."""
    times = []
    for n in range(texts):
        params = {
            "From": f"+1617555{160 + n:04d}",  # fictional: 555-01xx
            "To": "+16175550199",
            "Body": "hello",
            "MessageSid": "SM" + f"{n:02d}" * 16,
            "NumMedia": "0",
        }
        started = time.monotonic()
        try:
            status, body = post(base + "/sms", params, sign(params, url=base + "/sms"))
        except OSError as failure:  # urllib's 10 s ran out, or the connection was dropped
            pytest.fail(f"text {n + 1} got no answer ({failure!r}); the ones before: {times}")
        times.append(time.monotonic() - started)
        assert status == 200, body
        assert message_bodies(body), body
    return times


def test_gunicorn_serves_health_and_signed_texts_and_logs_no_number_or_text(
    served: tuple[str, Path],
) -> None:
    base, log = served
    status, body = get(base + "/healthz")
    assert status == 200 and b'"status":"ok"' in body

    params = {
        "From": MOTHER,
        "To": "+16175550199",
        "Body": "Hola, mi hermano Ramiro necesita ayuda",
        "MessageSid": "SM" + "c" * 32,
        "NumMedia": "0",
    }
    status, body = post(base + "/sms", params, sign(params, url=base + "/sms"))
    assert status == 200
    (welcome,) = message_bodies(body)
    assert "STOP" in welcome

    assert post(base + "/sms", params, "forged")[0] == 403

    logged = log.read_text()
    assert '"POST /sms" 200' in logged
    for secret in (MOTHER, MOTHER.lstrip("+"), "Ramiro", "SM" + "c" * 32):
        assert secret not in logged


# Without a proxy in front, gunicorn itself must outlast this many clients trickling their bodies.
SLOW_CLIENTS_WITHOUT_PROXY = 32


def test_texts_are_answered_within_2_s_while_32_clients_trickle_their_bodies(
    served: tuple[str, Path],
) -> None:
    base, _ = served
    port = int(base.rsplit(":", 1)[1])
    with Tricklers(port, SLOW_CLIENTS_WITHOUT_PROXY) as slow:
        time.sleep(1.5)  # every slow body is in a worker's hands now
        times = answer_times(base, 5)
        print(f"\n{SLOW_CLIENTS_WITHOUT_PROXY} slow clients, no proxy: texts answered in "
              + ", ".join(f"{t:.3f}" for t in times) + " s (bound: 2 s each)")  # fmt: skip
        # The slow clients were still holding their connections the whole time.
        assert slow.unanswered() == SLOW_CLIENTS_WITHOUT_PROXY
    assert all(t < 2.0 for t in times), times


def test_a_body_too_big_for_a_text_is_refused_by_the_served_app(served: tuple[str, Path]) -> None:
    base, _ = served
    params = {"From": MOTHER, "Body": "x" * (100 * 1024), "MessageSid": "SM" + "e" * 32}
    status, _ = post(base + "/sms", params, "unsigned")
    assert status == 413


def test_gunicorn_without_an_auth_token_warns_as_it_starts_not_at_the_first_text(
    database_url: str, tmp_path: Path
) -> None:
    warning = "TWILIO_AUTH_TOKEN is not set: /sms accepts UNSIGNED requests"
    development = dict(HOTLINE_ENV="development", TWILIO_AUTH_TOKEN=None)
    with gunicorn(database_url, tmp_path, wait=False, **development) as (base, log):
        for _ in range(300):  # up to about 30 s for gunicorn to start its workers; no request sent
            logged = log.read_text()
            if "Booting worker" in logged:
                break
            time.sleep(0.1)
        else:
            pytest.fail("gunicorn never started a worker:\n" + log.read_text())
        # Said by the master before it started any worker, so before any request.
        assert warning in logged.split("Booting worker")[0], logged
        assert '"GET ' not in logged and '"POST ' not in logged

        params = {"From": MOTHER, "Body": "hola", "MessageSid": "SM" + "f" * 32}
        for _ in range(300):
            with contextlib.suppress(OSError):
                if get(base + "/healthz")[0] == 200:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("gunicorn never answered /healthz:\n" + log.read_text())
        status, body = post(base + "/sms", params, "unsigned")
        assert status == 200 and message_bodies(body)
        assert log.read_text().count(warning) == 1  # not again at the first text


def test_start_says_in_one_line_which_port_is_busy_before_installing_anything(
    tmp_path: Path,
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        environment = dict(
            os.environ,
            PORT=str(port),
            # A fresh venv folder: had the script gone on, it would have made one there.
            HOTLINE_VENV=str(tmp_path / "venv"),
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        started = subprocess.run(
            [str(ROOT / "scripts" / "start")],
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert started.returncode != 0
    assert started.stdout == ""
    assert started.stderr.splitlines() == [
        f"Port {port} is busy (another server, or the hotline already running): "
        f"start on another one with PORT={port + 1} ./scripts/start"
    ]
    assert not (tmp_path / "venv").exists()
