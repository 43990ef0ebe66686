"""Tell which launch language a text is written in.

Each language's entry (hotline/languages.py) says how it is told apart:
- by the detector, py3langid, for the languages it knows (`detector`);
- by its script, when no other launch language writes it (Khmer, Arabic): a text mostly in
  that script is that language;
- Chinese by its characters: the detector says Chinese, then hanzidentifier says which
  characters the text uses (我兒子明天出獄 is Traditional, 我儿子明天出狱 Simplified; 你好 is
  both, and gets Simplified);
- by everyday words of its own (`hints`): Cape Verdean Kriolu, which no detector here knows (nha,
  fidju, kadia, sta, undi, ...: not words of Portuguese, Spanish or Haitian Creole, so one Kriolu
  sentence is enough and a Portuguese one never is), and Vietnamese typed without tone marks.
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

from hotline.languages import BY_CODE, LANGUAGE_LIST, Hints
from hotline.text import fold, script

from .keywords import find_keyword, topic_words

# Below this probability the detector's guess is not trusted and the texter gets English with a
# line offering the language menu. Short texts ("ok", "hi") score low and land there.
MIN_CONFIDENCE = 0.8
# While nothing is known of a texter's language, a sentence of three words or more is read at
# this confidence: "Mi esposo está detenido por ICE" (es 0.72), "detainer là gì" (vi 0.62).
SENTENCE_CONFIDENCE = 0.6
# Long texts say nothing more about their language, and cost time.
_SAMPLE = 400


# Where the language model's transition table is mapped from (see _mapped).
TABLE_DIR = "/var/tmp"


@cache
def _identifier() -> Any:
    # Loading the model takes about a second: do it once per process, on first use.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages([code for code in _DETECTOR if code in known])
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


# What the detector calls each launch language it knows, and the launch language it is.
_DETECTOR = {language.detector: language.code for language in LANGUAGE_LIST if language.detector}
# Chinese catalogs by the characters they are written in.
_BY_CHARACTERS = {
    language.characters: language.code for language in LANGUAGE_LIST if language.characters
}
_CHARACTERS = {
    hanzidentifier.TRADITIONAL: "traditional",
    hanzidentifier.SIMPLIFIED: "simplified",
}
# Languages told by their own words, in the order they are tried.
_HINTED = [(language.code, language.hints) for language in LANGUAGE_LIST if language.hints]
# Scripts only one launch language writes: a text mostly in one of them is that language.
_SOLE_WRITERS = {
    language.script: language.code
    for language in LANGUAGE_LIST
    if [other.script for other in LANGUAGE_LIST].count(language.script) == 1
}


def _written(detected: str, sample: str) -> str:
    """The launch language a detector's answer is: Chinese in Traditional characters is
    Traditional Chinese."""
    language = _DETECTOR.get(detected, detected)
    entry = BY_CODE.get(language)
    return chinese_script(sample, language) if entry and entry.characters else language


def chinese_script(sample: str, current: str) -> str:
    """The Chinese catalog written in the characters a text uses (Simplified or Traditional);
    `current` when every character is written the same in both (更多) or the text mixes them."""
    characters = _CHARACTERS.get(hanzidentifier.identify(sample))
    return _BY_CHARACTERS.get(characters, current) if characters else current


def _sole_script(sample: str) -> str | None:
    """The language of a text whose letters are mostly in a script only it writes (Khmer)."""
    written = script(sample)
    if written not in _SOLE_WRITERS:
        return None
    letters = [ch for ch in sample if ch.isalpha()]
    mine = sum(1 for ch in letters if script(ch) == written)
    return _SOLE_WRITERS[written] if mine * 2 > len(letters) else None


def _plain_words(sample: str, letters: str) -> set[str] | None:
    """The words of a text written in Latin letters ("latin") or plain ones ("ascii"); else None."""
    alphabetic = [ch for ch in sample if ch.isalpha()]
    if any(ord(ch) > (0x7F if letters == "ascii" else 0x24F) for ch in alphabetic):
        return None
    words = fold(sample).replace("'", " ").split()
    # Kriolu joins pronouns with a hyphen: pega-l, leba-l, fla-nu.
    return {word.split("-")[0] for word in words}


def _hint_count(sample: str, hints: Hints) -> int:
    words = _plain_words(sample, hints.letters)
    return 0 if words is None else len(words & hints.words)


def by_hints(sample: str) -> str | None:
    """The language two of whose everyday words the text uses (Kriolu, Vietnamese without marks)."""
    for code, hints in _HINTED:
        if _hint_count(sample, hints) >= 2:
            return code
    return None


def _one_hint(sample: str) -> str | None:
    """A language one of whose own words the text uses, where one will do."""
    for code, hints in _HINTED:
        if hints.one_will_do and _hint_count(sample, hints):
            return code
    return None


def _likeliest(sample: str, candidates: Iterable[str]) -> str:
    """Of a few languages a word belongs to ("socorro": es, pt), the one the text looks most like."""
    allowed = list(candidates)
    hinted = by_hints(sample)
    if hinted in allowed:
        return hinted
    ranked = [_written(str(language), sample) for language, _ in _identifier().rank(sample)]
    return min(allowed, key=lambda code: ranked.index(code) if code in ranked else len(ranked))


# A conversation keeps its language while the detector gives it (or what it reads the language as:
# Kriolu as Portuguese or Spanish, Traditional Chinese as Chinese) at least this much of a text:
# code-switched Spanish ("mi hijo is in detention": es 0.14) stays Spanish.
STILL_LIKELY = 0.05


def _read_as(language: str) -> tuple[str, ...]:
    entry = BY_CODE.get(language)
    if entry is None:
        return (language,)
    return (*([entry.detector] if entry.detector else []), *entry.read_as)


def moved_from(current: str, text: str) -> str | None:
    """The language a text is surely in when that is surely not `current`; else None."""
    sample = text[:_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return None
    surely = _sole_script(sample) or by_hints(sample)
    if surely is not None:
        return None if current == surely else surely
    ranked = {str(language): float(p) for language, p in _identifier().rank(sample)}
    best = max(ranked, key=ranked.__getitem__)
    if ranked[best] < MIN_CONFIDENCE:
        return None
    if sum(ranked.get(code, 0.0) for code in _read_as(current)) >= STILL_LIKELY:
        return None
    return _written(best, sample)


def detect_language(text: str, *, by_words: bool = True) -> str | None:
    """Return the text's language, or None when no keyword, detector or topic word is sure.

    A keyword of one language decides ("AYUDA"); then the script or the language's own words;
    then the detector, when confident; then the topic words in the text, when they agree
    ("abogado" alone is too short for the detector).
    `by_words=False` asks the detector only: single words are borrowed across languages (a Spanish
    speaker may well send "DELETE" or "lawyer"), whole sentences rarely are.
    """
    sample = text[:_SAMPLE]
    keyword = find_keyword(sample) if by_words else None
    if keyword is not None:
        return _likeliest(sample, keyword.languages) if keyword.languages else None
    if not any(ch.isalpha() for ch in sample):
        return None
    surely = _sole_script(sample) or by_hints(sample)
    if surely is not None:
        return surely
    language, confidence = _identifier().classify(sample)
    if confidence >= MIN_CONFIDENCE:
        return _written(str(language), sample)
    if not by_words:
        return None
    hinted = _one_hint(sample)  # one Kriolu word where the detector hesitates ("djuda-m pur favor")
    if hinted is not None:
        return hinted
    if confidence >= SENTENCE_CONFIDENCE and len(sample.split()) >= 3:
        return _written(str(language), sample)
    told = [set(word.languages) for word, _ in topic_words(sample) if word.languages]
    agreed = set.intersection(*told) if told else set()
    return _likeliest(sample, sorted(agreed)) if agreed else None
