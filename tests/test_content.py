"""The know-your-rights content: pages, the truth of its "Reviewed"/"Updated" line, reviews as
records, the settings HELP names, the ten languages, and the words the texts tell families to send."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from hotline.conversation import State, Step, content
from hotline.conversation.content import Topic
from hotline.conversation.keywords import find_keyword
from hotline.conversation.versions import all_parts, fingerprint, updated_on
from hotline.db import make_engine
from hotline.i18n import LANGUAGES, month_year, translations
from hotline.migrate import alembic_config, upgrade
from hotline.models import AuditEntry
from hotline.referrals.listing import Listing
from hotline.segments import economical, gsm7_folded

from .conftest import Phone
from .test_admin import ADMIN, csrf_token, sign_in
from .test_engine import NOW, Directory, send, shown


def _as_read(language: str, message: str, **values: str) -> str:
    found = translations(language).gettext(message)
    return gsm7_folded(found % values if values else found)


def test_every_texts_change_date_is_recorded_for_its_current_wording() -> None:
    import json

    from hotline.conversation.versions import VERSIONS_FILE

    recorded = json.loads(VERSIONS_FILE.read_text("utf-8"))
    stale = [
        f"{part} {language}"
        for part in all_parts()
        for language in LANGUAGES
        if recorded.get(part, {}).get(language, {}).get("fingerprint")
        != fingerprint(part, language)
    ]
    assert not stale, "texts changed without a date: run `hotline content stamp`\n" + "\n".join(
        stale
    )


def _footer(reply: str, language: str, reviewed: date | None) -> bool:
    message = content.NOT_ADVICE_REVIEWED if reviewed else content.NOT_ADVICE_UPDATED
    when = reviewed or updated_on(Topic.BOND, language, datetime.now(UTC).date())
    return _as_read(language, message, date=month_year(when, language)) in gsm7_folded(reply)


def test_a_topic_says_reviewed_only_while_a_recorded_review_covers_its_current_text(
    phone: Phone,
    runner: FlaskCliRunner,
    client: FlaskClient,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    phone.text("Español")
    (bond,) = phone.text("4")
    assert _footer(bond, "es", None) and "Revisad" not in bond
    # An attorney reviews the English pages from the command line...
    bond_parts = [f"bond/{n}" for n in range(1, len(content.TOPIC_PAGES[Topic.BOND]) + 1)]
    for part in bond_parts:
        result = runner.invoke(args=["content", "review", part, "en", "--reviewer", "Demo Attorney",
                                     "--role", "attorney", "--date", "2026-11-28"])  # fmt: skip
        assert result.exit_code == 0, result.output
    (bond,) = phone.text("4")
    assert _footer(bond, "es", None)  # the Spanish is not reviewed yet
    # ...and a translator the Spanish ones, in the web admin.
    assert runner.invoke(args=["users", "create", ADMIN, "--role", "admin", "--password-stdin"],
                         input="a long and unusual passphrase\n").exit_code == 0  # fmt: skip
    sign_in(client, ADMIN)
    for part in bond_parts:
        page = f"/admin/content?part={part}&language=es"
        response = client.post("/admin/content", data={
            "part": part, "language": "es", "reviewer": "Demo Translator", "role": "translator",
            "reviewed_on": "2026-11-30", "csrf_token": csrf_token(client, page)})  # fmt: skip
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    (bond,) = phone.text("4")
    assert _footer(bond, "es", date(2026, 11, 28))  # the older of the two reviews
    with Session(engine) as session:
        logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "content_reviewed"))
        assert len(logged.all()) == 2 * len(bond_parts)
    start = client.get("/admin/").get_data(as_text=True)
    assert "reviewed 2026-11-28" in start and "never reviewed" in start

    # The English text changes: the review no longer covers it, in any language.
    pages = content.TOPIC_PAGES[Topic.BOND]
    changed = pages[0].replace("No one can promise", "Nobody can promise")
    monkeypatch.setitem(content.TOPIC_PAGES, Topic.BOND, (changed, *pages[1:]))
    phone.text("English")
    (bond,) = phone.text("4")
    this_month = month_year(datetime.now(UTC).date(), "en")
    assert f"Not legal advice. Updated {this_month}." in bond
    assert "changed since review" in client.get("/admin/").get_data(as_text=True)


def test_a_review_cannot_be_dated_in_the_future_nor_be_legal_for_a_translation(
    runner: FlaskCliRunner,
) -> None:
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    future = runner.invoke(args=["content", "review", "bond/1", "en", "--reviewer", "X",
                                 "--role", "attorney", "--date", tomorrow])  # fmt: skip
    assert future.exit_code != 0 and "future" in future.output
    legal = runner.invoke(args=["content", "review", "bond/1", "es", "--reviewer", "X",
                                "--role", "attorney"])  # fmt: skip
    assert legal.exit_code != 0 and "English" in legal.output


def test_help_names_the_organization_an_administrator_sets(
    phone: Phone, runner: FlaskCliRunner, engine: Engine
) -> None:
    phone.text("hello")
    (help_text,) = phone.text("HELP")
    assert help_text.endswith(content.NO_CONTACT)
    bad = runner.invoke(args=["settings", "set", "contact_phone", "call us"])
    assert bad.exit_code != 0 and "not a phone number" in bad.output
    assert (
        runner.invoke(args=["settings", "set", "organization", "Demo Family Network"]).exit_code
        == 0
    )
    assert runner.invoke(args=["settings", "set", "contact_phone", "617 555 0100"]).exit_code == 0
    (help_text,) = phone.text("HELP")
    assert help_text.endswith("To talk to a person: Demo Family Network, (617) 555-0100.")
    shown_settings = runner.invoke(args=["settings", "show"]).output
    assert "contact_phone\t(617) 555-0100" in shown_settings
    with Session(engine) as session:
        changes = session.scalars(select(AuditEntry).where(AuditEntry.action == "setting_changed"))
        assert [entry.target for entry in changes] == ["organization", "contact_phone"]


def test_the_settings_page_is_for_administrators_and_refuses_a_bad_number(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    from .test_admin import PASSWORD, STAFF

    for email, role in ((ADMIN, "admin"), (STAFF, "staff")):
        runner.invoke(args=["users", "create", email, "--role", role, "--password-stdin"],
                      input=PASSWORD + "\n")  # fmt: skip
    sign_in(client, STAFF)
    assert client.get("/admin/settings").status_code == 403
    client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")})
    sign_in(client, ADMIN)
    token = csrf_token(client, "/admin/settings")
    refused = client.post("/admin/settings", data={
        "organization": "Demo Family Network", "contact_phone": "12", "csrf_token": token})  # fmt: skip
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "is not a phone number" in page and 'value="Demo Family Network"' in page


@pytest.mark.parametrize(
    "first,language",
    [("我兒子明天出獄", "zh_Hant"), ("我儿子明天出狱", "zh"), ("Nha fidju sta na kadia", "kea"),
     ("N mesti djuda pa nha fidju", "kea")],
)  # fmt: skip
def test_traditional_chinese_and_kriolu_first_texts_are_answered_in_their_own_language(
    phone: Phone, first: str, language: str
) -> None:
    replies = phone.text(first)
    name = translations(language).gettext(content.HOTLINE_NAME)
    warning = _as_read(language, content.WELCOME, name=name)
    assert gsm7_folded(replies[0]).startswith(warning)
    assert translations(language).gettext(content.WELCOME) != content.WELCOME  # translated


def test_the_language_menu_names_every_language_in_its_own_script() -> None:
    (menu,) = send(State("en", last_seen=NOW), "LANG").replies
    for number, name in enumerate(LANGUAGES.values(), start=1):
        assert f"\n{number} {name}" in menu
    assert "繁體中文" in menu and "简体中文" in menu and "Kriolu" in menu


@pytest.mark.parametrize("word", ["قائمة", "القائمة", "قايمة", "菜單", "選單", "MENÚ"])
def test_the_menu_words_the_texts_name_open_the_menu(word: str) -> None:
    outcome = send(State("ar", Step.PLACE, last_seen=NOW), word)
    assert outcome.state is not None and outcome.state.step is Step.MENU


# Words a text tells the family to send, in scripts without capitals.
_NON_LATIN_WORDS = {
    "ar": ["المزيد", "قائمة", "ابدأ", "لغة", "حذف"],
    "zh": ["更多", "菜单", "开始"],
    "zh_Hant": ["更多", "選單", "開始"],
}


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_word_a_text_tells_families_to_send_is_understood(language: str) -> None:
    from hotline.conversation.versions import sources

    catalog = translations(language)
    said = " ".join(catalog.gettext(source) for source in sources("fixed"))
    said += " ".join(
        catalog.gettext(page) for pages in content.TOPIC_PAGES.values() for page in pages
    )
    not_keywords = {"ICE", "MA", "DOC", "ZIP", "A", "DOJ", "US", "ID", "SMS", "OK"}
    # Runs of words in capitals ("BẮT ĐẦU" is one keyword of two words).
    runs: list[list[str]] = [[]]
    for word in re.findall(r"\w+", said):
        latin = all("LATIN" in unicodedata.name(ch, "") for ch in word if ch.isalpha())
        if latin and word.isupper() and len(word) > 1 and word not in not_keywords:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    for run in filter(None, runs):
        phrase = " ".join(run)
        assert find_keyword(phrase) or all(find_keyword(w) for w in run), phrase
    for word in _NON_LATIN_WORDS.get(language, []):
        assert word in said and find_keyword(word) is not None, word


def test_money_reads_as_its_readers_read_it() -> None:
    bond = translations("pt").gettext(content.TOPIC_PAGES[Topic.BOND][0])
    assert "US$ 1.500" in bond and "US$ 20.000" in bond
    assert "$1,500" in content.TOPIC_PAGES[Topic.BOND][0]


def test_portuguese_never_turns_country_into_parents() -> None:
    page = translations("pt").gettext(content.TOPIC_PAGES[Topic.FIND_SOMEONE][0])
    assert "país" in page
    assert "país" in economical(page, "pt")
    (reply,) = send(State("pt", last_seen=NOW), "2").replies
    assert "país" in reply and " pais " not in reply


def test_haitian_weekdays_are_haitian() -> None:
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    class Later(Directory):
        def find(self, **kwargs: object) -> list[Listing]:  # type: ignore[override]
            return [Listing(1, "Demo Clinic", "617-555-0101", opens_at=monday)]

    (reply,) = send(State("ht", Step.PLACE, last_seen=NOW), "02720", directory=Later()).replies
    assert "lendi 09:00" in reply and "Mon" not in reply


def test_deleting_tells_the_family_to_delete_the_texts_on_their_phone_too() -> None:
    (reply,) = send(State("en", last_seen=NOW), "DELETE").replies
    assert reply.endswith("Delete these texts on your phone too.")


def test_topics_are_stored_by_name_and_older_numbers_are_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0005")
    engine = make_engine(url)
    seen = datetime(2026, 11, 28, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO conversation (key, language, step, topic, opted_out, last_seen, "
                 "shown, language_source) VALUES ('k', 'es', 'menu', '4', 0, :seen, 0, 'detected')"),
            {"seen": seen},
        )  # fmt: skip
        connection.execute(
            text("INSERT INTO usage_event (day, kind, language, topic) "
                 "VALUES ('2026-11-28', 'topic', 'es', '2')")
        )  # fmt: skip
    upgrade(url, "0006")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT topic, page FROM conversation")).all() == [
            ("bond", 0)
        ]
        assert connection.execute(text("SELECT topic FROM usage_event")).all() == [
            ("find_someone",)
        ]
    command.downgrade(alembic_config(url), "0005")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT topic FROM conversation")).all() == [("4",)]
    engine.dispose()


def test_a_texter_reads_what_a_reviewer_reviewed(runner: FlaskCliRunner) -> None:
    shown_text = runner.invoke(args=["content", "show", "bond/1", "es"]).output
    assert translations("es").gettext(content.TOPIC_PAGES[Topic.BOND][0]) in shown_text
    (reply,) = shown(send(State("es", last_seen=NOW), "4").replies)
    assert gsm7_folded(shown_text.strip()) in reply


def test_the_pages_a_lawyer_must_word_are_listed_until_an_attorney_reviews_them(
    runner: FlaskCliRunner,
) -> None:
    warning = content.NO_HEARING_WARNING
    parts = [
        f"{topic.value}/{pages.index(warning) + 1}"
        for topic, pages in content.TOPIC_PAGES.items()
        if warning in pages
    ]
    assert len(parts) == 3  # release day, rights and bond all say it
    status = runner.invoke(args=["content", "status"]).output
    assert "Needs an attorney's review of its wording" in status
    assert all(part in status for part in parts)
    for part in parts:
        # A translator's review is not a lawyer's.
        runner.invoke(
            args=["content", "review", part, "es", "--reviewer", "T", "--role", "translator"]
        )
        result = runner.invoke(args=["content", "review", part, "en", "--reviewer", "Demo Attorney",
                                     "--role", "attorney"])  # fmt: skip
        assert result.exit_code == 0, result.output
    assert "Needs an attorney's review" not in runner.invoke(args=["content", "status"]).output


def test_the_admin_shows_which_pages_wait_for_an_attorneys_wording(
    runner: FlaskCliRunner, client: FlaskClient
) -> None:
    assert runner.invoke(args=["users", "create", ADMIN, "--role", "admin", "--password-stdin"],
                         input="a long and unusual passphrase\n").exit_code == 0  # fmt: skip
    sign_in(client, ADMIN)
    page = client.get("/admin/content").get_data(as_text=True)
    assert "an attorney must review their English wording" in page
    assert "release_day/4" in page and "bond/2" in page
