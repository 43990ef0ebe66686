"""Every reply the hotline can send, per language, with its SMS cost and its budget.

Used by the segment test, by `hotline segments` and by translators checking a catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hotline.i18n import LANGUAGES
from hotline.languages import LANGUAGE_LIST, SOURCE_LANGUAGE
from hotline.referrals.listing import Listing, Speaks
from hotline.segments import Segments, count_segments

from . import content
from .content import Topic
from .engine import respond
from .records import Contact, NoRecords, Texts
from .state import Inbound, LanguageSource, State, Step

MENU_BUDGET = 3
TOPIC_BUDGET = 4
# The first reply carries the welcome, the privacy line, the whole menu and how to stop: in UCS-2
# languages that cannot fit 4 segments without cutting the menu, so it gets one more.
WELCOME_BUDGET = 5

# A referral reply is measured with names as long as a real directory's longer ones, and with
# every kind of line: each language mark, open now, opens later, not recently verified, and help
# that is not legal help after legal help ("Other help:").
_MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/New_York"))
SAMPLE_LISTINGS = [
    Listing(1, "Demo Immigrant Defense Project of Bristol", "508-555-0101", open_now=True),
    Listing(
        2, "Demo Prisoners' Rights Legal Services", "617-555-0102", opens_at=_MONDAY_9,
        speaks=Speaks.INTERPRETER,
    ),
    Listing(
        3, "Demo Statewide Detention Bond Fund", "413-555-0103", opens_at=_MONDAY_9, stale=True,
        speaks=Speaks.NEITHER, legal_help=False,
    ),
    Listing(
        4, "Demo Consulate Line", "617-555-0104", open_now=True, speaks=Speaks.NEITHER,
        legal_help=False,
    ),
]  # fmt: skip


class _SampleRecords(NoRecords):
    """A help contact as long as a real organization's; the texts given as published (a draft
    measured before it is published)."""

    def __init__(self, published: Texts | None = None) -> None:
        self._published = published or {}

    def help_contact(self) -> Contact | None:
        return Contact("Demo Massachusetts Immigrant Family Network", "(617) 555-0100")

    def published(self, language: str) -> Texts:
        return self._published


class _NewsOut(_SampleRecords):
    """An alert published in every language: the menu then says so in one more line."""

    def news(self, language: str, now: datetime) -> str | None:
        return "Demo alert"


class _SampleDirectory:
    def find(
        self,
        *,
        state: str | None,
        county: str | None,
        language: str,
        topic: str | None,
        now: datetime,
    ) -> list[Listing]:
        return list(SAMPLE_LISTINGS)


@dataclass(frozen=True)
class Measured:
    language: str
    reply: str
    text: str
    budget: int
    segments: Segments

    @property
    def over(self) -> bool:
        return self.segments.count > self.budget


# (name, what the texter sends, step before it (None: a first text), opted out before it, budget).
# {name}, {help} and {lawyer} stand for the language's own name and words. A reply of several
# texts is measured text by text: a first reply is the privacy line, then the answer.
_SCRIPT: list[tuple[str, str, Step | None, bool, int]] = [
    ("welcome", "{name}", None, False, WELCOME_BUDGET),
    ("first: help word", "{help}", None, False, WELCOME_BUDGET),
    ("first: topic word", "{lawyer}", None, False, MENU_BUDGET),
    ("first: language menu", "{lang}", None, False, MENU_BUDGET),
    # A ZIP code or a picture tells no language: these first replies are English, then the list
    # of languages, whatever the family speaks.
    ("first: ZIP code", "02720", None, False, TOPIC_BUDGET),
    ("first: picture", "", None, False, MENU_BUDGET),
    ("menu", "MENU", Step.MENU, False, MENU_BUDGET),
    ("menu, while news is out", "MENU", Step.MENU, False, MENU_BUDGET),
    ("news, none", "NEWS", Step.MENU, False, MENU_BUDGET),
    ("help (names a person to reach)", "HELP", Step.MENU, False, TOPIC_BUDGET),
    ("language menu", "LANG", Step.MENU, False, MENU_BUDGET),
    ("ask place (legal help)", "5", Step.MENU, False, TOPIC_BUDGET),
    ("ask ZIP again", "hello there", Step.PLACE, False, MENU_BUDGET),
    ("referrals", "02720", Step.MENU, False, TOPIC_BUDGET),
    ("referrals, town", "Fall River", Step.PLACE, False, TOPIC_BUDGET),
    ("referrals, MORE", "MORE", Step.MENU, False, TOPIC_BUDGET),
    ("referrals, unknown ZIP", "00000", Step.MENU, False, TOPIC_BUDGET),
    ("referrals, other state", "10001", Step.MENU, False, TOPIC_BUDGET),
    ("town, anywhere", "Brockton", Step.MENU, False, TOPIC_BUDGET),
    ("topic word", "{lawyer}", Step.MENU, False, MENU_BUDGET),
    ("several topic words", "{lawyer} bond", Step.MENU, False, MENU_BUDGET),
    ("not understood", "qwerty", Step.MENU, False, TOPIC_BUDGET),
    ("only text", "", Step.MENU, False, MENU_BUDGET),
    ("welcome back", "START", Step.MENU, True, TOPIC_BUDGET),
    ("deleted", "DELETE", Step.MENU, False, MENU_BUDGET),
    ("stop, confirmed", "{stop}", Step.MENU, False, MENU_BUDGET),
]

# Each language's own words, as a family would send them (its entry's `typed`).
_WORDS: dict[str, dict[str, str]] = {
    lang.code: {"name": lang.native, **asdict(lang.typed)} for lang in LANGUAGE_LIST
}


def _topic_pages(language: str, now: datetime, published: Texts | None) -> Iterator[Measured]:
    """Every page of every topic, reached as a family reaches it: its number, then MORE."""
    records = _SampleRecords(published)
    for number, topic in content.MENU_NUMBERS.items():
        if topic is Topic.LEGAL_HELP:
            continue
        state = State(language, last_seen=now, language_source=LanguageSource.CHOSEN)
        for page in range(1, len(content.TOPIC_PAGES[topic]) + 2):
            sent = number if page == 1 else "MORE"
            outcome = respond(state, Inbound(sent), now, _SampleDirectory(), records)
            assert outcome.state is not None
            state = outcome.state
            last = len(content.TOPIC_PAGES[topic])
            name = f"{topic.value} {page}/{last}" if page <= last else "MORE after a topic's end"
            for text in outcome.replies:
                yield Measured(language, f"{name}", text, TOPIC_BUDGET, count_segments(text))


def measure(language: str, published: Texts | None = None) -> Iterator[Measured]:
    """Drive the engine through every kind of reply in one language (with `published`, the texts
    staff published or are about to, by the English they stand for)."""
    now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    yield from _topic_pages(language, now, published)
    for name, template, step, opted_out, budget in _SCRIPT:
        sent = template.format(**_WORDS[language])
        if step is None and "{" not in template and language != SOURCE_LANGUAGE:
            continue  # told no language: the same English reply for everyone
        if step is None:
            outcome = respond(None, Inbound(sent, has_media=not sent), now, _SampleDirectory())
        else:
            area = "MA:Bristol" if sent == "MORE" else None
            state = State(
                language, step=step, opted_out=opted_out, last_seen=now, area=area, shown=3,
                language_source=LanguageSource.CHOSEN,
            )  # fmt: skip
            records = _NewsOut(published) if "news is out" in name else _SampleRecords(published)
            outcome = respond(
                state, Inbound(sent, has_media=not sent), now, _SampleDirectory(), records
            )
        for number, text in enumerate(outcome.replies, start=1):
            label = (
                name if len(outcome.replies) == 1 else f"{name} ({number}/{len(outcome.replies)})"
            )
            yield Measured(language, label, text, budget, count_segments(text))


def table(languages: list[str] | None = None) -> tuple[str, list[Measured]]:
    """Return the printable table of segments per reply and language, and every measurement."""
    languages = languages or list(LANGUAGES)
    rows = [m for language in languages for m in measure(language)]
    names = list(dict.fromkeys(m.reply for m in rows))
    cell = {(m.reply, m.language): m for m in rows}
    width = max(len(name) for name in names)
    head = f"{'reply':{width}} {'max':>3} " + " ".join(f"{code:>5}" for code in languages)
    lines = [head, "-" * len(head)]
    for name in names:
        budget = next(m.budget for m in rows if m.reply == name)
        cells = []
        for code in languages:
            found = cell.get((name, code))
            mark = "!" if found and found.over else " "
            cells.append(f"{found.segments.count if found else '-':>4}{mark}")
        lines.append(f"{name:{width}} {budget:>3} " + " ".join(cells))
    worst = " ".join(
        f"{max(m.segments.count for m in rows if m.language == code):>5}" for code in languages
    )
    lines.append(f"{'worst':{width}} {'':>3} {worst}")
    lines.append("(! over budget; UCS-2 parts hold 67 characters, GSM-7 parts 153)")
    return "\n".join(lines), rows
