"""Differential-privacy noise from OpenDP: integer (discrete) Laplace noise on usage cells.

OpenDP is the maintained library of the OpenDP project (Harvard IQSS and partners): its samplers
are exact and draw from the operating system's secure randomness, and each measurement states its
own privacy map, which is checked here against the bound we claim. It is imported on first use:
the webhook needs it only to seed a new week's counters.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib.metadata import version
from typing import Any

from .cells import EPSILON, SCALE, WEEKLY_UNITS

MECHANISM = f"OpenDP {version('opendp')} discrete Laplace, scale {SCALE:g}"


@cache
def _laplace() -> Any:
    import opendp.prelude as dp

    dp.enable_features("contrib")
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=SCALE
    )
    # The library's own accounting: one family's WEEKLY_UNITS over a week cost at most EPSILON.
    spent = measurement.map(WEEKLY_UNITS)  # type: ignore[no-untyped-call]
    if spent > EPSILON + 1e-9:
        raise RuntimeError(f"noise of scale {SCALE} gives epsilon {spent}, not {EPSILON}")
    return measurement


def noisy(values: list[int]) -> list[int]:
    """Each value plus its own fresh noise, drawn once."""
    if not values:
        return []
    return [int(value) for value in _laplace()(values)]


_pool: list[int] = []
_pool_lock = threading.Lock()
POOL_SIZE = 256


def seed() -> int:
    """One fresh noise value, for a counter cell created mid-week (drawn in batches: it is cheaper)."""
    with _pool_lock:
        if not _pool:
            _pool.extend(noisy([0] * POOL_SIZE))
        return _pool.pop()
