"""Add a text's events to the daily counters, in the text's own transaction, in one statement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hotline.conversation import Event
from hotline.models import UsageCount

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


def add(session: Session, events: Iterable[Event]) -> None:
    """Add one to each event's counter: a single INSERT ... ON CONFLICT DO UPDATE (an upsert)."""
    counted = Counter(_key(event) for event in events)
    if not counted:
        return
    rows = [dict(zip(KEY, key, strict=True), count=n) for key, n in counted.items()]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(UsageCount).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=list(KEY), set_={"count": UsageCount.count + statement.excluded.count}
    )
    session.execute(statement)
