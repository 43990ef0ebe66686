"""Every text the hotline sends, in English, marked for the catalogs in messages/.

The legal content comes only from shared/kyr-facts.md, and only from facts it does not mark [verify].
English is the source language: a translator sees these exact strings in their PO editor. Keep them
short: a menu must fit 3 SMS segments and a topic 4, in every language (tests/test_segments.py).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, per texter."""
    return message


# When a lawyer last checked the topic texts below against shared/kyr-facts.md.
# Change it only together with the texts, after a review.
CONTENT_REVIEWED = date(2026, 11, 28)


class Topic(StrEnum):
    """The numbered menu's choices."""

    RELEASE_DAY = "1"
    FIND_SOMEONE = "2"
    RIGHTS = "3"
    BOND = "4"
    LEGAL_HELP = "5"


HOTLINE_NAME = N_("MA Family ICE Hotline")

WELCOME = N_(
    "%(name)s: free info for families when a MA prison hands someone to ICE.\n"
    "Texts are not private: send no names, A-numbers or case details."
)

MENU = N_(
    "Reply with a number:\n"
    "1 Release day & detainers\n"
    "2 Find someone held by ICE\n"
    "3 Rights, what not to sign\n"
    "4 Bond, what family can do\n"
    "5 Legal help near you\n"
    "0 Menu. LANG: language"
)

STOP_HINT = N_("Reply STOP to end texts.")

LANGUAGE_MENU = N_("Reply with a number:")

HELP = N_(
    "%(name)s: know-your-rights info when a MA prison hands someone to ICE. "
    "Reply MENU for topics, LANG for language, DELETE to erase your data, STOP to end texts."
)

NOT_UNDERSTOOD = N_("Sorry, I did not understand.")

ONLY_TEXT = N_("I can only read text, not pictures or files. Reply MENU for the menu.")

WELCOME_BACK = N_("You will get texts again.")

DELETED = N_("Done: everything stored for this number is erased.")

TOPICS: dict[Topic, str] = {
    Topic.RELEASE_DAY: N_(
        "An ICE detainer asks a prison to hold someone up to 48 hours for ICE. It is a request, "
        "not a judge's warrant. Under 287(g), MA prison (DOC) officers can hand people to ICE at "
        "the gate, even after parole."
    ),
    Topic.FIND_SOMEONE: N_(
        "Search locator.ice.gov with the A-number (9 digits) and country of birth, or exact name "
        "and country. It shows the facility and its phone, but can lag after a move. "
        "Court dates: 1-800-898-7180."
    ),
    Topic.RIGHTS: N_(
        "In ICE custody you may stay silent about birthplace and status; never lie. Do not sign "
        "what you do not understand, above all a stipulated removal or voluntary departure, "
        "before talking to a lawyer. You may call family, a lawyer, your consulate."
    ),
    Topic.BOND: N_(
        "ICE or a judge may set bond, often $1,500 to $20,000+. The rules are changing: ask a "
        "lawyer if a bond hearing is possible. Gather proof now: address, family ties, job "
        "letters, certificates, support letters, ID."
    ),
}

# Closes every legal topic: it is information, not advice, and says when it was last checked.
TOPIC_FOOTER = N_("Not legal advice. Reviewed %(date)s.\n5: legal help. 0: menu")

ASK_PLACE = N_("For legal help near you, reply with your ZIP code or town.")

ASK_ZIP_AGAIN = N_(
    "I did not find that place. Send a ZIP code or a Massachusetts town, like 02119 or Fall River."
)

REFERRALS_NEAR = N_("Legal help near %(place)s:")

# When the list starts with help that is not legal help (a consulate, a bond fund, a government line).
HELP_NEAR = N_("Help near %(place)s:")

PLACE_ZIP_COUNTY = N_("%(zip)s (%(county)s County)")

PLACE_TOWN_COUNTY = N_("%(town)s (%(county)s County)")

PLACE_COUNTY = N_("%(county)s County")

MORE_REFERRALS = N_("More legal help:")

MORE_HELP = N_("More help:")

# Before the first entry that is not legal help, after legal help on the same text.
OTHER_HELP = N_("Other help:")

# After an entry's phone: whether its staff can talk with the texter.
# Translators: the staff speak the texter's language; name your own language ("habla español").
SPEAKS_LANGUAGE = N_("speaks English")

# Translators: the staff do not speak the texter's language but offer an interpreter.
WITH_INTERPRETER = N_("with interpreter")

# Translators: the staff do not speak the texter's language and offer no interpreter.
NOT_LANGUAGE = N_("no English")

# After an entry's name and phone: whether it is open, from its stored hours.
OPEN_NOW = N_("open now")

OPENS_AT = N_("opens %(when)s")

NOT_RECENTLY_VERIFIED = N_("not recently verified")

MORE_HINT = N_("Reply MORE for more.")

NO_MORE = N_("That is all for this area.")

ZIP_UNKNOWN = N_("I could not find ZIP code %(zip)s. Help for all of Massachusetts:")

ZIP_OUTSIDE = N_("ZIP code %(zip)s is outside Massachusetts. Help for all of Massachusetts:")

NO_REFERRALS = N_("No legal help is listed for that area yet.")

REFERRALS_FOOTER = N_("Call to ask if they can help.")

BACK_TO_MENU = N_("0: menu")

# Sent without the database when something inside fails; it must never fail itself.
TRY_AGAIN = N_("Sorry, something went wrong. Please text again in a few minutes.")
