"""Every reply the hotline can send, per language, with its SMS cost and its budget.

Used by the segment test, by `hotline segments` and by translators checking a catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hotline.i18n import LANGUAGES
from hotline.referrals.listing import Listing
from hotline.segments import Segments, count_segments

from .engine import respond
from .state import Inbound, State, Step

MENU_BUDGET = 3
TOPIC_BUDGET = 4
# The first reply carries the welcome, the privacy line, the whole menu and how to stop: in UCS-2
# languages that cannot fit 4 segments without cutting the menu, so it gets one more.
WELCOME_BUDGET = 5

# A referral reply is measured with names as long as a real directory's longer ones, and with
# every kind of status line: open now, opens later, not recently verified.
_MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/New_York"))
SAMPLE_LISTINGS = [
    Listing(1, "Demo Immigrant Defense Project of Bristol", "508-555-0101", open_now=True),
    Listing(2, "Demo Prisoners' Rights Legal Services", "617-555-0102", opens_at=_MONDAY_9),
    Listing(
        3, "Demo Statewide Detention Bond Fund", "413-555-0103", opens_at=_MONDAY_9, stale=True
    ),
    Listing(4, "Demo Rapid Response Line", "617-555-0104", open_now=True),
]


class _SampleDirectory:
    def find(
        self,
        *,
        state: str | None,
        county: str | None,
        language: str,
        topic: str | None,
        now: datetime,
    ) -> list[Listing]:
        return list(SAMPLE_LISTINGS)


@dataclass(frozen=True)
class Measured:
    language: str
    reply: str
    text: str
    budget: int
    segments: Segments

    @property
    def over(self) -> bool:
        return self.segments.count > self.budget


# (name, what the texter sends, step before it, opted out before it, budget)
_SCRIPT: list[tuple[str, str, Step | None, bool, int]] = [
    ("welcome", "__first__", None, False, WELCOME_BUDGET),
    ("menu", "MENU", Step.MENU, False, MENU_BUDGET),
    ("help", "HELP", Step.MENU, False, MENU_BUDGET),
    ("language menu", "LANG", Step.MENU, False, MENU_BUDGET),
    ("topic 1", "1", Step.MENU, False, TOPIC_BUDGET),
    ("topic 2", "2", Step.MENU, False, TOPIC_BUDGET),
    ("topic 3", "3", Step.MENU, False, TOPIC_BUDGET),
    ("topic 4", "4", Step.MENU, False, TOPIC_BUDGET),
    ("ask place", "5", Step.MENU, False, MENU_BUDGET),
    ("ask ZIP again", "hello there", Step.PLACE, False, MENU_BUDGET),
    ("referrals", "02720", Step.MENU, False, TOPIC_BUDGET),
    ("referrals, town", "Fall River", Step.PLACE, False, TOPIC_BUDGET),
    ("referrals, MORE", "MORE", Step.MENU, False, TOPIC_BUDGET),
    ("referrals, unknown ZIP", "00000", Step.MENU, False, TOPIC_BUDGET),
    ("referrals, other state", "10001", Step.MENU, False, TOPIC_BUDGET),
    ("not understood", "qwerty", Step.MENU, False, TOPIC_BUDGET),
    ("only text", "", Step.MENU, False, MENU_BUDGET),
    ("welcome back", "START", Step.MENU, True, TOPIC_BUDGET),
    ("deleted", "DELETE", Step.MENU, False, MENU_BUDGET),
]

_FIRST_WORDS = {
    "en": "English",
    "es": "Español",
    "pt": "Português",
    "ht": "Kreyòl",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "ar": "العربية",
    "fr": "Français",
}


def measure(language: str) -> Iterator[Measured]:
    """Drive the engine through every kind of reply in one language."""
    now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    for name, sent, step, opted_out, budget in _SCRIPT:
        if step is None:
            outcome = respond(None, Inbound(_FIRST_WORDS[language]), now, _SampleDirectory())
        else:
            area = "MA:Bristol" if sent == "MORE" else None
            state = State(
                language, step=step, opted_out=opted_out, last_seen=now, area=area, shown=3
            )
            outcome = respond(state, Inbound(sent, has_media=not sent), now, _SampleDirectory())
        for text in outcome.replies:
            yield Measured(language, name, text, budget, count_segments(text))


def table(languages: list[str] | None = None) -> tuple[str, list[Measured]]:
    """Return the printable table of segments per reply and language, and every measurement."""
    languages = languages or list(LANGUAGES)
    rows = [m for language in languages for m in measure(language)]
    names = list(dict.fromkeys(m.reply for m in rows))
    cell = {(m.reply, m.language): m for m in rows}
    head = f"{'reply':24} {'max':>3} " + " ".join(f"{code:>5}" for code in languages)
    lines = [head, "-" * len(head)]
    for name in names:
        budget = next(m.budget for m in rows if m.reply == name)
        cells = []
        for code in languages:
            found = cell.get((name, code))
            mark = "!" if found and found.over else " "
            cells.append(f"{found.segments.count if found else '-':>4}{mark}")
        lines.append(f"{name:24} {budget:>3} " + " ".join(cells))
    worst = " ".join(
        f"{max(m.segments.count for m in rows if m.language == code):>5}" for code in languages
    )
    lines.append(f"{'worst':24} {'':>3} {worst}")
    lines.append("(! over budget; UCS-2 parts hold 67 characters, GSM-7 parts 153)")
    return "\n".join(lines), rows
