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
    # Texts editors published in the admin that print carries too (the menu's topics, the
    # hotline's name, the STOP line): (language, shipped English, text).
    edits: tuple[tuple[str, str, str], ...] = ()


def sender(session: Session) -> Sender | None:
    """The number and organization an administrator set; None until the number is set."""
    from hotline.content_texts import published_texts

    values = read(session)
    number = values.get("public_number")
    if not number:
        return None
    edits = tuple(
        (language, source, body)
        for language, texts in sorted(published_texts(session).items())
        for source, (body, _) in sorted(texts.items())
    )
    return Sender(number, dialable(number), values.get("organization"), edits)
