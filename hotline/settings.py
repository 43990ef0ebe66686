"""The hotline's own settings, set by an administrator: who runs it and whom HELP names.

Kept in the database (table `setting`), changed in the web admin (/admin/settings) or with
`hotline settings set KEY VALUE`, and every change is in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from .accounts import Actor, audit
from .db import Executor
from .models import Setting
from .said import N_, Said, SaidError

# Numbers are read as US numbers unless they say otherwise (+33 ...).
DEFAULT_REGION = "US"


class SettingError(SaidError):
    """A value that cannot be used; the message says why, for the person."""


def phone_number(value: str) -> str:
    """Check a phone number and write it the way a family dials it: (617) 555-0100."""
    try:
        parsed = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException as problem:
        raise SettingError(Said(N_("%(value)r is not a phone number."), value=value)) from problem
    # Possible, not "valid": 555-01xx numbers (for fiction and tests) are possible, never assigned.
    if not phonenumbers.is_possible_number(parsed):
        raise SettingError(Said(N_("%(value)r is not a phone number."), value=value))
    if parsed.country_code == 1:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def dialable(value: str) -> str:
    """A stored phone number in the form links and QR codes need: +16175550100."""
    parsed = phonenumbers.parse(value, DEFAULT_REGION)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _name(value: str) -> str:
    value = " ".join(value.split())
    if not value.isprintable():
        raise SettingError(Said(N_("Use letters, numbers and punctuation only.")))
    if not value:
        raise SettingError(Said(N_("Give a name.")))
    if len(value) > 120:
        raise SettingError(Said(N_("Use at most 120 characters.")))
    return value


@dataclass(frozen=True)
class Known:
    """A setting the hotline knows: what it is for, and how its value is checked."""

    key: str
    label: str
    help: str
    check: Callable[[str], str]


def texting_number(value: str) -> str:
    """The number families text: a phone number without an extension (a text cannot dial one,
    and the flyers' QR code would carry a different number than the one printed)."""
    written = phone_number(value)
    if phonenumbers.parse(value, DEFAULT_REGION).extension:
        raise SettingError(Said(N_("Families text this number: give it without an extension.")))
    return written


KNOWN: dict[str, Known] = {
    known.key: known
    for known in (
        Known(
            "organization",
            N_("Organization running the hotline"),
            N_("Named when a family replies HELP, with the contact phone below."),
            _name,
        ),
        Known(
            "public_number",
            N_("The hotline's public number"),
            N_("The number families text. It is printed on the flyers and wallet cards."),
            texting_number,
        ),
        Known(
            "contact_phone",
            N_("Contact phone for HELP"),
            N_("A number where a person at that organization answers families."),
            phone_number,
        ),
    )
}


def read(session: Executor) -> dict[str, str]:
    """Every setting that is set."""
    return {row.key: row.value for row in session.execute(select(Setting.key, Setting.value))}


def change(session: Session, actor: Actor, key: str, value: str) -> str | None:
    """Check and store one setting (an empty value unsets it), audited; return the stored value."""
    if key not in KNOWN:
        raise SettingError(f"Unknown setting {key!r}: use one of {', '.join(KNOWN)}.")
    value = value.strip()
    stored = KNOWN[key].check(value) if value else None
    row = session.get(Setting, key)
    before = row.value if row is not None else None
    if stored == before:
        return stored
    if stored is None:
        assert row is not None
        session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=stored, updated_by=actor.name))
    else:
        row.value, row.updated_by, row.updated_at = stored, actor.name, datetime.now(UTC)
    audit(session, actor, "setting_changed", key, value=[before, stored])
    from .content_reviews import forget_records

    forget_records()
    return stored
