"""How a family's text fares while 64 sign-in attempts arrive at once (one server process).

    .venv/bin/python bench/signin_burst_vs_text.py [postgresql+psycopg://.../an_empty_database]

64 browsers post a wrong password to /admin/login at the same moment, three times over, while a
phone texts MENU through the signed webhook every 50 ms. Runs with the admin's slots as shipped
(HOTLINE_ADMIN_SLOTS=8) and with a slot for every attempt (64: no bound), and prints for each the
attempts' answers (401 tried, 429 throttled, 503 busy, 500 failed) and the texts' slowest and
median reply and apologies. On PostgreSQL (15 connections a process), unbounded attempts took every
connection while their passwords were checked.
"""

from __future__ import annotations

import collections
import sys
import threading

from _texting import Texting, csrf_token, fresh_app
from flask import Flask
from flask.testing import FlaskClient

ATTEMPTS, ROUNDS = 64, 3


def burst(app: Flask, round_number: int) -> list[int]:
    prepared: list[tuple[FlaskClient, dict[str, str]]] = []
    for n in range(ATTEMPTS):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.{round_number}.{n}"  # a botnet: one each
        prepared.append((client, {"email": f"someone{n}@example.org", "password": "wrong",
                                  "csrf_token": csrf_token(client, "/admin/login")}))  # fmt: skip
    start = threading.Barrier(ATTEMPTS)
    statuses = [0] * ATTEMPTS

    def attempt(number: int) -> None:
        client, data = prepared[number]
        start.wait()
        try:
            statuses[number] = client.post("/admin/login", data=data).status_code
        except Exception:  # the test client re-raises what a server would answer 500
            statuses[number] = 500

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def run(database_url: str | None, slots: int) -> None:
    app = fresh_app(database_url, HOTLINE_ADMIN_SLOTS=slots, PROPAGATE_EXCEPTIONS=False)
    answers: collections.Counter[int] = collections.Counter()
    with Texting(app) as texting:
        for round_number in range(ROUNDS):
            answers.update(burst(app, round_number))
    print(f"slots {slots}: attempts {dict(sorted(answers.items()))}; texts: {texting.summary()}")
    app.extensions["hotline.engine"].dispose()


def main() -> None:
    database_url = sys.argv[1] if len(sys.argv) > 1 else None
    for slots in (8, ATTEMPTS):
        if database_url:  # each run starts from an empty database
            from sqlalchemy import MetaData, create_engine

            engine = create_engine(database_url)
            meta = MetaData()
            meta.reflect(engine)
            meta.drop_all(engine)
            engine.dispose()
        run(database_url, slots)


if __name__ == "__main__":
    main()
