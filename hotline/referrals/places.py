"""Turn what a texter sends into a place the directory understands."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

HOME_STATE = "MA"
MASSACHUSETTS_COUNTIES = (
    "Barnstable",
    "Berkshire",
    "Bristol",
    "Dukes",
    "Essex",
    "Franklin",
    "Hampden",
    "Hampshire",
    "Middlesex",
    "Nantucket",
    "Norfolk",
    "Plymouth",
    "Suffolk",
    "Worcester",
)
ZIP_CODE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")


@dataclass(frozen=True)
class Place:
    """Where a family is, as far as a ZIP code tells."""

    zip_code: str
    state: str | None  # None: no such ZIP code
    county: str | None  # a county in the home state, without the word "County"

    @property
    def in_home_state(self) -> bool:
        return self.state == HOME_STATE


def as_zip_code(text: str) -> str | None:
    """Return the 5-digit ZIP code when the text is only that (ZIP+4 allowed)."""
    found = ZIP_CODE.match(text)
    return found.group(1) if found else None


@lru_cache(maxsize=4096)
def place_for_zip(zip_code: str) -> Place:
    """Look a ZIP code up in the bundled USPS data; no network, no database."""
    try:
        matches = zipcodes.matching(zip_code)  # type: ignore[no-untyped-call]
    except (TypeError, ValueError):
        matches = []
    if not matches:
        return Place(zip_code, None, None)
    found = matches[0]
    state = str(found.get("state") or "") or None
    county = str(found.get("county") or "").removesuffix(" County") or None
    if state != HOME_STATE or county not in MASSACHUSETTS_COUNTIES:
        county = None
    return Place(zip_code, state, county)
