"""The directory's CSV format: one row per entry, lists separated by ";". See docs/directory-csv.md.

Shared by `hotline referrals import/export` and the staff web app. Import checks every row before it
changes anything, and re-importing an exported file changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.accounts import Actor, audit
from hotline.i18n import LANGUAGES
from hotline.models import Referral
from hotline.said import N_, Said, SaidError
from hotline.text import has_controls

from .fields import (
    DESCRIPTION_LENGTH,
    FIELDS,
    MAX_LIST_ITEMS,
    PRIORITY_RANGE,
    Field,
    column,
    csv_columns,
)
from .hours import HoursError, format_hours, parse_hours
from .places import HOME_STATE, MASSACHUSETTS_COUNTIES

LIST_SEPARATOR = ";"
COLUMNS = csv_columns()
REQUIRED = tuple(column(found) for found in FIELDS if found.required)
_BOOLEANS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
             "false": False, "0": False}  # fmt: skip
_PHONE = re.compile(r"^[0-9+()\-. ]{3,40}$")
_STATE = re.compile(r"^[A-Z]{2}$")
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9_.:-]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
# A spreadsheet runs a cell starting with one of these as a formula: such cells are written with a
# leading apostrophe (shown as text, and dropped again on import).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


class CsvError(SaidError):
    """The file as a whole cannot be read (no header, missing columns)."""


@dataclass
class RowProblem:
    line: int  # the line in the file, the header being line 1
    external_id: str
    reasons: list[Said]

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


Cell = tuple[Any, list[Said]]  # a cell's value for the model, and what is wrong with it


def _list(found: Field, text: str, today: date) -> Cell:
    items = _split(text)
    name = column(found)
    if len(items) > MAX_LIST_ITEMS:
        return [], [Said(N_("%(name)s lists more than %(most)s values"), name=name,
                         most=MAX_LIST_ITEMS)]  # fmt: skip
    if found.kind == "dates":
        bad = [item for item in items if _date(item) is None]
        return sorted(items), [
            Said(N_("closed date %(item)r is not a date like 2026-12-25"), item=item)
            for item in bad
        ]
    if found.kind == "counties":
        return items, _county_problems(items)
    unknown = [item for item in items if item not in found.choices]
    if unknown:
        allowed = ", ".join(found.choices)
        return items, [Said(N_("%(name)s: unknown %(unknown)s (use: %(allowed)s)"), name=name,
                            unknown=", ".join(unknown), allowed=allowed)]  # fmt: skip
    return items, []


def _bool(found: Field, text: str, today: date) -> Cell:
    if not text:
        return found.default, []
    if text.lower() not in _BOOLEANS:
        return found.default, [Said(N_("%(name)s must be yes or no, not %(text)r"),
                                    name=column(found), text=text)]  # fmt: skip
    return _BOOLEANS[text.lower()], []


def _int(found: Field, text: str, today: date) -> Cell:
    low, high = PRIORITY_RANGE
    try:
        number = int(text or found.default or 0)
    except ValueError:
        return found.default, [Said(N_("%(name)s must be a whole number, not %(text)r"),
                                    name=column(found), text=text)]  # fmt: skip
    if not low <= number <= high:
        return found.default, [Said(N_("%(name)s must be from %(low)s to %(high)s"),
                                    name=column(found), low=low, high=high)]  # fmt: skip
    return number, []


def _day(found: Field, text: str, today: date) -> Cell:
    day = _date(text)
    if text and day is None:
        return None, [Said(N_("%(name)s %(text)r is not a date like 2026-11-28"),
                           name=column(found), text=text)]  # fmt: skip
    if day is not None and day > today:
        return None, [Said(N_("%(name)s cannot be in the future"), name=column(found))]
    return day, []


def _choice(found: Field, text: str, today: date) -> Cell:
    value = text or found.default
    if value not in found.choices:
        return found.default, [Said(N_("%(name)s must be one of %(choices)s"),
                                    name=column(found), choices=", ".join(found.choices))]  # fmt: skip
    return value, []


def _zone(found: Field, text: str, today: date) -> Cell:
    """One of the zones the form offers, or any other the time zone database knows."""
    value = text or found.default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return found.default, [
            Said(N_("timezone %(value)r is not a time zone like America/New_York"), value=value)
        ]
    return value, []


def _hours(found: Field, text: str, today: date) -> Cell:
    try:
        return format_hours(parse_hours(text)), []
    except HoursError as problem:
        return "", [Said(N_("hours: %(problem)s"), problem=problem.messages[0])]


# A text kind's pattern, and how to say a cell does not match it.
_PATTERNS = {
    "phone": (_PHONE, N_("%(name)s %(text)r is not a phone number")),
    "url": (_URL, N_("%(name)s %(text)r is not a web address like https://example.org")),
    "email": (_EMAIL, N_("%(name)s %(text)r is not an email address")),
}


def _text(found: Field, text: str, today: date) -> Cell:
    name = column(found)
    if found.required and not text:
        return text, [Said(N_("%(name)s is required"), name=name)]
    pattern, problem = _PATTERNS.get(found.kind, (None, ""))
    if pattern is not None and text and not pattern.match(text):
        return text, [Said(problem, name=name, text=text)]
    if name == "external_id" and not _EXTERNAL_ID.match(text):
        return text, [Said(N_("external_id may use letters, digits, - _ . and : only"))]
    return (text or None) if not found.required else text, []


_CHECKS = {
    "codes": _list, "counties": _list, "dates": _list, "bool": _bool, "int": _int, "date": _day,
    "choice": _choice, "zone": _zone, "hours": _hours,
}  # fmt: skip


def _check(found: Field, text: str, today: date) -> Cell:
    """One cell: its value for the model, and what is wrong with it, by the field's kind."""
    name = column(found)
    if has_controls(text):
        return found.default, [Said(
            N_("%(name)s holds a control character (a tab, a line break, a NUL) or a direction mark"),
            name=name,
        )]  # fmt: skip
    if found.max_length is not None and len(text) > found.max_length:
        return found.default, [Said(N_("%(name)s is longer than %(most)s characters"), name=name,
                                    most=found.max_length)]  # fmt: skip
    return _CHECKS.get(found.kind, _text)(found, text, today)


def _county_problems(items: list[str]) -> list[Said]:
    problems = []
    for county in items:
        state, _, name = county.partition(":")
        if not _STATE.match(state) or not name:
            problems.append(Said(N_("county %(county)r must be written STATE:County, like MA:Bristol"),
                                 county=county))  # fmt: skip
        elif state == HOME_STATE and name not in MASSACHUSETTS_COUNTIES:
            problems.append(Said(N_("%(name)r is not a Massachusetts county"), name=name))
    return problems


def check_row(
    raw: Mapping[str, str | None], today: date | None = None
) -> tuple[dict[str, Any], list[Said]]:
    """Check one entry given as CSV cells (the admin's form gives the same cells): values, problems.

    Every rule comes from the fields' description (referrals/fields.py).
    """
    today = today or date.today()
    cells = {name: _unformula((raw.get(name) or "").strip()) for name in COLUMNS}
    row: dict[str, Any] = {}
    reasons: list[Said] = []
    for found in FIELDS:
        value, problems = _check(found, cells[column(found)], today)
        row[found.name] = value
        reasons += problems
    descriptions = {}
    for code in LANGUAGES:
        text = cells[f"description_{code}"]
        if len(text) > DESCRIPTION_LENGTH or has_controls(text):
            reasons.append(Said(N_("%(name)s must be one line of at most %(most)s"),
                                name=f"description_{code}", most=DESCRIPTION_LENGTH))  # fmt: skip
        elif text:
            descriptions[code] = text
    row["descriptions"] = descriptions
    return row, reasons


def read_rows(text: str) -> Checked:
    """Read and check every row of a CSV text; nothing is stored."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None:
        raise CsvError(Said(N_("the file is empty: the first line must name the columns")))
    missing = [name for name in REQUIRED if name not in reader.fieldnames]
    if missing:
        raise CsvError(Said(N_("the header lacks the column(s) %(missing)s"),
                            missing=", ".join(missing)))  # fmt: skip
    unknown = [name for name in reader.fieldnames if name not in COLUMNS]
    if unknown:
        raise CsvError(Said(N_("unknown column(s) %(unknown)s; the columns are: %(columns)s"),
                            unknown=", ".join(unknown), columns=", ".join(COLUMNS)))  # fmt: skip
    checked = Checked()
    seen: dict[str, int] = {}
    try:
        for raw in reader:
            _read_row(reader.line_num, raw, checked, seen)
    except csv.Error as problem:  # a cell over csv's own limit (131,072 characters), a stray NUL
        if "field larger than field limit" in str(problem):  # found before its line is counted
            raise CsvError(Said(N_("line %(line)s has a cell longer than %(most)s characters"),
                                line=reader.line_num + 1,
                                most=f"{csv.field_size_limit():,}")) from problem  # fmt: skip
        raise CsvError(Said(N_("line %(line)s cannot be read as CSV (%(problem)s)"),
                            line=reader.line_num, problem=str(problem))) from problem  # fmt: skip
    return checked


def _read_row(line: int, raw: dict[Any, Any], checked: Checked, seen: dict[str, int]) -> None:
    row, reasons = check_row(raw)
    if None in raw:
        reasons.append(Said(N_("more cells than columns")))
    if row["external_id"] in seen:
        reasons.append(Said(N_("external_id repeats row %(row)s"), row=seen[row["external_id"]]))
    seen.setdefault(row["external_id"], line)
    if reasons:
        checked.problems.append(RowProblem(line, row["external_id"], reasons))
    checked.rows.append(row)


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int


def same(old: Any, new: Any) -> bool:
    """Whether a stored value and a new one mean the same: a list's order carries no meaning."""
    if isinstance(old, list) and isinstance(new, list):
        return sorted(old) == sorted(new)
    return bool(old == new)


def differences(entry: Referral, row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a row that would change an entry."""
    return {name: value for name, value in row.items() if not same(getattr(entry, name), value)}


@dataclass(frozen=True)
class Change:
    external_id: str
    organization: str
    fields: dict[str, tuple[Any, Any]]  # name -> (now, after the import)


@dataclass(frozen=True)
class Preview:
    """What an import would do, before it does it."""

    added: list[tuple[str, str]]  # (external id, organization)
    changed: list[Change]
    retired: list[Change]  # changes that set the status to retired
    unchanged: int


# Ids asked for in one statement: PostgreSQL takes at most 65,535 parameters in one, and a 2 MB file
# can hold 78,000 short rows (one IN of them all failed there, after a clean preview).
IDS_PER_QUERY = 10_000


def _existing(session: Session, ids: list[str]) -> dict[str, Referral]:
    """The entries these external ids name, by id, asked for a few thousand at a time."""
    found: dict[str, Referral] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        wanted = ids[start : start + IDS_PER_QUERY]
        found.update(
            (entry.external_id, entry)
            for entry in session.scalars(select(Referral).where(Referral.external_id.in_(wanted)))
        )
    return found


def preview(session: Session, rows: list[dict[str, Any]]) -> Preview:
    """Compare checked rows with the directory, changing nothing (the same rule store() applies)."""
    ids = [row["external_id"] for row in rows]
    existing = _existing(session, ids)
    added: list[tuple[str, str]] = []
    changed: list[Change] = []
    retired: list[Change] = []
    unchanged = 0
    for row in rows:
        entry = existing.get(row["external_id"])
        if entry is None:
            added.append((row["external_id"], row["organization"]))
            continue
        differs = differences(entry, row)
        if not differs:
            unchanged += 1
            continue
        change = Change(entry.external_id, entry.organization, {
            name: (plain(getattr(entry, name)), plain(value)) for name, value in differs.items()
        })  # fmt: skip
        (retired if differs.get("status") == "retired" else changed).append(change)
    return Preview(added, changed, retired, unchanged)


def plain(value: Any) -> Any:
    """A value as the audit log keeps it (dates as text)."""
    return value.isoformat() if isinstance(value, date) else value


def store(
    session: Session,
    rows: Iterable[dict[str, Any]],
    actor: Actor | None,
    source: str | None = None,
) -> ImportResult:
    """Insert or update entries by external id, in the caller's transaction.

    The admin's form, imports and the demo seed all save through here, so every added or changed
    entry is audited the same way: each field changed, with its old and new value, and where the
    change came from when it was not the form (`source`: a file's name, or "seed-demo").
    """
    origin = {"source": source} if source else {}
    rows = list(rows)
    ids = [row["external_id"] for row in rows]
    existing = _existing(session, ids)
    added = changed = unchanged = 0
    for row in rows:
        entry = existing.get(row["external_id"])
        if entry is None:
            session.add(Referral(**row))
            audit(session, actor, "referral_created", row["external_id"], **origin,
                  **{name: [None, plain(value)] for name, value in row.items()})  # fmt: skip
            added += 1
            continue
        differs = differences(entry, row)
        if differs:
            audit(session, actor, "referral_changed", entry.external_id, **origin,
                  **{name: [plain(getattr(entry, name)), plain(value)]
                     for name, value in differs.items()})  # fmt: skip
            changed += 1
        else:
            unchanged += 1
        for name, value in differs.items():
            setattr(entry, name, value)
    return ImportResult(added, changed, unchanged)


def cell(value: Any) -> str:
    """A value as its CSV cell (and the admin's form field): yes/no, lists joined by "; "."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs: '=HYPERLINK(...) is text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unformula(text: str) -> str:
    """Undo _safe: the apostrophe a written cell carries is not part of the value."""
    return text[1:] if text.startswith("'") else text


def as_cells(entry: Referral) -> dict[str, str]:
    """An entry as the CSV cells (and the admin's form fields) that describe it, unescaped."""
    row = {column(found): cell(getattr(entry, found.name)) for found in FIELDS}
    for code in LANGUAGES:
        row[f"description_{code}"] = entry.descriptions.get(code, "")
    return row


def write_rows(entries: Iterable[Referral]) -> str:
    """Write entries in the CSV format, sorted by external id; no cell can run as a formula."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in sorted(entries, key=lambda found: found.external_id):
        writer.writerow({name: _safe(value) for name, value in as_cells(entry).items()})
    return out.getvalue()
