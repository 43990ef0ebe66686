"""Each topic is described once (hotline/conversation/topics.py), and everything reads it from there:
the menu, the flyers, the usage page, the directory's ranking and the words that name it."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

from hotline.conversation import State, Step
from hotline.conversation.engine import menu_text
from hotline.conversation.topics import MENU_NUMBERS, TOPICS, Topic
from hotline.i18n import LANGUAGES, translations
from hotline.languages import LANGUAGE_LIST
from hotline.referrals.kinds import KINDS

from .test_engine import NOW, send

HOTLINE = Path(__file__).resolve().parent.parent / "hotline"


def named(values: set[str], but: set[str]) -> list[str]:
    """Where a hotline file (but those named) has one of the values as a string literal."""
    quoted = {f'"{value}"' for value in values} | {f"'{value}'" for value in values}
    found = []
    for path in HOTLINE.rglob("*.py"):
        if path.name in but:
            continue
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline)
        found += [f"{path.name}:{t.start[0]} {t.string}" for t in tokens
                  if t.type == tokenize.STRING and t.string in quoted]  # fmt: skip
    return found


def test_no_file_but_topics_py_names_a_topic() -> None:
    assert named({topic.value for topic in Topic}, but={"topics.py"}) == []


def test_every_topic_has_one_whole_entry() -> None:
    # One entry per topic, in the order the menu shows them, each with its own number.
    assert [entry.topic for entry in TOPICS] == list(Topic)
    assert len({entry.number for entry in TOPICS}) == len(TOPICS) == len(MENU_NUMBERS)
    for entry in TOPICS:
        assert entry.words, entry.topic  # families can name it in a sentence
        assert entry.kinds <= set(KINDS), entry.topic  # the directory knows what answers it
        # Its number opens it: its first page, or (without pages) the question where.
        opened = send(State("en", last_seen=NOW), entry.number)
        assert opened.state is not None and opened.state.topic in (entry.topic.value, None)
        if entry.pages:
            assert opened.replies[0].startswith(next(iter(entry.pages.values())))
        else:
            assert opened.state.step is Step.PLACE


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_menu_and_the_flyer_list_the_topics_in_their_order(language: str) -> None:
    from hotline.outreach.render import _topics

    _ = translations(language).gettext
    labels = [_(entry.label) for entry in TOPICS]
    lines = menu_text(language).split("\n")
    assert lines[1 : 1 + len(TOPICS)] == [f"{e.number} {_(e.label)}" for e in TOPICS]
    assert _topics(language) == labels
    if language != "en":
        assert all(_(entry.label) != entry.label for entry in TOPICS)  # translated


# Files that may name a language by its code: its entry, and the tables of words and places that
# tag each word with the languages using it (and the demo directory's entries, which speak some).
_WORD_TABLES = {"languages.py", "keywords.py", "topics.py", "places.py", "demo.py"}


def test_no_file_but_languages_py_names_a_language() -> None:
    assert named({lang.code for lang in LANGUAGE_LIST}, but=_WORD_TABLES) == []


def test_the_word_tables_name_only_launch_languages() -> None:
    from hotline.conversation.keywords import _TABLE, TOPIC_WORDS

    tagged = [*(_TABLE.values()), *(TOPIC_WORDS.values())]
    used = {code for table in tagged for tags in table.values() if tags
            for code in ((tags,) if isinstance(tags, str) else tags)}  # fmt: skip
    assert used <= {lang.code for lang in LANGUAGE_LIST}
