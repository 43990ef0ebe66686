"""What the engine remembers about a conversation, and what it hands back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

# A conversation idle this long goes back to the menu; its language is kept.
IDLE_RESET = timedelta(hours=24)
# Usage is counted per day in the hotline's own time zone: a text at 11 pm counts that evening.
STATS_TIMEZONE = ZoneInfo("America/New_York")


class Step(StrEnum):
    """Where the texter is in the menu."""

    MENU = "menu"
    LANGUAGE = "language"  # the language menu is open: a number picks a language
    PLACE = "place"  # we asked for a ZIP code
    TOPIC = "topic"  # a topic's page is showing: MORE shows its next page
    LIST = "list"  # a referral list is showing: MORE shows its next entries


class LanguageSource(StrEnum):
    """How the conversation's language was set, which says whether later texts may change it."""

    CHOSEN = "chosen"  # the texter picked it (LANG and a number, or a language's name): it stays
    DETECTED = (
        "detected"  # guessed from their texts: a text clearly in another language switches it
    )
    DEFAULT = "default"  # nothing told it: English, with the list of languages offered again


@dataclass(frozen=True)
class State:
    """Everything stored for one texter: no number, no message text."""

    language: str
    step: Step = Step.MENU
    topic: str | None = None  # the last topic read (its name), to match referrals to it
    opted_out: bool = False
    last_seen: datetime | None = None
    # Where the last referral list was for ("MA:Bristol", or "MA" for statewide only) and how many
    # entries were shown, so MORE can go on. A county at most: never a ZIP code or a town.
    area: str | None = None
    shown: int = 0
    language_source: LanguageSource = LanguageSource.DETECTED
    page: int = 0  # the page of `topic` last shown (1 is the first)

    @property
    def language_chosen(self) -> bool:
        return self.language_source is LanguageSource.CHOSEN


def to_record(state: State) -> dict[str, Any]:
    """The state as plain values, one per stored column: how the inbox and try-it keep it."""
    return {
        "language": state.language,
        "step": state.step.value,
        "topic": state.topic,
        "opted_out": state.opted_out,
        "last_seen": state.last_seen,
        "area": state.area,
        "shown": state.shown,
        "language_source": state.language_source.value,
        "page": state.page,
    }


def from_record(record: Mapping[str, Any]) -> State:
    """A stored state back; a step or source another release wrote starts from the menu."""
    try:
        step = Step(record["step"])
    except ValueError:
        step = Step.MENU
    try:
        source = LanguageSource(record["language_source"])
    except ValueError:
        source = LanguageSource.DETECTED
    return State(
        language=record["language"],
        step=step,
        topic=record["topic"],
        opted_out=bool(record["opted_out"]),
        last_seen=record["last_seen"],
        area=record["area"],
        shown=record["shown"] or 0,
        language_source=source,
        page=record["page"] or 0,
    )


@dataclass(frozen=True)
class Inbound:
    """One text as the engine sees it."""

    text: str
    has_media: bool = False
    channel: str = "sms"  # "sms" or "whatsapp"


# NEWS read, counted as a topic of its own (it has no pages: its text is staff's alert).
NEWS_TOPIC = "news"


class EventKind(StrEnum):
    """What a usage counter counts. Counters carry no identity of the texter."""

    MESSAGE = "message"  # every text answered
    NEW = "new"  # the first text from a number
    TOPIC = "topic"  # a topic read (its first page), or legal help asked for
    PLACE = "place"  # a place looked up: a list of help for it was sent
    REFERRAL = "referral"  # one directory entry shown
    MORE = "more"  # the next page of a topic (with its topic) or of a list (with its county)
    HELP = "help"
    LANGUAGE = "language"  # a language chosen from the menu
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    DELETE = "delete"
    NOT_UNDERSTOOD = "not_understood"
    ERROR = "error"  # the hotline failed inside and sent its apology


@dataclass(frozen=True)
class Event:
    """One thing to count, with the day (in STATS_TIMEZONE) and whichever details apply."""

    kind: EventKind
    day: date
    language: str
    channel: str = "sms"
    topic: str | None = None
    county: str | None = None  # "" for a place outside Massachusetts or unknown
    referral_id: int | None = None


@dataclass(frozen=True)
class Outcome:
    """The engine's answer: the state to keep (None: erase it), the texts to send, what to count."""

    state: State | None
    replies: tuple[str, ...] = ()
    events: tuple[Event, ...] = field(default=())
