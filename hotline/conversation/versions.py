"""The parts of the hotline's content, the exact text of each part in each language, and when it
last changed.

A part is one topic page ("bond/2") or "fixed": the welcome, the menu, HELP and every other text
that is not a topic page. A review (hotline/content_reviews.py) covers the exact text it names by
its fingerprint, so any later change shows. When each part's text last changed is kept in
`messages/content-versions.json`, written by `hotline content stamp` and checked by the tests: a
text cannot change without its date.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from hotline.i18n import LANGUAGES, MESSAGES_DIR, SOURCE_LANGUAGE, translations

from . import content
from .content import Topic
from .records import Texts

FIXED = "fixed"
VERSIONS_FILE = MESSAGES_DIR / "content-versions.json"


def page_part(topic: Topic, page: int) -> str:
    return f"{topic.value}/{page}"


def topic_parts(topic: Topic) -> list[str]:
    return [page_part(topic, n) for n in range(1, len(content.TOPIC_PAGES.get(topic, ())) + 1)]


def all_parts() -> list[str]:
    return [part for topic in content.TOPIC_PAGES for part in topic_parts(topic)] + [FIXED]


def _fixed_sources() -> list[str]:
    pages = {text for texts in content.TOPIC_PAGES.values() for text in texts}
    found = [
        value
        for name, value in sorted(vars(content).items())
        if name.isupper() and isinstance(value, str) and value not in pages
    ]
    return found


def sources(part: str) -> list[str]:
    """The English texts a part is made of (the catalogs' msgids)."""
    if part == FIXED:
        return _fixed_sources()
    name, _, number = part.partition("/")
    pages = content.TOPIC_PAGES[Topic(name)]
    return [pages[int(number) - 1]]


def part_text(part: str, language: str, published: Texts | None = None) -> str:
    """The exact text of a part in a language, as a reviewer reads it (untranslated: English): as
    staff published it, else as the catalogs ship it."""
    catalog = translations(language)
    published = published or {}
    return "\n\n".join(
        published[source][0] if source in published else catalog.gettext(source)
        for source in sources(part)
    )


def fingerprint(part: str, language: str, published: Texts | None = None) -> str:
    return _digest(part_text(part, language, published))


@lru_cache(maxsize=1024)
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _recorded() -> dict[str, dict[str, dict[str, str]]]:
    if not VERSIONS_FILE.exists():
        return {}
    found: dict[str, dict[str, dict[str, str]]] = json.loads(VERSIONS_FILE.read_text("utf-8"))
    return found


# The day the hotline's first texts were written: no review of them can be older.
FIRST_VERSION = date(2026, 11, 28)


def first_version() -> date:
    return FIRST_VERSION


def changed_on(part: str, language: str, today: date) -> date:
    """When this part's text in this language last changed; today when it changed unrecorded."""
    recorded = _recorded().get(part, {}).get(language)
    if recorded is None or recorded["fingerprint"] != fingerprint(part, language):
        return today
    return date.fromisoformat(recorded["changed"])


def updated_on(topic: Topic, language: str, today: date) -> date:
    """The month a family should read as "Updated": the latest change to the topic's English text
    or to its translation."""
    languages = {SOURCE_LANGUAGE, language}
    return max(changed_on(part, code, today) for part in topic_parts(topic) for code in languages)


def stamp(today: date, path: Path = VERSIONS_FILE) -> list[tuple[str, str]]:
    """Record today as the change date of every part whose text changed; return what changed."""
    recorded = json.loads(path.read_text("utf-8")) if path.exists() else {}
    changed = []
    for part in all_parts():
        for language in LANGUAGES:
            now = fingerprint(part, language)
            before = recorded.get(part, {}).get(language)
            if before is None or before["fingerprint"] != now:
                recorded.setdefault(part, {})[language] = {
                    "fingerprint": now,
                    "changed": today.isoformat(),
                }
                changed.append((part, language))
    kept = {part: recorded[part] for part in all_parts() if part in recorded}
    path.write_text(json.dumps(kept, indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8")
    _recorded.cache_clear()
    return changed
