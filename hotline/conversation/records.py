"""What the engine may look up beyond the directory: who answers HELP, which texts a review covers,
and the news staff published. They live in the database; the engine sees them only through this
port, asked lazily."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from .content import Topic

# Texts staff published in the admin for one language, by the shipped English they stand for (the
# catalogs' msgid): each with the day it was published.
Texts = Mapping[str, tuple[str, date]]


@dataclass(frozen=True)
class Contact:
    """A person to reach, as an administrator set it: the organization running the hotline."""

    organization: str
    phone: str


class Records(Protocol):
    def help_contact(self) -> Contact | None:
        """The organization and phone HELP names, or None until an administrator sets them."""
        ...

    def reviewed_on(self, topic: Topic, language: str) -> date | None:
        """The month a topic's current text was reviewed in this language, or None: a legal review
        of its English and, for another language, a review of its translation, both current."""
        ...

    def news(self, language: str, now: datetime) -> str | None:
        """The alert staff published in this language that has not expired at `now`, if any."""
        ...

    def published(self, language: str) -> Texts:
        """The texts staff published in the admin for this language, by the shipped English they
        stand for (the catalogs' msgid): each with the day it was published."""
        ...


class NoRecords:
    """Nothing set, nothing reviewed: a fresh installation, the segment table, the tests."""

    def help_contact(self) -> Contact | None:
        return None

    def reviewed_on(self, topic: Topic, language: str) -> date | None:
        return None

    def news(self, language: str, now: datetime) -> str | None:
        return None

    def published(self, language: str) -> Texts:
        return {}


NO_RECORDS = NoRecords()
