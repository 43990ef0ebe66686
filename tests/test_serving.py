"""The hotline served as in production: gunicorn, two workers, real HTTP on loopback."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
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


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    log = tmp_path / "gunicorn.log"
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
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(gunicorn), "-w", "2", "wsgi:app"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to about 30 s for the workers to boot; a bound, not a benchmark
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
        server.wait(timeout=20)


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


def test_clients_trickling_their_bodies_do_not_keep_a_text_from_its_answer(
    served: tuple[str, Path],
) -> None:
    import threading

    base, _ = served
    port = int(base.rsplit(":", 1)[1])
    stop = threading.Event()
    trickling = []
    for _ in range(6):
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(b"POST /sms HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-"
                     b"urlencoded\r\nContent-Length: 4000\r\n\r\n")  # fmt: skip
        trickling.append(slow)

    def trickle() -> None:
        while not stop.wait(1.0):
            for slow in trickling:
                with contextlib.suppress(OSError):
                    slow.sendall(b"a")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        time.sleep(1.5)  # the slow bodies are in the workers' hands now
        params = {"From": MOTHER, "To": "+16175550199", "Body": "hello", "MessageSid": "SM" + "d" * 32,
                  "NumMedia": "0"}  # fmt: skip
        started = time.monotonic()
        status, body = post(base + "/sms", params, sign(params, url=base + "/sms"))
        elapsed = time.monotonic() - started
        print(f"\na text while six clients trickle: {elapsed:.2f} s (goal: 2 s)")
        assert status == 200 and message_bodies(body)
        assert elapsed < 15  # Twilio's limit: an answer, not none
    finally:
        stop.set()
        thread.join(timeout=5)
        for slow in trickling:
            slow.close()


def test_a_body_too_big_for_a_text_is_refused_by_the_served_app(served: tuple[str, Path]) -> None:
    base, _ = served
    params = {"From": MOTHER, "Body": "x" * (100 * 1024), "MessageSid": "SM" + "e" * 32}
    status, _ = post(base + "/sms", params, "unsigned")
    assert status == 413
