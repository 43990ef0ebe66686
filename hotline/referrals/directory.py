"""The directory as stored in the database, behind the engine's `Directory` port."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import Referral

from .listing import Listing


class SqlDirectory:
    """Find entries for a place in one SQL statement; rank them in Python."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def near(self, county: str | None, language: str, limit: int) -> list[Listing]:
        active = self.session.scalars(select(Referral).where(Referral.active.is_(True))).all()
        serving = [entry for entry in active if entry.serves(county)]
        # Best first: speaks the texter's language, then serves the county itself rather than
        # the whole state, then most recently verified; the name breaks ties for a stable order.
        serving.sort(
            key=lambda entry: (
                language not in entry.languages,
                entry.statewide,
                -(entry.last_verified.toordinal() if entry.last_verified else 0),
                entry.organization,
            )
        )
        return [Listing(entry.id, entry.organization, entry.phone) for entry in serving[:limit]]
