"""Print-ready outreach in every language: a Letter flyer, a sheet of eight wallet cards, and a
bilingual flyer (English with another language), each with a QR code that opens the phone's
messaging app with the hotline's number and the language's first word already typed.

WeasyPrint lays the pages out from HTML and CSS and shapes every script with Pango and HarfBuzz
(Arabic joined and right to left, Chinese and Vietnamese with real glyphs), using the Noto fonts
installed from Debian's packages (see FONTS). segno draws the QR code; every text comes from the
catalogs (hotline/outreach/texts.py and the menu itself).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from hotline.conversation import content
from hotline.conversation.topics import TOPICS
from hotline.i18n import (
    LANGUAGES,
    RIGHT_TO_LEFT,
    SOURCE_LANGUAGE,
    month_year,
    review_status,
    translations,
)
from hotline.languages import BY_CODE, LANGUAGE_LIST

from . import texts

TEMPLATES = Path(__file__).parent / "templates"

# The fonts each language is set in (its entry's `font`; Debian: fonts-noto-core, fonts-noto-cjk).
# Pango falls back along the list for any character the first font lacks. "latin" is the page's own.
FONTS: dict[str, str] = {
    "latin": BY_CODE[SOURCE_LANGUAGE].font,
    **{
        lang.code: lang.font for lang in LANGUAGE_LIST if lang.font != BY_CODE[SOURCE_LANGUAGE].font
    },
}


class Format(StrEnum):
    FLYER = "flyer"  # one US Letter page
    CARD = "card"  # eight wallet cards on a Letter page, with cut lines
    BILINGUAL = "bilingual"  # English beside another language, on one Letter page


def formats(language: str) -> list[Format]:
    """The formats a language prints in: every one, but English has no bilingual flyer of its own."""
    return [
        kind for kind in Format if not (kind is Format.BILINGUAL and language == SOURCE_LANGUAGE)
    ]


class OutreachError(ValueError):
    """Something the person asking can fix: the message says what."""


@dataclass(frozen=True)
class Side:
    """Everything one language prints."""

    language: str
    lang: str  # the HTML language tag
    direction: str
    name: str  # the hotline's name
    word: str  # the first text to send
    link: str  # the QR code's sms: link
    qr: str  # the QR code as an SVG data URI
    for_whom: str
    text_us: str  # "Text <word> to <number>", split around the word and the number
    scan: str
    topics_title: str
    topics: list[str]
    privacy: str
    caution: str
    stop: str
    free: str
    run_by: str
    status: str  # the translation's review status, or "" for English


def first_word(language: str) -> str:
    return translations(language).gettext(texts.FIRST_WORD)


def sms_link(number: str, word: str) -> str:
    """The QR code's link: `sms:+16175550100?&body=HOLA`.

    RFC 5724 writes the body as `?body=`; iPhones read it after `&body=`. `?&body=` satisfies both:
    Android's messaging apps parse the query and find `body`, and iOS finds `&body=`. The word is
    percent-encoded UTF-8, so 繁體中文 and مرحبا arrive as written.
    """
    return f"sms:{number}?&body={quote(word, safe='')}"


Edits = tuple[
    tuple[str, str, str], ...
]  # (language, shipped English, published text): Sender.edits


def _gettext(language: str, edits: Edits) -> Callable[[str], str]:
    """A language's texts as families get them: as editors published them, else the catalog's."""
    published = {source: body for code, source, body in edits if code == language}
    catalog = translations(language).gettext
    return lambda message: published.get(message) or catalog(message)


def _topics(language: str, edits: Edits = ()) -> list[str]:
    """The menu's topics, one line each, without their numbers: print stays in step with texts."""
    _ = _gettext(language, edits)
    return [_(entry.label) for entry in TOPICS]


def _status(language: str) -> str:
    if language == SOURCE_LANGUAGE:
        return ""
    found = review_status(language)
    _ = translations(language).gettext
    if found.reviewed_on is None:
        return _(texts.DRAFT)
    return _(texts.REVIEWED) % {"date": month_year(found.reviewed_on, language)}


def side(
    language: str, number: str, dial: str, organization: str | None, edits: Edits = ()
) -> Side:
    _ = _gettext(language, edits)
    word = first_word(language)
    link = sms_link(dial, word)
    import segno  # only where a flyer is made: the servers answering texts never load it

    qr = segno.make(link, error="m").svg_data_uri(border=2, dark="#000")
    return Side(
        language=language,
        lang=BY_CODE[language].tag,
        direction="rtl" if language in RIGHT_TO_LEFT else "ltr",
        name=_(content.HOTLINE_NAME),
        word=word,
        link=link,
        qr=qr,
        for_whom=_(texts.FOR_WHOM),
        text_us=_(texts.TEXT_US) % {"word": "\x00W\x00", "number": "\x00N\x00"},
        scan=_(texts.SCAN),
        topics_title=_(texts.TOPICS_TITLE),
        topics=_topics(language, edits),
        privacy=_(texts.PRIVACY),
        caution=_(texts.CAUTION),
        stop=_(content.STOP_HINT),
        free=_(texts.FREE_NOT_ADVICE),
        # The name is isolated (FSI ... PDI): an English name in an Arabic sentence keeps its own
        # order, and the sentence's full stop stays after it where the name wraps.
        run_by=_(texts.RUN_BY) % {"organization": f"\u2068{organization}\u2069"}
        if organization
        else "",
        status=_status(language),
    )


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"])
    )
    environment.filters["parts"] = lambda text: re.split(r"\x00(W|N)\x00", text)
    return environment


_ENVIRONMENT = _environment()


def html(
    language: str,
    kind: Format,
    number: str,
    dial: str,
    organization: str | None,
    edits: Edits = (),
) -> str:
    """The page as HTML, before WeasyPrint lays it out (also what the tests read)."""
    if language not in LANGUAGES:
        raise OutreachError(f"Unknown language {language!r}: use one of {', '.join(LANGUAGES)}.")
    if kind is Format.BILINGUAL and language == SOURCE_LANGUAGE:
        raise OutreachError(
            "The bilingual flyer is English beside another language: pick that one."
        )
    sides = [side(language, number, dial, organization, edits)]
    if kind is Format.BILINGUAL:
        sides.insert(0, side(SOURCE_LANGUAGE, number, dial, organization, edits))
    template = _ENVIRONMENT.get_template(f"{kind.value}.html")
    return template.render(sides=sides, number=number, fonts=FONTS, cards=range(8))


# One flyer is laid out at a time per process: ten at once each took the interpreter in turn, and a
# family's text on the same server waited behind them (bench/pdf_vs_text.py).
_RENDERING = threading.Semaphore(1)


@lru_cache(maxsize=48)
def pdf(
    language: str,
    kind: Format,
    number: str,
    dial: str,
    organization: str | None,
    day: date,
    edits: Edits = (),
) -> bytes:
    """The print-ready PDF. Kept for the day (the review date it prints may change the next)."""
    from weasyprint import HTML  # imported when first needed: it loads Pango

    with _RENDERING:
        page = HTML(string=html(language, kind, number, dial, organization, edits),
                    base_url=str(TEMPLATES))  # fmt: skip
        document: bytes = page.write_pdf()
    return document


def first_page_png(document: bytes, width: int = 850) -> bytes:
    """The first page as a PNG `width` pixels wide: the admin's preview."""
    import pypdfium2

    pages = pypdfium2.PdfDocument(document)
    try:
        page = pages[0]
        image = page.render(scale=width / page.get_width()).to_pil()
    finally:
        pages.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
