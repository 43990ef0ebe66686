"""The pure conversation engine: `respond(state, inbound, now, directory) -> Outcome`."""

from .engine import never_dropped, respond
from .state import Event, EventKind, Inbound, LanguageSource, Outcome, State, Step

__all__ = [
    "Event", "EventKind", "Inbound", "LanguageSource", "Outcome", "State", "Step", "never_dropped",
    "respond",
]  # fmt: skip
