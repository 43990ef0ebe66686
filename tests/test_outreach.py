"""Printed outreach: every format in every language carries the number and the language's first
word as real text in real fonts, its QR code opens a text with both, and that word, sent, gets an
answer in that language."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from markupsafe import escape
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hotline.conversation import content
from hotline.conversation.engine import menu_text
from hotline.i18n import LANGUAGES, translations
from hotline.languages import BY_CODE, LANGUAGE_LIST
from hotline.models import AuditEntry
from hotline.outreach import texts
from hotline.outreach.render import Format, first_word, formats, html
from hotline.text import UNSPACED

from .conftest import STAFF, Phone
from .test_admin import sign_in

NUMBER, DIAL = "(617) 555-0100", "+16175550100"
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(
    not POPPLER and not os.environ.get("CI"), reason="poppler-utils is not installed"
)
# The fonts each script must be set in (pdffonts names them, subset prefix aside).
# The font each language must print in, as pdffonts names it: the first of its entry's families.
FONTS = {lang.code: lang.font.split(",")[0].strip('" ').replace(" ", "-") for lang in LANGUAGE_LIST}
CASES = [(language, kind) for language in LANGUAGES for kind in formats(language)]
# Marks pdftotext puts around right-to-left runs; they are not part of the words.
BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


@pytest.fixture
def numbered(runner: FlaskCliRunner) -> None:
    for key, value in (
        ("public_number", "+1 617 555 0100"),
        ("organization", "Demo Family Network"),
    ):
        result = runner.invoke(args=["settings", "set", key, value])
        assert result.exit_code == 0, result.output


def fold(text: str) -> str:
    """Text as a GSM phone may show it: without accents, any case."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch)).casefold()  # fmt: skip


def make(runner: FlaskCliRunner, tmp_path: Path, language: str, kind: Format) -> Path:
    output = tmp_path / f"{kind.value}-{language}.pdf"
    args = ["outreach", "flyer", "--lang", language, "--format", kind.value, "-o", str(output)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert f"for {NUMBER}" in result.output
    return output


@needs_poppler
@pytest.mark.parametrize(("language", "kind"), CASES)
def test_every_format_prints_the_number_and_the_first_word_in_real_fonts_on_one_page(
    runner: FlaskCliRunner, numbered: None, tmp_path: Path, language: str, kind: Format
) -> None:
    document = make(runner, tmp_path, language, kind)
    # pdftotext's layout mode scatters the marks of Khmer clusters (vowels drawn left of or
    # above their letter); its raw mode, in the order the text was written, keeps each word whole.
    text = "\n".join(
        subprocess.run(["pdftotext", *mode, str(document), "-"], check=True, capture_output=True,
                       text=True).stdout.translate(BIDI_MARKS)
        for mode in ([], ["-raw"])
    )  # fmt: skip
    assert NUMBER in text
    if BY_CODE[language].script in UNSPACED:  # Khmer: pdftotext puts spaces where lines may break
        text += "\n" + text.replace(" ", "")
    assert first_word(language) in text
    # pdftotext may reorder the words where Arabic and Latin meet ("عائلات  MAبشأن"): each word is
    # there, whole and shaped.
    name = translations(language).gettext(content.HOTLINE_NAME)
    assert all(word in text for word in name.split()), name
    if kind is Format.BILINGUAL:
        assert "HELLO" in text  # English beside it
    info = subprocess.run(["pdfinfo", str(document)], check=True, capture_output=True, text=True)
    assert "Pages:           1" in info.stdout
    assert "Page size:       612 x 792 pts (letter)" in info.stdout
    fonts = subprocess.run(["pdffonts", str(document)], check=True, capture_output=True,
                           text=True).stdout  # fmt: skip
    assert "Type 3" not in fonts  # every glyph from a real font, embedded
    assert FONTS[language] in fonts
    # Simplified and Traditional Chinese each in their own glyph forms, never the other's.
    other = {"zh": "Noto-Sans-CJK-TC", "zh_Hant": "Noto-Sans-CJK-SC"}.get(language)
    assert other is None or other not in fonts


@needs_poppler
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_flyer_promises_no_more_than_the_hotline_keeps(
    runner: FlaskCliRunner, numbered: None, tmp_path: Path, language: str
) -> None:
    # The hotline's database and logs keep no numbers and no texts, but Twilio and the phone
    # companies keep their own records: the flyer says both, and never "we never keep".
    document = make(runner, tmp_path, language, Format.FLYER)
    printed = subprocess.run(["pdftotext", str(document), "-"], check=True, capture_output=True,
                             text=True).stdout  # fmt: skip
    words = " ".join(printed.split())
    privacy = translations(language).gettext(texts.PRIVACY)
    if language == "en":
        assert privacy == (
            "The hotline keeps no phone numbers and no texts. Phone companies keep their own records."
        )
    else:
        assert privacy != texts.PRIVACY, f"{language}: the privacy sentence is not translated"
    assert " ".join(privacy.split()) in words
    assert "never keep" not in words.casefold()
    assert "nunca guardamos" not in words.casefold()


@pytest.mark.parametrize(("language", "kind"), [(language, Format.FLYER) for language in LANGUAGES]
                         + [("vi", Format.CARD), ("ar", Format.BILINGUAL)])  # fmt: skip
def test_the_qr_code_opens_a_text_to_the_hotline_with_the_word_written(
    runner: FlaskCliRunner, numbered: None, tmp_path: Path, language: str, kind: Format
) -> None:
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(make(runner, tmp_path, language, kind))
    page = document[0].render(scale=200 / 72).to_pil()
    document.close()
    links = [found.text for found in zxingcpp.read_barcodes(page)]
    expected = f"sms:{DIAL}?&body={quote(first_word(language), safe='')}"
    if kind is Format.CARD:
        assert links == [expected] * 8
    elif kind is Format.BILINGUAL:
        assert sorted(links) == sorted([expected, f"sms:{DIAL}?&body=HELLO"])
    else:
        assert links == [expected]


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_first_word_sent_as_a_first_text_gets_an_answer_in_that_language(
    client: FlaskClient, language: str
) -> None:
    replies = "\n".join(Phone(client, f"+1508555{len(language):02d}{ord(language[0]):02d}")
                        .text(first_word(language)))  # fmt: skip
    _ = translations(language).gettext
    assert fold(_(content.STOP_HINT)) in fold(replies)
    assert fold(menu_text(language).splitlines()[1]) in fold(replies)


def test_nothing_is_printed_until_an_administrator_sets_the_number(
    runner: FlaskCliRunner, client: FlaskClient, accounts: None, engine: Engine
) -> None:
    result = runner.invoke(args=["outreach", "flyer", "--lang", "es"])
    assert result.exit_code != 0
    assert "public number is not set" in result.output
    sign_in(client, STAFF)
    page = client.get("/admin/outreach").get_data(as_text=True)
    assert "not set yet" in page and "Ask an administrator" in page
    assert client.get("/admin/outreach/es/flyer.pdf").status_code == 404

    refused = runner.invoke(args=["settings", "set", "public_number", "12"])
    assert refused.exit_code != 0 and "not a phone number" in refused.output
    assert runner.invoke(args=["settings", "set", "public_number", "617-555-0100"]).exit_code == 0
    assert NUMBER in runner.invoke(args=["settings", "show"]).output
    with Session(engine) as session:
        (changed,) = session.scalars(
            select(AuditEntry).where(AuditEntry.target == "public_number")
        ).all()
    assert changed.details == {"value": [None, NUMBER]}


def test_staff_preview_and_download_every_format(
    app: Flask, client: FlaskClient, accounts: None, numbered: None
) -> None:
    sign_in(client, STAFF)
    page = client.get("/admin/outreach?language=vi").get_data(as_text=True)
    assert "a native speaker has not reviewed them yet" in page
    for kind in Format:
        assert f"/admin/outreach/vi/{kind.value}.png" in page
        preview = client.get(f"/admin/outreach/vi/{kind.value}.png")
        assert preview.mimetype == "image/png" and preview.data[:8] == b"\x89PNG\r\n\x1a\n"
        download = client.get(f"/admin/outreach/vi/{kind.value}.pdf")
        assert download.mimetype == "application/pdf" and download.data.startswith(b"%PDF-")
        assert f"hotline-{kind.value}-vi.pdf" in download.headers["Content-Disposition"]
    english = client.get("/admin/outreach?language=en").get_data(as_text=True)
    assert "/admin/outreach/en/bilingual.png" not in english
    assert client.get("/admin/outreach/en/bilingual.pdf").status_code == 404
    assert client.get("/admin/outreach/xx/flyer.pdf").status_code == 404
    assert client.get("/admin/outreach/es/poster.pdf").status_code == 404


def test_a_reviewed_translation_prints_its_review_month_instead_of_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hotline.i18n as i18n

    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    source = i18n.catalog_path("es").read_text(encoding="utf-8")
    reviewed = source.replace(
        "# Review-Status: draft", "# Review-Status: reviewed 2026-12-01 by Ana P."
    )
    (folder / "messages.po").write_text(reviewed, encoding="utf-8")
    draft = html("es", Format.FLYER, NUMBER, DIAL, None)
    assert "Traducción en borrador" in draft
    monkeypatch.setattr(i18n, "MESSAGES_DIR", tmp_path)
    page = html("es", Format.FLYER, NUMBER, DIAL, None)
    assert "Traducción revisada el 12/2026." in page
    assert "borrador" not in page


# The page's layout, as WeasyPrint sets it --------------------------------------------------------

ORGANIZATION = "Demo Pioneer Valley Immigrant Rights Project"  # long enough to wrap on a card


def _laid_out(language: str, kind: Format) -> Any:
    """The first page's boxes, as WeasyPrint lays out the page it prints."""
    pytest.importorskip("weasyprint")
    from weasyprint import HTML

    from hotline.outreach.render import TEMPLATES

    page = HTML(string=html(language, kind, NUMBER, DIAL, ORGANIZATION), base_url=str(TEMPLATES))
    document = page.render()
    assert len(document.pages) == 1
    return document.pages[0]._page_box


def _boxes(box: Any, css_class: str) -> list[Any]:
    """Every box (in document order) of an element carrying `css_class`."""
    found = []
    element = getattr(box, "element", None)
    if element is not None and css_class in (element.get("class") or "").split():
        found.append(box)
    for child in getattr(box, "children", []):
        found.extend(_boxes(child, css_class))
    return found


def _bottom(box: Any) -> float:
    return float(box.position_y + box.margin_height())


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_card_carries_the_organization_and_the_caution_and_nothing_is_cut_off(
    language: str,
) -> None:
    page = _laid_out(language, Format.CARD)
    cards, words = _boxes(page, "card"), _boxes(page, "words")
    assert len(cards) == len(words) == 8
    for card, inside in zip(cards, words, strict=True):
        # The card hides what does not fit (overflow: hidden): everything must fit.
        assert _bottom(inside) <= card.position_y + card.padding_box_y() + card.padding_height()
    printed = html(language, Format.CARD, NUMBER, DIAL, ORGANIZATION)
    say = translations(language).gettext
    for line in (say(texts.CAUTION), say(texts.PRIVACY)):
        assert printed.count(escape(line)) == 8
    assert printed.count(ORGANIZATION) == 8


@pytest.mark.parametrize(
    ("language", "kind"),
    [(code, kind) for code, kind in CASES if kind in (Format.FLYER, Format.BILINGUAL)],
)
def test_a_flyer_fills_its_page_and_a_bilingual_flyers_columns_line_up(
    language: str, kind: Format
) -> None:
    page = _laid_out(language, kind)
    content_top = page.position_y + page.margin_top
    content_height = page.height
    sides = _boxes(page, "side")
    lowest = max(_bottom(side) for side in sides)
    # The last line sits in the page's last tenth (it left the bottom quarter empty).
    assert lowest - content_top >= 0.9 * content_height, (lowest, content_height)
    if kind is Format.BILINGUAL:
        for part in ("part-name", "part-for_whom", "part-text_us", "part-scan", "part-topics",
                     "part-privacy", "part-small"):  # fmt: skip
            english, other = _boxes(page, part)
            assert english.position_y == other.position_y, part


def test_an_english_name_in_an_arabic_sentence_is_isolated() -> None:
    printed = html("ar", Format.BILINGUAL, NUMBER, DIAL, ORGANIZATION)
    # First Strong Isolate ... Pop Directional Isolate: the name keeps its order, and the Arabic
    # sentence's full stop stays at its end where the name wraps (it printed ".Project").
    assert f"\u2068{ORGANIZATION}\u2069" in printed
