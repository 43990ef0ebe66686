"""The CMS cell rule on released numbers: a value under MIN_COUNT reads "<11".

Released numbers carry differential-privacy noise (hotline.stats.release), so hiding protects
nothing by itself any more: it keeps readers from taking a small noisy number (which may be 0, or
below 0) at face value. A value is hidden the same way wherever it appears, and totals are sums of
released cells, hidden by the same rule.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

DEFAULT_MIN_COUNT = 11
Key = TypeVar("Key", bound=Hashable)

SMALL = "small"  # why a number is not shown
Z90 = 1.645  # a 90% interval is this many standard deviations either side


@dataclass(frozen=True)
class Noisy:
    """A sum of released cells: its value, and how many cells' noise it carries."""

    value: int
    cells: int = 1

    def __add__(self, other: Noisy) -> Noisy:
        return Noisy(self.value + other.value, self.cells + other.cells)

    def __sub__(self, other: Noisy) -> Noisy:
        """Take out a part of this sum (its noise goes with it)."""
        return Noisy(self.value - other.value, max(self.cells - other.cells, 0))

    def margin(self, cell_deviation: float) -> int:
        """Half the width of a 90% interval around the value (independent noise in each cell)."""
        return round(Z90 * cell_deviation * math.sqrt(self.cells))


NONE = Noisy(0, 0)


@dataclass(frozen=True)
class Count:
    """A released number as it may be shown: its value, or why it is hidden."""

    value: int
    why_hidden: str | None = None  # None: shown; SMALL: under the minimum
    margin: int = 0  # half the width of its 90% interval, from the noise

    @property
    def shown(self) -> bool:
        return self.why_hidden is None

    def display(self, min_count: int) -> str:
        return f"<{min_count}" if self.why_hidden == SMALL else str(self.value)


def single(value: int | Noisy, min_count: int, deviation: float = 0.0) -> Count:
    """A number shown on its own: hidden when under the minimum (a noisy 0 or less included)."""
    found = value if isinstance(value, Noisy) else Noisy(value, 0)
    why = SMALL if found.value < min_count else None
    return Count(found.value, why, found.margin(deviation))


@dataclass(frozen=True)
class Table(Generic[Key]):
    """Released numbers by a key (a language, a week, ...), and their total, as they may be shown."""

    cells: dict[Key, Count]
    total: Count | None  # None: the table is shown without a total


def table(
    values: Mapping[Key, int | Noisy], min_count: int, deviation: float = 0.0,
    *, with_total: bool = True,
) -> Table[Key]:  # fmt: skip
    """Each value and the total (their sum) under the rule, with their margins."""
    noisy = {key: v if isinstance(v, Noisy) else Noisy(v, 0) for key, v in values.items()}
    total = single(sum(noisy.values(), NONE), min_count, deviation) if with_total else None
    return Table({key: single(v, min_count, deviation) for key, v in noisy.items()}, total)
