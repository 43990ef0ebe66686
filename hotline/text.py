"""Fold what people type into one comparable form: keywords, menu numbers, town names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that carry no combining mark to strip, but that texters often type without it.
# Arabic letters phones and people write interchangeably: teh marbuta and heh (الكفالة, الكفاله),
# alef maqsura and yeh (محامى, محامي).
_UNMARKED = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ة": "ه", "ى": "ي"})
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE = re.compile(r"\s+")
# Characters a phone or a copy-paste slips between letters without showing them: zero-width
# spaces and joiners, the soft hyphen, bidi marks, the byte-order mark, and Arabic's tatweel (the
# stretching stroke in تـوقف). Gone before any matching or detection, so S\u200bTOP is STOP.
_INVISIBLE = re.compile("[\u00ad\u0640\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def plain(text: str) -> str:
    """The text as it reads: compatibility forms folded (full-width Ｓｔｏｐ is Stop), invisible
    characters and tatweel removed. Case, accents and punctuation are kept."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=512)  # one text is folded by several matchers in turn
def fold(text: str) -> str:
    """Reduce a text to the form keywords and names are matched in.

    Unicode NFKC, case folding, accents dropped, any decimal digits as 0-9, runs of white space as
    one space, and punctuation trimmed from both ends: " Dừng! " -> "dung", "١" -> "1".
    """
    text = plain(text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).translate(_UNMARKED)
    text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    text = _SPACE.sub(" ", text)
    return _EDGE.sub("", text)


def script(text: str) -> str:
    """The writing of a text by its first letter outside the Latin script, named as Unicode
    names it, in lower case ("arabic", "khmer", "cyrillic"), with "han" for Chinese characters;
    "latin" for a text of Latin letters, digits or emoji alone."""
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            name = unicodedata.name(ch, "")
            if name.startswith("LATIN") or not name:
                continue
            first = name.split()[0]
            return "han" if first == "CJK" else first.lower()
    return "latin"


# Scripts written without spaces between words: a word is found anywhere in a text.
UNSPACED = frozenset({"han", "khmer", "thai", "lao", "myanmar"})


# Bidi controls: an override (U+202E) makes "617-555-0100" display reversed. No field needs one.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def has_controls(text: str) -> bool:
    """Whether a text holds control characters (a NUL, a tab, a line break) or bidi controls."""
    return any(ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc" for ch in text)


def without_controls(text: str) -> str:
    """The text with control and bidi characters dropped (a file's name, a search filter)."""
    return "".join(
        ch for ch in text if ch not in BIDI_CONTROLS and unicodedata.category(ch) != "Cc"
    )


def width_em(text: str) -> float:
    """About how wide `text` is set in a sans-serif, in ems, erring wide: a wide (CJK) character
    is one em, a mark that joins the one before it nothing, narrow letters and punctuation 0.35,
    capitals, m and w 0.8, anything else 0.6."""
    return sum(_width(character) for character in text)


def _width(character: str) -> float:
    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(character) in "WF":
        return 1.0
    if character in "iljtfrI.,;:'!|()- ":
        return 0.35
    if character.isupper() or character in "mwMW":
        return 0.8
    return 0.6


def fit(text: str, ems: float) -> str:
    """`text` cut to fit `ems` (an ellipsis marks the cut), for labels that cannot wrap."""
    if width_em(text) <= ems:
        return text
    room = ems - _width("…")
    for end, character in enumerate(text):
        room -= _width(character)
        if room < 0:
            return text[:end].rstrip() + "…"
    return text
