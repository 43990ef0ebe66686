"""Measure /admin/stats on three years of released weeks against one released week, time a release,
and print the noise's typical error.

Run: .venv/bin/python bench/stats.py [--years 3] [--database-url URL]
Prints counts, times, ratios and errors; it asserts nothing (tests never fail on time).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from hotline import create_app, db
from hotline.accounts import CLI, create_user
from hotline.migrate import upgrade
from hotline.models import Referral, Release, ReleasedCell
from hotline.referrals.demo import seed
from hotline.stats import noise
from hotline.stats.cells import EPSILON, SCALE, WEEKLY_UNITS, domain, monday
from hotline.stats.counters import prepare_week
from hotline.stats.release import release

PASSWORD = "a long and unusual passphrase"


def _fill(app: object, weeks: list[date]) -> int:
    """Released weeks as a busy hotline's: every cell of every week, with a plausible value."""
    with app.app_context():  # type: ignore[attr-defined]
        session = db.session()
        names = list(session.scalars(select(Referral.organization)))
        cells = [(t, k) for t, k in domain([]) if t != "referrals"] + [
            ("referrals", n) for n in names
        ]
        for week in weeks:
            session.add(Release(week=week, released_on=week + timedelta(days=7), epsilon=EPSILON,
                                units=WEEKLY_UNITS, scale=SCALE, mechanism=noise.MECHANISM))  # fmt: skip
        session.flush()
        rows = [{"week": w, "tbl": t, "cell": k, "value": 40} for w in weeks for t, k in cells]
        for start in range(0, len(rows), 20000):
            session.execute(insert(ReleasedCell), rows[start : start + 20000])
        session.commit()
        return int(session.scalar(select(func.count()).select_from(ReleasedCell)) or 0)


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
        seed(session, CLI)
        create_user(session, CLI, "bench@example.org", "admin", PASSWORD)
        session.commit()
    return app


def _client(app: object) -> object:
    client = app.test_client()  # type: ignore[attr-defined]
    client.post("/admin/login", data={"email": "bench@example.org", "password": PASSWORD})
    return client


def _noise_error(draws: int = 20000) -> None:
    """What noise does to one cell: a seed when the week's cells are made, then the release's."""
    values = [abs(a + b) for a, b in zip(noise.noisy([0] * draws), noise.noisy([0] * draws),
                                         strict=True)]  # fmt: skip
    errors = sorted(values)
    print(f"noise on one released cell (epsilon {EPSILON:g} a week, at most {WEEKLY_UNITS} units a "
          f"family, scale {SCALE:g}, seed plus release): median |error| {errors[draws // 2]}, "
          f"90% within {errors[int(draws * 0.9)]}, mean {statistics.mean(values):.1f}")  # fmt: skip
    for weeks in (4, 13, 52):
        summed = [abs(sum(noise.noisy([0] * (2 * weeks)))) for _ in range(400)]
        print(f"  a sum over {weeks:2} weeks: median |error| {sorted(summed)[200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL URL to fill (emptied first)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    last = monday(date.today()) - timedelta(days=7)
    one = _app(f"sqlite:///{folder / 'one.sqlite3'}")
    busy = _app(args.database_url or f"sqlite:///{folder / 'busy.sqlite3'}")
    weeks = [last - timedelta(days=7 * n) for n in range(52 * args.years)]
    _fill(one, [last])
    started = time.perf_counter()
    counted = _fill(busy, weeks)
    print(f"busy database: {counted:,} released cells over {len(weeks)} weeks "
          f"(filled in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    for label, path in (("last 4 weeks", "/admin/stats?range=4"),
                        ("last 13 weeks", "/admin/stats?range=13"),
                        ("52 weeks", "/admin/stats?range=52"),
                        ("52 weeks as CSV", "/admin/stats.csv?range=52")):  # fmt: skip
        base = _time_page(_client(one), path)
        full = _time_page(_client(busy), path)
        print(f"{label:16} one week {base * 1000:7.1f} ms   busy {full * 1000:7.1f} ms   "
              f"ratio {full / base:5.1f}")  # fmt: skip
    with one.app_context():  # type: ignore[attr-defined]
        session = db.session()
        week = last + timedelta(days=7)
        with session.begin():
            prepare_week(session, week)
        started = time.perf_counter()
        release(session, week + timedelta(days=7))
        print(f"releasing one week: {(time.perf_counter() - started) * 1000:.0f} ms")
    _noise_error()


if __name__ == "__main__":
    main()
