"""The conversation engine: stored state and one inbound text in, new state and replies out.

Pure: no Flask, no Twilio, no database session. The directory comes in as a `Directory`, the clock
as `now`. The webhook, the terminal simulator and the tests all call `respond`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from babel import Locale
from babel.dates import format_skeleton

from hotline.i18n import LANGUAGES, SOURCE_LANGUAGE, month_year, translations
from hotline.referrals.listing import Directory, Listing
from hotline.referrals.places import HOME_STATE, Place, as_zip_code, place_for_text, place_for_zip
from hotline.segments import count_segments, economical
from hotline.text import fold

from . import content
from .content import Topic
from .keywords import Command, Keyword, find_keyword
from .language import detect_language
from .state import IDLE_RESET, Event, EventKind, Inbound, Outcome, State, Step

# Longer texts carry nothing a menu needs; cutting them keeps detection and matching cheap.
MAX_TEXT = 2000
# Entries per referral reply: at most three, and fewer when three would not fit the budget.
REFERRALS_PER_REPLY = 3
REFERRAL_SEGMENTS = 4
_LANGUAGE_NUMBERS = {str(number): code for number, code in enumerate(LANGUAGES, start=1)}


def clean(text: str) -> str:
    """Drop control characters (NUL and the like) a phone or a fuzzer may send, keep line breaks."""
    text = text[: MAX_TEXT * 2]
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    return "".join(kept).strip()[:MAX_TEXT]


@dataclass(frozen=True)
class _Reply:
    """Texts in one language, built from the catalogs."""

    language: str

    def _(self, message: str, **values: str) -> str:
        translated = translations(self.language).gettext(message)
        return translated % values if values else translated

    def lines(self, *parts: str) -> str:
        return "\n".join(part for part in parts if part)

    def name(self) -> str:
        return self._(content.HOTLINE_NAME)

    def menu(self) -> str:
        return self._(content.MENU)

    def welcome(self) -> str:
        return self.lines(
            self._(content.WELCOME, name=self.name()), self.menu(), self._(content.STOP_HINT)
        )

    def help(self) -> str:
        return self._(content.HELP, name=self.name())

    def language_menu(self) -> str:
        choices = (f"{number} {LANGUAGES[code]}" for number, code in _LANGUAGE_NUMBERS.items())
        return self.lines(self._(content.LANGUAGE_MENU), *choices)

    def topic(self, topic: Topic) -> str:
        reviewed = month_year(content.CONTENT_REVIEWED, self.language)
        return self.lines(
            self._(content.TOPICS[topic]), self._(content.TOPIC_FOOTER, date=reviewed)
        )

    def listing(self, number: int, entry: Listing) -> str:
        line = f"{number}) {entry.name} {entry.phone}"
        if entry.open_now:
            line += ", " + self._(content.OPEN_NOW)
        elif entry.opens_at is not None:
            line += ", " + self._(
                content.OPENS_AT, when=weekday_time(entry.opens_at, self.language)
            )
        if entry.stale:
            line += f" ({self._(content.NOT_RECENTLY_VERIFIED)})"
        return line

    def referrals(self, header: str, page: list[Listing], first: int) -> tuple[str, int]:
        """The longest start of the page (1 to 3 entries) that fits the budget, and its length."""
        if not page:
            none = content.NO_REFERRALS if first == 1 else content.NO_MORE
            return self.lines(header, self._(none), self._(content.BACK_TO_MENU)), 0
        fitted = ""
        for count in range(1, min(len(page), REFERRALS_PER_REPLY) + 1):
            remains = count < len(page)
            entries = (self.listing(first + n, entry) for n, entry in enumerate(page[:count]))
            text = self.lines(
                header,
                *entries,
                self._(content.REFERRALS_FOOTER),
                self._(content.MORE_HINT if remains else content.NO_MORE),
                self._(content.BACK_TO_MENU),
            )
            if (
                count > 1
                and count_segments(economical(text, self.language)).count > REFERRAL_SEGMENTS
            ):
                return fitted, count - 1
            fitted = text
        return fitted, min(len(page), REFERRALS_PER_REPLY)


def preview_listing(entry: Listing, language: str) -> str:
    """How one directory entry reads in a referral text, in a language (for the staff's edit page)."""
    return economical(_Reply(language).listing(1, entry), language)


def weekday_time(moment: datetime, language: str) -> str:
    """Format a weekday and time the locale's own way: Mon 9:00 AM, lun 9:00, 周一09:00."""
    twelve_hour = "h" in Locale.parse(language).time_formats["short"].pattern
    return format_skeleton("EEEhm" if twelve_hour else "EEEHm", moment, locale=language)


def other_languages_line() -> str:
    """One line that offers every other launch language, each named in itself."""
    others = (name for code, name in LANGUAGES.items() if code != SOURCE_LANGUAGE)
    return "LANG: " + " · ".join(others)


def respond(state: State | None, inbound: Inbound, now: datetime, directory: Directory) -> Outcome:
    """Answer one inbound text."""
    outcome = _respond(state, inbound, now, directory)
    replying_in = outcome.state or state
    language = replying_in.language if replying_in else SOURCE_LANGUAGE
    return replace(outcome, replies=tuple(economical(text, language) for text in outcome.replies))


def _respond(state: State | None, inbound: Inbound, now: datetime, directory: Directory) -> Outcome:
    text = clean(inbound.text)
    keyword = find_keyword(text) if text else None

    if state is not None and state.opted_out:
        return _while_opted_out(state, keyword, now)
    if state is None:
        return _first_text(text, keyword, inbound.has_media, now, directory)
    if state.last_seen is not None and now - state.last_seen > IDLE_RESET:
        state = replace(state, step=Step.MENU, topic=None, area=None, shown=0)
    return _next_text(replace(state, last_seen=now), text, keyword, inbound.has_media, directory)


def _count(
    state: State, now: datetime, *kinds: EventKind, topic: str | None = None
) -> tuple[Event, ...]:
    return tuple(Event(kind, now.date(), state.language, topic=topic) for kind in kinds)


def _while_opted_out(state: State, keyword: Keyword | None, now: datetime) -> Outcome:
    # After STOP, silence: only a START word is answered.
    command = keyword.command if keyword else None
    if command is Command.START:
        back = replace(state, opted_out=False, step=Step.MENU, topic=None, last_seen=now)
        reply = _Reply(back.language)
        texts = (reply.lines(reply._(content.WELCOME_BACK), reply.menu()),)
        return Outcome(back, texts, _count(back, now, EventKind.MESSAGE, EventKind.OPT_IN))
    if command is Command.DELETE:
        # Erase all but the opt-out itself, which must outlive the erasure to keep the silence.
        return Outcome(State(SOURCE_LANGUAGE, opted_out=True, last_seen=now))
    return Outcome(replace(state, last_seen=now))


def _first_text(
    text: str, keyword: Keyword | None, has_media: bool, now: datetime, directory: Directory
) -> Outcome:
    detected = detect_language(text) if text else None
    state = State(language=detected or SOURCE_LANGUAGE, last_seen=now)
    new = _count(state, now, EventKind.NEW)
    if keyword is not None and keyword.command in _FIRST_TEXT_ACTIONS:
        outcome = _ACTIONS[keyword.command](state, keyword, now)
    elif (zip_code := as_zip_code(fold(text))) is not None:
        outcome = _referrals(state, place_for_zip(zip_code), now, directory)
    elif has_media and not text:
        outcome = _say(state, now, _Reply(state.language)._(content.ONLY_TEXT))
    else:
        reply = _Reply(state.language)
        texts = (reply.welcome(),) if detected else (reply.welcome(), other_languages_line())
        outcome = Outcome(state, texts, _count(state, now, EventKind.MESSAGE))
    return replace(outcome, events=new + outcome.events)


def _next_text(
    state: State, text: str, keyword: Keyword | None, has_media: bool, directory: Directory
) -> Outcome:
    now = state.last_seen
    assert now is not None
    if keyword is not None and keyword.command in _ACTIONS:
        return _ACTIONS[keyword.command](state, keyword, now)
    folded = fold(text)
    if (zip_code := as_zip_code(folded)) is not None:
        return _referrals(state, place_for_zip(zip_code), now, directory)
    if has_media and not text:
        return _say(state, now, _Reply(state.language)._(content.ONLY_TEXT))
    if state.step is Step.LANGUAGE and folded in _LANGUAGE_NUMBERS:
        return _choose_language(state, _LANGUAGE_NUMBERS[folded], now)
    if folded in {topic.value for topic in Topic}:
        return _topic(state, Topic(folded), now)
    if keyword is not None and keyword.command is Command.MORE:
        return _more(state, now, directory)
    reply = _Reply(state.language)
    if state.step is Step.PLACE and (place := place_for_text(text)) is not None:
        return _referrals(state, place, now, directory)
    if state.step is Step.PLACE:
        return _say(
            state, now, reply.lines(reply._(content.ASK_ZIP_AGAIN), reply._(content.BACK_TO_MENU))
        )
    not_understood = reply.lines(reply._(content.NOT_UNDERSTOOD), reply.menu())
    menu_state = replace(state, step=Step.MENU)
    events = _count(state, now, EventKind.MESSAGE, EventKind.NOT_UNDERSTOOD)
    return Outcome(menu_state, (not_understood,), events)


def _say(
    state: State, now: datetime, text: str, *kinds: EventKind, topic: str | None = None
) -> Outcome:
    return Outcome(state, (text,), _count(state, now, EventKind.MESSAGE, *kinds, topic=topic))


def _topic(state: State, topic: Topic, now: datetime) -> Outcome:
    reply = _Reply(state.language)
    if topic is Topic.LEGAL_HELP:
        asking = replace(state, step=Step.PLACE)
        text = reply.lines(reply._(content.ASK_PLACE), reply._(content.BACK_TO_MENU))
        return _say(asking, now, text, EventKind.TOPIC, topic=topic.value)
    reading = replace(state, step=Step.MENU, topic=topic.value)
    return _say(reading, now, reply.topic(topic), EventKind.TOPIC, topic=topic.value)


def _referrals(state: State, place: Place, now: datetime, directory: Directory) -> Outcome:
    reply = _Reply(state.language)
    if place.county is not None:
        if place.kind == "zip":
            where = reply._(content.PLACE_ZIP_COUNTY, zip=place.name, county=place.county)
        elif place.kind == "town":
            where = reply._(content.PLACE_TOWN_COUNTY, town=place.name, county=place.county)
        else:
            where = reply._(content.PLACE_COUNTY, county=place.county)
        header = reply._(content.REFERRALS_NEAR, place=where)
        area = f"{place.state}:{place.county}"
    else:
        unknown = place.state is None
        header = reply._(content.ZIP_UNKNOWN if unknown else content.ZIP_OUTSIDE, zip=place.name)
        area = HOME_STATE  # the statewide and national entries
    return _page(replace(state, area=area, shown=0), reply, header, now, directory)


def _more(state: State, now: datetime, directory: Directory) -> Outcome:
    reply = _Reply(state.language)
    if state.area is None:  # MORE before any list: ask where
        text = reply.lines(reply._(content.ASK_PLACE), reply._(content.BACK_TO_MENU))
        return _say(replace(state, step=Step.PLACE), now, text)
    return _page(state, reply, reply._(content.MORE_REFERRALS), now, directory)


def _page(state: State, reply: _Reply, header: str, now: datetime, directory: Directory) -> Outcome:
    """Show the next entries for the state's area, as many as fit, and remember how far we got."""
    assert state.area is not None
    region, _, county = state.area.partition(":")
    listings = directory.find(
        state=region, county=county or None, language=state.language, topic=state.topic, now=now
    )
    page = listings[state.shown :]
    text, count = reply.referrals(header, page, state.shown + 1)
    shown = tuple(
        Event(EventKind.REFERRAL, now.date(), state.language, state.topic, county or None, entry.id)
        for entry in page[:count]
    )
    after = replace(state, step=Step.MENU, shown=state.shown + count)
    return Outcome(after, (text,), _count(after, now, EventKind.MESSAGE) + shown)


def _choose_language(state: State, language: str, now: datetime) -> Outcome:
    chosen = replace(state, language=language, step=Step.MENU)
    return _say(chosen, now, _Reply(language).menu(), EventKind.LANGUAGE)


def _stop(state: State, keyword: Keyword, now: datetime) -> Outcome:
    # The reply is empty: Twilio and the carrier send the opt-out confirmation themselves.
    stopped = replace(state, opted_out=True, step=Step.MENU, topic=None)
    return Outcome(stopped, (), _count(stopped, now, EventKind.OPT_OUT))


def _start(state: State, keyword: Keyword, now: datetime) -> Outcome:
    # Not opted out: a START word is a greeting, so show where to begin.
    return _say(replace(state, step=Step.MENU), now, _Reply(state.language).menu())


def _help(state: State, keyword: Keyword, now: datetime) -> Outcome:
    return _say(state, now, _Reply(state.language).help(), EventKind.HELP)


def _menu(state: State, keyword: Keyword, now: datetime) -> Outcome:
    return _say(replace(state, step=Step.MENU), now, _Reply(state.language).menu())


def _language_menu(state: State, keyword: Keyword, now: datetime) -> Outcome:
    return _say(replace(state, step=Step.LANGUAGE), now, _Reply(state.language).language_menu())


def _delete(state: State, keyword: Keyword, now: datetime) -> Outcome:
    # The confirmation is the last thing sent in the language we are about to forget.
    confirmation = _Reply(state.language)._(content.DELETED)
    return Outcome(None, (confirmation,), _count(state, now, EventKind.MESSAGE, EventKind.DELETE))


def _named_language(state: State, keyword: Keyword, now: datetime) -> Outcome:
    assert keyword.language is not None
    return _choose_language(state, keyword.language, now)


def _greeting(state: State, keyword: Keyword, now: datetime) -> Outcome:
    return _say(state, now, _Reply(state.language).welcome())


_ACTIONS = {
    Command.STOP: _stop,
    Command.START: _start,
    Command.HELP: _help,
    Command.MENU: _menu,
    Command.LANGUAGE_MENU: _language_menu,
    Command.DELETE: _delete,
    Command.CHOOSE_LANGUAGE: _named_language,
    Command.GREETING: _greeting,
}
# A first text that is any other keyword (a greeting, MENU, a language's name) gets the welcome.
_FIRST_TEXT_ACTIONS = frozenset({Command.STOP, Command.HELP, Command.LANGUAGE_MENU, Command.DELETE})


def warm_up() -> None:
    """Load the language model and the ZIP code table now, not during a family's first text."""
    detect_language("bonjour tout le monde")
    place_for_text("Fall River")
