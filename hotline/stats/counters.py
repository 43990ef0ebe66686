"""This week's raw counters: a text's events are added in memory, and written once a second.

Every cell of a week is created at once, before any text adds to it, holding a noise seed (OpenDP):
so no row exists because of one family, and no row's value is one family's alone, even in a dump
taken in the middle of the week. A cell that is not there yet (an entry added to the directory
during the week) is created the same way when first counted. Each process remembers, per database,
which weeks and cells it has seen created, so a flush usually costs one upsert.

Texts do not write the counters themselves. A text's units go to this process's pending counts
once its transaction has committed (`count`), and a thread writes every pending count in one
transaction FLUSH_SECONDS later (`flush`). So no text waits for the rows every other text adds to
(on PostgreSQL each commit held the hot rows' locks through its disk flush: texts queued behind one
another), and a counter row's change is the sum of a second's texts, written by a transaction of
its own, never the text's (at low volume a second may hold one text, and the two transactions
still follow each other closely). What a hard
kill takes with it is at most a second's counts (a lower count, never a higher one); gunicorn's
worker_exit and the release command flush first.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cache

from sqlalchemy import Date, Engine, TextClause, bindparam, select, text

from hotline import db
from hotline.db import Executor, engine_of
from hotline.models import Referral, UsageCount

from . import noise
from .cells import domain

log = logging.getLogger(__name__)
Key = tuple[date, str, str]  # (week, table, cell)
# How long a text's units wait in memory before they are written (with every other text's).
FLUSH_SECONDS = 1.0
# A flush's database work ends by then, whatever the database does (hotline.db.deadline).
FLUSH_DEADLINE_SECONDS = 4.0

_known: weakref.WeakKeyDictionary[Engine, set[Key]] = weakref.WeakKeyDictionary()
_known_lock = threading.Lock()


def _seen(engine: Engine) -> set[Key]:
    """The cells this process knows exist in the engine's database (call with the lock held)."""
    return _known.setdefault(engine, set())


_CREATE = text(
    "INSERT INTO usage_count (week, tbl, cell, count) VALUES (:week, :tbl, :cell, :count) "
    "ON CONFLICT (week, tbl, cell) DO NOTHING"
).bindparams(bindparam("week", type_=Date))


@cache
def _upsert(rows: int) -> TextClause:
    """INSERT ... VALUES (row 1), (row 2), ... ON CONFLICT (key) DO UPDATE count = count + new.

    The same words on SQLite and PostgreSQL; made once per number of rows, so parsed once.
    """
    values = ", ".join(f"(:week_{n}, :tbl_{n}, :cell_{n}, :count_{n})" for n in range(rows))
    statement = text(
        f"INSERT INTO usage_count (week, tbl, cell, count) VALUES {values} "
        "ON CONFLICT (week, tbl, cell) DO UPDATE SET count = usage_count.count + excluded.count"
    )
    return statement.bindparams(*(bindparam(f"week_{n}", type_=Date) for n in range(rows)))


def create(session: Executor, keys: Iterable[Key]) -> list[Key]:
    """Create the cells not already there, each with its own noise seed; return the keys asked."""
    keys = list(keys)
    if keys:
        seeds = noise.noisy([0] * len(keys)) if len(keys) > 1 else [noise.seed()]
        session.execute(
            _CREATE,
            [
                {"week": w, "tbl": t, "cell": c, "count": s}
                for (w, t, c), s in zip(keys, seeds, strict=True)
            ],
        )
    return keys


def prepare_week(session: Executor, week: date) -> list[Key]:
    """Make sure every cell of a week exists (all languages, topics, counties, directory entries,
    ...): create, seeded, only those not there yet. Returns every cell the week now has.

    The daily release prepares this week and the next, so a server usually finds them all and
    draws no noise (nor loads OpenDP) at all.
    """
    entries = session.scalars(select(Referral.id)).all()
    wanted = [(week, table, key) for table, key in domain(entries)]
    there = {
        (week, table, key)
        for table, key in session.execute(
            select(UsageCount.tbl, UsageCount.cell).where(UsageCount.week == week)
        )
    }
    create(session, [key for key in wanted if key not in there])
    return [*there, *(key for key in wanted if key not in there)]


def forget(session: Executor) -> None:
    """Forget which cells exist in the session's database (a release deleted some)."""
    with _known_lock:
        _seen(engine_of(session)).clear()


def add(session: Executor, units: Counter[Key]) -> list[Key]:
    """Add each cell's units with one upsert, creating (seeded) the cells this process has not seen.

    Returns the cells now known to exist, for `_known` once the transaction commits.
    """
    if not units:
        return []
    created: list[Key] = []
    with _known_lock:
        known = _seen(engine_of(session))
        weeks = {week for week, _, _ in units if (week, "", "") not in known}
        missing = [key for key in units if key not in known]
    for week in weeks:
        created += prepare_week(session, week)
        created.append((week, "", ""))  # the whole week is prepared
    missing = sorted(key for key in missing if key not in created)
    created += create(session, missing)
    parameters: dict[str, object] = {}
    # In one order everywhere: two flushes (two servers) never wait for each other's rows in a cycle.
    for n, ((week, table, key), count) in enumerate(sorted(units.items())):
        parameters.update({f"week_{n}": week, f"tbl_{n}": table, f"cell_{n}": key})
        parameters[f"count_{n}"] = count
    session.execute(_upsert(len(units)), parameters)
    return created


class _Pending:
    """One database's counts not written yet, and the lock that lets one flush run at a time."""

    def __init__(self) -> None:
        self.units: Counter[Key] = Counter()
        self.writing = threading.Lock()


_pending: weakref.WeakKeyDictionary[Engine, _Pending] = weakref.WeakKeyDictionary()
_pending_lock = threading.Lock()
_due = threading.Event()
_flusher: threading.Thread | None = None


def count(engine: Engine, units: Counter[Key]) -> None:
    """Count a text's units (call once its transaction has committed): written within a second."""
    global _flusher
    if not units:
        return
    with _pending_lock:
        found = _pending.get(engine)
        if found is None:
            found = _pending[engine] = _Pending()
        found.units.update(units)
        if _flusher is None or not _flusher.is_alive():  # first count, or the first after a fork
            _flusher = threading.Thread(target=_flush_forever, name="usage-flush", daemon=True)
            _flusher.start()
    _due.set()


def flush(engine: Engine) -> bool:
    """Write this database's pending counts now, in one transaction; False if the database failed
    (the counts stay pending, for the next flush). Returns after any flush already under way."""
    with _pending_lock:
        found = _pending.get(engine)
    if found is None:
        return True
    with found.writing:
        with _pending_lock:
            units, found.units = found.units, Counter()
        if not units:
            return True
        try:
            with (
                db.deadline(FLUSH_DEADLINE_SECONDS),
                db.writing(engine),
                engine.begin() as connection,
            ):
                created = add(connection, units)
        except Exception as failure:  # the database is down or hung: try again next time
            log.warning("usage counts kept for the next flush (%s)", type(failure).__name__)
            with _pending_lock:
                found.units.update(units)
            return False
        with _known_lock:
            _seen(engine).update(created)
    return True


def flush_all() -> None:
    """Write every database's pending counts (a worker exiting, a release about to run)."""
    with _pending_lock:
        engines = list(_pending.keys())
    for engine in engines:
        flush(engine)


def discard(engine: Engine) -> None:
    """Forget this database's counts not written yet: its engine is about to be disposed (a test's
    app at its end). Waits for a flush under way, so it returns the connection it holds first."""
    with _pending_lock:
        found = _pending.pop(engine, None)
    if found is not None:
        with found.writing:
            found.units.clear()


def _flush_forever() -> None:
    while True:
        _due.wait()
        time.sleep(FLUSH_SECONDS)
        _due.clear()
        flush_all()
        with _pending_lock:
            waiting = any(found.units for found in _pending.values())
        if waiting:  # a flush failed, or counts came in while it ran
            _due.set()
