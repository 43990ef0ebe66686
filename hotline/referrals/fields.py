"""The one description of a directory entry: every field's name, kind, length, allowed values,
default, and how a person sees it. The CSV reader and writer (csvfile.py), the admin's form and its
checks (admin/directory.py) and the model's column lengths (models.py) all come from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hotline.i18n import LANGUAGES
from hotline.languages import BY_CODE, LANGUAGE_LIST, SPOKEN_ONLY

from .kinds import FEES, KINDS, STATUSES
from .places import MASSACHUSETTS_COUNTIES


def N_(message: str) -> str:
    """Mark a label for the admin's catalogs; it is translated on the page."""
    return message


# The languages an entry's staff may speak: the launch languages (Chinese once: Traditional and
# Simplified are ways of writing it), then the others Massachusetts families speak (languages.py).
STAFF_LANGUAGES: dict[str, str] = {
    **{
        lang.code: lang.staff_name or (lang.english if lang.english == lang.native
                                       else f"{lang.english} · {lang.native}")
        for lang in LANGUAGE_LIST if lang.speaks == lang.code
    },
    **{code: name for code, name in SPOKEN_ONLY.items() if code not in BY_CODE},
}  # fmt: skip

US_STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "PR",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
]

# The time zones a Massachusetts directory needs, as a person names them.
TIME_ZONES: dict[str, str] = {
    "America/New_York": N_("Eastern (Boston, New York)"), "America/Chicago": N_("Central (Chicago)"),
    "America/Denver": N_("Mountain (Denver)"), "America/Phoenix": N_("Arizona (Phoenix)"),
    "America/Los_Angeles": N_("Pacific (Los Angeles)"),
    "America/Anchorage": N_("Alaska (Anchorage)"), "Pacific/Honolulu": N_("Hawaii (Honolulu)"),
    "America/Puerto_Rico": N_("Atlantic (Puerto Rico)"),
}  # fmt: skip

PRIORITY_RANGE = (-1000, 1000)
# Lists may not grow without bound: a spreadsheet row with 10,000 counties is a mistake.
MAX_LIST_ITEMS = 100


@dataclass(frozen=True)
class Field:
    """One field of a directory entry, as the model, the CSV and the form all see it."""

    name: str  # the model's attribute and the CSV's column
    label: str
    kind: (
        str  # text, phone, url, email, codes, counties, bool, int, date, choice, zone, hours, dates
    )
    max_length: int | None = None
    choices: dict[str, str] = field(default_factory=dict)  # code -> label, for codes and choice
    default: Any = None
    required: bool = False
    group: str = ""  # the form's fieldset
    help: str = ""
    column: str = ""  # the CSV column, when it is not the name


FEE_NAMES = (N_("Free"), N_("Sliding scale"), N_("Paid"))
STATUS_NAMES = (N_("Active"), N_("Paused"), N_("Retired"))
WHO, REACH, WHERE, WHEN = N_("Who"), N_("How to reach them"), N_("Where and for whom"), N_("When")

FIELDS: tuple[Field, ...] = (  # in the CSV's column order
    Field("external_id", N_("Id (stable, used by CSV imports)"), "text", 64, required=True,
          group=WHO, help=N_("Letters, digits, - and _. It never changes once saved.")),
    Field("organization", N_("Organization"), "text", 200, required=True, group=WHO),
    Field("service_name", N_("Service name"), "text", 200, group=WHO),
    Field("services", N_("Kinds of help"), "codes", choices=dict(KINDS), default=[], group=WHO),
    Field("phone", N_("Intake phone (shown in texts)"), "phone", 40, required=True, group=REACH),
    Field("hotline_phone", N_("Hotline phone"), "phone", 40, group=REACH),
    Field("after_hours_phone", N_("After-hours phone"), "phone", 40, group=REACH),
    Field("website", N_("Website"), "url", 300, group=REACH),
    Field("email", N_("Email"), "email", 200, group=REACH),
    Field("counties", N_("Counties served"), "counties",
          choices={f"MA:{c}": f"{c} County" for c in MASSACHUSETTS_COUNTIES}, default=[],
          group=WHERE),
    Field("states", N_("Whole states served"), "codes", choices={s: s for s in US_STATES},
          default=[], group=WHERE),
    Field("national", N_("Serves the whole country"), "bool", default=False, group=WHERE),
    Field("languages", N_("Languages staff speak"), "codes", choices=STAFF_LANGUAGES, default=[],
          group=WHERE),
    Field("interpretation", N_("Offers interpretation"), "bool", default=False, group=WHERE),
    Field("hours", N_("Hours"), "hours", 300, default="", group=WHEN,
          help=N_("Like Mon-Fri 9:00-17:00; Sat 10:00-13:00, or 24/7. Empty: not known.")),
    Field("timezone", N_("Time zone"), "zone", 64, choices=TIME_ZONES,
          default="America/New_York", group=WHEN),
    Field("closed_dates", N_("Closed dates"), "dates", default=[], group=WHEN,
          help=N_("Days the office is closed all day, like 2026-12-25; 2027-01-01.")),
    Field("accepting_new_cases", N_("Accepting new cases"), "bool", default=True, group=WHERE),
    Field("serves_detained", N_("Serves detained people"), "bool", default=True, group=WHERE),
    Field("serves_not_detained", N_("Serves people not detained"), "bool", default=True,
          group=WHERE),
    Field("fee", N_("Fee"), "choice", 16, choices=dict(zip(FEES, FEE_NAMES, strict=True)),
          default="free", group=WHERE),
    Field("accredited", N_("DOJ-recognized, accredited representatives"), "bool", default=False,
          group=WHERE),
    Field("status", N_("Status"), "choice", 16, choices=dict(zip(STATUSES, STATUS_NAMES, strict=True)),
          default="active", group=WHERE),
    Field("published", N_("Published (shown to texters)"), "bool", default=True, group=WHERE),
    Field("priority", N_("Priority (higher is a best bet)"), "int", default=0, group=WHERE,
          help=N_("A whole number from -1000 to 1000.")),
    Field("last_verified", N_("Last verified"), "date", group=WHEN),
    Field("verified_by", N_("Verified by"), "text", 200, group=WHEN),
    Field("alert", N_("Alert (temporary notice)"), "text", 300, group=WHEN),
    Field("is_demo", N_("Demo data"), "bool", default=False, group=WHERE, column="demo"),
)  # fmt: skip
BY_NAME = {found.name: found for found in FIELDS}
DESCRIPTION_COLUMNS = [f"description_{code}" for code in LANGUAGES]
# The longest description a text can carry in one line.
DESCRIPTION_LENGTH = 160


def column(found: Field) -> str:
    return found.column or found.name


def length(name: str) -> int:
    """A text field's maximum length: the model's column length too."""
    found = BY_NAME[name].max_length
    assert found is not None
    return found


def csv_columns() -> list[str]:
    """The CSV's columns, in order: the fields, with the descriptions after the kinds of help."""
    names = [column(found) for found in FIELDS]
    at = names.index("services") + 1
    return [*names[:at], *DESCRIPTION_COLUMNS, *names[at:]]
