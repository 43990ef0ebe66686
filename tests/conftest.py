"""Fixtures: a real database per test (SQLite, or PostgreSQL when HOTLINE_TEST_DATABASE_URL is set),
a real app, and a phone that signs its texts the way Twilio does."""

from __future__ import annotations

import shutil
import socket
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, text
from twilio.request_validator import RequestValidator

from hotline import create_app
from hotline.db import make_engine
from hotline.migrate import upgrade
from hotline.models import Base

AUTH_TOKEN = "test-twilio-auth-token-0123456789"
PHONE_KEY = "k" * 64
SMS_URL = "http://localhost/sms"
# Fictional numbers: 555-01xx is set aside for fiction.
MOTHER = "+14135550142"
BROTHER = "+15085550177"


def pytest_report_header(config: pytest.Config) -> str:
    return f"database under test: {_test_database_kind()}"


def _test_database_kind() -> str:
    import os

    url = os.environ.get("HOTLINE_TEST_DATABASE_URL", "")
    return url.split(":", 1)[0] if url else "sqlite (a fresh file per test)"


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrate one database for the whole run: a SQLite template file, or the PostgreSQL under test."""
    import os

    url = os.environ.get("HOTLINE_TEST_DATABASE_URL")
    if url:
        engine = make_engine(url)
        with engine.begin() as connection:
            # Every table, also those an older revision made and a newer one dropped.
            names = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
            for name in list(names):
                connection.execute(text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))
        engine.dispose()
        upgrade(url)
        return url
    template = tmp_path_factory.mktemp("template") / "hotline.sqlite3"
    upgrade(f"sqlite:///{template}")
    return str(template)


@pytest.fixture
def database_url(migrated: str, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database for one test."""
    if migrated.startswith("postgresql"):
        engine = make_engine(migrated)
        names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            # The one row migration 0013 made, as a fresh database has it.
            connection.execute(text("INSERT INTO directory_version (id, version) VALUES (1, 0)"))
        engine.dispose()
        yield migrated
        return
    path = tmp_path / "hotline.sqlite3"
    shutil.copy(migrated, path)
    yield f"sqlite:///{path}"


def app_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "HOTLINE_ENV": "development",
        "SECRET_KEY": "test-secret-key",
        "HOTLINE_PHONE_KEY": PHONE_KEY,
        "HOTLINE_DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "HOTLINE_PUBLIC_URL": None,
        "HOTLINE_RETENTION_DAYS": 30,
    }
    config.update(overrides)
    return config


def close(app: Flask) -> None:
    """Close an app's database: first its usage counts still in memory (the server's flush thread
    must not open a connection in a pool being closed), then its pool."""
    from hotline.stats import counters

    engine = app.extensions["hotline.engine"]
    counters.discard(engine)
    engine.dispose()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    app = create_app(app_config(database_url))
    yield app
    close(app)


@pytest.fixture
def make_app(database_url: str) -> Iterator[Callable[..., Flask]]:
    """Build more apps on the test's database (another config, another server); close them all."""
    made: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        made.append(create_app(app_config(database_url, **overrides)))
        return made[-1]

    yield build
    for built in made:
        close(built)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def engine(app: Flask) -> Engine:
    found: Engine = app.extensions["hotline.engine"]
    return found


@dataclass
class Usage:
    """This week's raw counters as a test reads them: what was added since the snapshot.

    Every cell starts the week holding a noise seed, so a raw counter is never a count: the test
    creates the week's cells first (as a release does for the next week), notes them, and reads
    differences, in which the seeds cancel.
    """

    app: Flask
    before: dict[tuple[str, str], int] = field(default_factory=dict)

    def now(self) -> dict[tuple[str, str], int]:
        from hotline.stats import counters

        counters.flush_all()  # what this process counted in memory (any app's), written now
        with self.app.extensions["hotline.engine"].connect() as connection:
            rows = connection.execute(text("SELECT tbl, cell, count FROM usage_count")).all()
        found: dict[tuple[str, str], int] = {}
        for table, cell, count in rows:
            found[(table, cell)] = found.get((table, cell), 0) + count
        return found

    def start(self) -> Usage:
        from datetime import UTC, datetime, timedelta

        from hotline import db
        from hotline.stats.cells import week_of
        from hotline.stats.counters import prepare_week

        with self.app.app_context():
            session = db.session()
            with session.begin():
                this_week = week_of(datetime.now(UTC))
                for week in (this_week, this_week + timedelta(days=7)):
                    prepare_week(session, week)
        self.before = self.now()
        return self

    def added(self, table: str, cell: str | None = None) -> int:
        """What texts added to a table (or one of its cells) since the snapshot."""
        now = self.now()
        return sum(
            count - self.before.get(key, 0)
            for key, count in now.items()
            if key[0] == table and (cell is None or key[1] == cell)
        )


@pytest.fixture
def usage(app: Flask) -> Usage:
    """The week's counters, created and noted (ask for `seeded` first to have the directory's cells)."""
    return Usage(app).start()


@pytest.fixture
def seeded(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def sign(params: dict[str, str], url: str = SMS_URL, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def message_bodies(xml: bytes) -> list[str]:
    """Parse TwiML the way Twilio does and return each <Message> body."""
    root = ET.fromstring(xml)
    assert root.tag == "Response"
    return [message.text or "" for message in root.iter("Message")]


@dataclass
class Phone:
    """A phone texting the hotline through Twilio: every request carries a real signature."""

    client: FlaskClient
    number: str = MOTHER
    sent: list[dict[str, str]] = field(default_factory=list)

    def post(self, body: str, *, sid: str | None = None, media: int = 0) -> Any:
        params = {
            "MessageSid": sid or "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "From": self.number,
            "To": "+16175550199",
            "Body": body,
            "NumMedia": str(media),
        }
        if media:
            params["MediaContentType0"] = "image/jpeg"
            params["MediaUrl0"] = (
                "https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM0/Media/ME0"
            )
        self.sent.append(params)
        return self.client.post("/sms", data=params, headers={"X-Twilio-Signature": sign(params)})

    def text(self, body: str, **kwargs: Any) -> list[str]:
        """Send a text and return the replies as the phone would show them."""
        response = self.post(body, **kwargs)
        assert response.status_code == 200, response.data
        assert response.mimetype == "text/xml"
        return message_bodies(response.data)


@pytest.fixture
def phone(client: FlaskClient) -> Phone:
    return Phone(client)


ADMIN, STAFF = "admin@example.org", "staff@example.org"
PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def accounts(runner: FlaskCliRunner, seeded: None) -> None:
    """An administrator and a staff member, with the demo directory."""
    for email, role in ((ADMIN, "admin"), (STAFF, "staff")):
        result = runner.invoke(args=["users", "create", email, "--role", role, "--password-stdin"],
                               input=PASSWORD + "\n")  # fmt: skip
        assert result.exit_code == 0, result.output


def redis_up() -> bool:
    """Whether the machine's Redis answers on 127.0.0.1:6379."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def start_of_a_minute() -> None:
    """Wait, if need be, so a test that counts texts per minute does not straddle two minutes."""
    import time

    if time.time() % 60 > 45:
        time.sleep(60.5 - time.time() % 60)
