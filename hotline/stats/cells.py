"""What a week's usage release holds: its tables and their cells, and how a text's events fill them.

The raw counters and the releases share this one shape, so the counters never hold a crossing finer
than a released table: one cell is one table's key (a language, a topic, a county, a directory
entry, a delivery outcome, ...), for one ISO week (Monday to Sunday, America/New_York).

Privacy, stated once (docs and the privacy report read these numbers):
- one family (one conversation) adds at most WEEKLY_UNITS to a week's cells in all, so at most that
  much to any one cell: each text's events cost one unit each, and a text whose units would pass
  the bound is answered but not counted (hotline.inbox keeps the units used in the conversation row);
  a reply's delivery receipt is charged the same way, one unit a cell it adds to
  (hotline.sms.receipts);
- every released cell gets Laplace noise of scale WEEKLY_UNITS / EPSILON, so a week's release is
  EPSILON-differentially private for one family's week.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from hotline.conversation import Event, EventKind
from hotline.conversation.content import Topic
from hotline.conversation.state import NEWS_TOPIC, STATS_TIMEZONE
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
DELIVERY = "delivery"  # replies' final outcomes, by reason ("delivered", "undelivered:30007", ...)
NOT_DELIVERED_LANGUAGE = "not_delivered_language"  # replies not delivered, by language
NOT_DELIVERED_CHANNEL = "not_delivered_channel"  # replies not delivered, by channel
TABLES = (TEXTS, EVENTS, TOPICS, PLACES, REFERRALS, MORE, NOT_UNDERSTOOD, DELIVERY,
          NOT_DELIVERED_LANGUAGE, NOT_DELIVERED_CHANNEL)  # fmt: skip

EVENT_KINDS = (
    EventKind.HELP, EventKind.LANGUAGE, EventKind.OPT_OUT, EventKind.OPT_IN, EventKind.DELETE,
    EventKind.ERROR,
)  # fmt: skip
FIRST_TEXTS = tuple(f"{EventKind.NEW.value}:{channel}" for channel in CHANNELS)

# A reply's final outcome, as Twilio's status callback names it; other statuses are not final.
DELIVERED = "delivered"
NOT_DELIVERED = ("undelivered", "failed")
FINAL_STATUSES = (DELIVERED, *NOT_DELIVERED)
# The error codes worth telling apart (carrier filtering, unreachable phones, STOP sent to Twilio,
# numbers that cannot take texts, unregistered 10DLC); any other code, or none, is "other". A fixed
# list, so the delivery table's cells are known in advance and created seeded like every other.
ERROR_CODES = ("30003", "30004", "30005", "30006", "30007", "30008", "21610", "21614", "30034")
OTHER_ERROR = "other"
REASONS = (DELIVERED, *(f"{status}:{code}" for status in NOT_DELIVERED
                        for code in (*ERROR_CODES, OTHER_ERROR)))  # fmt: skip

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


def reason(status: str, error_code: str) -> str:
    """A final outcome's cell of the delivery table: "delivered", or "undelivered:30007", ..."""
    if status == DELIVERED:
        return DELIVERED
    return f"{status}:{error_code if error_code in ERROR_CODES else OTHER_ERROR}"


def receipt_cells(
    day: date, status: str, error_code: str, language: str, channel: str
) -> Counter[tuple[date, str, str]]:
    """A reply's final outcome as units per (week, table, key): one unit a cell it adds to."""
    week = monday(day)
    units = Counter({(week, DELIVERY, reason(status, error_code)): 1})
    if status in NOT_DELIVERED:
        units[(week, NOT_DELIVERED_LANGUAGE, language)] += 1
        units[(week, NOT_DELIVERED_CHANNEL, channel)] += 1
    return units


def domain(referral_ids: Iterable[int]) -> list[Cell]:
    """Every cell a week has, whether or not anything happened: created at once, seeded with noise."""
    found: list[Cell] = [(TEXTS, lang) for lang in LANGUAGES]
    found += [(EVENTS, key) for key in FIRST_TEXTS]
    found += [(EVENTS, kind.value) for kind in EVENT_KINDS]
    found += [(TOPICS, topic.value) for topic in Topic] + [(TOPICS, NEWS_TOPIC)]
    found += [(PLACES, county) for county in (*MASSACHUSETTS_COUNTIES, OUTSIDE)]
    found += [(REFERRALS, str(entry)) for entry in referral_ids]
    found += [(MORE, "lists"), (MORE, "topics")]
    found += [(NOT_UNDERSTOOD, lang) for lang in LANGUAGES]
    found += [(DELIVERY, key) for key in REASONS]
    found += [(NOT_DELIVERED_LANGUAGE, lang) for lang in LANGUAGES]
    found += [(NOT_DELIVERED_CHANNEL, channel) for channel in CHANNELS]
    return found
