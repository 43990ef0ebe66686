"""Tell which launch language a text is written in.

py3langid knows eight of the launch languages. Two more are told apart by other means:
- Traditional Chinese: the detector says Chinese, then hanzidentifier says which characters the
  text uses (我兒子明天出獄 is Traditional, 我儿子明天出狱 Simplified; 你好 is both, and gets
  Simplified).
- Cape Verdean Kriolu (kea), which no detector here knows: a Latin-script text using at least two
  of its own everyday words (nha, fidju, kadia, sta, undi, ...: KRIOLU_WORDS) is Kriolu. Those words
  are not words of Portuguese, Spanish or Haitian Creole, so one Kriolu sentence is enough and a
  Portuguese one never is.
"""

from __future__ import annotations

import mmap
import os
import tempfile
from array import array
from collections.abc import Iterable
from functools import cache
from typing import Any, Literal

import hanzidentifier

from hotline.i18n import LANGUAGES
from hotline.text import fold

from .keywords import find_keyword, topic_words

# Below this probability the detector's guess is not trusted and the texter gets English with a
# line offering the language menu. Short texts ("ok", "hi") score low and land there.
MIN_CONFIDENCE = 0.8
# While nothing is known of a texter's language, a sentence of three words or more is read at
# this confidence: "Mi esposo está detenido por ICE" (es 0.72), "detainer là gì" (vi 0.62).
SENTENCE_CONFIDENCE = 0.6
# Long texts say nothing more about their language, and cost time.
_SAMPLE = 400


# Everyday Kriolu words (ALUPEC spelling and common variants) that Portuguese, Spanish and Haitian
# Creole do not use. Two different ones in a text make it Kriolu.
KRIOLU_WORDS = frozenset({
    "nha", "bu", "sta", "fidju", "fidjus", "fidja", "kadia", "mantenha", "txeu", "undi", "kuze",
    "ami", "abo", "dja", "ka", "ta", "N", "mi", "nu", "kel", "kes", "mininu", "mudjer", "omi",
    "kriolu", "djuda", "sabi", "oji", "manhan", "ntende", "ntendi", "pamodi", "kumi", "gosi",
    "kenha", "modi", "odja", "papia", "purgunta", "djobe", "atxa", "txoma", "nhos", "tanbe",
    "dretu", "fla", "kumesa", "kantu", "fiansa", "advogadu", "direitu", "mesti",
    # Seen in families' texts (tests/corpus/kea.tsv).
    "asina", "intende", "obi", "konxe", "dizdi", "ningen", "nau", "logu", "verdadi", "irmon",
    "pertu", "dinheru", "grasa", "imigrason", "organizason", "algen", "kal", "maridu", "kazu",
    "pega", "leba", "spera", "adivogadu", "atorni", "juis", "mora", "ku",
})  # fmt: skip
_KRIOLU_MARKERS = frozenset(fold(word) for word in KRIOLU_WORDS) - {"ka", "ta", "n", "mi", "nu"}


# Where the language model's transition table is mapped from (see _mapped).
TABLE_DIR = "/var/tmp"


@cache
def _identifier() -> Any:
    # Loading the model takes about a second: do it once per process, on first use.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages([code for code in LANGUAGES if code in known])
    # The restricted model is all we use: let the full one (28 MB of weights) go. Every worker
    # would otherwise carry it, shared or not.
    if hasattr(identifier, "_full_model"):
        identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)
    # The tables it walks byte by byte, as compact arrays read through a file mapping.
    # (py3langid 0.4 walks these three; a version without one of them keeps its own.)
    typecodes: tuple[tuple[str, Literal["i", "I"]], ...] = (
        ("tk_nextmove", "I"), ("tk_output", "i"), ("_rowbase", "I"),
    )  # fmt: skip
    for name, typecode in typecodes:
        if hasattr(identifier, name):
            setattr(identifier, name, _mapped(getattr(identifier, name), typecode))
    return identifier


def _mapped(values: Iterable[int], typecode: Literal["i", "I"]) -> array[int] | memoryview[int]:
    """One of the model's tables (the transitions alone are 39 MB), read through a file mapping
    instead of kept in memory: a server maps only the pages families' texts walk (under a third,
    with ten languages' texts), all its processes share them, and the kernel can drop them again.

    The file is unnamed (deleted at once), so nothing is left behind. It goes in /var/tmp, which is
    on disk by convention (/tmp may be memory, which would only hide the table from the counts).
    Where no such place can be written, the table stays in memory as before.
    """
    table = array(typecode, values)
    if not os.access(TABLE_DIR, os.W_OK):
        return table
    try:
        with tempfile.TemporaryFile(prefix="hotline-langid-", dir=TABLE_DIR) as backing:
            table.tofile(backing)
            backing.flush()
            mapping = mmap.mmap(backing.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return table
    return memoryview(mapping).cast(typecode)


def _written(language: str, sample: str) -> str:
    """Chinese in Traditional characters is Traditional Chinese."""
    if language == "zh" and hanzidentifier.identify(sample) == hanzidentifier.TRADITIONAL:
        return "zh_Hant"
    return language


def chinese_script(sample: str, current: str) -> str:
    """zh or zh_Hant by the characters that differ between Simplified and Traditional; `current`
    when every character is written the same in both (更多) or the text mixes them."""
    found = hanzidentifier.identify(sample)
    if found == hanzidentifier.TRADITIONAL:
        return "zh_Hant"
    if found == hanzidentifier.SIMPLIFIED:
        return "zh"
    return current


# Everyday Vietnamese words as they read typed without tone marks ("con toi bi bat", "ko dc"),
# which the detector does not know. Two different ones in a text of plain letters make it Vietnamese.
VIETNAMESE_PLAIN_WORDS = frozenset({
    "toi", "khong", "ko", "cua", "chong", "nguoi", "giup", "duoc", "dc", "nao", "minh", "chua",
    "roi", "vay", "lam", "tien", "nhieu", "giay", "trai", "ngay", "voi", "nhung", "biet", "bik",
    "duoi", "tuan", "cho", "ve", "bi", "bat", "dong", "thue", "luat", "phap", "tro", "gap",
    "ong", "ba", "anh", "chi", "em", "con",
})  # fmt: skip
# Words other launch languages use too: they count only beside two of the others.
_VIETNAMESE_SHARED = frozenset({"cho", "ve", "bi", "bat", "ong", "ba", "anh", "chi", "em", "con"})


def _plain_words(sample: str) -> set[str] | None:
    """The words of a text written in Latin letters without any other script; else None."""
    if any(ord(ch) > 0x24F for ch in sample if ch.isalpha()):
        return None
    words = fold(sample).replace("'", " ").split()
    # Kriolu joins pronouns with a hyphen: pega-l, leba-l, fla-nu.
    return {word.split("-")[0] for word in words}


def _kriolu_words(sample: str) -> int:
    words = _plain_words(sample)
    return 0 if words is None else len(words & _KRIOLU_MARKERS)


def is_kriolu(sample: str) -> bool:
    """Two different everyday Kriolu words, in a text of Latin letters only (not Vietnamese)."""
    return _kriolu_words(sample) >= 2


def is_plain_vietnamese(sample: str) -> bool:
    """Vietnamese typed without its marks: two different everyday words of its own."""
    words = _plain_words(sample)
    if words is None or any(ord(ch) > 0x7F for ch in sample if ch.isalpha()):
        return False
    return len(words & (VIETNAMESE_PLAIN_WORDS - _VIETNAMESE_SHARED)) >= 2


def _likeliest(sample: str, candidates: Iterable[str]) -> str:
    """Of a few languages a word belongs to ("socorro": es, pt), the one the text looks most like."""
    allowed = list(candidates)
    if "kea" in allowed and is_kriolu(sample):
        return "kea"
    ranked = [_written(str(language), sample) for language, _ in _identifier().rank(sample)]
    return min(allowed, key=lambda code: ranked.index(code) if code in ranked else len(ranked))


# The detector has no Kriolu and no Traditional Chinese: what it reads as their neighbours is theirs.
_READ_AS = {"kea": ("kea", "pt", "es"), "zh_Hant": ("zh_Hant", "zh")}
# A conversation keeps its language while the detector gives it at least this much of a text:
# code-switched Spanish ("mi hijo is in detention": es 0.14) stays Spanish.
STILL_LIKELY = 0.05


def moved_from(current: str, text: str) -> str | None:
    """The language a text is surely in when that is surely not `current`; else None."""
    sample = text[:_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return None
    if is_kriolu(sample):
        return None if current == "kea" else "kea"
    if is_plain_vietnamese(sample):
        return None if current == "vi" else "vi"
    ranked = {str(language): float(p) for language, p in _identifier().rank(sample)}
    best = max(ranked, key=ranked.__getitem__)
    if ranked[best] < MIN_CONFIDENCE:
        return None
    if sum(ranked.get(code, 0.0) for code in _READ_AS.get(current, (current,))) >= STILL_LIKELY:
        return None
    return _written(best, sample)


def detect_language(text: str, *, by_words: bool = True) -> str | None:
    """Return the text's language, or None when no keyword, detector or topic word is sure.

    A keyword of one language decides ("AYUDA"); then the detector, when confident; then the topic
    words in the text, when they agree ("abogado" alone is too short for the detector).
    `by_words=False` asks the detector only: single words are borrowed across languages (a Spanish
    speaker may well send "DELETE" or "lawyer"), whole sentences rarely are.
    """
    sample = text[:_SAMPLE]
    keyword = find_keyword(sample) if by_words else None
    if keyword is not None:
        return _likeliest(sample, keyword.languages) if keyword.languages else None
    if not any(ch.isalpha() for ch in sample):
        return None
    if is_kriolu(sample):
        return "kea"
    if is_plain_vietnamese(sample):
        return "vi"
    language, confidence = _identifier().classify(sample)
    if confidence >= MIN_CONFIDENCE:
        return _written(str(language), sample)
    if not by_words:
        return None
    if _kriolu_words(sample):  # one Kriolu word where the detector hesitates ("djuda-m pur favor")
        return "kea"
    if confidence >= SENTENCE_CONFIDENCE and len(sample.split()) >= 3:
        return _written(str(language), sample)
    told = [set(word.languages) for word, _ in topic_words(sample) if word.languages]
    agreed = set.intersection(*told) if told else set()
    return _likeliest(sample, sorted(agreed)) if agreed else None
