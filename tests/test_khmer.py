"""Khmer, for Lowell's Cambodian families: told by its script, answered in Khmer, through the real
webhook (the corpus in tests/corpus/km.tsv covers the sentences families send)."""

from __future__ import annotations

from hotline.conversation import content
from hotline.conversation.engine import menu_text
from hotline.conversation.topics import TOPIC_PAGES, Topic
from hotline.i18n import LANGUAGES, review_status, translations

from .conftest import Phone

_ = translations("km").gettext


def test_khmer_is_a_launch_language_marked_as_a_draft() -> None:
    assert LANGUAGES["km"] == "ខ្មែរ"
    assert review_status("km").is_draft  # a native speaker has not reviewed it yet


def test_a_khmer_first_text_is_answered_in_khmer(phone: Phone) -> None:
    # "My son gets out of prison tomorrow, ICE put a detainer on him, what do we do?"
    replies = phone.text("កូនប្រុសខ្ញុំចេញពីគុកថ្ងៃស្អែក ICE ដាក់ detainer លើគាត់ ធ្វើយ៉ាងម៉េច?")
    assert replies[0].startswith(_(content.WELCOME) % {"name": _(content.HOTLINE_NAME)})
    assert replies[1].startswith(_(TOPIC_PAGES[Topic.RELEASE_DAY][0]))  # the detainer page
    # The menu, in Khmer, by its Khmer word; then STOP in Khmer is honoured and silence follows.
    assert phone.text("ម៉ឺនុយ") == [menu_text("km")]
    assert "Reply with a number:" not in menu_text("km")
    stopped = phone.text("ឈប់")
    assert len(stopped) == 1 and stopped[0] == _(content.STOPPED)
    assert phone.text("សួស្តី") == []


def test_a_khmer_greeting_chooses_khmer_and_the_language_menu_lists_it(phone: Phone) -> None:
    first = phone.text("សួស្តី")  # the flyer's first word
    assert menu_text("km") in "\n".join(first)
    listed = phone.text("LANG")[-1]
    number = next(line.split()[0] for line in listed.splitlines() if line.endswith("ខ្មែរ"))
    assert phone.text("1")[0] == menu_text("en")  # English, then back by its number
    assert phone.text("LANG") and phone.text(number) == [menu_text("km")]
