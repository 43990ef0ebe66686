"""Find and rank directory entries for a family: near them, in their language, about their need.

Ranking, best first (each rule only breaks the ties of the ones before it):
  verified within HOTLINE_REFERRAL_MAX_AGE_DAYS -> serves the county, else the state, else the
  country -> speaks the texter's language, else offers interpretation -> offers the help the last
  topic was about -> accepting new cases -> open now -> priority -> name.
A paused, retired or unpublished entry, or one whose area does not cover the place, is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import Referral

from .hours import is_open, next_opening, parse_hours
from .kinds import TOPIC_KINDS
from .listing import Listing

DEFAULT_MAX_AGE_DAYS = 365
# Staff are asked to check an entry this long after its last verification.
REVIEW_AFTER_DAYS = 90


def area_tier(entry: Referral, state: str | None, county: str | None) -> int | None:
    """0: serves the county, 1: the whole state, 2: the whole country; None: not this place."""
    if county is not None and state is not None and f"{state}:{county}" in entry.counties:
        return 0
    if state is not None and state in entry.states:
        return 1
    if entry.national:
        return 2
    return None


def is_shown(entry: Referral) -> bool:
    return entry.status == "active" and entry.published


def is_stale(entry: Referral, today: date, max_age_days: int) -> bool:
    return entry.last_verified is None or today - entry.last_verified > timedelta(days=max_age_days)


def needs_review(entry: Referral, today: date) -> bool:
    """Flag for staff: not verified for REVIEW_AFTER_DAYS."""
    return is_stale(entry, today, REVIEW_AFTER_DAYS)


@dataclass(frozen=True)
class Ranked:
    entry: Referral
    key: tuple[object, ...]
    open_now: bool
    stale: bool


def rank(
    entries: list[Referral],
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
        open_now = is_open(parse_hours(entry.hours), entry.timezone, now)
        speaks = 0 if language in entry.languages else 1 if entry.interpretation else 2
        key = (
            stale,
            tier,
            speaks,
            not (wanted & set(entry.services)),
            not entry.accepting_new_cases,
            not open_now,
            -entry.priority,
            entry.organization.casefold(),
            entry.id,
        )
        ranked.append(Ranked(entry, key, open_now, stale))
    ranked.sort(key=lambda found: found.key)
    return ranked


def opens_next(entry: Referral, now: datetime) -> datetime | None:
    return next_opening(parse_hours(entry.hours), entry.timezone, now)


class SqlDirectory:
    """The directory in the database: one SELECT per lookup, whatever its size."""

    def __init__(self, session: Session, max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> None:
        self.session = session
        self.max_age_days = max_age_days

    def candidates(self) -> list[Referral]:
        query = select(Referral).where(Referral.status == "active", Referral.published.is_(True))
        return list(self.session.scalars(query))

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
            Listing(
                item.entry.id,
                item.entry.organization,
                item.entry.phone,
                open_now=item.open_now,
                opens_at=None if item.open_now else opens_next(item.entry, now),
                stale=item.stale,
            )
            for item in found
        ]
