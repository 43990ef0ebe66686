"""Tell which launch language a text is written in."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from hotline.i18n import LANGUAGES

from .keywords import find_keyword, topic_words

# Below this probability the detector's guess is not trusted and the texter gets English with a
# line offering the language menu. Short texts ("ok", "hi") score low and land there.
MIN_CONFIDENCE = 0.8
# Long texts say nothing more about their language, and cost time.
_SAMPLE = 400


@cache
def _identifier() -> Any:
    # Loading the model takes about a second: do it once per process, on first use.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _likeliest(sample: str, candidates: Iterable[str]) -> str:
    """Of a few languages a word belongs to ("socorro": es, pt), the one the text looks most like."""
    allowed = list(candidates)
    ranked = [str(language) for language, _ in _identifier().rank(sample)]
    return min(allowed, key=lambda code: ranked.index(code) if code in ranked else len(ranked))


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
    language, confidence = _identifier().classify(sample)
    if confidence >= MIN_CONFIDENCE:
        return str(language)
    if not by_words:
        return None
    told = [set(word.languages) for word in topic_words(sample) if word.languages]
    agreed = set.intersection(*told) if told else set()
    return _likeliest(sample, sorted(agreed)) if agreed else None
