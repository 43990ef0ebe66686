"""What the "X vs a text" benchmarks share: a fresh app on SQLite, staff signed in, and a phone
texting MENU through the signed webhook every 50 ms until told to stop."""

from __future__ import annotations

import re
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask
from flask.testing import FlaskClient

from hotline import create_app
from tests.conftest import app_config, sign

PASSWORD = "a long and unusual passphrase"


def fresh_app(database_url: str | None = None, **config: object) -> Flask:
    """A new database (SQLite, or an empty one at `database_url`) with the demo directory and the
    public number set."""
    url = database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    app = create_app(app_config(url, **config))
    runner = app.test_cli_runner()
    runner.invoke(args=["db", "upgrade"])
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["settings", "set", "public_number", "+1 617 555 0100"])
    return app


def csrf_token(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found is not None
    return found.group(1)


def signed_in(app: Flask, email: str, role: str = "staff") -> FlaskClient:
    app.test_cli_runner().invoke(args=["users", "create", email, "--role", role,
                                       "--password-stdin"], input=PASSWORD + "\n")  # fmt: skip
    client = app.test_client()
    client.post("/admin/login", data={"email": email, "password": PASSWORD,
                                      "csrf_token": csrf_token(client, "/admin/login")})  # fmt: skip
    return client


class Texting:
    """A phone texting MENU every 50 ms in a thread: each reply's wait, and whether it apologized."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.replies: list[tuple[float, bool]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._text)

    def _text(self) -> None:
        phone = self.app.test_client()
        while not self._stop.is_set():
            params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32,
                      "From": "+16175550142", "To": "+16175550199", "Body": "MENU",
                      "NumMedia": "0"}  # fmt: skip
            sent = time.perf_counter()
            answer = phone.post("/sms", data=params, headers={"X-Twilio-Signature": sign(params)})
            self.replies.append(
                (time.perf_counter() - sent, "Sorry" in answer.get_data(as_text=True))
            )
            time.sleep(0.05)

    def __enter__(self) -> Texting:
        self._thread.start()
        time.sleep(0.3)
        return self

    def __exit__(self, *_: object) -> None:
        time.sleep(0.3)
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        waits = sorted(wait for wait, _ in self.replies)
        apologies = sum(apology for _, apology in self.replies)
        return (f"{len(waits)} texts, slowest {waits[-1]:.2f} s, median "
                f"{waits[len(waits) // 2]:.3f} s, apologies {apologies}")  # fmt: skip
