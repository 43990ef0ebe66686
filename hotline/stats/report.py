"""What administrators see of the usage counters: GROUP BY queries, then every count hidden that
must be (hotline.stats.hiding), the same way for the page, the CSV and `hotline stats`.

Every breakdown is shown with its total, and a kind's total is the same number wherever it appears
(texts in the totals, per day, per language, per channel): when one breakdown must hide it, it is
hidden everywhere. A count derived from two shown ones (a topic read that was not legal help) is
shown only when both are.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotline.conversation.content import Topic
from hotline.conversation.state import EventKind
from hotline.models import Referral, UsageCount

from .hiding import HIDDEN, SMALL, Count, Table, is_small, protect, single

# The totals, in the order they are shown, by the name the JSON and the CSV use.
TOTALS: dict[str, EventKind] = {
    "first_texts": EventKind.NEW,
    "texts": EventKind.MESSAGE,
    "topics": EventKind.TOPIC,
    "places": EventKind.PLACE,
    "referrals": EventKind.REFERRAL,
    "more": EventKind.MORE,
    "not_understood": EventKind.NOT_UNDERSTOOD,
    "opt_outs": EventKind.OPT_OUT,
    "opt_ins": EventKind.OPT_IN,
    "deletes": EventKind.DELETE,
    "help": EventKind.HELP,
    "languages_chosen": EventKind.LANGUAGE,
    "errors": EventKind.ERROR,
}
# Kinds that carry a county: the county filter applies to them only.
WITH_COUNTY = frozenset({EventKind.PLACE, EventKind.REFERRAL, EventKind.MORE})
OUTSIDE = "outside MA or unknown"  # a place outside Massachusetts, or a ZIP code not found
FUNNEL = ("first texts", "read a topic", "asked for legal help", "got a list", "asked for MORE")


@dataclass(frozen=True)
class Query:
    since: date
    until: date
    language: str | None = None
    county: str | None = None

    @property
    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]


def last_days(days: int, today: date) -> Query:
    return Query(today - timedelta(days=days - 1), today)


@dataclass
class Report:
    query: Query
    min_count: int
    totals: dict[str, Count]
    texts_by_day: Table[date]
    first_texts_by_day: Table[date]
    by_language: Table[str]
    by_topic: Table[str]
    by_county: Table[str]
    by_channel: Table[str]
    by_organization: Table[str]
    more: Table[str]  # MORE on lists and on topics
    not_understood_by_language: Table[str]
    funnel: dict[str, Count] = field(default_factory=dict)
    not_understood_share: dict[str, float | None] = field(default_factory=dict)


def _grouped(session: Session, query: Query, kind: EventKind, *columns: Any) -> dict[Any, int]:
    statement = select(*columns, func.sum(UsageCount.count)).where(
        UsageCount.day >= query.since, UsageCount.day <= query.until, UsageCount.kind == kind.value
    )
    if query.language:
        statement = statement.where(UsageCount.language == query.language)
    if query.county is not None and kind in WITH_COUNTY:
        statement = statement.where(UsageCount.county == query.county)
    statement = statement.group_by(*columns)
    found: dict[Any, int] = {}
    for row in session.execute(statement):
        key = row[0] if len(columns) == 1 else tuple(row[:-1])
        found[key] = int(row[-1] or 0)
    return found


def _totals(session: Session, query: Query) -> dict[EventKind, int]:
    statement = select(UsageCount.kind, func.sum(UsageCount.count)).where(
        UsageCount.day >= query.since, UsageCount.day <= query.until
    )
    if query.language:
        statement = statement.where(UsageCount.language == query.language)
    found = dict.fromkeys(EventKind, 0)
    for kind, total in session.execute(statement.group_by(UsageCount.kind)):
        if kind in EventKind._value2member_map_:
            found[EventKind(kind)] = int(total or 0)
    if query.county is not None:  # kinds with a county: counted again, for that county only
        for kind in WITH_COUNTY:
            found[kind] = sum(_grouped(session, query, kind, UsageCount.kind).values())
    return found


def _hide_total(table: Table[Any], min_count: int) -> Table[Any]:
    if table.total is None or not table.total.shown:
        return table
    why = SMALL if is_small(table.total.value, min_count) else HIDDEN
    return Table(table.cells, Count(table.total.value, why))


def _derived(value: int, parts: list[Count], min_count: int) -> Count:
    """A count worked out from others: shown only when every one of them is."""
    if all(part.shown for part in parts) and not is_small(value, min_count):
        return Count(value)
    return Count(value, SMALL if is_small(value, min_count) else HIDDEN)


def build(session: Session, query: Query, min_count: int) -> Report:
    """Count, group and hide: the report for one date range and filter."""
    raw = _totals(session, query)
    days = query.days

    def per_day(kind: EventKind) -> Table[date]:
        counted = _grouped(session, query, kind, UsageCount.day)
        return protect({day: counted.get(day, 0) for day in days}, min_count)

    texts_by_day = per_day(EventKind.MESSAGE)
    first_texts_by_day = per_day(EventKind.NEW)
    by_language = protect(
        _grouped(session, query, EventKind.MESSAGE, UsageCount.language), min_count
    )
    topics = _grouped(session, query, EventKind.TOPIC, UsageCount.topic)
    by_topic = protect({topic.value: topics.get(topic.value, 0) for topic in Topic}, min_count)
    counties = _grouped(session, query, EventKind.PLACE, UsageCount.county)
    by_county = protect({(name or OUTSIDE): n for name, n in counties.items()}, min_count)
    by_channel = protect(_grouped(session, query, EventKind.MESSAGE, UsageCount.channel), min_count)
    by_organization = protect(_organizations(session, query), min_count)
    more_kinds = _grouped(session, query, EventKind.MORE, UsageCount.topic)
    on_lists = more_kinds.get("", 0)
    more = protect({"lists": on_lists, "topics": sum(more_kinds.values()) - on_lists}, min_count)
    not_understood = protect(
        _grouped(session, query, EventKind.NOT_UNDERSTOOD, UsageCount.language), min_count
    )

    # One total per kind, hidden everywhere if any breakdown had to hide it.
    breakdowns: dict[EventKind, list[Table[Any]]] = {
        EventKind.MESSAGE: [texts_by_day, by_language, by_channel],
        EventKind.NEW: [first_texts_by_day],
        EventKind.TOPIC: [by_topic],
        EventKind.PLACE: [by_county],
        EventKind.REFERRAL: [by_organization],
        EventKind.MORE: [more],
        EventKind.NOT_UNDERSTOOD: [not_understood],
    }
    totals: dict[str, Count] = {}
    for name, kind in TOTALS.items():
        tables = breakdowns.get(kind, [])
        count = single(raw[kind], min_count)
        if any(table.total is not None and not table.total.shown for table in tables):
            count = Count(raw[kind], SMALL if is_small(raw[kind], min_count) else HIDDEN)
        totals[name] = count
    if not totals["texts"].shown:
        texts_by_day = _hide_total(texts_by_day, min_count)
        by_language = _hide_total(by_language, min_count)
        by_channel = _hide_total(by_channel, min_count)
    report = Report(
        query, min_count, totals, texts_by_day, first_texts_by_day, by_language, by_topic,
        by_county, by_channel, by_organization, more, not_understood,
    )  # fmt: skip
    for kind_name, tables in (("first_texts", [first_texts_by_day]), ("topics", [by_topic]),
                              ("places", [by_county]), ("referrals", [by_organization]),
                              ("more", [more]), ("not_understood", [not_understood])):  # fmt: skip
        if not totals[kind_name].shown:
            for table in tables:
                _replace(report, table, _hide_total(table, min_count))

    legal = report.by_topic.cells[Topic.LEGAL_HELP.value]
    read = raw[EventKind.TOPIC] - legal.value
    report.funnel = {
        "first texts": totals["first_texts"],
        "read a topic": _derived(read, [totals["topics"], legal], min_count),
        "asked for legal help": legal,
        "got a list": totals["places"],
        "asked for MORE": report.more.cells["lists"],
    }
    report.not_understood_share = {
        language: (
            count.value / report.by_language.cells[language].value
            if count.shown
            and language in report.by_language.cells
            and report.by_language.cells[language].shown
            else None
        )
        for language, count in report.not_understood_by_language.cells.items()
    }
    return report


def _replace(report: Report, old: Table[Any], new: Table[Any]) -> None:
    for name, value in vars(report).items():
        if value is old:
            setattr(report, name, new)


def _organizations(session: Session, query: Query) -> dict[str, int]:
    """Referrals shown per organization (an organization may have several entries)."""
    by_entry = _grouped(session, query, EventKind.REFERRAL, UsageCount.referral_id)
    names = dict(
        session.execute(
            select(Referral.id, Referral.organization).where(Referral.id.in_(list(by_entry)))
        ).all()
    )
    found: dict[str, int] = defaultdict(int)
    for entry_id, count in by_entry.items():
        found[names.get(entry_id, f"(entry {entry_id}, since removed)")] += count
    return dict(found)


# The shapes `hotline stats` and the CSV download share with the page.


def _shown(count: Count, min_count: int) -> int | str:
    return count.value if count.shown else count.display(min_count)


def _table(table: Table[Any], min_count: int) -> dict[str, int | str]:
    return {str(key): _shown(count, min_count) for key, count in table.cells.items()}


def as_json(report: Report) -> dict[str, Any]:
    m = report.min_count
    return {
        "since": report.query.since.isoformat(),
        "until": report.query.until.isoformat(),
        "min_count": m,
        "language": report.query.language,
        "county": report.query.county,
        "totals": {name: _shown(count, m) for name, count in report.totals.items()},
        "by_day": _table(report.texts_by_day, m),
        "first_texts_by_day": _table(report.first_texts_by_day, m),
        "by_language": _table(report.by_language, m),
        "by_topic": _table(report.by_topic, m),
        "by_county": _table(report.by_county, m),
        "by_channel": _table(report.by_channel, m),
        "by_organization": _table(report.by_organization, m),
        "more": _table(report.more, m),
        "not_understood_by_language": _table(report.not_understood_by_language, m),
        "funnel": {name: _shown(count, m) for name, count in report.funnel.items()},
    }


def as_csv(report: Report) -> str:
    """section,name,count: every number the page shows, hidden the same way."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "name", "count"])
    data = as_json(report)
    for section in ("totals", "by_day", "first_texts_by_day", "by_language", "by_topic",
                    "by_county", "by_channel", "by_organization", "more",
                    "not_understood_by_language", "funnel"):  # fmt: skip
        for name, count in data[section].items():
            writer.writerow([section, _cell(name), count])
    return out.getvalue()


def _cell(text: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula: an organization's name
    # could. Quote it as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_text(report: Report) -> str:
    data = as_json(report)
    lines = [f"Usage {data['since']} to {data['until']} (counts under {data['min_count']} hidden)"]
    for section in ("totals", "by_language", "by_topic", "by_county", "by_channel",
                    "by_organization", "funnel"):  # fmt: skip
        lines.append(f"\n{section.replace('_', ' ')}:")
        lines += [f"  {name:32} {count}" for name, count in data[section].items()]
    return "\n".join(lines)


def as_json_text(report: Report) -> str:
    return json.dumps(as_json(report), indent=1, ensure_ascii=False)
