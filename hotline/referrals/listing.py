"""What the conversation engine needs from the directory, without knowing how it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Listing:
    """One directory entry, as a text shows it."""

    id: int
    name: str
    phone: str
    open_now: bool = False
    opens_at: datetime | None = None  # in the entry's own time zone
    stale: bool = False  # not verified within HOTLINE_REFERRAL_MAX_AGE_DAYS


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
        """Return every entry a family there may be shown, best first."""
        ...
