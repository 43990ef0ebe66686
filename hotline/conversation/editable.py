"""The texts staff may edit in the admin, each by a stable id.

A topic page's id is its topic and its page's name ("release_day.lunn"), a menu line's its topic
and "label" ("bond.label"), and every other text's the name it has in content.py ("welcome",
"help", "number_prompt"). Ids never change when a text's words do: edits and translations are kept
by id, so editing the English never orphans a translation, and an upgrade that changes a shipped
text is found by comparing it with the shipped text an edit was made from.

The shipped English (the catalogs' msgid) stays each text's default. A text several topics share
(the no-hearing warning) is one text, under the id of its first page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import content
from .topics import TOPICS

FIXED = "fixed"
# Sent by the edge when the database cannot be read or a number floods it: always the catalogs'.
_CATALOG_ONLY = frozenset({content.HOTLINE_DOWN, content.TRY_AGAIN, content.SLOW_DOWN})
# %(name)s and the like: an edit must keep exactly the placeholders of the shipped text.
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Editable:
    id: str
    source: str  # the shipped English
    group: str  # a topic's name, or FIXED
    label: str  # how a command or a PO file names it: "bond 2/6: amounts", "welcome"
    page: int = 0  # a topic page's number, from 1 (0: not a page)
    pages: int = 0  # how many pages its topic has

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(PLACEHOLDER.findall(self.source))


def _all() -> list[Editable]:
    found: list[Editable] = []
    seen: set[str] = set()

    def add(
        text_id: str, source: str, group: str, label: str, page: int = 0, pages: int = 0
    ) -> None:
        if source not in seen and source not in _CATALOG_ONLY:
            seen.add(source)
            found.append(Editable(text_id, source, group, label, page, pages))

    pages = {text for entry in TOPICS for text in entry.pages.values()}
    for name, value in vars(content).items():
        if name.isupper() and isinstance(value, str) and value not in pages:
            add(name.lower(), value, FIXED, name.lower().replace("_", " "))
    for entry in TOPICS:
        topic = entry.topic.value
        add(f"{topic}.label", entry.label, topic, f"{topic}: menu line")
        for number, (page, text) in enumerate(entry.pages.items(), start=1):
            count = len(entry.pages)
            add(f"{topic}.{page}", text, topic, f"{topic} {number}/{count}: {page}", number, count)
    return found


EDITABLE: tuple[Editable, ...] = tuple(_all())
BY_ID: dict[str, Editable] = {text.id: text for text in EDITABLE}
BY_SOURCE: dict[str, Editable] = {text.source: text for text in EDITABLE}
GROUPS: tuple[str, ...] = (FIXED, *(entry.topic.value for entry in TOPICS))
