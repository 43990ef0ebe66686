"""Add a text's events to this week's raw counters, in the text's own transaction.

Every cell of a week is created at once, before any text adds to it, holding a noise seed (OpenDP):
so no row exists because of one family, and no row's value is one family's alone, even in a dump
taken in the middle of the week. A cell that is not there yet (an entry added to the directory
during the week) is created the same way when first counted. Each process remembers, per database,
which weeks and cells it has seen created, so a text usually costs one upsert.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cache

from sqlalchemy import Date, Engine, TextClause, bindparam, select, text

from hotline.db import Executor, engine_of
from hotline.models import Referral

from . import noise
from .cells import domain

Key = tuple[date, str, str]  # (week, table, cell)

_known: weakref.WeakKeyDictionary[Engine, set[Key]] = weakref.WeakKeyDictionary()
_known_lock = threading.Lock()


def _seen(session: Executor) -> set[Key]:
    """The cells this process knows exist in the session's database (call with the lock held)."""
    return _known.setdefault(engine_of(session), set())


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
    """Create every cell of a week (all languages, topics, counties, directory entries, ...)."""
    entries = session.scalars(select(Referral.id)).all()
    return create(session, [(week, table, key) for table, key in domain(entries)])


def remember(session: Executor, keys: Iterable[Key]) -> None:
    """Note cells known to exist: call once the transaction that created them has committed."""
    with _known_lock:
        _seen(session).update(keys)


def forget(session: Executor) -> None:
    """Forget which cells exist in the session's database (a release deleted some)."""
    with _known_lock:
        _seen(session).clear()


def add(session: Executor, units: Counter[Key]) -> list[Key]:
    """Add each cell's units with one upsert, creating (seeded) the cells this process has not seen.

    Returns the cells it created, for `remember` once the transaction commits.
    """
    if not units:
        return []
    created: list[Key] = []
    with _known_lock:
        known = _seen(session)
        weeks = {week for week, _, _ in units if (week, "", "") not in known}
        missing = [key for key in units if key not in known]
    for week in weeks:
        created += prepare_week(session, week)
        created.append((week, "", ""))  # the whole week is prepared
    missing = [key for key in missing if key not in created]
    created += create(session, missing)
    parameters: dict[str, object] = {}
    for n, ((week, table, key), count) in enumerate(units.items()):
        parameters.update({f"week_{n}": week, f"tbl_{n}": table, f"cell_{n}": key})
        parameters[f"count_{n}"] = count
    session.execute(_upsert(len(units)), parameters)
    return created
