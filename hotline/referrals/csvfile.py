"""The directory's CSV format: one row per entry, lists separated by ";". See docs/directory-csv.md.

Shared by `hotline referrals import/export` and the staff web app. Import checks every row before it
changes anything, and re-importing an exported file changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.i18n import LANGUAGES
from hotline.models import Referral

from .hours import HoursError, format_hours, parse_hours
from .kinds import FEES, KINDS, STATUSES
from .places import HOME_STATE, MASSACHUSETTS_COUNTIES

LIST_SEPARATOR = ";"
DESCRIPTION_COLUMNS = [f"description_{code}" for code in LANGUAGES]
COLUMNS = [
    "external_id", "organization", "service_name", "services", *DESCRIPTION_COLUMNS,
    "phone", "hotline_phone", "after_hours_phone", "website", "email",
    "counties", "states", "national", "languages", "interpretation",
    "hours", "timezone", "closed_dates", "accepting_new_cases", "serves_detained",
    "serves_not_detained", "fee", "accredited", "status", "published", "priority",
    "last_verified", "verified_by", "alert", "demo",
]  # fmt: skip
REQUIRED = ("external_id", "organization", "phone")
_BOOLEANS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
             "false": False, "0": False}  # fmt: skip
_BOOLEAN_COLUMNS = {
    "national": False, "interpretation": False, "accepting_new_cases": True,
    "serves_detained": True, "serves_not_detained": True, "accredited": False,
    "published": True, "demo": False,
}  # fmt: skip
_TEXT_COLUMNS = ("service_name", "hotline_phone", "after_hours_phone", "website", "email",
                 "verified_by", "alert")  # fmt: skip
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_STATE = re.compile(r"^[A-Z]{2}$")
_PHONE = re.compile(r"^[0-9+()\-. ]{3,40}$")


class CsvError(ValueError):
    """The file as a whole cannot be read (no header, missing columns)."""


@dataclass
class RowProblem:
    line: int  # the line in the file, the header being line 1
    external_id: str
    reasons: list[str]

    def __str__(self) -> str:
        who = f" ({self.external_id})" if self.external_id else ""
        return f"row {self.line}{who}: " + "; ".join(self.reasons)


@dataclass
class Checked:
    """Every row read from a file: the values to store, and the problems that stop the import."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def check_row(raw: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Check one entry given as CSV cells (the admin's form uses the same cells): values, problems."""
    value = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    reasons = [f"{name} is required" for name in REQUIRED if not value[name]]
    row: dict[str, Any] = {
        "external_id": value["external_id"],
        "organization": value["organization"],
    }
    if len(value["external_id"]) > 64:
        reasons.append("external_id is longer than 64 characters")
    row["phone"] = value["phone"]
    for name in ("phone", "hotline_phone", "after_hours_phone"):
        if value[name] and not _PHONE.match(value[name]):
            reasons.append(f"{name} {value[name]!r} is not a phone number")
    for name in _TEXT_COLUMNS:
        row[name] = value[name] or None
    row["descriptions"] = {
        code: value[f"description_{code}"] for code in LANGUAGES if value[f"description_{code}"]
    }
    row["services"] = _split(value["services"])
    unknown = [kind for kind in row["services"] if kind not in KINDS]
    if unknown:
        reasons.append(f"unknown kind of help {', '.join(unknown)} (use: {', '.join(KINDS)})")
    row["counties"] = _split(value["counties"])
    for county in row["counties"]:
        state, _, name = county.partition(":")
        if not _STATE.match(state) or not name:
            reasons.append(f"county {county!r} must be written STATE:County, like MA:Bristol")
        elif state == HOME_STATE and name not in MASSACHUSETTS_COUNTIES:
            reasons.append(f"{name!r} is not a Massachusetts county")
    row["states"] = _split(value["states"])
    bad_states = [state for state in row["states"] if not _STATE.match(state)]
    if bad_states:
        reasons.append(f"states must be two-letter codes, not {', '.join(bad_states)}")
    row["languages"] = _split(value["languages"])
    bad_languages = [code for code in row["languages"] if not _LANGUAGE_CODE.match(code)]
    if bad_languages:
        reasons.append(f"languages must be ISO codes like es or pt, not {', '.join(bad_languages)}")
    for name, default in _BOOLEAN_COLUMNS.items():
        if not value[name]:
            row[name] = default
        elif value[name].lower() in _BOOLEANS:
            row[name] = _BOOLEANS[value[name].lower()]
        else:
            reasons.append(f"{name} must be yes or no, not {value[name]!r}")
    row["is_demo"] = row.pop("demo", False)
    try:
        row["hours"] = format_hours(parse_hours(value["hours"]))
    except HoursError as problem:
        reasons.append(f"hours: {problem}")
    row["timezone"] = value["timezone"] or "America/New_York"
    try:
        ZoneInfo(row["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        reasons.append(f"timezone {row['timezone']!r} is not a time zone like America/New_York")
    row["closed_dates"] = sorted(_split(value["closed_dates"]))
    for day in row["closed_dates"]:
        if _date(day) is None:
            reasons.append(f"closed date {day!r} is not a date like 2026-12-25")
    row["last_verified"] = _date(value["last_verified"])
    if value["last_verified"] and row["last_verified"] is None:
        reasons.append(f"last_verified {value['last_verified']!r} is not a date like 2026-11-28")
    row["fee"] = value["fee"] or "free"
    if row["fee"] not in FEES:
        reasons.append(f"fee must be one of {', '.join(FEES)}")
    row["status"] = value["status"] or "active"
    if row["status"] not in STATUSES:
        reasons.append(f"status must be one of {', '.join(STATUSES)}")
    try:
        row["priority"] = int(value["priority"] or 0)
    except ValueError:
        reasons.append(f"priority must be a whole number, not {value['priority']!r}")
    return row, reasons


def read_rows(text: str) -> Checked:
    """Read and check every row of a CSV text; nothing is stored."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None:
        raise CsvError("the file is empty: the first line must name the columns")
    missing = [name for name in REQUIRED if name not in reader.fieldnames]
    if missing:
        raise CsvError(f"the header lacks the column(s) {', '.join(missing)}")
    unknown = [name for name in reader.fieldnames if name not in COLUMNS]
    if unknown:
        raise CsvError(
            f"unknown column(s) {', '.join(unknown)}; the columns are: {', '.join(COLUMNS)}"
        )
    checked = Checked()
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        row, reasons = check_row(raw)
        if None in raw:
            reasons.append("more cells than columns")
        if row["external_id"] in seen:
            reasons.append(f"external_id repeats row {seen[row['external_id']]}")
        seen.setdefault(row["external_id"], line)
        if reasons:
            checked.problems.append(RowProblem(line, row["external_id"], reasons))
        checked.rows.append(row)
    return checked


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int


def store(session: Session, rows: Iterable[dict[str, Any]]) -> ImportResult:
    """Insert or update entries by external id, in the caller's transaction."""
    rows = list(rows)
    ids = [row["external_id"] for row in rows]
    existing = {
        entry.external_id: entry
        for entry in session.scalars(select(Referral).where(Referral.external_id.in_(ids)))
    }
    added = changed = unchanged = 0
    for row in rows:
        entry = existing.get(row["external_id"])
        if entry is None:
            session.add(Referral(**row))
            added += 1
            continue
        differs = {name: value for name, value in row.items() if getattr(entry, name) != value}
        for name, value in differs.items():
            setattr(entry, name, value)
        if differs:
            changed += 1
        else:
            unchanged += 1
    return ImportResult(added, changed, unchanged)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def as_cells(entry: Referral) -> dict[str, str]:
    """An entry as the CSV cells (and the admin's form fields) that describe it."""
    row = {name: _cell(getattr(entry, name, None)) for name in COLUMNS if hasattr(Referral, name)}
    for code in LANGUAGES:
        row[f"description_{code}"] = entry.descriptions.get(code, "")
    row["demo"] = _cell(entry.is_demo)
    return row


def write_rows(entries: Iterable[Referral]) -> str:
    """Write entries in the CSV format, sorted by external id."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in sorted(entries, key=lambda found: found.external_id):
        row = {
            name: _cell(getattr(entry, name, None)) for name in COLUMNS if hasattr(Referral, name)
        }
        for code in LANGUAGES:
            row[f"description_{code}"] = entry.descriptions.get(code, "")
        row["demo"] = _cell(entry.is_demo)
        writer.writerow(row)
    return out.getvalue()
