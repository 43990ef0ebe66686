"""The conversation engine: stored state and one inbound text in, new state and replies out.

Pure: no Flask, no Twilio, no database session. The directory comes in as a `Directory`, the
settings and content reviews as `Records`, the clock as `now`. The webhook, the terminal simulator,
the admin's try-it page and the tests all call `respond`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache

from babel import Locale
from babel.dates import format_skeleton

from hotline.i18n import LANGUAGES, SOURCE_LANGUAGE, month_year, translations
from hotline.languages import BY_CODE
from hotline.referrals.listing import Directory, Listing, Speaks
from hotline.referrals.places import (
    HOME_STATE,
    Place,
    as_zip_code,
    place_for_text,
    place_for_zip,
    place_in_sentence,
)
from hotline.segments import count_segments, economical
from hotline.text import fold, plain, script

from . import content
from .keywords import (
    TWILIO_OPT_OUT_WORDS,
    Command,
    Keyword,
    asks_to_stop,
    find_keyword,
    is_thanks,
    thanks_language,
    topics_named,
)
from .language import chinese_script, detect_language, moved_from
from .records import NO_RECORDS, Records, Texts
from .state import (
    IDLE_RESET,
    NEWS_TOPIC,
    STATS_TIMEZONE,
    Event,
    EventKind,
    Inbound,
    LanguageSource,
    Outcome,
    State,
    Step,
)
from .topics import MENU_NUMBERS, TOPIC_PAGES, TOPICS, Topic
from .versions import updated_on

# Longer texts carry nothing a menu needs; cutting them keeps detection and matching cheap.
MAX_TEXT = 2000
# Entries per referral reply: at most three, and fewer when three would not fit the budget.
REFERRALS_PER_REPLY = 3
REFERRAL_SEGMENTS = 4
_LANGUAGE_NUMBERS = {str(number): code for number, code in enumerate(LANGUAGES, start=1)}


def clean(text: str) -> str:
    """Drop control characters (NUL and the like) a phone or a fuzzer may send, keep line breaks;
    fold full-width and compatibility forms and drop invisible characters (hotline.text.plain)."""
    text = plain(text[: MAX_TEXT * 2])
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    return "".join(kept).strip()[:MAX_TEXT]


@dataclass(frozen=True)
class _Reply:
    """Texts in one language: as staff published them in the admin, else from the catalogs."""

    language: str
    published: Texts = field(default_factory=dict)

    def _(self, message: str, **values: str) -> str:
        found = self.published.get(message)
        translated = found[0] if found else translations(self.language).gettext(message)
        return translated % values if values else translated

    def lines(self, *parts: str) -> str:
        return "\n".join(part for part in parts if part)

    def name(self) -> str:
        return self._(content.HOTLINE_NAME)

    def menu(self) -> str:
        topics = (f"{entry.number} {self._(entry.label)}" for entry in TOPICS)
        return self.lines(self._(content.NUMBER_PROMPT), *topics, self._(content.MENU_FOOTER))

    def privacy(self) -> str:
        """What the hotline is, and that texts are not private: the start of every first reply."""
        return self._(content.WELCOME, name=self.name())

    def welcome(self) -> str:
        return self.lines(self.privacy(), self.menu(), self._(content.STOP_HINT))

    def help(self) -> str:
        return self._(content.HELP, name=self.name())

    def language_menu(self) -> str:
        choices = (f"{number} {LANGUAGES[code]}" for number, code in _LANGUAGE_NUMBERS.items())
        return self.lines(self._(content.NUMBER_PROMPT), *choices)

    def topic_page(self, topic: Topic, page: int, status: str) -> str:
        """One page of a topic; the first says it is not legal advice and how current it is."""
        pages = TOPIC_PAGES[topic]
        nav = content.PAGE_LAST if page == len(pages) else content.PAGE_NEXT
        return self.lines(
            self._(pages[page - 1]),
            status if page == 1 else "",
            self._(nav, page=str(page), pages=str(len(pages))),
        )

    def listing(self, number: int, entry: Listing, described: bool = False) -> str:
        parts = [f"{number}) {entry.name} {entry.phone}", self._(_SPEAKS[entry.speaks])]
        if entry.open_now:
            parts.append(self._(content.OPEN_NOW))
        elif entry.opens_at is not None:
            when = weekday_time(entry.opens_at, self.language)
            parts.append(self._(content.OPENS_AT, when=when))
        line = ", ".join(parts)
        if entry.stale:
            line += f" ({self._(content.NOT_RECENTLY_VERIFIED)})"
        if described and entry.description:
            line += f". {entry.description}"
        return line

    def entries(self, page: list[Listing], first: int, described: bool = False) -> list[str]:
        """Numbered lines, legal help first; "Other help:" before help that is not legal help."""
        shown = sorted(page, key=lambda entry: not entry.legal_help)  # stable: rank kept inside
        found = []
        for number, entry in enumerate(shown, start=first):
            if not entry.legal_help and number > first and shown[number - first - 1].legal_help:
                found.append(self._(content.OTHER_HELP))
            found.append(self.listing(number, entry, described))
        return found

    def referrals(
        self, headers: tuple[str, str], page: list[Listing], first: int
    ) -> tuple[str, int]:
        """The longest start of the page (1 to 3 entries) that fits the budget, and its length.

        `headers`: the first line when the page starts with legal help, and when it does not.
        """
        legal_header, other_header = headers
        if not page:
            if first == 1:
                return self.lines(
                    legal_header, self._(content.NO_REFERRALS), self._(content.BACK_TO_MENU)
                ), 0
            return self.lines(
                other_header, self._(content.NO_MORE), self._(content.BACK_TO_MENU)
            ), 0

        def text(count: int, described: bool) -> str:
            return self.lines(
                legal_header if any(e.legal_help for e in page[:count]) else other_header,
                *self.entries(page[:count], first, described),
                self._(content.REFERRALS_FOOTER),
                self._(content.MORE_HINT if count < len(page) else content.NO_MORE),
                self._(content.BACK_TO_MENU),
            )

        def fits(found: str) -> bool:
            return count_segments(economical(found, self.language)).count <= REFERRAL_SEGMENTS

        # As many entries as fit (at least one), then their descriptions if they fit too: whole,
        # or not at all, never cut.
        count = 1
        while count < min(len(page), REFERRALS_PER_REPLY) and fits(text(count + 1, False)):
            count += 1
        described = text(count, True)
        return (described if fits(described) else text(count, False)), count


_SPEAKS = {
    Speaks.LANGUAGE: content.SPEAKS_LANGUAGE,
    Speaks.INTERPRETER: content.WITH_INTERPRETER,
    Speaks.NEITHER: content.NOT_LANGUAGE,
}


def menu_text(language: str, published: Texts | None = None) -> str:
    """The menu as a family reads it in a language: the topics, each from its entry (with the
    texts staff published, when given)."""
    return _Reply(language, published or {}).menu()


def preview_listing(entry: Listing, language: str) -> str:
    """How one directory entry reads in a referral text, in a language (for the staff's edit page),
    with its description in that language when it has one."""
    return economical(_Reply(language).listing(1, entry, described=True), language)


def weekday_time(moment: datetime, language: str) -> str:
    """Format a weekday and time the locale's own way: Mon 9:00 AM, lun 9:00, 周一09:00."""
    return _weekday_time(moment.weekday(), moment.hour, moment.minute, language)


@lru_cache(maxsize=8192)
def _weekday_time(weekday: int, hour: int, minute: int, language: str) -> str:
    # Babel takes half a millisecond per call; a week has few distinct opening times.
    names = BY_CODE[language].weekdays if language in BY_CODE else None
    if names is not None:  # CLDR has none for the language, and would print English ones
        return f"{names[weekday]} {hour:02d}:{minute:02d}"
    moment = datetime(2026, 11, 30, hour, minute) + timedelta(days=weekday)  # 30 Nov: a Monday
    twelve_hour = "h" in Locale.parse(language).time_formats["short"].pattern
    return format_skeleton("EEEhm" if twelve_hour else "EEEHm", moment, locale=language)


def other_languages_line() -> str:
    """One line that offers every other launch language, each named in itself."""
    others = (name for code, name in LANGUAGES.items() if code != SOURCE_LANGUAGE)
    return "LANG: " + " · ".join(others)


@dataclass(frozen=True)
class _Context:
    """What answering one text may use besides the state: the text, the clock and the ports."""

    inbound: Inbound
    text: str  # cleaned
    now: datetime
    directory: Directory
    records: Records

    def reply(self, language: str) -> _Reply:
        return _Reply(language, self.records.published(language))


def respond(
    state: State | None,
    inbound: Inbound,
    now: datetime,
    directory: Directory,
    records: Records = NO_RECORDS,
) -> Outcome:
    """Answer one inbound text."""
    context = _Context(inbound, clean(inbound.text), now, directory, records)
    outcome = _respond(state, context)
    replying_in = outcome.state or state
    language = replying_in.language if replying_in else SOURCE_LANGUAGE
    return replace(outcome, replies=tuple(economical(text, language) for text in outcome.replies))


# A text that asks for no more texts in words ("stop please", "Please stop texting me").
_STOP_REQUEST = Keyword(Command.STOP, ())


def _keyword(text: str) -> Keyword | None:
    """The keyword a text is, or STOP for a text that asks to stop however it says it."""
    if not text:
        return None
    return find_keyword(text) or (_STOP_REQUEST if asks_to_stop(text) else None)


def _respond(state: State | None, context: _Context) -> Outcome:
    keyword = _keyword(context.text)
    if state is not None and state.opted_out:
        return _while_opted_out(state, keyword, context)
    if state is None:
        return _first_text(keyword, context)
    if state.last_seen is not None and context.now - state.last_seen > IDLE_RESET:
        state = replace(state, step=Step.MENU, topic=None, area=None, shown=0, page=0)
    return _next_text(replace(state, last_seen=context.now), keyword, context)


def never_dropped(text: str) -> bool:
    """STOP, START, DELETE and their translations: applied even past the flood limit."""
    keyword = _keyword(clean(text)) if text else None
    return keyword is not None and keyword.command in (Command.STOP, Command.START, Command.DELETE)


def _count(
    state: State,
    context: _Context,
    *kinds: EventKind,
    topic: str | None = None,
    county: str | None = None,
    referral_id: int | None = None,
) -> tuple[Event, ...]:
    day = context.now.astimezone(STATS_TIMEZONE).date()
    channel = context.inbound.channel
    return tuple(
        Event(kind, day, state.language, channel, topic, county, referral_id) for kind in kinds
    )


def _while_opted_out(state: State, keyword: Keyword | None, context: _Context) -> Outcome:
    # After STOP, silence: only a START word is answered.
    command = keyword.command if keyword else None
    now = context.now
    if command is Command.START:
        back = replace(state, opted_out=False, step=Step.MENU, topic=None, page=0, last_seen=now)
        reply = context.reply(back.language)
        texts = (reply.lines(reply._(content.WELCOME_BACK), reply.menu()),)
        return Outcome(back, texts, _count(back, context, EventKind.MESSAGE, EventKind.OPT_IN))
    if command is Command.DELETE:
        # Erase all but the opt-out itself, which must outlive the erasure to keep the silence.
        return Outcome(State(SOURCE_LANGUAGE, opted_out=True, last_seen=now))
    return Outcome(replace(state, last_seen=now))


def _first_text(keyword: Keyword | None, context: _Context) -> Outcome:
    """Answer a new number. Whatever it sent, the first reply says what this is and that texts are
    not private; when its language is unknown, the reply ends with the list of languages."""
    text = context.text
    detected = detect_language(text) if text else None
    if _chooses(keyword):
        source = LanguageSource.CHOSEN
    else:
        source = LanguageSource.DETECTED if detected else LanguageSource.DEFAULT
    now = context.now
    state = State(language=detected or SOURCE_LANGUAGE, last_seen=now, language_source=source)
    reply = context.reply(state.language)
    new = _count(state, context, EventKind.NEW)
    command = keyword.command if keyword is not None else None
    if command is Command.STOP:
        stopped = _stop(state, context)
        return replace(stopped, events=new + stopped.events)
    outcome: Outcome | None = None
    if command in (Command.LANGUAGE_MENU, Command.DELETE):
        outcome = _ACTIONS[command](state, context)
    elif command is None and text:
        outcome = _understood(state, context)
    elif context.inbound.has_media and not text:
        outcome = _say(state, context, reply._(content.ONLY_TEXT))
    if outcome is None:  # HELP, a greeting, a language's name, anything else: the whole welcome
        kinds = (EventKind.HELP,) if command is Command.HELP else ()
        outcome = _say(state, context, reply.welcome(), *kinds)
    else:
        outcome = replace(outcome, replies=(reply.privacy(), *outcome.replies))
    if source is LanguageSource.DEFAULT:
        outcome = replace(outcome, replies=(*outcome.replies, other_languages_line()))
    return replace(outcome, events=new + outcome.events)


def _chooses(keyword: Keyword | None) -> bool:
    """A first text that chooses its language: a language's name (中文, KREYÒL), or a greeting of
    one language other than English, as the flyers print (HOLA, BONJOU, مرحبا). English greetings
    (HELLO, HI) do not: families who speak another language greet in English too."""
    if keyword is None:
        return False
    if keyword.command is Command.CHOOSE_LANGUAGE:
        return True
    return keyword.command is Command.GREETING and keyword.language not in (None, SOURCE_LANGUAGE)


def _understood(state: State, context: _Context) -> Outcome | None:
    """A text that is a ZIP code, a town or a county, or names one topic; None when it is not."""
    text = context.text
    if (zip_code := as_zip_code(fold(text))) is not None:
        return _referrals(state, place_for_zip(zip_code), context)
    topics = topics_named(text)
    if (found := _help_near(state, text, topics)) is not None:
        return _referrals(*found, context)
    if len(topics) == 1:
        return _topic(state, topics.pop(), context)
    if not topics and (place := place_for_text(text, anywhere=True)) is not None:
        return _referrals(state, place, context)
    return None


# Topics whose question a list of help near a place answers: a lawyer, a bond fund.
_ANSWERED_BY_A_LIST = frozenset({Topic.LEGAL_HELP, Topic.BOND})


def _help_near(state: State, text: str, topics: set[Topic]) -> tuple[State, Place] | None:
    """A place named inside a sentence that asks for help there ("necesito un abogado en
    lawrence", "my zip is 02124"): the state to list help from (with the topic asked about) and the
    place. A sentence about another topic keeps its page ("is he at the Boston ICE office")."""
    if len(topics) > 1 or not topics <= _ANSWERED_BY_A_LIST:
        return None
    place = place_in_sentence(text)
    if place is None:
        return None
    topic = next(iter(topics)).value if topics else state.topic
    return replace(state, topic=topic), place


def _follow_language(state: State, text: str) -> State:
    """Whether a text moves the conversation to another language, and to which.

    - Chosen (LANG and a number, a language's name, a flyer's greeting): it never moves.
    - Unknown (the English fallback): any word of one language moves it ("AYUDA", "gracias").
    - Guessed from earlier texts:
      - Chinese follows the characters that differ between Simplified and Traditional, and only
        those: 更多, written the same in both, changes nothing.
      - One keyword, greeting or thanks of one other language moves it ("gracias" brings a
        conversation back to Spanish); English ones never do, since families borrow them ("ok
        thanks", "DELETE", "lawyer").
      - Otherwise the detector must read the text confidently as another language, and the text
        must be a sentence: at least 3 words, or any length in another script (حذف in a Spanish
        conversation), and 5 for English ("i dont understand" is borrowed); and the conversation's
        own language must be unlikely (language.STILL_LIKELY), so code-switching keeps it.
    STOP and DELETE move only an unknown language: their confirmation goes in the conversation's.
    """
    if state.language_chosen:
        return state
    if state.language_source is LanguageSource.DEFAULT:
        heard = detect_language(text) or thanks_language(text)
        if heard is None:
            return state
        return replace(state, language=heard, language_source=LanguageSource.DETECTED)
    written = script(text)
    if written == "han" and _script_of(state.language) == "han":
        return _move(state, chinese_script(text, state.language))
    native = _one_language(text)
    if native is not None:
        return state if native == SOURCE_LANGUAGE else _move(state, native)
    words = len(text.split())
    same_script = written == _script_of(state.language)
    if same_script and words < 3:
        return state
    heard = moved_from(state.language, text)
    if heard is None or (heard == SOURCE_LANGUAGE and words < 5):
        return state
    return _move(state, heard)


def _move(state: State, language: str) -> State:
    if language == state.language:
        return state
    return replace(state, language=language, language_source=LanguageSource.DETECTED)


def _one_language(text: str) -> str | None:
    """The language of a text that is one keyword, greeting or thanks of a single language."""
    keyword = find_keyword(text)
    if keyword is not None:
        return keyword.language
    return thanks_language(text) if is_thanks(text) else None


def _script_of(language: str) -> str:
    return BY_CODE[language].script if language in BY_CODE else "latin"


def _next_text(state: State, keyword: Keyword | None, context: _Context) -> Outcome:
    text = context.text
    thanked = keyword is None or keyword.command in (Command.START, Command.GREETING)
    if thanked and is_thanks(text):
        return _thanks(_follow_language(state, text), context)
    if keyword is not None:
        confirms = keyword.command in (Command.STOP, Command.DELETE)
        if not confirms or state.language_source is LanguageSource.DEFAULT:
            state = _follow_language(state, text)
        if keyword.command in _ACTIONS:
            return _ACTIONS[keyword.command](state, context)
        if keyword.command is Command.CHOOSE_LANGUAGE:
            assert keyword.language is not None
            return _choose_language(state, keyword.language, context)
    folded = fold(text)
    if (zip_code := as_zip_code(folded)) is not None:
        return _referrals(state, place_for_zip(zip_code), context)
    if context.inbound.has_media and not text:
        return _say(state, context, context.reply(state.language)._(content.ONLY_TEXT))
    if state.step is Step.LANGUAGE and folded in _LANGUAGE_NUMBERS:
        return _choose_language(state, _LANGUAGE_NUMBERS[folded], context)
    if folded in MENU_NUMBERS:
        return _topic(state, MENU_NUMBERS[folded], context)
    if keyword is not None and keyword.command is Command.MORE:
        return _more(state, context)
    if state.step is Step.PLACE and (place := place_for_text(text)) is not None:
        return _referrals(state, place, context)
    topics = topics_named(text)
    anywhere = not topics and state.step is not Step.PLACE
    if anywhere and (place := place_for_text(text, anywhere=True)) is not None:
        return _referrals(state, place, context)
    heard = _follow_language(state, text)
    if (found := _help_near(heard, text, topics)) is not None:
        return _referrals(*found, context)
    reply = context.reply(heard.language)
    if len(topics) == 1:
        return _topic(heard, topics.pop(), context)
    if topics:  # several topics: let the family pick one
        return _say(replace(heard, step=Step.MENU), context, reply.menu())
    if state.step is Step.PLACE:
        asking = reply.lines(reply._(content.ASK_ZIP_AGAIN), reply._(content.BACK_TO_MENU))
        return _say(heard, context, asking, EventKind.NOT_UNDERSTOOD)
    if heard.language != state.language:
        # Understood at last, in their own language: welcome them in it.
        return _say(replace(heard, step=Step.MENU), context, reply.welcome())
    texts = [reply.lines(reply._(content.NOT_UNDERSTOOD), reply.menu())]
    if heard.language_source is LanguageSource.DEFAULT:
        texts.append(other_languages_line())
    events = _count(heard, context, EventKind.MESSAGE, EventKind.NOT_UNDERSTOOD)
    return Outcome(replace(heard, step=Step.MENU), tuple(texts), events)


def _say(
    state: State, context: _Context, text: str, *kinds: EventKind, topic: str | None = None
) -> Outcome:
    return Outcome(state, (text,), _count(state, context, EventKind.MESSAGE, *kinds, topic=topic))


def _topic(state: State, topic: Topic, context: _Context) -> Outcome:
    reply = context.reply(state.language)
    if topic is Topic.LEGAL_HELP:
        asking = replace(state, step=Step.PLACE)
        text = reply.lines(reply._(content.ASK_PLACE), reply._(content.BACK_TO_MENU))
        return _say(asking, context, text, EventKind.TOPIC, topic=topic.value)
    reading = replace(state, step=Step.TOPIC, topic=topic.value, page=1)
    text = reply.topic_page(topic, 1, _status(topic, state.language, context))
    return _say(reading, context, text, EventKind.TOPIC, topic=topic.value)


def _status(topic: Topic, language: str, context: _Context) -> str:
    """ "Not legal advice. Reviewed MM/YYYY." only when a review covers the current text."""
    reply = context.reply(language)
    reviewed = context.records.reviewed_on(topic, language)
    if reviewed is not None:
        return reply._(content.NOT_ADVICE_REVIEWED, date=month_year(reviewed, language))
    changed = updated_on(topic, language, context.now.date())
    # A page staff published in the admin (its English, or this translation) dates it too.
    edited = [
        on
        for code in {SOURCE_LANGUAGE, language}
        for text, (_, on) in context.records.published(code).items()
        if text in TOPIC_PAGES[topic]
    ]
    changed = max([changed, *edited])
    return reply._(content.NOT_ADVICE_UPDATED, date=month_year(changed, language))


def _referrals(state: State, place: Place, context: _Context) -> Outcome:
    reply = context.reply(state.language)
    if place.county is not None:
        if place.kind == "zip":
            where = reply._(content.PLACE_ZIP_COUNTY, zip=place.name, county=place.county)
        elif place.kind == "town":
            where = reply._(content.PLACE_TOWN_COUNTY, town=place.name, county=place.county)
        else:
            where = reply._(content.PLACE_COUNTY, county=place.county)
        headers = (
            reply._(content.REFERRALS_NEAR, place=where),
            reply._(content.HELP_NEAR, place=where),
        )
        area = f"{place.state}:{place.county}"
    else:
        unknown = place.state is None
        header = reply._(content.ZIP_UNKNOWN if unknown else content.ZIP_OUTSIDE, zip=place.name)
        headers = (header, header)
        area = HOME_STATE  # the statewide and national entries
    listed = _page(replace(state, area=area, shown=0), reply, headers, context)
    looked_up = _count(state, context, EventKind.PLACE, county=place.county or "")
    return replace(listed, events=listed.events + looked_up)


def _more(state: State, context: _Context) -> Outcome:
    """MORE goes on with whatever was shown last: a topic's pages, or a list's entries."""
    reply = context.reply(state.language)
    if state.step is Step.TOPIC and state.topic in set(Topic) and state.page > 0:
        topic = Topic(state.topic)
        if state.page >= len(TOPIC_PAGES.get(topic, ())):
            return _say(state, context, reply._(content.TOPIC_DONE))
        reading = replace(state, page=state.page + 1)
        text = reply.topic_page(topic, reading.page, "")
        return _say(reading, context, text, EventKind.MORE, topic=topic.value)
    if state.step is Step.MENU and state.area is None:  # MORE at the menu: the menu again
        return _say(state, context, reply.menu())
    if state.area is None:  # MORE before any list: ask where
        text = reply.lines(reply._(content.ASK_PLACE), reply._(content.BACK_TO_MENU))
        return _say(replace(state, step=Step.PLACE), context, text)
    headers = (reply._(content.MORE_REFERRALS), reply._(content.MORE_HELP))
    more = _page(state, reply, headers, context)
    county = state.area.partition(":")[2]
    return replace(more, events=more.events + _count(state, context, EventKind.MORE, county=county))


def _page(state: State, reply: _Reply, headers: tuple[str, str], context: _Context) -> Outcome:
    """Show the next entries for the state's area, as many as fit, and remember how far we got."""
    assert state.area is not None
    region, _, county = state.area.partition(":")
    now = context.now
    listings = context.directory.find(
        state=region, county=county or None, language=state.language, topic=state.topic, now=now
    )
    page = listings[state.shown :]
    text, count = reply.referrals(headers, page, state.shown + 1)
    place = county or ""  # "": statewide help for a place outside Massachusetts or unknown
    shown = tuple(
        event
        for entry in page[:count]
        for event in _count(
            state, context, EventKind.REFERRAL, topic=state.topic, county=place,
            referral_id=entry.id,
        )
    )  # fmt: skip
    after = replace(state, step=Step.LIST, shown=state.shown + count)
    return Outcome(after, (text,), _count(after, context, EventKind.MESSAGE) + shown)


def _choose_language(state: State, language: str, context: _Context) -> Outcome:
    chosen = replace(
        state, language=language, step=Step.MENU, language_source=LanguageSource.CHOSEN
    )
    return _say(chosen, context, context.reply(language).menu(), EventKind.LANGUAGE)


def _stop(state: State, context: _Context) -> Outcome:
    """Silence from now on. Twilio answers its own English words on SMS; anything else (PARAR,
    KANPE, 停止, and every word on WhatsApp, where Twilio answers nothing) gets one line in the
    family's language, so they know it worked."""
    stopped = replace(state, opted_out=True, step=Step.MENU, topic=None, page=0)
    events = _count(stopped, context, EventKind.OPT_OUT)
    # As the family's phone sent it: Twilio does not read S\u200bTOP or full-width letters as STOP.
    sent = context.inbound.text.strip().casefold()
    twilio_answers = context.inbound.channel == "sms" and sent in TWILIO_OPT_OUT_WORDS
    if twilio_answers:
        return Outcome(stopped, (), events)
    return Outcome(stopped, (context.reply(state.language)._(content.STOPPED),), events)


def _thanks(state: State, context: _Context) -> Outcome:
    # Not a question and not "not understood": one line, and the family stays where it was.
    return _say(state, context, context.reply(state.language)._(content.THANKS))


def _start(state: State, context: _Context) -> Outcome:
    # Not opted out: a START word is a greeting, so show where to begin.
    return _say(replace(state, step=Step.MENU), context, context.reply(state.language).menu())


def _help(state: State, context: _Context) -> Outcome:
    reply = context.reply(state.language)
    contact = context.records.help_contact()
    if contact is None:
        person = reply._(content.NO_CONTACT)
    else:
        person = reply._(content.CONTACT, organization=contact.organization, phone=contact.phone)
    return _say(state, context, reply.lines(reply.help(), person), EventKind.HELP)


def _menu(state: State, context: _Context) -> Outcome:
    reply = context.reply(state.language)
    # While staff have news out in this language, the menu says so in one line.
    hint = reply._(content.NEWS_HINT) if context.records.news(state.language, context.now) else ""
    return _say(replace(state, step=Step.MENU), context, reply.lines(reply.menu(), hint))


def news_reply(alert: str | None, language: str, reply: _Reply | None = None) -> str:
    """What NEWS answers: the alert, or that there is none, then the way back to the menu."""
    reply = reply or _Reply(language)
    return reply.lines(alert or reply._(content.NO_NEWS), reply._(content.BACK_TO_MENU))


def _news(state: State, context: _Context) -> Outcome:
    alert = context.records.news(state.language, context.now)
    text = news_reply(alert, state.language, context.reply(state.language))
    return _say(replace(state, step=Step.MENU), context, text, EventKind.TOPIC, topic=NEWS_TOPIC)


def _language_menu(state: State, context: _Context) -> Outcome:
    reply = context.reply(state.language)
    return _say(replace(state, step=Step.LANGUAGE), context, reply.language_menu())


def _delete(state: State, context: _Context) -> Outcome:
    # The confirmation is the last thing sent in the language we are about to forget.
    confirmation = context.reply(state.language)._(content.DELETED)
    events = _count(state, context, EventKind.MESSAGE, EventKind.DELETE)
    return Outcome(None, (confirmation,), events)


def _greeting(state: State, context: _Context) -> Outcome:
    return _say(state, context, context.reply(state.language).welcome())


_ACTIONS = {
    Command.STOP: _stop,
    Command.START: _start,
    Command.HELP: _help,
    Command.MENU: _menu,
    Command.LANGUAGE_MENU: _language_menu,
    Command.DELETE: _delete,
    Command.GREETING: _greeting,
    Command.NEWS: _news,
}


def warm_up() -> None:
    """Load the language model, the ZIP code and town tables and every catalog now, not during a
    family's first text (and, under gunicorn, before the workers fork, so they share them)."""
    detect_language("bonjour tout le monde")
    detect_language("我兒子明天出獄")
    place_for_text("Fall River")
    place_for_zip("02720")
    for language in LANGUAGES:
        _Reply(language).menu()
        weekday_time(datetime(2026, 11, 30, 9, 0), language)
