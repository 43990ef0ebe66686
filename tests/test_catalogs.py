"""The catalogs: complete, consistent with the source, and honest about their review status."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hotline.i18n import LANGUAGES, MESSAGES_DIR, catalog_path, review_status

TRANSLATED = [code for code in LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def catalog(language: str):  # type: ignore[no-untyped-def]
    with catalog_path(language).open("rb") as po:
        return read_po(po)


def template_ids() -> set[str]:
    with (MESSAGES_DIR / "messages.pot").open("rb") as pot:
        return {message.id for message in read_po(pot) if message.id}


def test_the_template_holds_every_string_the_code_marks() -> None:
    from hotline.conversation import content

    marked = {
        value for name, value in vars(content).items() if name.isupper() and isinstance(value, str)
    }
    marked |= {page for pages in content.TOPIC_PAGES.values() for page in pages}
    assert marked - template_ids() == set(), "run pybabel extract (see README)"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_translates_every_string_with_the_same_placeholders(language: str) -> None:
    entries = {message.id: message for message in catalog(language) if message.id}
    assert set(entries) == template_ids(), "run pybabel update (see README)"
    for msgid, message in entries.items():
        assert message.string, f"{language}: untranslated {msgid!r}"
        assert not message.fuzzy, f"{language}: fuzzy {msgid!r}"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid)), (
            msgid
        )
        assert message.string.count("\n") == msgid.count("\n"), (
            f"{language}: line breaks of {msgid!r}"
        )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_says_whether_a_native_speaker_reviewed_it(language: str) -> None:
    header = catalog(language).header_comment
    assert re.search(
        r"^# Review-Status: (draft|reviewed \d{4}-\d{2}-\d{2}( by .+)?)$", header, re.M
    )
    status = review_status(language)
    assert status.describe().startswith(("draft", "reviewed"))


def test_a_reviewed_catalog_reads_as_reviewed_with_its_date_and_reviewer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hotline.i18n as i18n

    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = catalog_path("es").read_text(encoding="utf-8")
    reviewed = source.replace(
        "# Review-Status: draft", "# Review-Status: reviewed 2026-12-01 by Ana P."
    )
    (folder / "messages.po").write_text(reviewed, encoding="utf-8")
    monkeypatch.setattr(i18n, "MESSAGES_DIR", tmp_path)
    status = i18n.review_status("es")
    assert not status.is_draft
    assert status.describe() == "reviewed 2026-12-01 by Ana P."


def test_the_admin_is_fully_translated_to_spanish_with_the_same_placeholders() -> None:
    with (MESSAGES_DIR / "admin.pot").open("rb") as pot:
        wanted = {message.id for message in read_po(pot) if message.id}
    with catalog_path("es", "admin").open("rb") as po:
        entries = {message.id: message for message in read_po(po) if message.id}
    assert set(entries) == wanted, "run the admin extract and update (see README)"
    for msgid, message in entries.items():
        assert message.string and not message.fuzzy, msgid
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid)), (
            msgid
        )
