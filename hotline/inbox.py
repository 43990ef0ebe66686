"""Answer one inbound text: once per message, with the stored state, in one transaction.

This is the edge between the pure engine and the database. It keeps only what the engine's state
holds (no number, no text) and counts events with no identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hotline.content_reviews import SqlRecords
from hotline.conversation import (
    Event,
    EventKind,
    Inbound,
    LanguageSource,
    Outcome,
    State,
    Step,
    respond,
)
from hotline.conversation.state import STATS_TIMEZONE
from hotline.models import Conversation, ProcessedMessage
from hotline.referrals.directory import DEFAULT_MAX_AGE_DAYS, SqlDirectory
from hotline.stats import counters


class AlreadyAnswered(Exception):
    """This MessageSid was answered before: Twilio retried, or someone replayed the request."""


@dataclass(frozen=True)
class Received:
    """One text as the inbox receives it; the number is already a keyed hash."""

    key: str
    text: str
    message_key: str | None
    has_media: bool = False
    channel: str = "sms"  # "sms" or "whatsapp"


def load_state(row: Conversation | None) -> State | None:
    if row is None:
        return None
    try:
        step = Step(row.step)
    except ValueError:  # a step a newer or older release wrote: start from the menu
        step = Step.MENU
    try:
        source = LanguageSource(row.language_source)
    except ValueError:
        source = LanguageSource.DETECTED
    return State(
        row.language,
        step,
        row.topic,
        row.opted_out,
        row.last_seen,
        row.area,
        row.shown,
        source,
        row.page,
    )


def _save(session: Session, key: str, row: Conversation | None, state: State | None) -> None:
    if state is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = Conversation(key=key)
        session.add(row)
    row.language = state.language
    row.step = state.step.value
    row.topic = state.topic
    row.opted_out = state.opted_out
    assert state.last_seen is not None
    row.last_seen = state.last_seen
    row.area = state.area
    row.shown = state.shown
    row.language_source = state.language_source.value
    row.page = state.page


def receive(
    session: Session, received: Received, now: datetime, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> tuple[str, ...]:
    """Run the engine on one text and store what it decided; raise AlreadyAnswered on a replay.

    Families often send two texts at once ("hola", "necesito ayuda"). On PostgreSQL both may find
    no conversation and both insert one; the loser starts again and reads the winner's.
    """
    try:
        return _receive_once(session, received, now, max_age_days)
    except IntegrityError:
        return _receive_once(session, received, now, max_age_days)


def _receive_once(
    session: Session, received: Received, now: datetime, max_age_days: int
) -> tuple[str, ...]:
    with session.begin():
        if received.message_key is not None:
            # Written first, so the transaction holds the write lock from its first statement
            # (SQLite) and a replay fails here, before anything else is done or counted.
            session.add(ProcessedMessage(sid_hash=received.message_key, received_on=now.date()))
            try:
                session.flush()
            except IntegrityError as replay:
                raise AlreadyAnswered from replay
        row = session.get(Conversation, received.key, with_for_update=True)
        inbound = Inbound(received.text, received.has_media, received.channel)
        directory = SqlDirectory(session, max_age_days)
        records = SqlRecords(session)
        outcome: Outcome = respond(load_state(row), inbound, now, directory, records)
        _save(session, received.key, row, outcome.state)
        counters.add(session, outcome.events)
    return outcome.replies


def count_error(session: Session, language: str, channel: str, now: datetime) -> None:
    """Count a text the hotline failed to answer; never raise (the database may be what failed)."""
    day = now.astimezone(STATS_TIMEZONE).date()
    try:
        with session.begin():
            counters.add(session, [Event(EventKind.ERROR, day, language, channel)])
    except Exception:
        session.rollback()


def stored_language(session: Session, key: str) -> str | None:
    """The conversation's language, for an error reply; None when it cannot be read."""
    try:
        row = session.get(Conversation, key)
    except Exception:  # the database may be what failed
        return None
    return row.language if row is not None else None
