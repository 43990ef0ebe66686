"""Weekly opening hours in an entry's own time zone: is it open now, and when does it open next?

Hours are wall-clock times on each local date, so a daylight-saving change moves nothing: an office
open 9:00-17:00 is open at 9:00 local time on the Monday after the clocks change, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from hotline.said import N_, Said, SaidError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {day: index for index, day in enumerate(DAYS)}
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
ALWAYS = "24/7"
# Look this many days ahead for the next opening; beyond it an entry is as good as closed.
HORIZON_DAYS = 21


class HoursError(SaidError):
    """Hours written in a way we cannot read; the message says how to write them."""


@dataclass(frozen=True)
class Span:
    opens: time
    closes: time | None  # None: until midnight


@dataclass(frozen=True)
class WeeklyHours:
    """Open spans per weekday (0 = Monday), and dates the entry is closed all day."""

    days: tuple[tuple[Span, ...], ...] = ((),) * 7
    closed_on: frozenset[date] = field(default_factory=frozenset)

    @property
    def known(self) -> bool:
        return any(self.days)


def _time(hours: str, minutes: str) -> time | None:
    hour, minute = int(hours), int(minutes)
    if hour == 24 and minute == 0:
        return None
    if hour > 23 or minute > 59:
        raise HoursError(Said(N_("%(time)s is not a time of day"), time=f"{hours}:{minutes}"))
    return time(hour, minute)


def _days(spec: str) -> list[int]:
    found: list[int] = []
    for part in spec.split(","):
        first, _, last = part.strip().lower().partition("-")
        if first[:3] not in _DAY_NAMES or (last and last[:3] not in _DAY_NAMES):
            raise HoursError(
                Said(N_("%(day)r is not a day: use Mon, Tue, ... Sun"), day=part.strip())
            )
        start = _DAY_NAMES[first[:3]]
        end = _DAY_NAMES[last[:3]] if last else start
        found.extend(range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)])
    return found


@lru_cache(maxsize=4096)
def parse_hours(text: str) -> WeeklyHours:
    """Read hours written as "Mon-Fri 9:00-17:00; Sat 10:00-14:00", or "24/7"; empty: unknown."""
    text = text.strip()
    if not text:
        return WeeklyHours()
    if text.lower() in (ALWAYS, "24 hours", "24h"):
        return WeeklyHours(((Span(time(0, 0), None),),) * 7)
    days: list[list[Span]] = [[] for _ in DAYS]
    for rule in filter(None, (part.strip() for part in text.split(";"))):
        day_spec, _, ranges = rule.partition(" ")
        if not ranges:
            raise HoursError(
                Said(N_("%(rule)r: write days then hours, like 'Mon-Fri 9:00-17:00'"), rule=rule)
            )
        for hours_range in ranges.split(","):
            found = _RANGE.match(hours_range.strip())
            if not found:
                raise HoursError(
                    Said(N_("%(hours)r: write hours like 9:00-17:00"), hours=hours_range.strip())
                )
            opens = _time(found[1], found[2])
            closes = _time(found[3], found[4])
            if opens is None or (closes is not None and closes <= opens):
                raise HoursError(Said(N_("%(hours)r: closing must come after opening"),
                                      hours=hours_range.strip()))  # fmt: skip
            for day in _days(day_spec):
                days[day].append(Span(opens, closes))
    return WeeklyHours(tuple(tuple(sorted(spans, key=lambda s: s.opens)) for spans in days))


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def weekly_hours(text: str, closed_dates: Iterable[str] = ()) -> WeeklyHours:
    """An entry's stored hours and the dates it is closed all day (ISO dates, its own calendar).

    A date that cannot be read is ignored here: the form and the CSV import refuse it before it is
    stored. Hours that cannot be read count as unknown, never as open.
    """
    try:
        hours = parse_hours(text)
    except HoursError:
        return WeeklyHours()
    closed = frozenset(day for day in map(_iso_date, closed_dates) if day is not None)
    return replace(hours, closed_on=closed) if closed else hours


def format_hours(hours: WeeklyHours) -> str:
    """Write hours back in the form parse_hours reads, grouping days with the same spans."""
    if not hours.known:
        return ""
    if all(spans == (Span(time(0, 0), None),) for spans in hours.days):
        return ALWAYS
    rules: list[str] = []
    day = 0
    while day < 7:
        spans = hours.days[day]
        last = day
        while last + 1 < 7 and hours.days[last + 1] == spans:
            last += 1
        if spans:
            names = DAYS[day].title() + (f"-{DAYS[last].title()}" if last > day else "")
            ranges = ",".join(
                f"{s.opens.hour}:{s.opens.minute:02d}-"
                + (f"{s.closes.hour}:{s.closes.minute:02d}" if s.closes else "24:00")
                for s in spans
            )
            rules.append(f"{names} {ranges}")
        day = last + 1
    return "; ".join(rules)


def _spans_on(hours: WeeklyHours, day: date) -> tuple[Span, ...]:
    return () if day in hours.closed_on else hours.days[day.weekday()]


def _local(day: date, at: time | None, zone: ZoneInfo) -> datetime:
    if at is None:
        return datetime.combine(day + timedelta(days=1), time(0, 0), zone)
    return datetime.combine(day, at, zone)


def is_open(hours: WeeklyHours, zone: str, now: datetime) -> bool:
    """Say whether the entry is open at `now` (any timezone-aware time)."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    return any(
        _local(local.date(), span.opens, tz) <= local < _local(local.date(), span.closes, tz)
        for span in _spans_on(hours, local.date())
    )


def next_opening(hours: WeeklyHours, zone: str, now: datetime) -> datetime | None:
    """Return when the entry next opens, in its own time zone; None when not within three weeks."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    for ahead in range(HORIZON_DAYS + 1):
        day = local.date() + timedelta(days=ahead)
        for span in _spans_on(hours, day):
            opening = _local(day, span.opens, tz)
            if opening > local:
                return opening
    return None
