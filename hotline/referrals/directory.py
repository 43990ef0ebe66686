"""Find and rank directory entries for a family: in their language, near them, about their need.

Ranking, best first (each rule only breaks the ties of the ones before it):
  its staff speak the texter's language, else it offers an interpreter, else neither -> gives legal
  help (referrals.kinds.LEGAL_HELP_KINDS) -> verified within HOTLINE_REFERRAL_MAX_AGE_DAYS ->
  serves the county, else the state, else the country -> offers the help the last topic was about
  -> accepting new cases -> open now (closed dates count) -> priority -> name.
Language comes before distance: a number where nobody understands the family is a dead end, however
near. A paused, retired or unpublished entry, or one whose area does not cover the place, is never
shown.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, cast

from sqlalchemy import Engine, select

from hotline.db import Executor, engine_of
from hotline.i18n import SPOKEN
from hotline.models import DirectoryVersion, Referral

from .hours import WeeklyHours, is_open, next_opening, weekly_hours
from .kinds import LEGAL_HELP_KINDS, TOPIC_KINDS
from .listing import Listing, Speaks

DEFAULT_MAX_AGE_DAYS = 365


class Entry(Protocol):
    """What ranking reads of a directory entry: a Referral, or a row of its table."""

    id: int
    organization: str
    phone: str
    services: list[str]
    counties: list[str]
    states: list[str]
    national: bool
    languages: list[str]
    interpretation: bool
    hours: str
    timezone: str
    closed_dates: list[str]
    accepting_new_cases: bool
    status: str
    published: bool
    priority: int
    last_verified: date | None
    descriptions: dict[str, str]  # language -> one line staff wrote for families


def area_tier(entry: Entry, state: str | None, county: str | None) -> int | None:
    """0: serves the county, 1: the whole state, 2: the whole country; None: not this place."""
    if county is not None and state is not None and f"{state}:{county}" in entry.counties:
        return 0
    if state is not None and state in entry.states:
        return 1
    if entry.national:
        return 2
    return None


def is_shown(entry: Entry) -> bool:
    return entry.status == "active" and entry.published


def is_stale(entry: Entry, today: date, max_age_days: int) -> bool:
    return entry.last_verified is None or today - entry.last_verified > timedelta(days=max_age_days)


def configured_max_age() -> int:
    """How long a verification lasts (HOTLINE_REFERRAL_MAX_AGE_DAYS): the one rule families'
    "not recently verified" and staff's "needs verifying" both follow."""
    from flask import current_app

    found: int = current_app.config.get("HOTLINE_REFERRAL_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)
    return found


def needs_review(entry: Entry, today: date) -> bool:
    """Flag for staff: families see this entry as not recently verified (configured_max_age)."""
    return is_stale(entry, today, configured_max_age())


def speaks(entry: Entry, language: str) -> Speaks:
    if SPOKEN.get(language, language) in entry.languages:
        return Speaks.LANGUAGE
    return Speaks.INTERPRETER if entry.interpretation else Speaks.NEITHER


def gives_legal_help(entry: Entry) -> bool:
    return not LEGAL_HELP_KINDS.isdisjoint(entry.services)


def hours_of(entry: Entry) -> WeeklyHours:
    """The entry's weekly hours with its closed dates, as the open-now check needs them."""
    return weekly_hours(entry.hours, entry.closed_dates)


_SPEAKS_ORDER = {Speaks.LANGUAGE: 0, Speaks.INTERPRETER: 1, Speaks.NEITHER: 2}


@dataclass(frozen=True)
class Ranked:
    entry: Entry
    key: tuple[object, ...]
    open_now: bool
    stale: bool
    speaks: Speaks


def rank(
    entries: Sequence[Entry],
    *,
    state: str | None,
    county: str | None,
    language: str,
    topic: str | None,
    now: datetime,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[Ranked]:
    """Keep the entries a family may be shown for this place, best first."""
    wanted = TOPIC_KINDS.get(topic or "", frozenset())
    ranked = []
    for entry in entries:
        tier = area_tier(entry, state, county)
        if tier is None or not is_shown(entry):
            continue
        stale = is_stale(entry, now.date(), max_age_days)
        open_now = is_open(hours_of(entry), entry.timezone, now)
        talks = speaks(entry, language)
        key = (
            _SPEAKS_ORDER[talks],
            not gives_legal_help(entry),
            stale,
            tier,
            wanted.isdisjoint(entry.services),
            not entry.accepting_new_cases,
            not open_now,
            -entry.priority,
            entry.organization.casefold(),
            entry.id,
        )
        ranked.append(Ranked(entry, key, open_now, stale, talks))
    ranked.sort(key=lambda found: found.key)
    return ranked


def opens_next(entry: Entry, now: datetime) -> datetime | None:
    return next_opening(hours_of(entry), entry.timezone, now)


def listing_for(
    entry: Entry, language: str, now: datetime, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> Listing:
    """One entry as a text to a family in `language` shows it at `now` (also the admin's preview)."""
    open_now = is_open(hours_of(entry), entry.timezone, now)
    stale = is_stale(entry, now.date(), max_age_days)
    return _listing(entry, language, now, open_now, stale, speaks(entry, language))


def _listing(
    entry: Entry, language: str, now: datetime, open_now: bool, stale: bool, talks: Speaks
) -> Listing:
    described = " ".join(((entry.descriptions or {}).get(language) or "").split())
    return Listing(
        entry.id,
        entry.organization,
        entry.phone,
        open_now=open_now,
        opens_at=None if open_now else opens_next(entry, now),
        stale=stale,
        speaks=talks,
        legal_help=gives_legal_help(entry),
        description=described or None,
    )


_ACTIVE = select(*Referral.__table__.c).where(
    Referral.__table__.c.status == "active", Referral.__table__.c.published.is_(True)
)


_VERSION = select(DirectoryVersion.version).where(DirectoryVersion.id == 1)


@dataclass(frozen=True)
class _Read:
    version: int
    entries: list[Entry]


# Per engine (one per app), the active entries as last read and the directory's version then.
_read: weakref.WeakKeyDictionary[Engine, _Read] = weakref.WeakKeyDictionary()
_read_lock = threading.Lock()


class SqlDirectory:
    """The directory in the database: a lookup reads one number, and every active entry only
    when the directory changed since this process last read it (models.DirectoryVersion)."""

    def __init__(self, session: Executor, max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> None:
        self.session = session
        self.max_age_days = max_age_days

    def candidates(self) -> list[Entry]:
        version = self.session.execute(_VERSION).scalar()
        engine = engine_of(self.session)
        with _read_lock:
            kept = _read.get(engine)
        if version is not None and kept is not None and kept.version == version:
            return kept.entries
        # Rows of the table, not ORM objects: immutable, so every thread can share them. Read
        # after the version: a change that lands in between is newer than the number kept, and
        # the next lookup reads it again.
        rows = cast(list[Entry], self.session.execute(_ACTIVE).all())
        if version is not None:
            with _read_lock:
                _read[engine] = _Read(version, rows)
        return rows

    def find(
        self,
        *,
        state: str | None,
        county: str | None,
        language: str,
        topic: str | None,
        now: datetime,
    ) -> list[Listing]:
        found = rank(
            self.candidates(),
            state=state,
            county=county,
            language=language,
            topic=topic,
            now=now,
            max_age_days=self.max_age_days,
        )
        return [
            _listing(item.entry, language, now, item.open_now, item.stale, item.speaks)
            for item in found
        ]
