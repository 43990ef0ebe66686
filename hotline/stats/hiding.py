"""The CMS cell rule on released numbers: a value under MIN_COUNT reads "<11".

Released numbers carry differential-privacy noise (hotline.stats.release), so hiding protects
nothing by itself any more: it keeps readers from taking a small noisy number (which may be 0, or
below 0) at face value. A value is hidden the same way wherever it appears, and totals are sums of
released cells, hidden by the same rule.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

DEFAULT_MIN_COUNT = 11
Key = TypeVar("Key", bound=Hashable)

SMALL = "small"  # why a number is not shown


@dataclass(frozen=True)
class Count:
    """A released number as it may be shown: its value, or why it is hidden."""

    value: int
    why_hidden: str | None = None  # None: shown; SMALL: under the minimum

    @property
    def shown(self) -> bool:
        return self.why_hidden is None

    def display(self, min_count: int) -> str:
        return f"<{min_count}" if self.why_hidden == SMALL else str(self.value)


def single(value: int, min_count: int) -> Count:
    """A number shown on its own: hidden when under the minimum (a noisy 0 or less included)."""
    return Count(value, SMALL if value < min_count else None)


@dataclass(frozen=True)
class Table(Generic[Key]):
    """Released numbers by a key (a language, a week, ...), and their total, as they may be shown."""

    cells: dict[Key, Count]
    total: Count | None  # None: the table is shown without a total


def table(values: Mapping[Key, int], min_count: int, *, with_total: bool = True) -> Table[Key]:
    """Each value and the total (their sum) under the rule."""
    total = single(sum(values.values()), min_count) if with_total else None
    return Table({key: single(value, min_count) for key, value in values.items()}, total)
