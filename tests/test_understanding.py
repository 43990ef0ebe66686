"""What families actually type: topic words, towns anywhere, a language that follows them, and a
first reply that always says texts are not private. The pure engine, no app."""

from __future__ import annotations

import pytest

from hotline.conversation import EventKind, Inbound, LanguageSource, State, Step, content, respond
from hotline.conversation.content import Topic
from hotline.conversation.engine import menu_text, other_languages_line
from hotline.conversation.keywords import TOPIC_WORDS, TWILIO_OPT_OUT_WORDS, topics_named
from hotline.i18n import LANGUAGES, translations
from hotline.referrals.listing import Listing, Speaks
from hotline.referrals.places import GUARDED_NAMES
from hotline.segments import gsm7_folded

from .test_engine import NOW, Directory, converse, send, shown, tr

CHOSEN, DETECTED, DEFAULT = LanguageSource.CHOSEN, LanguageSource.DETECTED, LanguageSource.DEFAULT

# What a family might write about each topic, in each launch language.
# fmt: off
SENTENCES: dict[str, dict[Topic, str]] = {
    "en": {Topic.RELEASE_DAY: "is there a detainer on my son", Topic.FIND_SOMEONE: "where is my son now",
           Topic.RIGHTS: "they want him to sign papers", Topic.BOND: "how much is the bond",
           Topic.LEGAL_HELP: "I need a lawyer"},
    "es": {Topic.RELEASE_DAY: "¿Qué pasa el día de salida?", Topic.FIND_SOMEONE: "¿Dónde está mi hijo?",
           Topic.RIGHTS: "le piden firmar unos papeles", Topic.BOND: "cuánto cuesta la fianza",
           Topic.LEGAL_HELP: "necesito un abogado"},
    "pt": {Topic.RELEASE_DAY: "ele vai sair da prisão amanhã", Topic.FIND_SOMEONE: "onde está meu marido",
           Topic.RIGHTS: "ele pode assinar os papéis?", Topic.BOND: "quanto é a fiança",
           Topic.LEGAL_HELP: "preciso de um advogado"},
    "ht": {Topic.RELEASE_DAY: "pitit mwen ap soti nan prizon demen", Topic.FIND_SOMEONE: "kote li ye kounye a",
           Topic.RIGHTS: "yo vle li siyen papye", Topic.BOND: "konbyen kosyon an ye",
           Topic.LEGAL_HELP: "mwen bezwen yon avoka"},
    "zh": {Topic.RELEASE_DAY: "我儿子明天出狱", Topic.FIND_SOMEONE: "我丈夫现在在哪里",
           Topic.RIGHTS: "他们要他签字", Topic.BOND: "保释要多少钱", Topic.LEGAL_HELP: "我需要律师"},
    "zh_Hant": {Topic.RELEASE_DAY: "我兒子明天出獄", Topic.FIND_SOMEONE: "我丈夫現在在哪裡",
                Topic.RIGHTS: "他們要他簽字", Topic.BOND: "保釋要多少錢", Topic.LEGAL_HELP: "我需要律師"},
    "kea": {Topic.RELEASE_DAY: "nha fidju ta sai di kadia manhan", Topic.FIND_SOMEONE: "undi ki nha fidju sta",
            Topic.RIGHTS: "es ta pidi-l pa sina papel", Topic.BOND: "kantu ki e fiansa",
            Topic.LEGAL_HELP: "N mesti un advogadu pa nha fidju"},
    "vi": {Topic.RELEASE_DAY: "con tôi sắp ra tù", Topic.FIND_SOMEONE: "chồng tôi đang ở đâu",
           Topic.RIGHTS: "họ bắt anh ấy ký giấy", Topic.BOND: "tiền bảo lãnh là bao nhiêu",
           Topic.LEGAL_HELP: "tôi cần luật sư"},
    "ar": {Topic.RELEASE_DAY: "متى الإفراج عن ابني", Topic.FIND_SOMEONE: "أين ابني الآن",
           Topic.RIGHTS: "يريدون منه التوقيع على أوراق", Topic.BOND: "كم الكفالة",
           Topic.LEGAL_HELP: "أحتاج محاميا"},
    "fr": {Topic.RELEASE_DAY: "mon fils a sa sortie de prison demain", Topic.FIND_SOMEONE: "où est mon mari",
           Topic.RIGHTS: "doit-il signer ces papiers", Topic.BOND: "combien coûte la caution",
           Topic.LEGAL_HELP: "j'ai besoin d'un avocat"},
}
# fmt: on
CASES = [
    (lang, topic, text) for lang, topics in SENTENCES.items() for topic, text in topics.items()
]


def topic_reply(language: str, topic: Topic) -> str:
    """The start of what a family reads for a topic: its text, or for legal help the place question."""
    if topic is Topic.LEGAL_HELP:
        return tr(language, content.ASK_PLACE)
    return tr(language, content.TOPIC_PAGES[topic][0])


def privacy(language: str) -> str:
    name = translations(language).gettext(content.HOTLINE_NAME)
    return gsm7_folded(translations(language).gettext(content.WELCOME) % {"name": name})


def test_the_topic_words_cover_every_topic_in_every_launch_language() -> None:
    for topic, words in TOPIC_WORDS.items():
        named = {code for languages in words.values() if languages for code in (
            (languages,) if isinstance(languages, str) else languages)}  # fmt: skip
        assert named == set(LANGUAGES), (topic, set(LANGUAGES) - named)
        for word in words:
            assert topics_named(word.strip("*")) == {topic}, word


@pytest.mark.parametrize("language,topic,text", CASES)
def test_a_text_that_names_a_topic_gets_that_topic(language: str, topic: Topic, text: str) -> None:
    outcome = send(State(language, Step.MENU, last_seen=NOW, language_source=CHOSEN), text)
    (reply,) = shown(outcome.replies)
    assert reply.startswith(topic_reply(language, topic))
    assert [e.topic for e in outcome.events if e.kind is EventKind.TOPIC] == [topic.value]


@pytest.mark.parametrize("language,topic,text", CASES)
def test_a_first_text_that_names_a_topic_is_answered_in_its_language_after_the_privacy_line(
    language: str, topic: Topic, text: str
) -> None:
    outcome = send(None, text)
    assert outcome.state is not None and outcome.state.language == language
    warning, answer = shown(outcome.replies)
    assert warning == privacy(language)
    assert answer.startswith(topic_reply(language, topic))


@pytest.mark.parametrize("text", ["lawyer for the bond hearing", "abogado y fianza", "律师 保释"])
def test_a_text_that_names_several_topics_gets_the_menu(text: str) -> None:
    outcome = send(State("en", Step.MENU, last_seen=NOW, language_source=CHOSEN), text)
    assert outcome.replies == (menu_text("en"),)
    assert outcome.state is not None and outcome.state.step is Step.MENU


def test_a_topic_word_in_the_place_step_gets_the_topic() -> None:
    outcome = send(State("en", Step.PLACE, last_seen=NOW), "where is my son")
    assert outcome.replies[0].startswith(content.TOPIC_PAGES[Topic.FIND_SOMEONE][0])


@pytest.mark.parametrize(
    "text,header",
    [("Brockton", "Legal help near Brockton (Plymouth County):"),
     ("brockton ma", "Legal help near Brockton (Plymouth County):"),
     ("BROCKTN", "Legal help near Brockton (Plymouth County):"),
     ("Fall River, Massachusetts", "Legal help near Fall River (Bristol County):"),
     ("condado de Bristol", "Legal help near Bristol County:"),
     ("Manchester-by-the-Sea", "Legal help near Manchester-by-the-Sea (Essex County):")],
)  # fmt: skip
def test_a_town_or_county_sent_anywhere_gets_the_list_for_it(text: str, header: str) -> None:
    after_topic_two = State("en", Step.MENU, topic="find_someone", last_seen=NOW)
    (reply,) = send(after_topic_two, text).replies
    assert reply.startswith(header + "\n1) ")


def test_a_town_sent_while_a_list_is_showing_starts_a_list_for_that_town() -> None:
    showing = State("en", Step.MENU, last_seen=NOW, area="MA:Bristol", shown=3)
    outcome = send(showing, "Framingham")
    assert outcome.replies[0].startswith("Legal help near Framingham (Middlesex County):")
    assert outcome.state is not None and (outcome.state.area, outcome.state.shown) == (
        "MA:Middlesex",
        2,
    )


@pytest.mark.parametrize("word", sorted(GUARDED_NAMES))
def test_a_town_name_that_is_an_everyday_word_is_a_place_only_when_asked_or_said_with_ma(
    word: str,
) -> None:
    menu = State("es", Step.MENU, last_seen=NOW, language_source=CHOSEN)
    (reply,) = send(menu, word.title()).replies
    assert not reply.startswith(tr("es", content.REFERRALS_NEAR).split("%")[0])
    assert reply.startswith(tr("es", content.NOT_UNDERSTOOD))
    (reply,) = send(menu, f"{word.title()} MA").replies
    assert reply.startswith(tr("es", content.REFERRALS_NEAR).split("%")[0])
    asked = State("es", Step.PLACE, last_seen=NOW, language_source=CHOSEN)
    (reply,) = send(asked, word.title()).replies
    assert reply.startswith(tr("es", content.REFERRALS_NEAR).split("%")[0])


def test_ayer_is_yesterday_in_a_sentence_and_a_town_after_five() -> None:
    spanish = State("es", Step.MENU, last_seen=NOW, language_source=CHOSEN)
    assert send(spanish, "ayer").replies[0].startswith(tr("es", content.NOT_UNDERSTOOD))
    asked = send(spanish, "5").state
    (reply,) = send(asked, "ayer").replies
    assert "Ayer (condado de Middlesex)" in reply


def test_an_unknown_language_follows_the_family_and_the_list_of_languages_repeats_until_then() -> (
    None
):
    first = send(None, "ok")
    assert first.state is not None and first.state.language_source is DEFAULT
    assert first.replies[-1] == other_languages_line()
    again = send(first.state, "qwerty")
    assert again.replies == (
        f"{content.NOT_UNDERSTOOD}\n{menu_text('en')}",
        other_languages_line(),
    )
    spanish = send(again.state, "no entiendo, hablo español")
    assert spanish.state is not None
    assert (spanish.state.language, spanish.state.language_source) == ("es", DETECTED)
    (welcome,) = shown(spanish.replies)
    assert welcome.startswith(privacy("es")) and gsm7_folded(menu_text("es")) in welcome
    (not_understood,) = send(spanish.state, "qwerty").replies  # no list of languages now
    assert gsm7_folded(not_understood).startswith(tr("es", content.NOT_UNDERSTOOD))


@pytest.mark.parametrize(
    "word,language", [("AYUDA", "es"), ("abogado", "es"), ("KANPE", "ht"), ("avocat", "fr")]
)
def test_while_nothing_is_known_one_word_of_a_language_is_enough(word: str, language: str) -> None:
    unknown = State("en", Step.MENU, last_seen=NOW, language_source=DEFAULT)
    outcome = send(unknown, word)
    assert outcome.state is not None and outcome.state.language == language


def test_a_guessed_language_switches_when_a_text_is_clearly_in_another() -> None:
    portuguese = State("pt", Step.MENU, last_seen=NOW, language_source=DETECTED)
    text = "necesito un abogado en Brockton, mi hermano estaba en MCI-Norfolk"
    outcome = send(portuguese, text)
    assert outcome.state is not None and outcome.state.language == "es"
    # The town it names answers it at once: help near Brockton, in Spanish.
    assert outcome.state.step is Step.LIST and outcome.state.area == "MA:Plymouth"
    assert shown(outcome.replies)[0].startswith("Ayuda legal cerca de Brockton")


@pytest.mark.parametrize("word", ["DELETE", "lawyer", "MORE", "Brockton", "bond", "ok"])
def test_a_guessed_language_is_not_switched_by_one_borrowed_word(word: str) -> None:
    spanish = State("es", Step.MENU, last_seen=NOW, language_source=DETECTED, area="MA:Suffolk")
    outcome = send(spanish, word)
    assert outcome.state is None or outcome.state.language == "es"


def test_a_chosen_language_is_never_switched_by_detection() -> None:
    state = send(State("en", Step.MENU, last_seen=NOW), "LANG").state
    state = send(state, "3").state  # Português
    assert state is not None and state.language_source is CHOSEN
    for text in ["necesito un abogado en Brockton, por favor", "where is my son", "我需要律师"]:
        outcome = send(state, text)
        assert outcome.state is not None and outcome.state.language == "pt", text
    named = send(None, "Français").state
    assert named is not None and named.language_source is CHOSEN
    assert send(named, "I need a lawyer for my son please").state.language == "fr"  # type: ignore[union-attr]


FIRST_TEXTS = ["HELP", "AYUDA", "02126", "Brockton", "LANG", "IDIOMA", "DELETE", "hola", "Español",
               "1", "abogado", "where is my son", "qwerty", "", "MORE", "0"]  # fmt: skip


@pytest.mark.parametrize("text", FIRST_TEXTS)
def test_every_first_reply_says_once_that_texts_are_not_private(text: str) -> None:
    outcome = send(None, text, has_media=not text)
    language = outcome.state.language if outcome.state else "en"
    replies = shown(outcome.replies)
    warning = privacy(language)
    assert replies[0].startswith(warning), replies
    assert sum(reply.count(warning) for reply in replies) == 1
    second = send(outcome.state, "qwerty") if outcome.state else None
    assert second is None or all(privacy(language) not in reply for reply in second.replies)


def test_stop_as_a_first_text_gets_silence_not_a_welcome() -> None:
    outcome = send(None, "STOP")
    assert outcome.replies == ()


class Mixed(Directory):
    """Legal help first, then a consulate and a bond fund, as the directory ranks them."""

    def find(self, **kwargs: object) -> list[Listing]:  # type: ignore[override]
        return [
            Listing(1, "Demo Defense", "617-555-0101", speaks=Speaks.LANGUAGE),
            Listing(2, "Demo Orientation", "617-555-0102", speaks=Speaks.INTERPRETER),
            Listing(3, "Demo Consulate", "617-555-0103", speaks=Speaks.NEITHER, legal_help=False),
            Listing(4, "Demo Bond Fund", "617-555-0104", speaks=Speaks.NEITHER, legal_help=False),
        ]


def test_help_that_is_not_legal_help_is_never_called_legal_help() -> None:
    first = send(State("en", Step.PLACE, last_seen=NOW), "02720", directory=Mixed())
    (page,) = first.replies
    assert page.splitlines()[:5] == [
        "Legal help near 02720 (Bristol County):",
        "1) Demo Defense 617-555-0101, speaks English",
        "2) Demo Orientation 617-555-0102, with interpreter",
        "Other help:",
        "3) Demo Consulate 617-555-0103, no English",
    ]
    (more,) = send(first.state, "MORE", directory=Mixed()).replies
    assert more.splitlines()[:2] == ["More help:", "4) Demo Bond Fund 617-555-0104, no English"]


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_each_line_says_in_the_familys_language_whether_they_can_be_understood(
    language: str,
) -> None:
    state = State(language, Step.PLACE, last_seen=NOW, language_source=CHOSEN)
    pages = []
    for text in ["02720", "MORE", "MORE"]:
        outcome = send(state, text, directory=Mixed())
        state = outcome.state  # type: ignore[assignment]
        pages.append(gsm7_folded(outcome.replies[0]))
    everything = "\n".join(pages)
    for marker in (content.SPEAKS_LANGUAGE, content.WITH_INTERPRETER, content.NOT_LANGUAGE):
        assert everything.count(", " + tr(language, marker)) >= 1, (language, marker)
    # Help that is not legal help comes under "Other help:", or starts a page headed "More help:".
    assert tr(language, content.OTHER_HELP) in everything or (
        tr(language, content.MORE_HELP) in everything.splitlines()
    )


def test_the_not_understood_count_includes_a_place_that_was_not_found() -> None:
    outcome = send(State("en", Step.PLACE, last_seen=NOW), "not a place at all")
    assert EventKind.NOT_UNDERSTOOD in [event.kind for event in outcome.events]


def test_the_language_model_reads_its_tables_from_a_file_mapping_and_decides_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from hotline.conversation import language

    mapped = language._identifier()
    # The big transition table is a mapped file's pages, not the process's own memory.
    assert isinstance(mapped.tk_nextmove, memoryview)
    assert len(mapped.tk_nextmove) > 1_000_000
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    plain.set_languages(list(mapped.nb_classes))
    assert not isinstance(plain.tk_nextmove, memoryview)
    sentences = [s for by_topic in SENTENCES.values() for s in by_topic.values()]
    for sentence in [*sentences, "مرحبا، أحتاج مساعدة من أجل ابني", "Xin chào, tôi cần giúp đỡ"]:
        assert mapped.classify(sentence) == plain.classify(sentence), sentence

    # Where nothing on disk can be written, the table stays in memory and still works.
    monkeypatch.setattr(language, "TABLE_DIR", "/nonexistent/hotline")
    kept = language._mapped([5, 7, 2**31], "I")
    assert not isinstance(kept, memoryview) and list(kept) == [5, 7, 2**31]


# --- Opting out however it is said --------------------------------------------------------------

STOP_PHRASINGS = [
    "stop please", "Please stop texting me", "opt-out", "STOP STOP", "S\u200bTOP", "ST\u00adOP",
    "تـوقف", "unsubscribe", "PARAR", "ARRET", "KANPE", "停止", "توقف", "请停止", "stop it now",
    "no me manden más mensajes", "pare de enviar mensagens", "Ｓｔｏｐ",
]  # fmt: skip


@pytest.mark.parametrize("phrasing", STOP_PHRASINGS)
def test_a_stop_however_it_is_said_opts_out_with_a_confirmation_in_the_conversations_language(
    phrasing: str,
) -> None:
    spanish = State("es", step=Step.TOPIC, topic="bond", page=1, last_seen=NOW)
    outcome = send(spanish, phrasing)
    assert outcome.state is not None and outcome.state.opted_out
    assert outcome.state.language == "es"
    # Twilio confirms its own exact English words on SMS; everything else gets ours, in Spanish.
    assert shown(outcome.replies) in ((), (tr("es", content.STOPPED),))
    if phrasing.strip().casefold() not in TWILIO_OPT_OUT_WORDS:
        assert shown(outcome.replies) == (tr("es", content.STOPPED),)
    assert [e.kind for e in outcome.events] == [EventKind.OPT_OUT]
    # Silence follows, whatever is sent next, until START.
    assert send(outcome.state, "1").replies == ()
    assert send(outcome.state, "hola, necesito ayuda").replies == ()


@pytest.mark.parametrize("phrasing", STOP_PHRASINGS)
def test_a_first_text_that_asks_to_stop_opts_out_at_once(phrasing: str) -> None:
    outcome = send(None, phrasing)
    assert outcome.state is not None and outcome.state.opted_out


@pytest.mark.parametrize(
    "text",
    [
        "they stopped my son", "how do I stop the deportation", "necesito ayuda para mi familia",
        "ele vai sair da prisão amanhã", "o ônibus para em Brockton", "stopped at the border",
    ],
)  # fmt: skip
def test_a_text_that_only_mentions_stopping_does_not_opt_out(text: str) -> None:
    outcome = send(State("en", last_seen=NOW), text)
    assert outcome.state is not None and not outcome.state.opted_out
    assert outcome.replies


@pytest.mark.parametrize(
    ("stop", "start", "language"),
    [("PARAR", "COMEÇAR", "pt"), ("PARAR", "comenzar", "es"), ("KANPE", "KÒMANSE", "ht"),
     ("停止", "开始", "zh"), ("ARRÊT", "recommencer", "fr"), ("stop please", "START", "en")],
)  # fmt: skip
def test_start_in_the_familys_language_restarts_after_stop(
    stop: str, start: str, language: str
) -> None:
    stopped = send(State(language, last_seen=NOW), stop).state
    assert stopped is not None and stopped.opted_out
    back = send(stopped, start)
    assert back.state is not None and not back.state.opted_out
    assert tr(language, content.WELCOME_BACK) in shown(back.replies)[0]


# --- Thanks, yes, ok and emoji --------------------------------------------------------------------

THANKS_BY_LANGUAGE = {
    "es": "gracias", "pt": "obrigado", "ht": "mèsi", "fr": "merci", "zh": "谢谢", "zh_Hant": "謝謝",
    "vi": "cảm ơn", "ar": "شكرا", "kea": "obrigadu", "en": "thanks",
}  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "text", ["ok", "🙏", "ok thanks", "yes please", "👍🏽", "thank you so much"]
)
def test_thanks_ok_and_emoji_get_one_line_in_the_conversations_language(
    language: str, text: str
) -> None:
    state = State(language, step=Step.TOPIC, topic="bond", page=1, last_seen=NOW)
    outcome = send(state, text)
    assert shown(outcome.replies) == (tr(language, content.THANKS),)
    assert outcome.state is not None
    assert outcome.state.language == language  # borrowed English never moves a conversation
    assert outcome.state.step is Step.TOPIC and outcome.state.page == 1  # MORE still goes on
    assert EventKind.NOT_UNDERSTOOD not in [e.kind for e in outcome.events]


@pytest.mark.parametrize(("language", "thanks"), THANKS_BY_LANGUAGE.items())
def test_a_familys_own_thanks_is_thanked_and_brings_a_drifted_conversation_back(
    language: str, thanks: str
) -> None:
    same = send(State(language, last_seen=NOW), thanks)
    assert shown(same.replies) == (tr(language, content.THANKS),)
    assert same.state is not None and same.state.language == language
    if language != "en":
        # Drifted to English by a guess: their own word brings it back.
        drifted = send(State("en", last_seen=NOW), thanks)
        assert drifted.state is not None and drifted.state.language == language
        assert shown(drifted.replies) == (tr(language, content.THANKS),)


# --- A language that stays put ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_flyers_first_word_then_ok_thanks_then_1_stay_in_the_language(language: str) -> None:
    from hotline.outreach.render import first_word

    state, replies = converse(first_word(language), "ok thanks", "1", "MORE", "i dont understand")
    assert state is not None and state.language == language
    assert shown(replies[1]) == (tr(language, content.THANKS),)
    assert tr(language, content.TOPIC_PAGES[Topic.RELEASE_DAY][0]) in shown(replies[2])[0]
    assert tr(language, content.TOPIC_PAGES[Topic.RELEASE_DAY][1]) in shown(replies[3])[0]
    assert tr(language, content.NOT_UNDERSTOOD) in shown(replies[4])[0]


def test_traditional_chinese_stays_traditional_through_more_and_shared_characters() -> None:
    state, replies = converse("我兒子明天出獄", "更多", "好", "我的", "他在哪裡")
    assert state is not None and state.language == "zh_Hant"
    assert all(
        tr("zh_Hant", content.TOPIC_PAGES[Topic.RELEASE_DAY][1]) in r[0] for r in replies[1:2]
    )
    # Characters only Simplified writes move it, as a family switching phones would.
    moved = send(state, "我儿子现在在哪里")
    assert moved.state is not None and moved.state.language == "zh"


@pytest.mark.parametrize(
    "text",
    ["ok thanks", "yes please", "i dont understand", "help me please", "DELETE?", "lawyer",
     "mi hijo is in detention", "where is he now", "ok"],
)  # fmt: skip
def test_borrowed_english_never_moves_a_spanish_conversation(text: str) -> None:
    outcome = send(State("es", last_seen=NOW), text)
    assert outcome.state is None or outcome.state.language == "es", text


def test_a_whole_sentence_in_another_language_still_moves_a_guessed_language() -> None:
    english = send(
        State("es", last_seen=NOW), "my son was taken by immigration and I do not know where he is"
    )
    assert english.state is not None and english.state.language == "en"
    arabic = send(State("es", last_seen=NOW), "أين ابني")
    assert arabic.state is not None and arabic.state.language == "ar"
    chosen = send(State("es", last_seen=NOW, language_source=CHOSEN), "where is my son now please")
    assert chosen.state is not None and chosen.state.language == "es"


@pytest.mark.parametrize("text", ["Ｈｅｌｌｏ ｍｙ ｓｏｎ", "Hola\u200b necesito\u200b ayuda"])
def test_full_width_and_zero_width_spaced_texts_are_not_read_as_chinese(text: str) -> None:
    outcome = send(None, text)
    assert outcome.state is not None and outcome.state.language in ("en", "es")


# --- The smaller faults -----------------------------------------------------------------------------


class _Listed:
    """A directory port that lists exactly these entries."""

    def __init__(self, *entries: Listing) -> None:
        self.entries = list(entries)

    def find(self, **_: object) -> list[Listing]:
        return self.entries


def test_legal_help_is_never_listed_under_other_help() -> None:
    # Ranked by language first: help in French that is not legal help, then legal help with an
    # interpreter (a national detention line, as Lowell's French list had it).
    listed = _Listed(
        Listing(1, "Demo Family Center", "978-555-0101", legal_help=False),
        Listing(2, "Demo Detention Line", "617-555-0102", speaks=Speaks.INTERPRETER),
    )
    outcome = respond(State("fr", Step.PLACE, last_seen=NOW), Inbound("Lowell"), NOW, listed)
    lines = shown(outcome.replies)[0].split("\n")
    other = lines.index(tr("fr", content.OTHER_HELP))
    assert any("Demo Detention Line" in line for line in lines[:other])
    assert any("Demo Family Center" in line for line in lines[other:])


def test_an_entrys_description_in_the_familys_language_is_sent_when_it_fits() -> None:
    described = Listing(
        1, "Demo Legal Aid", "508-555-0105", description="Abogados gratis para familias"
    )
    outcome = respond(
        State("es", Step.PLACE, last_seen=NOW), Inbound("Brockton"), NOW, _Listed(described)
    )
    assert "Demo Legal Aid 508-555-0105" in outcome.replies[0]
    assert "Abogados gratis para familias" in outcome.replies[0]
    # Too long for the budget with three entries: left out whole, never cut, and all three listed.
    long = "Abogados gratis para familias de personas detenidas por ICE " * 6
    three = _Listed(
        *(
            Listing(n, f"Demo Legal Aid {n}", f"508-555-01{n:02d}", description=long)
            for n in (1, 2, 3)
        )
    )
    (reply,) = respond(
        State("es", Step.PLACE, last_seen=NOW), Inbound("Brockton"), NOW, three
    ).replies
    assert "Abogados" not in reply and all(f"Demo Legal Aid {n}" in reply for n in (1, 2, 3))


@pytest.mark.parametrize(
    ("name", "language"),
    [("haitian", "ht"), ("haitian creole", "ht"), ("kreyol", "ht"), ("portugues", "pt"),
     ("spanish", "es"), ("vietnamese", "vi"), ("arabic", "ar"), ("french", "fr"),
     ("cape verdean", "kea"), ("chinese", "zh"), ("traditional chinese", "zh_Hant"),
     ("cantonese", "zh_Hant"), ("mandarin", "zh"), ("english", "en")],
)  # fmt: skip
def test_every_language_is_chosen_by_its_english_name_too(name: str, language: str) -> None:
    outcome = send(State("es", last_seen=NOW), name)
    assert outcome.state is not None and outcome.state.language == language
    assert outcome.state.language_source is CHOSEN


# Every example the issue was filed with ("Why"), as a family's first text.
@pytest.mark.parametrize(
    ("text", "language", "meaning"),
    [("我兒子被移民局抓走了，怎麼找他", "zh_Hant", "find_someone"),
     ("meu filho foi pego pela imigração e não sei onde ele está", "pt", "find_someone"),
     ("mari m nan prizon ICE vle pran li le li soti kisa m ka fe", "ht", "release_day"),
     ("Mi esposo está detenido por ICE", "es", None), ("qué es un detainer", "es", "release_day"),
     ("detainer là gì", "vi", "release_day"), ("kuze ki e un detainer", "kea", "release_day"),
     ("djuda-m pur favor", "kea", None), ("e debeba sai oji", "kea", None),
     ("necesito un abogado en lawrence", "es", "Lawrence"),
     ("Mwen bezwen yon avoka nan Brockton", "ht", "Brockton"),
     ("preciso de um advogado em Framingham", "pt", "Framingham"),
     ("my zip is 02124", "en", "02124"), ("我住在昆西，需要律师", "zh", "Quincy"),
     ("波士顿有没有律师", "zh", "Boston"), ("波士頓有冇律師", "zh_Hant", "Boston"),
     ("أحتاج محامي في بوسطن", "ar", "Boston"), ("عايشين بلورنس، وين في محامي؟", "ar", "Lawrence")],
)  # fmt: skip
def test_the_issues_examples_are_understood(text: str, language: str, meaning: str | None) -> None:
    outcome = send(None, text)
    assert outcome.state is not None and outcome.state.language == language
    kinds = {event.kind: event for event in outcome.events}
    if meaning in set(Topic):
        assert kinds[EventKind.TOPIC].topic == meaning
    elif meaning is not None:
        assert EventKind.PLACE in kinds and meaning in outcome.replies[1]


def test_an_everyday_word_is_never_taken_for_a_town_it_resembles() -> None:
    for text in ("sale", "la sale de la carcel", "my sister Shirley"):
        outcome = send(State("es", last_seen=NOW), text)
        assert EventKind.PLACE not in {event.kind for event in outcome.events}, text


@pytest.mark.parametrize(
    ("greeting", "language"),
    [("HOLA", "es"), ("OLÁ", "pt"), ("BONJOU", "ht"), ("你好", "zh"), ("XIN CHÀO", "vi"),
     ("مرحبا", "ar"), ("BONJOUR", "fr"), ("MANTENHA", "kea")],
)  # fmt: skip
@pytest.mark.parametrize("then", ["ok thanks", "yes please", "i dont understand"])
def test_after_a_greeting_borrowed_english_keeps_the_language_and_never_resends_the_welcome(
    greeting: str, language: str, then: str
) -> None:
    state, replies = converse(greeting, then, "2")
    assert state is not None and state.language == language
    # Not the whole welcome again (it ends with how to stop).
    assert tr(language, content.STOP_HINT) not in shown(replies[1])[0]
    assert tr(language, content.TOPIC_PAGES[Topic.FIND_SOMEONE][0]) in shown(replies[2])[0]


def test_code_switched_spanish_stays_spanish_text_after_text() -> None:
    state, _ = converse(
        "hola, mi hijo sale de la cárcel mañana",
        "ok thank you",
        "mi hijo is in detention",
        "where is he now?",
        "necesito un lawyer",
        "yes please",
    )
    assert state is not None and state.language == "es"


def test_arabic_letters_written_interchangeably_are_read_alike() -> None:
    from hotline.text import fold

    assert fold("الكفالة") == fold("الكفاله") and fold("محامى") == fold("محامي")
    assert send(State("ar", last_seen=NOW), "كم الكفاله").state.topic == "bond"  # type: ignore[union-attr]
