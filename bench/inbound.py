"""Measure what one inbound text costs: SQL statements, and time in the engine vs the whole webhook.

Run: .venv/bin/python bench/inbound.py [--texts 2000] [--database-url URL]
Prints counts and ratios; it asserts nothing (tests never fail on time).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event

from hotline import create_app
from hotline.conversation import Inbound, State, respond
from hotline.conversation.budget import _SampleDirectory
from hotline.conversation.engine import warm_up
from hotline.migrate import upgrade

SCRIPT = ["Hola, necesito ayuda", "1", "2", "3", "4", "5", "02720", "MENU", "HELP", "qwerty"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "HOTLINE_PHONE_KEY": "b" * 64,
            "HOTLINE_DATABASE_URL": url,
            "TWILIO_AUTH_TOKEN": None,
            "HOTLINE_RETENTION_DAYS": 30,
        }
    )
    app.test_cli_runner().invoke(args=["seed-demo"])
    warm_up()

    statements: list[str] = []
    event.listen(
        app.extensions["hotline.engine"],
        "before_cursor_execute",
        lambda *parts: statements.append(parts[2]),
    )
    client = app.test_client()
    per_kind: dict[str, list[int]] = {}
    webhook_seconds = []
    for n in range(args.texts):
        body = SCRIPT[n % len(SCRIPT)]
        sender = f"+1617555{n // len(SCRIPT) % 10000:04d}"
        statements.clear()
        start = time.perf_counter()
        client.post(
            "/sms", data={"From": sender, "Body": body, "MessageSid": "SM" + uuid.uuid4().hex}
        )
        webhook_seconds.append(time.perf_counter() - start)
        per_kind.setdefault(body, []).append(len(statements))

    now = datetime.now(UTC)
    engine_seconds = []
    for n in range(args.texts):
        body = SCRIPT[n % len(SCRIPT)]
        state = None if n % len(SCRIPT) == 0 else State("es", last_seen=now)
        start = time.perf_counter()
        respond(state, Inbound(body), now, _SampleDirectory())
        engine_seconds.append(time.perf_counter() - start)

    print(f"database: {url.split(':', 1)[0]}, texts: {args.texts}")
    print("SQL statements per text (max):")
    for body, counts in per_kind.items():
        print(f"  {body!r:26} {max(counts)}")
    engine_median = statistics.median(engine_seconds)
    webhook_median = statistics.median(webhook_seconds)
    print(f"webhook / engine median time ratio: {webhook_median / engine_median:.1f}")
    print(f"texts per second through the webhook, one process: {1 / webhook_median:.0f}")


if __name__ == "__main__":
    main()
