"""What a week's usage release holds: its tables and their cells, and how a text's events fill them.

The raw counters and the releases share this one shape, so the counters never hold a crossing finer
than a released table: one cell is one table's key (a language and a channel, a topic, a county, a
directory entry, ...), for one ISO week (Monday to Sunday, America/New_York).

Privacy, stated once (docs and the privacy report read these numbers):
- one family (one conversation) adds at most WEEKLY_UNITS to a week's cells in all, so at most that
  much to any one cell: each text's events cost one unit each, and a text whose units would pass
  the bound is answered but not counted (hotline.inbox keeps the units used in the conversation row);
- every released cell gets Laplace noise of scale WEEKLY_UNITS / EPSILON, so a week's release is
  EPSILON-differentially private for one family's week.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from hotline.conversation import Event, EventKind
from hotline.conversation.content import Topic
from hotline.conversation.state import STATS_TIMEZONE
from hotline.i18n import LANGUAGES
from hotline.referrals.places import MASSACHUSETTS_COUNTIES

# The privacy loss of one week's release for one family, and the most one family adds to a week.
EPSILON = 2.0
WEEKLY_UNITS = 16
SCALE = WEEKLY_UNITS / EPSILON

CHANNELS = ("sms", "whatsapp")
OUTSIDE = "-"  # the places cell for a place outside Massachusetts, or a ZIP code not found
REMOVED = "(entries since removed)"  # released referrals of entries gone by release time

# The tables, by name, in the order the page shows them.
TEXTS = "texts"  # texts answered, by language
EVENTS = "events"  # first texts by channel ("new:sms", "new:whatsapp"), opt-outs, ... by kind
TOPICS = "topics"  # topics opened (legal help asked for included), by topic
PLACES = "places"  # lists of help sent, by county
REFERRALS = "referrals"  # directory entries shown: by entry id raw, by organization released
MORE = "more"  # MORE on "lists" or on "topics"
NOT_UNDERSTOOD = "not_understood"  # texts not understood, by language
TABLES = (TEXTS, EVENTS, TOPICS, PLACES, REFERRALS, MORE, NOT_UNDERSTOOD)

EVENT_KINDS = (
    EventKind.HELP, EventKind.LANGUAGE, EventKind.OPT_OUT, EventKind.OPT_IN, EventKind.DELETE,
    EventKind.ERROR,
)  # fmt: skip
FIRST_TEXTS = tuple(f"{EventKind.NEW.value}:{channel}" for channel in CHANNELS)

Cell = tuple[str, str]  # (table, key)


def monday(day: date) -> date:
    """The first day of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_of(moment: datetime) -> date:
    """The Monday of the week holding this moment, in the hotline's time zone."""
    return monday(moment.astimezone(STATS_TIMEZONE).date())


def week_start(week: date) -> datetime:
    """Monday 00:00 in the hotline's time zone, as an aware datetime."""
    return datetime(week.year, week.month, week.day, tzinfo=STATS_TIMEZONE)


def cell(event: Event) -> Cell:
    """The one cell an event adds to."""
    kind = event.kind
    if kind is EventKind.MESSAGE:
        return TEXTS, event.language
    if kind is EventKind.NEW:  # the channel is counted once a conversation, not once a text
        return EVENTS, f"{kind.value}:{event.channel}"
    if kind is EventKind.TOPIC:
        return TOPICS, event.topic or ""
    if kind is EventKind.PLACE:
        return PLACES, event.county or OUTSIDE
    if kind is EventKind.REFERRAL:
        return REFERRALS, str(event.referral_id or 0)
    if kind is EventKind.MORE:
        return MORE, "topics" if event.topic else "lists"
    if kind is EventKind.NOT_UNDERSTOOD:
        return NOT_UNDERSTOOD, event.language
    return EVENTS, kind.value


def cells(events: Iterable[Event]) -> Counter[tuple[date, str, str]]:
    """A text's events as units per (week, table, key): one unit an event."""
    return Counter((monday(event.day), *cell(event)) for event in events)


def domain(referral_ids: Iterable[int]) -> list[Cell]:
    """Every cell a week has, whether or not anything happened: created at once, seeded with noise."""
    found: list[Cell] = [(TEXTS, lang) for lang in LANGUAGES]
    found += [(EVENTS, key) for key in FIRST_TEXTS]
    found += [(EVENTS, kind.value) for kind in EVENT_KINDS]
    found += [(TOPICS, topic.value) for topic in Topic]
    found += [(PLACES, county) for county in (*MASSACHUSETTS_COUNTIES, OUTSIDE)]
    found += [(REFERRALS, str(entry)) for entry in referral_ids]
    found += [(MORE, "lists"), (MORE, "topics")]
    found += [(NOT_UNDERSTOOD, lang) for lang in LANGUAGES]
    return found
