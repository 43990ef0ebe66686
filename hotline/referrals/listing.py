"""What the conversation engine needs from the directory, without knowing how it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class Speaks(StrEnum):
    """Whether an entry can talk with the family in the family's language."""

    LANGUAGE = "language"  # its staff speak it
    INTERPRETER = "interpreter"  # it offers an interpreter
    NEITHER = "neither"


@dataclass(frozen=True)
class Listing:
    """One directory entry, as a text shows it."""

    id: int
    name: str
    phone: str
    open_now: bool = False
    opens_at: datetime | None = None  # in the entry's own time zone
    stale: bool = False  # not verified within HOTLINE_REFERRAL_MAX_AGE_DAYS
    speaks: Speaks = Speaks.LANGUAGE
    legal_help: bool = True  # gives legal help (see referrals.kinds.LEGAL_HELP_KINDS)
    # What staff wrote about the entry in the family's language (one line), if they did.
    description: str | None = None


class Directory(Protocol):
    def find(
        self,
        *,
        state: str | None,
        county: str | None,
        language: str,
        topic: str | None,
        now: datetime,
    ) -> list[Listing]:
        """Return every entry a family there may be shown, best first.

        Those whose staff speak the language come first, then those with an interpreter, then the
        rest; inside each, legal help before other kinds of help.
        """
        ...
