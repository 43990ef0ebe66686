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
from collections.abc import Mapping
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
from .hiding import NONE, Count, Noisy, Table, single, table

# The totals, in the order they are shown, by the name the JSON and the CSV use: a table's sum,
# or one cell of the events table.
TOTALS: dict[str, str] = {
    "first_texts": "new", "texts": c.TEXTS, "topics": c.TOPICS, "places": c.PLACES,
    "referrals": c.REFERRALS, "more": c.MORE, "not_understood": c.NOT_UNDERSTOOD, "opt_outs": "opt_out",
    "opt_ins": "opt_in", "deletes": "delete", "help": "help", "languages_chosen": "language",
    "errors": "error", "replies_delivered": c.DELIVERED,
    "replies_not_delivered": c.NOT_DELIVERED_CHANNEL,
}  # fmt: skip
OUTSIDE_NAME = "outside MA or unknown"  # the places cell c.OUTSIDE, as the page names it
# The not-delivered reasons, by error code, in the order the page shows them.
NOT_DELIVERED_REASONS = (*c.ERROR_CODES, c.OTHER_ERROR)
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
    first_texts_by_channel: Table[str]
    by_topic: Table[str]
    by_county: Table[str]
    by_organization: Table[str]
    more: Table[str]
    not_understood_by_language: Table[str]
    delivery: Table[str]  # every final outcome, by reason ("delivered", "undelivered:30007", ...)
    not_delivered_by_reason: Table[str]  # by error code, undelivered and failed together
    not_delivered_by_language: Table[str]
    not_delivered_by_channel: Table[str]
    epsilon: float = c.EPSILON
    units: int = c.WEEKLY_UNITS
    funnel: dict[str, Count] = field(default_factory=dict)
    not_understood_share: dict[str, float | None] = field(default_factory=dict)
    # Replies not delivered: of all replies with a final outcome; per language, per text answered
    # in it; per channel, of all replies not delivered. None where a number involved is hidden.
    not_delivered_share: float | None = None
    not_delivered_per_text: dict[str, float | None] = field(default_factory=dict)
    not_delivered_channel_share: dict[str, float | None] = field(default_factory=dict)


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
    """Add up the released weeks in the range, table by table, each sum with its margin."""
    by_week = _released(session, query)
    weeks = sorted(by_week)
    summed: dict[tuple[str, str], Noisy] = defaultdict(lambda: NONE)
    for cells in by_week.values():
        for key, value in cells.items():
            summed[key] += Noisy(value)
    # Each released cell carries two independent draws of scale SCALE: the seed its counter started
    # from and the release's own (a discrete Laplace draw of scale b has a variance of about 2b^2).
    deviation = 2 * c.SCALE

    def one(table_name: str) -> dict[str, Noisy]:
        return {key: value for (name, key), value in summed.items() if name == table_name}

    def total(values: dict[str, Noisy]) -> Noisy:
        return sum(values.values(), NONE)

    def show(values: Mapping[Any, Noisy]) -> Table[Any]:
        return table(values, min_count, deviation)

    texts = one(c.TEXTS)
    by_language = {code: texts.get(code, NONE) for code in dict.fromkeys([*LANGUAGES, *texts])}
    topics = one(c.TOPICS)
    places = one(c.PLACES)
    counties = {name: places.get(name, NONE) for name in MASSACHUSETTS_COUNTIES}
    counties[OUTSIDE_NAME] = places.get(c.OUTSIDE, NONE)
    events = one(c.EVENTS)
    by_channel = {ch: events.get(f"new:{ch}", NONE) for ch in c.CHANNELS}
    events["new"] = total(by_channel)
    more = one(c.MORE)
    not_understood = one(c.NOT_UNDERSTOOD)
    delivery = one(c.DELIVERY)
    # Each code's undelivered and failed cells together: a sum of released cells, nothing new.
    by_reason = {code: sum((delivery.get(f"{status}:{code}", NONE) for status in c.NOT_DELIVERED),
                           NONE) for code in NOT_DELIVERED_REASONS}  # fmt: skip
    by_language_lost = one(c.NOT_DELIVERED_LANGUAGE)
    by_channel_lost = one(c.NOT_DELIVERED_CHANNEL)
    # Every reply not delivered adds one to exactly one channel cell: its total (two cells) carries
    # the least noise of the three ways to add them up.
    sums = {c.TEXTS: total(texts), c.TOPICS: total(topics), c.PLACES: total(places),
            c.REFERRALS: total(one(c.REFERRALS)), c.MORE: total(more),
            c.NOT_UNDERSTOOD: total(not_understood), c.DELIVERED: delivery.get(c.DELIVERED, NONE),
            c.NOT_DELIVERED_CHANNEL: total(by_channel_lost)}  # fmt: skip
    totals = {name: single(sums.get(source, events.get(source, NONE)), min_count, deviation)
              for name, source in TOTALS.items()}  # fmt: skip

    def per_week(table_name: str, keys: tuple[str, ...] | None) -> Table[date]:
        return show({week: sum((Noisy(v) for (t, k), v in by_week.get(week, {}).items()
                                if t == table_name and (keys is None or k in keys)), NONE)
                     for week in weeks})  # fmt: skip

    report = Report(
        query=query, min_count=min_count, weeks=weeks, totals=totals,
        texts_by_week=per_week(c.TEXTS, None),
        first_texts_by_week=per_week(c.EVENTS, c.FIRST_TEXTS),
        by_language=show(by_language), first_texts_by_channel=show(by_channel),
        by_topic=show({topic.value: topics.get(topic.value, NONE) for topic in Topic}),
        by_county=show(counties), by_organization=show(dict(sorted(one(c.REFERRALS).items()))),
        more=show({"lists": more.get("lists", NONE), "topics": more.get("topics", NONE)}),
        not_understood_by_language=show({code: not_understood.get(code, NONE) for code in LANGUAGES}),
        delivery=show({key: delivery.get(key, NONE) for key in c.REASONS}),
        not_delivered_by_reason=show(by_reason),
        not_delivered_by_language=show({code: by_language_lost.get(code, NONE)
                                        for code in LANGUAGES}),
        not_delivered_by_channel=show({ch: by_channel_lost.get(ch, NONE) for ch in c.CHANNELS}),
    )  # fmt: skip
    legal = topics.get(Topic.LEGAL_HELP.value, NONE)
    report.funnel = {
        "first texts": totals["first_texts"],
        "read a topic": single(sums[c.TOPICS] - legal, min_count, deviation),
        "asked for legal help": single(legal, min_count, deviation),
        "got a list": totals["places"],
        "asked for MORE": single(more.get("lists", NONE), min_count, deviation),
    }
    report.not_understood_share = {
        code: (count.value / report.by_language.cells[code].value
               if count.shown and report.by_language.cells[code].shown else None)
        for code, count in report.not_understood_by_language.cells.items()
    }  # fmt: skip
    delivered, lost = totals["replies_delivered"], totals["replies_not_delivered"]
    outcomes = single(sums[c.DELIVERED] + sums[c.NOT_DELIVERED_CHANNEL], min_count, deviation)
    # Only with both parts shown, as everywhere: a small noisy number is not read as a rate.
    report.not_delivered_share = _share(lost, outcomes) if delivered.shown else None
    report.not_delivered_per_text = {
        code: _share(count, report.by_language.cells[code])
        for code, count in report.not_delivered_by_language.cells.items()
    }
    report.not_delivered_channel_share = {
        channel: _share(count, lost)
        for channel, count in report.not_delivered_by_channel.cells.items()
    }
    return report


def _share(part: Count, whole: Count) -> float | None:
    """part / whole, when both are shown (a hidden number is never divided into a shown one)."""
    return part.value / whole.value if part.shown and whole.shown and whole.value > 0 else None


# The shapes `hotline stats` and the CSV download share with the page.


def _shown(count: Count, min_count: int) -> int | str:
    return count.value if count.shown else count.display(min_count)


def _table(found: Table[Any] | dict[str, Count], min_count: int) -> dict[str, int | str]:
    cells = found.cells if isinstance(found, Table) else found
    return {str(key): _shown(count, min_count) for key, count in cells.items()}


def _margins(found: Table[Any] | dict[str, Count]) -> dict[str, int]:
    cells = found.cells if isinstance(found, Table) else found
    return {str(key): count.margin for key, count in cells.items()}


def sections(report: Report) -> dict[str, Table[Any] | dict[str, Count]]:
    """Every table the page shows, by the name the JSON and the CSV use, in the CSV's order."""
    return {
        "totals": report.totals, "by_week": report.texts_by_week,
        "first_texts_by_week": report.first_texts_by_week, "by_language": report.by_language,
        "first_texts_by_channel": report.first_texts_by_channel,
        "by_topic": report.by_topic, "by_county": report.by_county,
        "by_organization": report.by_organization, "more": report.more,
        "not_understood_by_language": report.not_understood_by_language,
        "delivery": report.delivery, "not_delivered_by_reason": report.not_delivered_by_reason,
        "not_delivered_by_language": report.not_delivered_by_language,
        "not_delivered_by_channel": report.not_delivered_by_channel, "funnel": report.funnel,
    }  # fmt: skip


def as_json(report: Report) -> dict[str, Any]:
    m = report.min_count
    found = sections(report)
    return {
        "since": report.query.first.isoformat(),
        "until": report.query.until.isoformat(),
        "weeks": [week.isoformat() for week in report.weeks],
        "min_count": m,
        "epsilon_per_week": report.epsilon,
        "units_per_family_per_week": report.units,
        **{name: _table(table, m) for name, table in found.items()},
        # Half the width of each number's 90% interval, from the noise it carries.
        "margins_90": {name: _margins(table) for name, table in found.items()},
    }


def as_csv(report: Report) -> str:
    """section,name,count,margin_90: every number the page shows, hidden the same way."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "name", "count", "margin_90"])
    data = as_json(report)
    for section in sections(report):
        for name, count in data[section].items():
            writer.writerow([section, _cell(name), count, data["margins_90"][section][name]])
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
        f"under {data['min_count']} reads <{data['min_count']}; ± is each number's 90% margin)"
    ]
    for section in ("totals", "by_language", "first_texts_by_channel", "by_topic", "by_county",
                    "by_organization", "not_delivered_by_reason", "funnel"):  # fmt: skip
        lines.append(f"\n{section.replace('_', ' ')}:")
        margins = data["margins_90"].get(section, {})
        lines += [f"  {name:32} {count!s:>6} ±{margins.get(name, 0)}"
                  for name, count in data[section].items()]  # fmt: skip
    return "\n".join(lines)


def as_json_text(report: Report) -> str:
    return json.dumps(as_json(report), indent=1, ensure_ascii=False)
