"""What the conversation engine needs from the directory, without knowing how it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Listing:
    """One directory entry, as a text shows it."""

    id: int
    name: str
    phone: str


class Directory(Protocol):
    def near(self, county: str | None, language: str, limit: int) -> list[Listing]:
        """Return the best entries for a county (None: statewide only), best first."""
        ...
