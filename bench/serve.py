"""How fast and how big the served hotline is, against the floor of its own stack.

Run (needs wrk: `apt-get install wrk`; PostgreSQL optional):

    .venv/bin/python bench/serve.py [--seconds 8] [--postgresql postgresql://postgres@127.0.0.1/test]

It starts the hotline with its own gunicorn config on SQLite (and on PostgreSQL when given), and on
the same config the bare Flask app of bench/bare_app.py that only checks the Twilio signature with
the SDK and answers fixed TwiML. Both get the same pre-signed mix of realistic conversations from
many senders (first texts in every language, menu numbers, MORE, ZIP codes and towns, STOP/START,
HELP), from wrk over pre-generated requests, in turns A B A B. It prints throughput and its ratio to
the bare app, p50/p99 latency at a steady 100 and 250 texts/s (from one event loop on the same
cores), SQL statements per kind of text (counted with
SQLAlchemy events), and the memory (PSS) of each serving process tree, with the goals beside them.
It asserts nothing: tests never fail on time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = "bench-twilio-auth-token-0123456789"
PUBLIC = "http://hotline.bench"
GOALS = {
    "ratio": "≥ 0.5",
    "statements": "≤ 2 for a text without a lookup",
    "p99": "≤ 50 ms at 250 texts/s",
    "pss": "≤ 200 MB, master + 2 workers",
}

# Conversations as families have them: (the first text, then what they send next).
SCRIPTS = [
    ["Hola, necesito ayuda para mi familia", "1", "MÁS", "5", "02720", "MÁS"],
    ["Olá, preciso de ajuda com a minha família", "4", "MAIS", "Brockton"],
    ["Bonjou, mwen bezwen èd pou fanmi mwen", "2", "02126", "MENU"],
    ["你好，我的家人需要帮忙", "3", "更多", "0"],
    ["我兒子明天出獄", "MORE", "5", "02111"],
    ["Xin chào, tôi cần giúp đỡ cho gia đình tôi", "5", "01851", "THÊM"],
    ["مرحبا، أحتاج مساعدة من أجل ابني", "1", "المزيد"],
    ["Bonjour, j'ai besoin d'aide pour ma famille", "4", "Worcester"],
    ["Nha fidju sta na kadia", "1", "MÁS"],
    ["hello", "2", "02720", "STOP", "START", "HELP", "qwerty"],
]


def signed_lines(count: int, tag: str) -> list[str]:
    """`count` pre-signed requests ("signature body"), senders' texts in order, interleaved."""
    validator = RequestValidator(TOKEN)
    senders = max(1, count // 5)
    rounds: dict[int, list[str]] = defaultdict(list)
    for n in range(senders):
        number = f"+1{(hash((tag, n)) % 9_000_000_000) + 1_000_000_000}"
        for position, body in enumerate(SCRIPTS[n % len(SCRIPTS)]):
            form = {"From": number, "To": "+16175550199", "Body": body, "NumMedia": "0",
                    "MessageSid": "SM" + uuid.uuid4().hex}  # fmt: skip
            signature = validator.compute_signature(PUBLIC + "/sms", form)
            rounds[position].append(f"{signature} {urllib.parse.urlencode(form)}")
    lines = [line for position in sorted(rounds) for line in rounds[position]]
    return lines[:count]


def environment(database_url: str, instance: Path) -> dict[str, str]:
    return dict(
        os.environ,
        HOTLINE_ENV="production",
        HOTLINE_DATABASE_URL=database_url,
        HOTLINE_SECRET_KEY="s" * 64,
        HOTLINE_PHONE_KEY="p" * 64,
        TWILIO_AUTH_TOKEN=TOKEN,
        HOTLINE_PUBLIC_URL=PUBLIC,
        HOTLINE_INSTANCE_PATH=str(instance),
        HOTLINE_SENDER_LIMIT="1000",
        WEB_CONCURRENCY="2",
    )


def prepare(database_url: str, instance: Path) -> None:
    env = environment(database_url, instance)
    # As a deployment runs: migrated, a directory, and the daily release (which creates this week's
    # and next week's counters, so the servers never need OpenDP to seed them).
    for command in (["db", "upgrade"], ["seed-demo"], ["stats", "release"]):
        subprocess.run([str(BIN / "hotline"), *command], env=env, check=True, capture_output=True)


@contextmanager
def served(app: str, database_url: str, instance: Path, port: int) -> Iterator[int]:
    """Start gunicorn with the project's own config; yield the master's pid."""
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]  # fmt: skip
    if app == "bare":
        command += ["--pythonpath", str(ROOT / "bench"), "bare_app:app"]
    else:
        command += ["wsgi:app"]
    log = instance / f"gunicorn-{app}.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=environment(database_url, instance),
                                  stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except (OSError, urllib.error.URLError):
                if server.poll() is not None:
                    raise SystemExit(f"gunicorn exited:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def wrk(port: int, requests: Path, seconds: int) -> float:
    """Texts per second, from wrk with one thread and 16 connections."""
    env = dict(os.environ, BENCH_REQUESTS=str(requests), BENCH_THREADS="1")
    found = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{seconds}s", "-s", str(ROOT / "bench" / "post.lua"),
         f"http://127.0.0.1:{port}/sms"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", found.stdout)
    if errors:
        print(f"    (wrk saw {errors.group(1)} non-2xx answers)")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", found.stdout)
    assert rate, found.stdout
    return float(rate.group(1))


def paced(port: int, lines: list[str], rate: int, seconds: int) -> tuple[float, float]:
    """p50 and p99 latency (ms) of texts sent at a steady rate, each on its own schedule.

    One event loop, a new connection per text (as a webhook call arrives): a light load generator,
    since it shares the server's cores.
    """
    import asyncio

    total = rate * seconds
    requests = []
    for line in lines[:total]:
        signature, body = line.split(" ", 1)
        requests.append(
            (f"POST /sms HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
             "Content-Type: application/x-www-form-urlencoded\r\n"
             f"X-Twilio-Signature: {signature}\r\nContent-Length: {len(body.encode())}\r\n\r\n"
             f"{body}").encode()
        )  # fmt: skip

    async def send(request: bytes, due: float, latencies: list[float]) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(max(0.0, due - loop.time()))
        began = loop.time()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        answer = await reader.read()
        writer.close()
        latencies.append((loop.time() - began) * 1000)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:80]

    async def run() -> list[float]:
        latencies: list[float] = []
        start = asyncio.get_running_loop().time() + 0.2
        await asyncio.gather(
            *(send(request, start + n / rate, latencies) for n, request in enumerate(requests))
        )
        return latencies

    ordered = sorted(asyncio.run(run()))
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def pss_mb(master: int) -> float:
    """Proportional set size of the master and its workers, in MB (shared pages split fairly)."""
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def statements_per_kind(database_url: str) -> dict[str, int]:
    """SQL statements a text of each kind costs, counted with SQLAlchemy events, in-process."""
    from sqlalchemy import event

    from hotline import create_app
    from hotline.migrate import upgrade
    from hotline.referrals.demo import seed

    upgrade(database_url)
    app = create_app({"SECRET_KEY": "bench", "HOTLINE_PHONE_KEY": "p" * 64, "TESTING": True,
                      "HOTLINE_DATABASE_URL": database_url, "TWILIO_AUTH_TOKEN": None})  # fmt: skip
    engine = app.extensions["hotline.engine"]
    with app.app_context():
        from hotline import db

        seed(db.session(), None)
        db.session().commit()
    client = app.test_client()
    counted: list[str] = []
    # Only the text's own thread: usage is written by another, once a second for every text.
    texts_thread = threading.get_ident()
    event.listen(engine, "before_cursor_execute",
                 lambda *args: threading.get_ident() == texts_thread and counted.append(args[2]))  # fmt: skip
    kinds = [
        ("first text", "Hola, necesito ayuda"), ("menu number (a topic page)", "4"),
        ("MORE on a topic", "MÁS"), ("legal help (asks for a place)", "5"),
        ("ZIP code (directory lookup)", "02720"), ("MORE on a list (lookup)", "MÁS"),
        ("town (directory lookup)", "Brockton"), ("HELP", "AYUDA"), ("MENU", "0"),
        ("not understood", "qwerty"), ("STOP", "PARAR"), ("a text after STOP", "1"),
        ("START", "INICIO"), ("replayed MessageSid", None),
    ]  # fmt: skip
    found: dict[str, int] = {}
    # Twice: the first pass warms what each process keeps (reviews, settings); the second counts.
    for sender in ("+15085550198", "+15085550199"):
        last: dict[str, str] = {}
        for name, body in kinds:
            form = last if body is None else {"From": sender, "Body": body,
                                              "MessageSid": "SM" + uuid.uuid4().hex}  # fmt: skip
            counted.clear()
            client.post("/sms", data=form)
            found[name] = len(counted)
            last = form
    engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--postgresql", help="a PostgreSQL URL whose database may be replaced")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/serve.py needs wrk: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="hotline-bench-"))
    databases = {"SQLite": f"sqlite:///{work / 'bench.sqlite3'}"}
    if args.postgresql:
        databases["PostgreSQL"] = fresh_postgresql(args.postgresql)
    print(f"serving from {ROOT} with gunicorn.conf.py; wrk -t1 -c16 -d{args.seconds}s\n")
    results: dict[str, dict[str, float]] = {}
    for label, url in databases.items():
        prepare(url, work)
        per_run = 40 * args.seconds * 20
        turns: dict[str, list[float]] = defaultdict(list)
        with served("hotline", url, work, 18711) as hotline_pid, \
                served("bare", url, work, 18712):  # fmt: skip
            for turn in range(2):
                for app, port in (("hotline", 18711), ("bare", 18712)):
                    requests = work / f"{label}-{app}-{turn}.txt"
                    requests.write_text("\n".join(signed_lines(per_run, f"{label}{app}{turn}")))
                    turns[app].append(wrk(port, requests, args.seconds))
                    print(f"  {label:10} {app:8} turn {turn + 1}: {turns[app][-1]:8.0f} texts/s")
            latency = {}
            for rate in (100, 250):
                lines = signed_lines(rate * 10, f"{label}paced{rate}")
                latency[rate] = paced(18711, lines, rate, 10)
                print(f"  {label:10} paced at {rate}/s: p50 {latency[rate][0]:.1f} ms, "
                      f"p99 {latency[rate][1]:.1f} ms")  # fmt: skip
            memory = pss_mb(hotline_pid)
        hotline_rate = statistics.mean(turns["hotline"])
        bare_rate = statistics.mean(turns["bare"])
        results[label] = dict(hotline=hotline_rate, bare=bare_rate, ratio=hotline_rate / bare_rate,
                              p50=latency[100][0], p99=latency[100][1], p50_250=latency[250][0],
                              p99_250=latency[250][1], pss=memory)  # fmt: skip
    statements = statements_per_kind(f"sqlite:///{work / 'statements.sqlite3'}")
    print()
    print(f"{'':28}" + "".join(f"{label:>14}" for label in results) + "   goal")
    rows = [("hotline, texts/s", "hotline", "{:.0f}", ""),
            ("bare Flask + SDK, texts/s", "bare", "{:.0f}", ""),
            ("ratio hotline / bare", "ratio", "{:.2f}", GOALS["ratio"]),
            ("p50 at 100 texts/s, ms", "p50", "{:.1f}", ""),
            ("p99 at 100 texts/s, ms", "p99", "{:.1f}", ""),
            ("p50 at 250 texts/s, ms", "p50_250", "{:.1f}", ""),
            ("p99 at 250 texts/s, ms", "p99_250", "{:.1f}", GOALS["p99"]),
            ("PSS master + workers, MB", "pss", "{:.0f}", GOALS["pss"])]  # fmt: skip
    for name, key, form, goal in rows:
        cells = "".join(f"{form.format(found[key]):>14}" for found in results.values())
        print(f"{name:28}{cells}   {goal}")
    print(f"\nSQL statements per text (SQLite; goal {GOALS['statements']}):")
    for kind, count in statements.items():
        print(f"  {kind:32} {count}")


def fresh_postgresql(url: str) -> str:
    """Make an empty database next to the one named, and return its SQLAlchemy URL."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    name = "hotline_bench"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    base = dsn.rsplit("/", 1)[0]
    return f"postgresql+psycopg://{base.removeprefix('postgresql://')}/{name}"


if __name__ == "__main__":
    main()
