"""A fictional directory for demos and tests: every name starts "Demo", every phone is 555-01xx.

None of these organizations exists. Real entries are entered and verified by staff.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.models import Referral

ALL_LANGUAGES = ["en", "es", "pt", "ht", "zh", "vi", "ar", "fr"]
VERIFIED = date(2026, 11, 1)

# (external id, name, phone, languages, counties, statewide, services, hours)
# fmt: off
DEMO_ENTRIES: list[tuple[str, str, str, list[str], list[str], bool, list[str], str]] = [
    ("demo-boston-defense", "Demo Greater Boston Immigrant Defense", "617-555-0101",
     ["en", "es", "ht", "pt"], ["Suffolk", "Middlesex", "Norfolk"], False,
     ["removal defense", "bond representation"], "Mon-Fri 9:00-17:00"),
    ("demo-chinatown-legal", "Demo Chinatown Legal Clinic", "617-555-0102",
     ["en", "zh", "vi"], ["Suffolk", "Norfolk"], False,
     ["removal defense", "legal orientation"], "Tue-Sat 10:00-18:00"),
    ("demo-north-shore", "Demo North Shore Legal Aid", "978-555-0103",
     ["en", "es", "ar"], ["Essex"], False,
     ["removal defense", "post-conviction relief"], "Mon-Thu 9:00-16:00"),
    ("demo-merrimack-valley", "Demo Merrimack Valley Family Help", "978-555-0104",
     ["en", "es", "vi"], ["Essex", "Middlesex"], False,
     ["court accompaniment", "legal orientation"], "Mon-Fri 10:00-19:00"),
    ("demo-south-coast", "Demo South Coast Immigrant Center", "508-555-0105",
     ["en", "pt", "es", "ht"], ["Bristol", "Plymouth"], False,
     ["removal defense", "bond representation"], "Mon-Fri 8:30-16:30"),
    ("demo-cape-islands", "Demo Cape and Islands Legal Services", "508-555-0106",
     ["en", "pt", "ht"], ["Barnstable", "Dukes", "Nantucket"], False,
     ["legal orientation", "removal defense"], "Mon-Wed 9:00-15:00"),
    ("demo-central-ma", "Demo Central Mass Immigrant Rights", "508-555-0107",
     ["en", "es", "pt", "vi", "ar", "fr"], ["Worcester"], False,
     ["removal defense", "detention conditions"], "Mon-Fri 9:00-17:00"),
    ("demo-pioneer-valley", "Demo Pioneer Valley Legal Project", "413-555-0108",
     ["en", "es", "fr"], ["Hampden", "Hampshire", "Franklin"], False,
     ["removal defense", "post-conviction relief"], "Mon-Fri 9:00-17:00"),
    ("demo-berkshire", "Demo Berkshire Immigrant Help", "413-555-0109",
     ["en", "es"], ["Berkshire"], False,
     ["legal orientation", "court accompaniment"], "Tue-Thu 10:00-16:00"),
    ("demo-statewide-detained", "Demo Statewide Detained Defense", "617-555-0110",
     ALL_LANGUAGES, [], True,
     ["removal defense", "legal orientation"], "Mon-Fri 9:00-17:00"),
    ("demo-bond-fund", "Demo Massachusetts Bond Fund", "617-555-0111",
     ["en", "es", "pt", "ht", "fr"], [], True,
     ["bond fund"], "Mon-Sun 8:00-20:00"),
    ("demo-rapid-response", "Demo Rapid Response Line", "617-555-0112",
     ["en", "es", "pt", "ht", "zh", "ar"], [], True,
     ["rapid-response hotline"], "24 hours"),
]
# fmt: on


def seed(session: Session) -> tuple[int, int]:
    """Insert or refresh the demo entries by their external id; return (added, updated)."""
    added = updated = 0
    with session.begin():
        existing = {
            entry.external_id: entry
            for entry in session.scalars(select(Referral).where(Referral.is_demo.is_(True)))
        }
        for (
            external_id,
            name,
            phone,
            languages,
            counties,
            statewide,
            services,
            hours,
        ) in DEMO_ENTRIES:
            entry = existing.get(external_id)
            if entry is None:
                entry = Referral(external_id=external_id)
                session.add(entry)
                added += 1
            else:
                updated += 1
            entry.organization = name
            entry.phone = phone
            entry.website = None
            entry.languages = list(languages)
            entry.counties = list(counties)
            entry.statewide = statewide
            entry.services = list(services)
            entry.hours = hours
            entry.active = True
            entry.last_verified = VERIFIED
            entry.is_demo = True
    return added, updated
