"""Add a text's events to the daily counters, in the text's own transaction, in one statement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from sqlalchemy import Date, TextClause, bindparam, text
from sqlalchemy.orm import Session

from hotline.conversation import Event

KEY = ("day", "kind", "channel", "language", "topic", "county", "referral_id")


def _key(event: Event) -> tuple[object, ...]:
    return (
        event.day,
        event.kind.value,
        event.channel,
        event.language,
        event.topic or "",
        event.county or "",
        event.referral_id or 0,
    )


@cache
def _upsert(rows: int) -> TextClause:
    """INSERT ... VALUES (row 1), (row 2), ... ON CONFLICT (key) DO UPDATE count = count + new.

    The same words on SQLite and PostgreSQL. Written once per number of rows (a text has between
    one and about a dozen counters), so it is parsed and cached once.
    """
    columns = ", ".join((*KEY, "count"))
    values = ", ".join(
        "(" + ", ".join(f":{name}_{n}" for name in (*KEY, "count")) + ")" for n in range(rows)
    )
    statement = text(
        f"INSERT INTO usage_count ({columns}) VALUES {values} "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET count = usage_count.count + excluded.count"
    )
    return statement.bindparams(*(bindparam(f"day_{n}", type_=Date) for n in range(rows)))


def add(session: Session, events: Iterable[Event]) -> None:
    """Add one to each event's counter: a single INSERT ... ON CONFLICT DO UPDATE (an upsert)."""
    counted = Counter(_key(event) for event in events)
    if not counted:
        return
    parameters: dict[str, object] = {}
    for n, (key, count) in enumerate(counted.items()):
        parameters.update({f"{name}_{n}": value for name, value in zip(KEY, key, strict=True)})
        parameters[f"count_{n}"] = count
    session.execute(_upsert(len(counted)), parameters)
