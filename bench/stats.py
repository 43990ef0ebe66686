"""Measure what /admin/stats costs on three years of a busy hotline's counters, against an empty
database: the same page, the same queries, timed side by side.

Run: .venv/bin/python bench/stats.py [--years 3] [--database-url URL]
Prints row counts, times and their ratio; it asserts nothing (tests never fail on time).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from hotline import create_app, db
from hotline.accounts import CLI, create_user
from hotline.conversation.content import Topic
from hotline.i18n import LANGUAGES
from hotline.migrate import upgrade
from hotline.models import Referral, UsageCount
from hotline.referrals.demo import seed
from hotline.referrals.places import MASSACHUSETTS_COUNTIES

PASSWORD = "a long and unusual passphrase"


def _rows(days: list[date], organizations: list[int]) -> list[dict[str, object]]:
    """A busy hotline: every day, every language and channel, every topic, county, organization."""
    rows: list[dict[str, object]] = []
    channels = ("sms", "whatsapp")
    counties = [*MASSACHUSETTS_COUNTIES, ""]
    for day, language, channel in itertools.product(days, LANGUAGES, channels):
        base = dict(day=day, channel=channel, language=language, topic="", county="", referral_id=0)
        for kind, count in (("message", 40), ("new", 9), ("not_understood", 3), ("help", 2),
                            ("opt_out", 1), ("delete", 1), ("more", 4)):  # fmt: skip
            rows.append({**base, "kind": kind, "count": count})
        for topic in Topic:
            rows.append({**base, "kind": "topic", "topic": topic.value, "count": 5})
        for county in counties:
            rows.append({**base, "kind": "place", "county": county, "count": 2})
            for organization in organizations[:3]:
                rows.append({**base, "kind": "referral", "county": county,
                             "referral_id": organization, "count": 2})  # fmt: skip
    return rows


def _time_page(client: object, path: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def _app(url: str) -> object:
    upgrade(url)
    app = create_app({"SECRET_KEY": "bench", "HOTLINE_PHONE_KEY": "b" * 64,
                      "HOTLINE_DATABASE_URL": url, "TESTING": True,
                      "WTF_CSRF_ENABLED": False})  # fmt: skip
    with app.app_context():
        session = db.session()
        seed(session)
        create_user(session, CLI, "bench@example.org", "admin", PASSWORD)
        session.commit()
    return app


def _client(app: object) -> object:
    client = app.test_client()  # type: ignore[attr-defined]
    client.post("/admin/login", data={"email": "bench@example.org", "password": PASSWORD})
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL URL to fill (emptied first)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    empty = _app(f"sqlite:///{folder / 'empty.sqlite3'}")
    busy = _app(args.database_url or f"sqlite:///{folder / 'busy.sqlite3'}")
    until = date.today()
    days = [until - timedelta(days=n) for n in range(365 * args.years)]
    with busy.app_context():  # type: ignore[attr-defined]
        session = db.session()
        organizations = list(session.scalars(select(Referral.id)))
        started = time.perf_counter()
        rows = _rows(days, organizations)
        for start in range(0, len(rows), 20000):
            session.execute(insert(UsageCount), rows[start : start + 20000])
        session.commit()
        filled = time.perf_counter() - started
        counted = session.scalar(select(func.count()).select_from(UsageCount))
    print(f"busy database: {counted:,} counter rows over {len(days):,} days "
          f"(filled in {filled:.1f} s)")  # fmt: skip
    year = f"since={(until - timedelta(days=364)).isoformat()}&until={until.isoformat()}"
    for label, path in (("last 7 days", "/admin/stats?range=7"),
                        ("last 90 days", "/admin/stats?range=90"),
                        ("a year", f"/admin/stats?{year}"),
                        ("a year as CSV", f"/admin/stats.csv?{year}")):  # fmt: skip
        base = _time_page(_client(empty), path)
        full = _time_page(_client(busy), path)
        print(f"{label:14} empty {base * 1000:7.1f} ms   busy {full * 1000:7.1f} ms   "
              f"ratio {full / base:5.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
