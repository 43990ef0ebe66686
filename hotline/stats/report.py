"""What administrators see of usage: sums of released weeks, the same for the page, CSV and CLI.

Nothing here reads a raw counter. A question names a range of whole released weeks; every number
is a sum of released (noisy) cells, so asking again, or asking another range or table, tells
nothing the releases did not already say (post-processing). The "<11" rule then applies to each
number shown (hotline.stats.hiding).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.conversation.content import Topic
from hotline.i18n import LANGUAGES
from hotline.models import Release, ReleasedCell
from hotline.referrals.places import MASSACHUSETTS_COUNTIES

from . import cells as c
from .hiding import Count, Table, single, table

# The totals, in the order they are shown, by the name the JSON and the CSV use: a table's sum,
# or one cell of the events table.
TOTALS: dict[str, str] = {
    "first_texts": "new", "texts": c.TEXTS, "topics": c.TOPICS, "places": c.PLACES,
    "referrals": c.REFERRALS, "more": c.MORE, "not_understood": c.NOT_UNDERSTOOD, "opt_outs": "opt_out",
    "opt_ins": "opt_in", "deletes": "delete", "help": "help", "languages_chosen": "language",
    "errors": "error",
}  # fmt: skip
OUTSIDE_NAME = "outside MA or unknown"  # the places cell c.OUTSIDE, as the page names it
FUNNEL = ("first texts", "read a topic", "asked for legal help", "got a list", "asked for MORE")


@dataclass(frozen=True)
class Query:
    """A range of whole weeks, by their Mondays."""

    first: date
    last: date

    @property
    def weeks(self) -> list[date]:
        return [
            self.first + timedelta(days=7 * n)
            for n in range((self.last - self.first).days // 7 + 1)
        ]

    @property
    def until(self) -> date:
        return self.last + timedelta(days=6)


def released_weeks(session: Session) -> list[date]:
    return list(session.scalars(select(Release.week).order_by(Release.week)))


def last_weeks(weeks: int, released: list[date]) -> Query | None:
    """The last `weeks` released weeks (fewer if fewer were released); None before any release."""
    if not released:
        return None
    last = released[-1]
    return Query(max(released[0], last - timedelta(days=7 * (weeks - 1))), last)


@dataclass
class Report:
    query: Query
    min_count: int
    weeks: list[date]  # the released weeks in the range
    totals: dict[str, Count]
    texts_by_week: Table[date]
    first_texts_by_week: Table[date]
    by_language: Table[str]
    by_channel: Table[str]
    texts_by_language_and_channel: Table[str]
    by_topic: Table[str]
    by_county: Table[str]
    by_organization: Table[str]
    more: Table[str]
    not_understood_by_language: Table[str]
    epsilon: float = c.EPSILON
    units: int = c.WEEKLY_UNITS
    funnel: dict[str, Count] = field(default_factory=dict)
    not_understood_share: dict[str, float | None] = field(default_factory=dict)


def _released(session: Session, query: Query) -> dict[date, dict[tuple[str, str], int]]:
    found: dict[date, dict[tuple[str, str], int]] = defaultdict(dict)
    rows = session.execute(
        select(ReleasedCell.week, ReleasedCell.tbl, ReleasedCell.cell, ReleasedCell.value).where(
            ReleasedCell.week >= query.first, ReleasedCell.week <= query.last
        )
    )
    for week, table_name, key, value in rows:
        found[week][(table_name, key)] = value
    return dict(found)


def build(session: Session, query: Query, min_count: int) -> Report:
    """Add up the released weeks in the range, table by table."""
    by_week = _released(session, query)
    weeks = sorted(by_week)
    summed: dict[tuple[str, str], int] = defaultdict(int)
    for cells in by_week.values():
        for key, value in cells.items():
            summed[key] += value

    def one(table_name: str) -> dict[str, int]:
        return {key: value for (name, key), value in summed.items() if name == table_name}

    texts = one(c.TEXTS)
    by_language = {code: sum(v for k, v in texts.items() if k.split(":")[0] == code) for code in
                   dict.fromkeys([*LANGUAGES, *(k.split(":")[0] for k in texts)])}  # fmt: skip
    by_channel = {ch: sum(v for k, v in texts.items() if k.endswith(":" + ch)) for ch in c.CHANNELS}
    topics = one(c.TOPICS)
    places = one(c.PLACES)
    counties = {name: places.get(name, 0) for name in MASSACHUSETTS_COUNTIES}
    counties[OUTSIDE_NAME] = places.get(c.OUTSIDE, 0)
    events = one(c.EVENTS)
    sums = {c.TEXTS: sum(texts.values()), c.TOPICS: sum(topics.values()), c.PLACES: sum(places.values()),
            c.REFERRALS: sum(one(c.REFERRALS).values()), c.MORE: sum(one(c.MORE).values()),
            c.NOT_UNDERSTOOD: sum(one(c.NOT_UNDERSTOOD).values())}  # fmt: skip
    totals = {name: single(sums.get(source, events.get(source, 0)), min_count)
              for name, source in TOTALS.items()}  # fmt: skip

    def per_week(table_name: str, key: str | None) -> Table[date]:
        return table({week: sum(v for (t, k), v in by_week.get(week, {}).items()
                                if t == table_name and (key is None or k == key))
                      for week in weeks}, min_count)  # fmt: skip

    more = one(c.MORE)
    report = Report(
        query=query, min_count=min_count, weeks=weeks, totals=totals,
        texts_by_week=per_week(c.TEXTS, None), first_texts_by_week=per_week(c.EVENTS, "new"),
        by_language=table(by_language, min_count), by_channel=table(by_channel, min_count),
        texts_by_language_and_channel=table(texts, min_count),
        by_topic=table({topic.value: topics.get(topic.value, 0) for topic in Topic}, min_count),
        by_county=table(counties, min_count),
        by_organization=table(dict(sorted(one(c.REFERRALS).items())), min_count),
        more=table({"lists": more.get("lists", 0), "topics": more.get("topics", 0)}, min_count),
        not_understood_by_language=table(
            {code: one(c.NOT_UNDERSTOOD).get(code, 0) for code in LANGUAGES}, min_count
        ),
    )  # fmt: skip
    legal = topics.get(Topic.LEGAL_HELP.value, 0)
    report.funnel = {
        "first texts": totals["first_texts"],
        "read a topic": single(sums[c.TOPICS] - legal, min_count),
        "asked for legal help": single(legal, min_count),
        "got a list": totals["places"],
        "asked for MORE": single(more.get("lists", 0), min_count),
    }
    report.not_understood_share = {
        code: (count.value / report.by_language.cells[code].value
               if count.shown and report.by_language.cells[code].shown else None)
        for code, count in report.not_understood_by_language.cells.items()
    }  # fmt: skip
    return report


# The shapes `hotline stats` and the CSV download share with the page.


def _shown(count: Count, min_count: int) -> int | str:
    return count.value if count.shown else count.display(min_count)


def _table(found: Table[Any], min_count: int) -> dict[str, int | str]:
    return {str(key): _shown(count, min_count) for key, count in found.cells.items()}


def as_json(report: Report) -> dict[str, Any]:
    m = report.min_count
    return {
        "since": report.query.first.isoformat(),
        "until": report.query.until.isoformat(),
        "weeks": [week.isoformat() for week in report.weeks],
        "min_count": m,
        "epsilon_per_week": report.epsilon,
        "units_per_family_per_week": report.units,
        "totals": {name: _shown(count, m) for name, count in report.totals.items()},
        "by_week": _table(report.texts_by_week, m),
        "first_texts_by_week": _table(report.first_texts_by_week, m),
        "by_language": _table(report.by_language, m),
        "by_channel": _table(report.by_channel, m),
        "by_language_and_channel": _table(report.texts_by_language_and_channel, m),
        "by_topic": _table(report.by_topic, m),
        "by_county": _table(report.by_county, m),
        "by_organization": _table(report.by_organization, m),
        "more": _table(report.more, m),
        "not_understood_by_language": _table(report.not_understood_by_language, m),
        "funnel": {name: _shown(count, m) for name, count in report.funnel.items()},
    }


SECTIONS = ("totals", "by_week", "first_texts_by_week", "by_language", "by_channel",
            "by_language_and_channel", "by_topic", "by_county", "by_organization", "more",
            "not_understood_by_language", "funnel")  # fmt: skip


def as_csv(report: Report) -> str:
    """section,name,count: every number the page shows, hidden the same way."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "name", "count"])
    data = as_json(report)
    for section in SECTIONS:
        for name, count in data[section].items():
            writer.writerow([section, _cell(name), count])
    return out.getvalue()


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: an organization's name
    # could. Quote it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_text(report: Report) -> str:
    data = as_json(report)
    lines = [
        f"Usage, weeks {data['since']} to {data['until']} ({len(report.weeks)} released week(s); "
        f"noise: epsilon {report.epsilon:g} a week, at most {report.units} units a family a week; "
        f"under {data['min_count']} reads <{data['min_count']})"
    ]
    for section in ("totals", "by_language", "by_channel", "by_topic", "by_county",
                    "by_organization", "funnel"):  # fmt: skip
        lines.append(f"\n{section.replace('_', ' ')}:")
        lines += [f"  {name:32} {count}" for name, count in data[section].items()]
    return "\n".join(lines)


def as_json_text(report: Report) -> str:
    return json.dumps(as_json(report), indent=1, ensure_ascii=False)
