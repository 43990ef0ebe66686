"""Hide small counts so that no one family can be singled out, and keep them hidden under a total.

The CMS cell rule: a count from 1 to MIN_COUNT - 1 is never shown (it reads "<11"); 0 is shown
(except in a table whose total is itself under MIN_COUNT, where every cell reads "<11"). A
table shown with its total would give a single hidden count away (total minus the rest), so a
second cell is hidden too ("hidden": a count of MIN_COUNT or more), chosen so that what is shown
leaves every hidden count with more than one possible value, even to a reader who knows these
rules; when no cell can do that, the total is hidden as well.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

DEFAULT_MIN_COUNT = 11
Key = TypeVar("Key", bound=Hashable)

SMALL, HIDDEN = "small", "hidden"  # why a count is not shown


@dataclass(frozen=True)
class Count:
    """A count as it may be shown: its value, or why it is hidden."""

    value: int
    why_hidden: str | None = None  # None: shown; SMALL: 1 to min-1; HIDDEN: to protect another

    @property
    def shown(self) -> bool:
        return self.why_hidden is None

    def display(self, min_count: int) -> str:
        if self.why_hidden == SMALL:
            return f"<{min_count}"
        if self.why_hidden == HIDDEN:
            return "hidden"
        return str(self.value)

    def safe(self) -> int | None:
        """The value, only when it may be shown."""
        return self.value if self.shown else None


def is_small(value: int, min_count: int) -> bool:
    return 0 < value < min_count


@dataclass(frozen=True)
class Table(Generic[Key]):
    """Counts by a key (a language, a day, ...), and their total, as they may be shown."""

    cells: dict[Key, Count]
    total: Count | None  # None: the table is shown without a total


def _ranges(
    hidden: Mapping[Key, int], why: Mapping[Key, str], shown_values: list[int], min_count: int,
    hidden_sum: int,
) -> dict[Key, tuple[float, float]]:  # fmt: skip
    """What a reader can tell of each hidden count from the rules and a known sum of them."""
    # A second hidden cell is the smallest count that was not small: at least min_count, and at
    # most the smallest count still shown.
    ceiling = float(min(shown_values)) if shown_values else float("inf")
    bounds = {
        key: (1.0, float(min_count - 1)) if why[key] == SMALL else (float(min_count), ceiling)
        for key in hidden
    }
    found = {}
    for key, (low, high) in bounds.items():
        others_low = sum(bounds[other][0] for other in hidden if other != key)
        others_high = sum(bounds[other][1] for other in hidden if other != key)
        found[key] = (max(low, hidden_sum - others_high), min(high, hidden_sum - others_low))
    return found


def _derivable(
    cells: Mapping[Key, int], why: Mapping[Key, str], total: int, min_count: int
) -> bool:
    hidden = {key: cells[key] for key in why}
    shown = [value for key, value in cells.items() if key not in why and value > 0]
    hidden_sum = total - sum(value for key, value in cells.items() if key not in why)
    ranges = _ranges(hidden, why, shown, min_count, hidden_sum)
    return any(low >= high for low, high in ranges.values())


def protect(cells: Mapping[Key, int], min_count: int, *, with_total: bool = True) -> Table[Key]:
    """Hide small counts, and enough more that the total shown gives none of them away.

    `with_total`: the table is shown with its total (the sum of its cells).
    """
    why: dict[Key, str] = {key: SMALL for key, value in cells.items() if is_small(value, min_count)}
    total = sum(cells.values())
    total_why = SMALL if is_small(total, min_count) else None
    if with_total and total_why == SMALL:
        # A small total under small cells would tell how many cells are not 0, and so, at the
        # extreme (ten cells under "<11"), that each is 1: zeros read "<11" here too (it is true).
        why = dict.fromkeys(cells, SMALL)
    elif with_total and why:
        while _derivable(cells, why, total, min_count):
            candidates = [key for key, value in cells.items() if key not in why and value > 0]
            if not candidates:
                total_why = HIDDEN
                break
            why[min(candidates, key=lambda key: cells[key])] = HIDDEN
    return Table(
        {key: Count(value, why.get(key)) for key, value in cells.items()},
        Count(total, total_why) if with_total else None,
    )


def single(value: int, min_count: int) -> Count:
    """A count shown on its own."""
    return Count(value, SMALL if is_small(value, min_count) else None)
