"""`hotline stats release`: turn every closed week's counters into a frozen, noised release.

A week is closed once its Sunday is over in America/New_York. In one transaction, for each closed
week not yet released: read its raw cells (true counts plus the seeds they were created with),
add to each released cell its own noise (OpenDP, drawn once, here), name each directory entry's
organization as it is now, store the release, and delete the week's counters. Counters that come
in late for a week already released are deleted without touching it: a release never changes.
The conversation rows' weekly units for closed weeks go back to 0, and the cells of this week and
the next are created, seeded, before any text can count alone in them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from hotline.db import engine_of
from hotline.models import Conversation, Referral, Release, ReleasedCell, UsageCount

from . import counters, noise
from .cells import EPSILON, REFERRALS, REMOVED, SCALE, WEEKLY_UNITS, domain, monday, week_start

WEEK = timedelta(days=7)


def _weeks_to_release(session: Session, current: date) -> list[date]:
    counted = set(
        session.scalars(select(UsageCount.week).where(UsageCount.week < current).distinct())
    )
    released = set(session.scalars(select(Release.week)))
    first = min([*(counted - released), *([max(released) + WEEK] if released else [])],
                default=None)  # fmt: skip
    if first is None:
        return []
    found, week = [], monday(first)
    while week < current:
        if week not in released:
            found.append(week)
        week += WEEK
    return found


def _cells(
    session: Session, week: date, organizations: dict[int, str]
) -> dict[tuple[str, str], int]:
    """The week's raw cells (true count plus seed), every cell of the week there, entries by name."""
    raw = {
        (table, key): count
        for table, key, count in session.execute(
            select(UsageCount.tbl, UsageCount.cell, UsageCount.count).where(UsageCount.week == week)
        )
    }
    missing = [cell for cell in domain(organizations) if cell not in raw]
    raw.update(zip(missing, noise.noisy([0] * len(missing)), strict=True))  # seeds never drawn
    named: dict[tuple[str, str], int] = defaultdict(int)
    for (table, key), count in raw.items():
        if table == REFERRALS:
            entry = int(key) if key.isdigit() else 0
            key = organizations.get(entry, REMOVED)
        named[(table, key)] += count
    return dict(named)


def release(session: Session, as_of: date) -> list[date]:
    """Release every week closed by `as_of` that has not been; return the weeks released."""
    current = monday(as_of)
    # This process's counts still in memory belong in the weeks they were counted in.
    counters.flush(engine_of(session))
    with session.begin():
        organizations = {
            i: name for i, name in session.execute(select(Referral.id, Referral.organization))
        }
        weeks = _weeks_to_release(session, current)
        for week in weeks:
            cells = _cells(session, week, organizations)
            values = noise.noisy(list(cells.values()))
            made = Release(week=week, released_on=as_of, epsilon=EPSILON, units=WEEKLY_UNITS,
                           scale=SCALE, mechanism=noise.MECHANISM)  # fmt: skip
            session.add(made)
            session.flush()
            session.add_all(
                ReleasedCell(week=week, tbl=table, cell=key, value=value)
                for (table, key), value in zip(cells, values, strict=True)
            )
        session.execute(delete(UsageCount).where(UsageCount.week < current))
        session.execute(
            update(Conversation)
            .where(Conversation.counted != 0, Conversation.last_seen < week_start(current).astimezone(UTC))
            .values(counted=0)
        )  # fmt: skip
        counters.forget(session)
        for week in (current, current + WEEK):
            counters.prepare_week(session, week)
    counters.forget(session)
    return weeks
