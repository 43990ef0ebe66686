"""Printed outreach: flyers and wallet cards for the hotline's number, in every language."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from hotline.settings import dialable, read


@dataclass(frozen=True)
class Sender:
    """What the printed material names: the number to text, and who runs the hotline."""

    number: str  # as a family dials it: (617) 555-0100
    dial: str  # as links and QR codes need it: +16175550100
    organization: str | None


def sender(session: Session) -> Sender | None:
    """The number and organization an administrator set; None until the number is set."""
    values = read(session)
    number = values.get("public_number")
    if not number:
        return None
    return Sender(number, dialable(number), values.get("organization"))
