"""Tell which launch language a first text is written in."""

from __future__ import annotations

from functools import cache
from typing import Any

from hotline.i18n import LANGUAGES

from .keywords import find_keyword

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


def detect_language(text: str) -> str | None:
    """Return the text's language, or None when neither a keyword nor the detector is sure."""
    keyword = find_keyword(text)
    if keyword is not None:
        return keyword.language
    sample = text[:_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return None
    language, confidence = _identifier().classify(sample)
    return str(language) if confidence >= MIN_CONFIDENCE else None
