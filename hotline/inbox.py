"""Answer one inbound text: once per message, with the stored state, in one transaction.

This is the edge between the pure engine and the database. It keeps only what the engine's state
holds (no number, no text), a Bloom filter of the MessageSids it answered (the replay
guard), and how many usage units the conversation added this week (the per-family bound of the
usage releases); it counts events into the week's cells, with no identity. The flood limit is
counted outside the database (hotline.flood). `last_seen` is kept to the hour: no stored time can
be matched to a carrier's record of one text.

A text costs two statements when it needs no lookup: lock and read its conversation (an UPDATE
that changes nothing and RETURNs the row, so SQLite takes its write lock and PostgreSQL its row lock
at once), and write the conversation back. Its usage units are counted in memory once it has
committed, and written with every other text's once a second (hotline.stats.counters).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Insert, Table, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from hotline import replays
from hotline.content_reviews import SqlRecords
from hotline.conversation import (
    Event,
    EventKind,
    Inbound,
    Outcome,
    State,
    content,
    never_dropped,
    respond,
)
from hotline.conversation.state import STATS_TIMEZONE, from_record, to_record
from hotline.db import Executor, engine_of, writing
from hotline.flood import FloodCounter
from hotline.i18n import SOURCE_LANGUAGE, translations
from hotline.models import Conversation
from hotline.referrals.directory import DEFAULT_MAX_AGE_DAYS, SqlDirectory
from hotline.segments import economical
from hotline.stats import cells, counters

log = logging.getLogger(__name__)
DEFAULT_SENDER_LIMIT = 20


class Replies(tuple[str, ...]):
    """The texts to send, and the language they are written in (for their delivery receipts)."""

    language: str

    def __new__(cls, texts: tuple[str, ...], language: str) -> Replies:
        found = super().__new__(cls, texts)
        found.language = language
        return found


class AlreadyAnswered(Exception):
    """This MessageSid was answered before: Twilio retried, or someone replayed the request."""


class _FirstTextRaced(Exception):
    """Another server stored this number's first text a moment ago: start again with its row."""


@dataclass(frozen=True)
class Received:
    """One text as the inbox receives it; the number is already a keyed hash."""

    key: str
    text: str
    message_key: str | None
    has_media: bool = False
    channel: str = "sms"  # "sms" or "whatsapp"


@dataclass(frozen=True)
class Limits:
    """What the inbox is told by the configuration."""

    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    # More texts than this in a minute from one number get one "please slow down", then silence.
    sender_limit: int = DEFAULT_SENDER_LIMIT
    # A Redis client counts the flood limit across servers; None counts in this process's memory.
    redis: Any = None
    flood: FloodCounter = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "flood", FloodCounter(self.redis))


# The conversation's stored columns, as read with its lock: a plain dict, written back with one
# prepared statement. The ORM's unit of work is not needed on a path this short and this hot.
Row = dict[str, Any]
_TABLE: Table = Conversation.__table__  # type: ignore[assignment]
_COLUMNS = [column.name for column in _TABLE.c]
# A no-op UPDATE that returns the row: SQLite takes its write lock, PostgreSQL its row lock, and the
# row is read, in one statement. Each statement is made once, so it is compiled once.
_LOCK = (
    update(_TABLE)
    .where(_TABLE.c.key == bindparam("b_key"))
    .values(last_seen=_TABLE.c.last_seen)
    .returning(*_TABLE.c)
)
_WRITE = (
    update(_TABLE)
    .where(_TABLE.c.key == bindparam("b_key"))
    .values({c.name: bindparam(c.name, type_=c.type) for c in _TABLE.c if c.name != "key"})
)
# A first text inserts its row only if no other server did a moment before: ON CONFLICT DO NOTHING
# never raises, so PostgreSQL never logs the key in a "duplicate key" error.
_VALUES = {c.name: bindparam(c.name, type_=c.type) for c in _TABLE.c}
_ADD: dict[str, Insert] = {
    "postgresql": postgresql.insert(_TABLE).values(_VALUES).on_conflict_do_nothing(),
    "sqlite": sqlite.insert(_TABLE).values(_VALUES).on_conflict_do_nothing(),
}
_ERASE = delete(_TABLE).where(_TABLE.c.key == bindparam("b_key"))
_LANGUAGE = select(_TABLE.c.language).where(_TABLE.c.key == bindparam("b_key"))


def load_state(row: Row | None) -> State | None:
    return None if row is None else from_record(row)


def _stored(state: State, row: Row | None, key: str) -> Row:
    """The row to write for a state, keeping the edge's own bookkeeping from the row read."""
    kept = row or {"key": key, "seen_messages": "", "counted": 0}
    assert state.last_seen is not None
    stored = {**kept, **to_record(state)}
    stored["last_seen"] = state.last_seen.replace(minute=0, second=0, microsecond=0)
    return stored


def _write(session: Executor, key: str, existed: bool, after: Row | None) -> None:
    if after is None:
        if existed:
            session.execute(_ERASE, {"b_key": key})
    elif not existed:
        dialect = engine_of(session).dialect.name
        added = session.execute(_ADD[dialect], {name: after[name] for name in _COLUMNS})
        if added.rowcount == 0:  # type: ignore[attr-defined]
            raise _FirstTextRaced
    else:
        changes = {name: after[name] for name in _COLUMNS if name != "key"}
        session.execute(_WRITE, {"b_key": key, **changes})


def lock(session: Executor, key: str) -> Row | None:
    """Read the conversation with a lock."""
    found = session.execute(_LOCK, {"b_key": key}).mappings().first()
    return dict(found) if found is not None else None


def _remember(row: Row, message_key: str | None) -> None:
    if message_key is not None:
        row["seen_messages"] = replays.remember(row["seen_messages"], message_key)


def units_used(row: Row | None, now: datetime) -> int:
    """The usage units this conversation already added this week (0 in a new week)."""
    if row is None or row["last_seen"] is None:
        return 0
    return int(row["counted"]) if cells.week_of(row["last_seen"]) == cells.week_of(now) else 0


def charge(row: Row | None, total: int, now: datetime) -> int | None:
    """The family's units this week with `total` more; None when they would pass the week's bound.

    The one rule for texts (here) and delivery receipts (hotline.sms.receipts).
    """
    used = units_used(row, now) + total
    return used if used <= cells.WEEKLY_UNITS else None


def _units(
    events: tuple[Event, ...], row: Row | None, after: Row | None, now: datetime
) -> Counter[counters.Key]:
    """A text's units to count: none if they would take its family past the week's bound.

    All of a text's units or none, so its tables agree. A family past the bound is answered as
    ever; only the statistics stop hearing about it until next week.
    """
    units = cells.cells(events)
    charged = charge(row, sum(units.values()), now)
    if charged is None:
        units.clear()
    if after is not None:
        after["counted"] = units_used(row, now) if charged is None else charged
    return units


def slow_down(language: str) -> str:
    return economical(translations(language).gettext(content.SLOW_DOWN), language)


def receive(
    session: Executor, received: Received, now: datetime, limits: Limits | None = None
) -> Replies:
    """Run the engine on one text and store what it decided; raise AlreadyAnswered on a replay.

    Families often send two texts at once ("hola", "necesito ayuda"). On PostgreSQL both may find
    no conversation and both insert one; the loser starts again and reads the winner's.
    """
    limits = limits or Limits()
    texts = limits.flood.count(received.key, now)
    try:
        return _receive_once(session, received, now, limits, texts)
    except _FirstTextRaced:
        return _receive_once(session, received, now, limits, texts)


def _receive_once(
    session: Executor, received: Received, now: datetime, limits: Limits, texts: int
) -> Replies:
    with writing(engine_of(session)), session.begin():
        row = lock(session, received.key)
        sid = received.message_key
        if row is not None and sid is not None and replays.seen(row["seen_messages"], sid):
            raise AlreadyAnswered
        existed = row is not None
        if texts > limits.sender_limit and not never_dropped(received.text):
            # One reply to say so, then silence until the minute is over; never a 429, which
            # Twilio would not retry and the family would never see explained.
            if row is not None:
                _remember(row, received.message_key)
                _write(session, received.key, existed, row)
            language = row["language"] if row is not None else SOURCE_LANGUAGE
            sent = (slow_down(language),) if texts == limits.sender_limit + 1 else ()
            return Replies(sent, language)
        inbound = Inbound(received.text, received.has_media, received.channel)
        directory = SqlDirectory(session, limits.max_age_days)
        records = SqlRecords(session)
        outcome: Outcome = respond(load_state(row), inbound, now, directory, records)
        after = None if outcome.state is None else _stored(outcome.state, row, received.key)
        if after is not None:
            _remember(after, received.message_key)
        units = _units(outcome.events, row, after, now)
        _write(session, received.key, existed, after)
    counters.count(engine_of(session), units)
    # The language the engine wrote in: the state it kept, else the one it was given (DELETE).
    written_in = outcome.state or load_state(row)
    return Replies(outcome.replies, written_in.language if written_in else SOURCE_LANGUAGE)


def count_error(engine: Engine, language: str, channel: str, now: datetime) -> None:
    """Count a text the hotline failed to answer: in memory, so it counts even when the database
    is what failed (written once the database is back)."""
    day = now.astimezone(STATS_TIMEZONE).date()
    counters.count(engine, cells.cells([Event(EventKind.ERROR, day, language, channel)]))


def stored_language(session: Executor, key: str) -> str | None:
    """The conversation's language, for an error reply; None when it cannot be read."""
    try:
        found: str | None = session.execute(_LANGUAGE, {"b_key": key}).scalar()
    except Exception:  # the database may be what failed
        return None
    return found
