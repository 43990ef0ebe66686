"""The pure conversation engine, driven as a texter would drive it (no app, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotline.conversation import (
    EventKind,
    Inbound,
    LanguageSource,
    Outcome,
    State,
    Step,
    content,
    respond,
)
from hotline.conversation.engine import menu_text
from hotline.conversation.keywords import Command, find_keyword
from hotline.i18n import LANGUAGES, translations
from hotline.referrals.listing import Listing
from hotline.segments import gsm7_folded
from hotline.text import fold

NOW = datetime(2026, 11, 28, 15, 30, tzinfo=UTC)
CHOSEN = LanguageSource.CHOSEN


class Directory:
    """The directory port with fixed entries: one for the county, then statewide ones."""

    def __init__(self, statewide: int = 1) -> None:
        self.statewide = statewide

    def find(
        self,
        *,
        state: str | None,
        county: str | None,
        language: str,
        topic: str | None,
        now: datetime,
    ) -> list[Listing]:
        entries = [
            Listing(
                7 + n,
                f"Demo Statewide Help {n}" if n else "Demo Statewide Help",
                f"617-555-01{10 + n}",
            )
            for n in range(self.statewide)
        ]
        if county:
            entries.insert(0, Listing(3, f"Demo {county} Legal Aid", "508-555-0105", open_now=True))
        return entries


def send(
    state: State | None,
    text: str,
    now: datetime = NOW,
    directory: Directory | None = None,
    **kwargs: bool,
) -> Outcome:
    return respond(state, Inbound(text, **kwargs), now, directory or Directory())


def converse(*texts: str, state: State | None = None) -> tuple[State | None, list[tuple[str, ...]]]:
    replies = []
    for text in texts:
        outcome = send(state, text)
        state = outcome.state
        replies.append(outcome.replies)
    return state, replies


def tr(language: str, message: str) -> str:
    """A catalog text as a phone may show it: accents GSM-7 lacks may be folded to save segments."""
    return gsm7_folded(translations(language).gettext(message))


def shown(replies: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(gsm7_folded(reply) for reply in replies)


def test_keywords_ignore_case_accents_spaces_and_edge_punctuation() -> None:
    for variant in ["STOP", "stop", " Stop. ", "stóp", "ＳＴＯＰ", "Stop!!"]:
        keyword = find_keyword(variant)
        assert keyword is not None and keyword.command is Command.STOP, variant
    assert fold("  Dừng  ") == "dung"
    assert fold("إلغاء") == "الغاء"
    assert find_keyword("please stop texting me") is None


TWILIO_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]
OUR_WORDS = ["PARAR", "CANCELAR", "SAIR", "KANPE", "停止", "DỪNG", "توقف", "ARRÊT", "opt out"]


@pytest.mark.parametrize("word", TWILIO_WORDS + OUR_WORDS)
def test_stop_in_any_language_silences_the_number_until_start(word: str) -> None:
    state, replies = converse("hola", word, "1", "hola", "MENU")
    assert replies[2:] == [(), (), ()]
    assert state is not None and state.opted_out
    state, replies = converse("START", state=state)
    assert state is not None and not state.opted_out
    assert "1 " in replies[0][0]  # the menu is back


@pytest.mark.parametrize("word", TWILIO_WORDS)
def test_after_twilios_own_stop_words_the_hotline_says_nothing(word: str) -> None:
    _, replies = converse("hola", word)
    assert replies[1] == ()  # Twilio confirms the opt-out itself


@pytest.mark.parametrize("word", OUR_WORDS)
def test_after_other_stop_words_one_line_confirms_in_the_conversations_language(word: str) -> None:
    state, replies = converse("hola", word)
    assert state is not None
    assert shown(replies[1]) == (tr(state.language, content.STOPPED),)


def test_on_whatsapp_even_stop_gets_a_confirmation_since_twilio_sends_none_there() -> None:
    outcome = respond(State("es", last_seen=NOW), Inbound("STOP", channel="whatsapp"), NOW,
                      Directory())  # fmt: skip
    assert shown(outcome.replies) == (tr("es", content.STOPPED),)


@pytest.mark.parametrize("word", ["START", "UNSTOP", "YES", "INICIO", "SIM", "开始", "OUI"])
def test_any_start_word_opts_back_in(word: str) -> None:
    state, replies = converse("STOP", word)
    assert state is not None and not state.opted_out
    assert replies[1]


def test_first_text_stop_stores_the_opt_out_and_stays_silent() -> None:
    state, replies = converse("STOP", "hello")
    assert replies == [(), ()]
    assert state is not None and state.opted_out
    state, replies = converse("PARAR", "hola")
    assert shown(replies[0]) == (tr("es", content.STOPPED),) and replies[1] == ()


def test_help_names_the_hotline_menu_and_stop() -> None:
    _, replies = converse("hi", "HELP")
    (help_text,) = replies[1]
    assert tr("en", content.HOTLINE_NAME) in help_text
    assert "MENU" in help_text and "STOP" in help_text


@pytest.mark.parametrize("word,language", [("AYUDA", "es"), ("AJUDA", "pt"), ("AIDE", "fr")])
def test_help_as_a_first_text_gets_the_whole_welcome_in_that_language(
    word: str, language: str
) -> None:
    _, replies = converse(word)
    (welcome,) = shown(replies[0])
    assert welcome.startswith(
        tr(language, content.WELCOME) % {"name": tr(language, content.HOTLINE_NAME)}
    )
    assert (
        gsm7_folded(menu_text(language)) in welcome and tr(language, content.STOP_HINT) in welcome
    )


@pytest.mark.parametrize("word", ["MENU", "menú", "0", "٠"])
def test_menu_and_zero_list_the_numbered_choices_from_any_step(word: str) -> None:
    start = State("en", Step.PLACE, last_seen=NOW)
    state, replies = converse(word, state=start)
    assert state is not None and state.step is Step.MENU
    for number in "12345":
        assert f"\n{number} " in replies[0][0]


@pytest.mark.parametrize("number", ["1", "2", "3", "4"])
def test_every_topic_says_it_is_not_legal_advice_and_when_it_last_changed(number: str) -> None:
    from hotline.conversation.versions import updated_on

    topic = content.MENU_NUMBERS[number]
    _, replies = converse(number, state=State("en", last_seen=NOW))
    changed = updated_on(topic, "en", NOW.date())
    assert f"Not legal advice. Updated {changed.month:02d}/{changed.year}." in replies[0][0]
    assert "Reviewed" not in replies[0][0]  # nobody reviewed it: the records port says so


@pytest.mark.parametrize("topic", [t for t in content.TOPIC_PAGES])
def test_more_walks_a_topic_page_by_page_to_its_end(topic: content.Topic) -> None:
    number = next(n for n, t in content.MENU_NUMBERS.items() if t is topic)
    pages = content.TOPIC_PAGES[topic]
    texts = [number] + ["MORE"] * len(pages)
    state, replies = converse(*texts, state=State("en", last_seen=NOW))
    for page, (reply,) in enumerate(replies[: len(pages)], start=1):
        assert reply.startswith(pages[page - 1])
        if page < len(pages):
            assert reply.endswith(f"({page}/{len(pages)}) MORE: next. 0: menu")
        else:
            assert reply.endswith(f"({page}/{len(pages)}) 5: legal help. 0: menu")
    assert replies[-1] == (content.TOPIC_DONE,)
    assert state is not None and state.topic == topic.value and state.page == len(pages)


def test_more_after_a_list_pages_the_list_and_after_a_topic_pages_the_topic() -> None:
    _, replies = converse("02720", "4", "MORE", state=State("en", last_seen=NOW))
    assert replies[2][0].startswith(content.TOPIC_PAGES[content.Topic.BOND][1])
    outcome = send(State("en", last_seen=NOW), "02720", directory=Directory(statewide=5))
    more = send(outcome.state, "MORE", directory=Directory(statewide=5))
    assert more.replies[0].startswith("More legal help:\n4) ")


def test_help_names_a_person_to_reach_once_an_administrator_set_one() -> None:
    from hotline.conversation.records import Contact, NoRecords

    class Set(NoRecords):
        def help_contact(self) -> Contact | None:
            return Contact("Demo Family Network", "(617) 555-0100")

    unset = respond(State("en", last_seen=NOW), Inbound("HELP"), NOW, Directory())
    assert unset.replies[0].endswith(content.NO_CONTACT)
    named = respond(State("es", last_seen=NOW), Inbound("AYUDA"), NOW, Directory(), Set())
    (help_text,) = shown(named.replies)
    expected = tr("es", content.CONTACT) % {"organization": "Demo Family Network",
                                            "phone": "(617) 555-0100"}  # fmt: skip
    assert help_text.endswith(expected)


def test_five_asks_for_a_zip_code_and_a_zip_code_gets_entries_for_its_county() -> None:
    state, replies = converse("1", "5", "02720", state=State("en", last_seen=NOW))
    assert (
        "ZIP code" in replies[1][0]
        and "not lawyers, even if they call themselves notario" in replies[1][0]
    )
    reply = replies[2][0]
    assert "02720 (Bristol County)" in reply
    assert "1) Demo Bristol Legal Aid 508-555-0105, speaks English, open now" in reply
    assert "2) Demo Statewide Help 617-555-0110, speaks English" in reply
    assert state is not None and state.step is Step.LIST


def test_a_zip_code_works_from_any_step_and_counts_each_entry_shown_with_the_topic() -> None:
    outcome = send(State("es", Step.LANGUAGE, topic="bond", last_seen=NOW), "01103")
    shown = [event for event in outcome.events if event.kind is EventKind.REFERRAL]
    assert [(e.referral_id, e.county, e.topic, e.language) for e in shown] == [
        (3, "Hampden", "bond", "es"),
        (7, "Hampden", "bond", "es"),
    ]


def test_an_unknown_zip_code_says_so_and_gives_statewide_help() -> None:
    (reply,) = send(State("en", last_seen=NOW), "00000").replies
    assert "could not find ZIP code 00000" in reply
    assert "Demo Statewide Help" in reply


def test_a_zip_code_in_another_state_says_so_and_gives_statewide_help() -> None:
    (reply,) = send(State("en", last_seen=NOW), "10001").replies
    assert "10001 is outside Massachusetts" in reply
    assert "Demo Statewide Help" in reply


def test_in_the_zip_step_other_text_asks_again_without_a_dead_end() -> None:
    state, replies = converse("not sure", state=State("en", Step.PLACE, last_seen=NOW))
    assert "ZIP code or a Massachusetts town" in replies[0][0] and "0: menu" in replies[0][0]
    assert state is not None and state.step is Step.PLACE


def test_lang_opens_the_language_menu_where_a_number_picks_a_language() -> None:
    state, replies = converse("LANG", "2", state=State("en", last_seen=NOW))
    for name in LANGUAGES.values():
        assert name in replies[0][0]
    assert state is not None and state.language == "es" and state.step is Step.MENU
    assert shown(replies[1]) == (gsm7_folded(menu_text("es")),)


@pytest.mark.parametrize("word", ["IDIOMA", "LANGUE", "语言", "NGÔN NGỮ", "لغة"])
def test_the_language_menu_opens_with_its_word_in_any_language(word: str) -> None:
    state, _ = converse(word, state=State("en", last_seen=NOW))
    assert state is not None and state.step is Step.LANGUAGE


def test_a_language_name_switches_language_directly() -> None:
    state, replies = converse("Français", state=State("en", last_seen=NOW))
    assert state is not None and state.language == "fr"
    assert shown(replies[0]) == (gsm7_folded(menu_text("fr")),)


@pytest.mark.parametrize(
    "text,language",
    [
        ("hola, necesito ayuda con mi hijo", "es"),
        ("olá, preciso de ajuda com meu filho", "pt"),
        ("bonjou, mwen bezwen èd pou pitit gason mwen", "ht"),
        ("你好，我儿子被移民局带走了", "zh"),
        ("xin chào, tôi cần giúp đỡ cho con trai tôi", "vi"),
        ("مرحبا، أحتاج مساعدة من أجل ابني", "ar"),
        ("bonjour, j'ai besoin d'aide pour mon fils", "fr"),
        ("hello, I need help for my son", "en"),
    ],
)
def test_a_first_text_is_answered_in_its_own_language(text: str, language: str) -> None:
    outcome = send(None, text)
    assert outcome.state is not None and outcome.state.language == language
    welcome = gsm7_folded(outcome.replies[0])
    assert gsm7_folded(menu_text(language)) in welcome
    assert tr(language, content.WELCOME) % {"name": tr(language, content.HOTLINE_NAME)} in welcome
    assert [event.kind for event in outcome.events] == [EventKind.NEW, EventKind.MESSAGE]


def test_an_unrecognised_first_text_gets_english_and_a_one_line_language_menu() -> None:
    outcome = send(None, "ok")
    assert outcome.state is not None and outcome.state.language == "en"
    welcome, languages = outcome.replies
    assert "not private" in welcome and "STOP" in welcome
    assert "\n" not in languages and "Español" in languages and "العربية" in languages


def test_anything_else_gets_sorry_and_the_menu() -> None:
    state, replies = converse("asdfgh", state=State("en", Step.LANGUAGE, last_seen=NOW))
    assert replies[0][0].startswith("Sorry, I did not understand.")
    assert "5 Legal help near you" in replies[0][0]
    assert state is not None and state.step is Step.MENU


def test_state_expires_after_a_day_idle_back_to_the_menu_keeping_the_language() -> None:
    asked = State("pt", Step.PLACE, topic="2", last_seen=NOW)
    later = NOW + timedelta(hours=24, minutes=1)
    outcome = send(asked, "where", now=later)
    assert outcome.state is not None
    assert outcome.state.step is Step.MENU and outcome.state.language == "pt"
    assert outcome.state.last_seen == later
    # Within the day, the ZIP question still stands.
    assert send(asked, "where", now=NOW + timedelta(hours=23)).state.step is Step.PLACE  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "word", ["DELETE", "BORRAR", "APAGAR", "EFASE", "删除", "XÓA", "حذف", "EFFACER"]
)
def test_delete_erases_the_conversation_and_confirms_in_one_line(word: str) -> None:
    chosen = State("es", Step.PLACE, topic="1", last_seen=NOW, language_source=CHOSEN)
    outcome = send(chosen, word)
    assert outcome.state is None
    (confirmation,) = outcome.replies
    assert "\n" not in confirmation
    assert gsm7_folded(confirmation) == tr("es", content.DELETED)


def test_delete_while_opted_out_keeps_only_the_silence() -> None:
    outcome = send(State("vi", topic="3", opted_out=True, last_seen=NOW), "DELETE")
    assert outcome.replies == ()
    assert outcome.state == State("en", opted_out=True, last_seen=NOW)


def test_a_picture_without_text_gets_a_text_only_reply() -> None:
    (reply,) = send(State("en", last_seen=NOW), "", has_media=True).replies
    assert reply == content.ONLY_TEXT


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=3000),
    step=st.sampled_from(list(Step)),
    language=st.sampled_from(list(LANGUAGES)),
    opted_out=st.booleans(),
    new=st.booleans(),
    media=st.booleans(),
)
def test_any_text_in_any_state_gets_an_answer_or_deliberate_silence(
    text: str, step: Step, language: str, opted_out: bool, new: bool, media: bool
) -> None:
    state = None if new else State(language, step, opted_out=opted_out, last_seen=NOW)
    outcome = send(state, text, has_media=media)
    silent = outcome.replies == ()
    if silent:
        assert outcome.state is not None and outcome.state.opted_out
    assert all(0 < len(reply) <= 1600 for reply in outcome.replies)


@pytest.mark.parametrize(
    "text,header",
    [("Fall River", "Legal help near Fall River (Bristol County):"),
     ("fall river ma", "Legal help near Fall River (Bristol County):"),
     ("condado de bristol", "Legal help near Bristol County:")],
)  # fmt: skip
def test_in_the_place_step_a_town_or_county_gets_entries_and_says_what_was_understood(
    text: str, header: str
) -> None:
    (reply,) = send(State("en", Step.PLACE, last_seen=NOW), text).replies
    assert reply.startswith(header + "\n1) Demo Bristol Legal Aid")


def test_more_pages_through_the_rest_and_the_last_page_says_there_are_no_more() -> None:
    directory = Directory(statewide=6)
    state = State("en", Step.PLACE, last_seen=NOW)
    pages = []
    for text in ["02720", "MORE", "más", "MORE"]:
        outcome = send(state, text, directory=directory)
        state = outcome.state  # type: ignore[assignment]
        pages.append(outcome.replies[0])
    numbered = [[line.split(")")[0] for line in page.splitlines() if line[:1].isdigit() and ")" in line]
                for page in pages]  # fmt: skip
    assert numbered == [["1", "2", "3"], ["4", "5", "6"], ["7"], []]
    assert "Reply MORE for more." in pages[0] and "Reply MORE for more." in pages[1]
    assert "That is all for this area." in pages[2] and "That is all for this area." in pages[3]
    assert state.area == "MA:Bristol" and state.shown == 7


def test_more_at_the_menu_shows_the_menu_and_after_a_topic_asks_where() -> None:
    at_menu = send(State("en", last_seen=NOW), "MORE")
    assert at_menu.state is not None and at_menu.state.step is Step.MENU
    assert at_menu.replies == (menu_text("en"),)
    legal = send(State("en", Step.PLACE, last_seen=NOW), "MORE")
    assert legal.state is not None and legal.state.step is Step.PLACE
    assert "ZIP code or town" in legal.replies[0]


def test_a_referral_reply_never_goes_over_four_segments_even_with_long_names() -> None:
    from hotline.segments import count_segments

    class LongNames(Directory):
        def find(self, **kwargs: object) -> list[Listing]:  # type: ignore[override]
            return [Listing(n, "Demo " + "Very Long Organization Name " * 3, "617-555-0100")
                    for n in range(5)]  # fmt: skip

    for language in LANGUAGES:
        (reply,) = send(
            State(language, Step.PLACE, last_seen=NOW), "02720", directory=LongNames()
        ).replies
        assert count_segments(reply).count <= 4
        assert "1) Demo Very Long" in reply
