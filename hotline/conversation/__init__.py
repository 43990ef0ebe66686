"""The pure conversation engine: `respond(state, inbound, now, directory) -> Outcome`."""

from .engine import respond
from .state import Event, EventKind, Inbound, LanguageSource, Outcome, State, Step

__all__ = [
    "Event", "EventKind", "Inbound", "LanguageSource", "Outcome", "State", "Step", "respond"
]  # fmt: skip
