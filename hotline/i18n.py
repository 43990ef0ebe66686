"""Load the hotline's message catalogs and say how far each one has been reviewed.

Catalogs are the `.po` files in the top-level `messages/` folder. They are compiled in memory the first
time a language is used, so a fresh clone runs without `pybabel compile`; translators keep working with
the ordinary tools (`pybabel extract/update`, Poedit, Weblate).
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .languages import BY_CODE, LANGUAGE_LIST
from .languages import SOURCE_LANGUAGE as SOURCE_LANGUAGE

MESSAGES_DIR = Path(__file__).resolve().parent.parent / "messages"

# The launch languages, in the order the language menu lists them, each named in itself
# (hotline/languages.py describes each one).
LANGUAGES: dict[str, str] = {language.code: language.native for language in LANGUAGE_LIST}
RIGHT_TO_LEFT = frozenset(language.code for language in LANGUAGE_LIST if language.right_to_left)
# The language a directory entry's staff must speak for a texter of each language: Traditional and
# Simplified Chinese are two ways of writing, not of speaking.
SPOKEN: dict[str, str] = {lang.code: lang.spoken for lang in LANGUAGE_LIST if lang.spoken}

_REVIEW_LINE = re.compile(r"^#?\s*Review-Status:\s*(?P<value>.+?)\s*$", re.MULTILINE)
_REVIEWED = re.compile(
    r"^reviewed\s+(?P<on>\d{4}-\d{2}-\d{2})(?:\s+by\s+(?P<by>.+))?$", re.IGNORECASE
)


@dataclass(frozen=True)
class ReviewStatus:
    """Whether a native speaker has reviewed a catalog, and when.

    Each catalog's header comment carries one line that translators edit in any PO tool:
    ``Review-Status: draft`` or ``Review-Status: reviewed 2026-12-01 by Name``.
    """

    language: str
    reviewed_on: date | None
    reviewed_by: str | None

    @property
    def is_draft(self) -> bool:
        return self.reviewed_on is None

    def describe(self) -> str:
        if self.reviewed_on is None:
            return "draft: needs a native speaker's review"
        by = f" by {self.reviewed_by}" if self.reviewed_by else ""
        return f"reviewed {self.reviewed_on.isoformat()}{by}"


def catalog_path(language: str, domain: str = "messages") -> Path:
    return MESSAGES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


@cache
def translations(language: str, domain: str = "messages") -> gettext.NullTranslations:
    """Return the compiled catalog for a language; English is the source text itself.

    Domains: "messages" for what texters read, "admin" for the staff web app.
    """
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    path = catalog_path(language, domain)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, so they fall back to English
    buffer.seek(0)
    return Translations(buffer)


def has_translation(language: str, message: str) -> bool:
    """Whether a language's catalog translates this text (a translation may read as the English
    does: "0: menu"); fuzzy entries do not count."""
    catalog = getattr(translations(language), "_catalog", {})
    return bool(catalog.get(message))


def review_status(language: str) -> ReviewStatus:
    """Read a catalog's review status from its header comment."""
    if language == SOURCE_LANGUAGE:
        return ReviewStatus(language, None, None)
    with catalog_path(language).open("rb") as po:
        header = read_po(po).header_comment
    found = _REVIEW_LINE.search(header)
    reviewed = _REVIEWED.match(found.group("value")) if found else None
    if reviewed is None:
        return ReviewStatus(language, None, None)
    return ReviewStatus(language, date.fromisoformat(reviewed["on"]), reviewed["by"])


def month_year(day: date, language: str) -> str:
    """Format a date as a numeric month and year in the language's own order ("11/2026", "2026年11月").

    Numeric, because a month's name can cost a GSM-7 text its cheap encoding ("août").
    """
    return _month_year(day.year, day.month, language)


@cache
def _month_year(year: int, month: int, language: str) -> str:
    # Babel matches the skeleton to the locale's patterns each time: a topic's footer asks for
    # the same few months again and again, so each is formatted once per process.
    pattern = BY_CODE[language].month_year if language in BY_CODE else None
    if pattern is not None:
        return pattern.format(month=month, year=year)
    return format_skeleton("yMM", date(year, month, 1), locale=language)
