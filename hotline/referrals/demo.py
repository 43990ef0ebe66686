"""A fictional directory for demos and tests: every name starts "Demo", every phone is 555-01xx.

None of these organizations exists. Real entries are entered and verified by staff. The set covers
every Massachusetts county, every kind of help, several languages and varied hours, with one paused
entry, one not verified for over a year, and one national entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.accounts import Actor
from hotline.models import Referral

from .csvfile import differences, store

ALL_LANGUAGES = ["en", "es", "pt", "ht", "zh", "vi", "ar", "fr"]
VERIFIED = date(2026, 11, 1)


def _ma(*counties: str) -> list[str]:
    return [f"MA:{county}" for county in counties]


DEMO_ENTRIES: list[dict[str, Any]] = [
    dict(
        external_id="demo-boston-defense",
        organization="Demo Greater Boston Immigrant Defense",
        phone="617-555-0101",
        languages=["en", "es", "ht", "pt"],
        counties=_ma("Suffolk", "Middlesex", "Norfolk"),
        services=["removal_defense", "bond_representation"],
        hours="Mon-Fri 9:00-17:00",
        accredited=True,
        priority=2,
    ),
    dict(
        external_id="demo-chinatown-legal",
        organization="Demo Chinatown Legal Clinic",
        phone="617-555-0102",
        languages=["en", "zh", "vi"],
        counties=_ma("Suffolk", "Norfolk"),
        services=["legal_orientation", "removal_defense"],
        hours="Tue-Sat 10:00-18:00",
    ),
    dict(
        external_id="demo-north-shore",
        organization="Demo North Shore Legal Aid",
        phone="978-555-0103",
        languages=["en", "es", "ar"],
        counties=_ma("Essex"),
        services=["removal_defense", "post_conviction"],
        hours="Mon-Thu 9:00-16:00",
        fee="sliding_scale",
    ),
    dict(
        external_id="demo-merrimack-valley",
        organization="Demo Merrimack Valley Family Help",
        phone="978-555-0104",
        languages=["en", "es", "vi"],
        counties=_ma("Essex", "Middlesex"),
        services=["accompaniment", "legal_orientation"],
        hours="Mon-Fri 10:00-19:00",
        serves_detained=False,
    ),
    dict(
        external_id="demo-south-coast",
        organization="Demo South Coast Immigrant Center",
        phone="508-555-0105",
        languages=["en", "pt", "es", "ht"],
        counties=_ma("Bristol", "Plymouth"),
        services=["removal_defense", "bond_representation", "detention_conditions"],
        hours="Mon-Fri 8:30-16:30",
        interpretation=True,
        priority=1,
    ),
    dict(
        external_id="demo-cape-islands",
        organization="Demo Cape and Islands Legal Services",
        phone="508-555-0106",
        languages=["en", "pt", "ht"],
        counties=_ma("Barnstable", "Dukes", "Nantucket"),
        services=["legal_orientation", "removal_defense"],
        hours="Mon-Wed 9:00-15:00",
    ),
    dict(
        external_id="demo-central-ma",
        organization="Demo Central Mass Immigrant Rights",
        phone="508-555-0107",
        languages=["en", "es", "pt", "vi", "ar", "fr"],
        counties=_ma("Worcester"),
        services=["removal_defense", "detention_conditions"],
        hours="Mon-Fri 9:00-17:00",
        accepting_new_cases=False,
    ),
    dict(
        external_id="demo-pioneer-valley",
        organization="Demo Pioneer Valley Legal Project",
        phone="413-555-0108",
        languages=["en", "es", "fr"],
        counties=_ma("Hampden", "Hampshire", "Franklin"),
        services=["removal_defense", "post_conviction"],
        hours="Mon-Fri 9:00-17:00",
    ),
    dict(
        external_id="demo-berkshire",
        organization="Demo Berkshire Immigrant Help",
        phone="413-555-0109",
        languages=["en", "es"],
        counties=_ma("Berkshire"),
        services=["legal_orientation", "accompaniment"],
        hours="Tue-Thu 10:00-16:00",
    ),
    dict(
        external_id="demo-statewide-detained",
        organization="Demo Statewide Detained Defense",
        phone="617-555-0110",
        languages=ALL_LANGUAGES,
        states=["MA"],
        services=["removal_defense", "legal_orientation"],
        hours="Mon-Fri 9:00-17:00",
        accredited=True,
    ),
    dict(
        external_id="demo-bond-fund",
        organization="Demo Massachusetts Bond Fund",
        phone="617-555-0111",
        languages=["en", "es", "pt", "ht", "fr"],
        states=["MA"],
        services=["bond_fund"],
        hours="Mon-Sun 8:00-20:00",
    ),
    dict(
        external_id="demo-rapid-response",
        organization="Demo Rapid Response Line",
        phone="617-555-0112",
        hotline_phone="617-555-0113",
        languages=["en", "es", "pt", "ht", "zh", "ar"],
        states=["MA"],
        services=["rapid_response"],
        hours="24/7",
    ),
    dict(
        external_id="demo-consulate",
        organization="Demo Consulate Services Desk",
        phone="617-555-0114",
        languages=["en", "es", "pt"],
        states=["MA"],
        services=["consulate"],
        hours="Mon-Fri 9:00-13:00",
        closed_dates=["2026-12-25"],
    ),
    dict(
        external_id="demo-national-info",
        organization="Demo National Detention Info Line",
        phone="202-555-0115",
        languages=["en", "es"],
        national=True,
        interpretation=True,
        services=["government_info", "legal_orientation"],
        hours="Mon-Fri 8:00-20:00",
    ),
    dict(
        external_id="demo-paused-clinic",
        organization="Demo Paused Clinic",
        phone="617-555-0116",
        languages=["en", "es"],
        counties=_ma("Suffolk"),
        services=["legal_orientation"],
        hours="Mon-Fri 9:00-17:00",
        status="paused",
        alert="Closed until further notice.",
    ),
    dict(
        external_id="demo-stale-project",
        organization="Demo Stale Project",
        phone="508-555-0117",
        languages=["en", "pt"],
        counties=_ma("Bristol"),
        services=["post_conviction"],
        hours="Mon-Fri 9:00-17:00",
        last_verified=date(2025, 6, 1),
    ),
]

# Columns the seed sets on every entry, so a seeded entry is whole.
_DEFAULTS: dict[str, Any] = dict(
    service_name=None, descriptions={}, hotline_phone=None, after_hours_phone=None, website=None,
    email=None, counties=[], states=[], national=False, interpretation=False,
    timezone="America/New_York", closed_dates=[], accepting_new_cases=True, serves_detained=True,
    serves_not_detained=True, fee="free", accredited=False, status="active", published=True,
    priority=0, last_verified=VERIFIED, verified_by="Demo data", alert=None, is_demo=True,
)  # fmt: skip


@dataclass(frozen=True)
class Seeded:
    added: int  # demo entries that were missing
    unchanged: int  # demo entries as seeded
    kept: int  # demo entries someone edited (or verified), left as they are
    restored: int  # edited demo entries put back, with --reset


def _rows() -> list[dict[str, Any]]:
    return [
        {name: value.copy() if isinstance(value, list | dict) else value
         for name, value in {**_DEFAULTS, **values}.items()}
        for values in DEMO_ENTRIES
    ]  # fmt: skip


def seed(session: Session, actor: Actor | None, reset: bool = False) -> Seeded:
    """Add the demo entries that are missing; put edited ones back only when `reset` is given.

    An entry that is no longer marked as demo data has become someone's real entry: it is never
    touched, even with `reset`.
    """
    rows = _rows()
    with session.begin():
        existing = {
            entry.external_id: entry
            for entry in session.scalars(
                select(Referral).where(
                    Referral.external_id.in_([row["external_id"] for row in rows])
                )
            )
        }
        missing = [row for row in rows if row["external_id"] not in existing]
        edited = [
            row for row in rows
            if (entry := existing.get(row["external_id"])) is not None and entry.is_demo
            and differences(entry, row)
        ]  # fmt: skip
        store(session, missing + (edited if reset else []), actor, "seed-demo")
    restored = len(edited) if reset else 0
    unchanged = len(existing) - len(edited) - sum(not entry.is_demo for entry in existing.values())
    return Seeded(
        len(missing), unchanged, len(rows) - len(missing) - unchanged - restored, restored
    )
