"""Count the SMS segments a reply costs, the way carriers split it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .languages import LANGUAGE_LIST

# GSM 03.38 basic character set (the escape 0x1B is left out: it is not a character).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each of these costs two septets (escape + character).
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class Segments:
    """How a text is encoded and how many parts it is sent in."""

    encoding: str  # "GSM-7" or "UCS-2"
    count: int
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2


GSM7 = GSM7_BASIC | GSM7_EXTENSION


def is_gsm7(text: str) -> bool:
    """Say whether every character fits the GSM-7 alphabet."""
    return GSM7.issuperset(text)


def _parts(widths: list[int], single: int, part: int) -> int:
    # A character is never split across parts, so fill parts greedily.
    total = sum(widths)
    if total <= single:
        return 1 if total else 0
    count, used = 1, 0
    for width in widths:
        if used + width > part:
            count, used = count + 1, 0
        used += width
    return count


def count_segments(text: str) -> Segments:
    """Return the encoding and segment count of one SMS body."""
    if is_gsm7(text):
        if GSM7_EXTENSION.isdisjoint(text):  # every character one septet: no need to walk them
            return Segments("GSM-7", _even_parts(len(text), GSM7_SINGLE, GSM7_PART), len(text))
        widths = [2 if ch in GSM7_EXTENSION else 1 for ch in text]
        return Segments("GSM-7", _parts(widths, GSM7_SINGLE, GSM7_PART), sum(widths))
    # UCS-2 on the wire is UTF-16: characters outside the BMP take two units.
    if text.isascii() or max(text) <= "\uffff":
        return Segments("UCS-2", _even_parts(len(text), UCS2_SINGLE, UCS2_PART), len(text))
    widths = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    return Segments("UCS-2", _parts(widths, UCS2_SINGLE, UCS2_PART), sum(widths))


def _even_parts(units: int, single: int, part: int) -> int:
    if units <= single:
        return 1 if units else 0
    return -(-units // part)


# Languages whose letters keep their meaning without the accents GSM-7 lacks (á -> a, ç -> c, ...).
ACCENT_FOLDABLE = frozenset(language.code for language in LANGUAGE_LIST if language.folds_accents)


# Typographic marks a translator's editor may put in, and their plain GSM-7 forms.
_PLAIN_MARKS = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...",
                "\u00a0": " ", "«": '"', "»": '"'}  # fmt: skip


def gsm7_folded(text: str) -> str:
    """Replace each character outside GSM-7 by its unaccented letter when that one is GSM-7."""
    folded = []
    for ch in text:
        if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
            folded.append(ch)
            continue
        if ch in _PLAIN_MARKS:
            folded.append(_PLAIN_MARKS[ch])
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        folded.append(base if base and all(c in GSM7_BASIC for c in base) else ch)
    return "".join(folded)


# Words whose folded form is another word (each language's `never_fold`). A text holding one is
# never folded.
_NEVER_FOLDED = {
    lang.code: re.compile(lang.never_fold, re.IGNORECASE)
    for lang in LANGUAGE_LIST
    if lang.never_fold
}


# Replies repeat (menus, topic pages, the same listings): each is measured once per process.
@lru_cache(maxsize=4096)
def economical(text: str, language: str) -> str:
    """Send the accent-folded text instead when it costs fewer segments (á í ó ú ç ã õ â ê ô).

    The catalogs keep correct spelling; a family gets it whenever it costs nothing extra.
    """
    if language not in ACCENT_FOLDABLE or is_gsm7(text):
        return text
    protected = _NEVER_FOLDED.get(language)
    if protected is not None and protected.search(text):
        return text
    folded = gsm7_folded(text)
    if count_segments(folded).count < count_segments(text).count:
        return folded
    return text
