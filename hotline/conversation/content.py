"""Every text the hotline sends, in English, marked for the catalogs in messages/.

The legal content comes only from shared/kyr-facts.md, and only from facts it does not mark [verify].
English is the source language: a translator sees these exact strings in their PO editor. Keep them
short: a menu must fit 3 SMS segments and a topic 4, in every language (tests/test_segments.py).
"""

from __future__ import annotations

from enum import StrEnum


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, per texter."""
    return message


class Topic(StrEnum):
    """A know-your-rights topic, by a stable name: stored in conversations and usage counts."""

    RELEASE_DAY = "release_day"
    FIND_SOMEONE = "find_someone"
    RIGHTS = "rights"
    BOND = "bond"
    LEGAL_HELP = "legal_help"


# The numbered menu's choices. The numbers are only how the menu shows topics today.
MENU_NUMBERS: dict[str, Topic] = {
    "1": Topic.RELEASE_DAY,
    "2": Topic.FIND_SOMEONE,
    "3": Topic.RIGHTS,
    "4": Topic.BOND,
    "5": Topic.LEGAL_HELP,
}


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

# NEWS: the alert staff published for the family's language, or this (state.NEWS_TOPIC counts it).
NO_NEWS = N_("No news now.")
# One line under the menu while an alert is published in the family's language.
NEWS_HINT = N_("NEWS: an update for families")

# To thanks, yes, ok or emoji: one line, in the conversation's language.
THANKS = N_("You're welcome. Reply 0 for the menu.")

ONLY_TEXT = N_("I can only read text, not pictures or files. Reply MENU for the menu.")

WELCOME_BACK = N_("You will get texts again.")

DELETED = N_(
    "Done: everything stored for this number is erased. Delete these texts on your phone too."
)

# After a STOP word Twilio does not answer itself (PARAR, KANPE, 停止...).
# Translators: START is the word that opts back in, in your language (INICIO, KÒMANSE...).
STOPPED = N_("You will get no more texts. To get them again, reply START.")

# After HELP: a person to reach, as an administrator set it in the web admin.
CONTACT = N_("To talk to a person: %(organization)s, %(phone)s.")

NO_CONTACT = N_("To talk to a person, reply 5 for legal help near you.")

# kyr-facts "Rights in ICE custody": "People with an old deportation order or some convictions
# may not get a hearing or a bond; this is exactly why they should reach a lawyer fast." Said on
# the release-day, rights and bond pages, as a question for a lawyer.
NO_HEARING_WARNING = N_(
    "Ask a lawyer fast about any old deportation order or conviction: with some, a person may "
    "get no hearing before a judge and no bond."
)
# Pages whose wording about who gets what a lawyer must approve (kyr-facts marks it so): `hotline
# content status` lists them until an attorney's review covers the English text.
ATTORNEY_WORDING = frozenset({NO_HEARING_WARNING})

# Each topic is a few short pages: MORE walks them. Every page must fit 4 SMS segments in every
# language with its footer, so a page says one thing. Sources: shared/kyr-facts.md, whose section
# and source are named beside each text; nothing it marks [verify] is said.
TOPIC_PAGES: dict[Topic, tuple[str, ...]] = {
    Topic.RELEASE_DAY: (
        # kyr-facts "Detainers": Form I-247A, 8 C.F.R. 287.7; a request from ICE, not a warrant.
        N_(
            "A detainer asks a prison to hold someone up to 48 hours past release so ICE can "
            "take them. It is a request from ICE, not a judge's warrant."
        ),
        # kyr-facts "The situation": the DOC 287(g) agreement; handover even after parole
        # approval; county jails too (Bolts Magazine 2026-02-09; ICE's 287(g) page).
        N_(
            "Under 287(g), MA prison (DOC) officers can hand people to ICE at the gate, even "
            "after the parole board approved release. County jails can let ICE take people too."
        ),
        # kyr-facts "Detainers": Lunn v. Commonwealth, 477 Mass. 517 (2017); 287(g) the exception.
        N_(
            "MA law gives officers no power to hold someone only because of an ICE detainer "
            "(Lunn v. Commonwealth, 2017). The prisons' 287(g) agreement is the exception."
        ),
        # kyr-facts "Rights in ICE custody": old orders and convictions (worded as "ask a lawyer";
        # the facts sheet asks a lawyer to word who gets what: ATTORNEY_WORDING below).
        NO_HEARING_WARNING,
        # kyr-facts "The situation": moved fast to Maine or Rhode Island, then far states.
        N_(
            "After the handover, people are often moved within days: to Maine or Rhode Island, "
            "then to states far away, like Texas or Louisiana."
        ),
        # kyr-facts "What families can do", step 1.
        # kyr-facts "Finding someone": the A-number is on most immigration papers.
        N_(
            "Before release day: ask a lawyer now if there is a detainer. Write down the "
            "A-number (it is on most immigration papers), DOC number, release date and prison."
        ),
        # kyr-facts "What families can do", steps 1 and 2.
        N_(
            "Ask the criminal defense lawyer about the immigration side of the case. Line up "
            "legal help before the release date."
        ),
    ),
    Topic.FIND_SOMEONE: (
        # kyr-facts "Finding someone": the Online Detainee Locator and how to search it.
        N_(
            "Use ICE's locator: locator.ice.gov. Search with the A-number (9 digits: put a 0 "
            "in front of an 8-digit one) and country of birth."
        ),
        # kyr-facts "Finding someone": search by exact name; shows the facility and its phone.
        N_(
            "Or search with the exact first and last name and country of birth. It shows the "
            "facility and its phone number."
        ),
        # kyr-facts "Finding someone": custody now or released within 60 days; not under 18;
        # can lag behind a transfer.
        N_(
            "The locator does not show people under 18 or released over 60 days ago, and can "
            "be hours behind a transfer."
        ),
        # kyr-facts "Finding someone": EOIR line, 24 hours, with the A-number; ICE's detention
        # information line (its hours are not verified, so none are given).
        N_(
            "Immigration court dates, 24 hours, with the A-number: 1-800-898-7180. ICE "
            "detention information line: 1-888-351-4024."
        ),
        # kyr-facts "What families can do", step 3.
        N_(
            "After a transfer, call the facility. Keep every paper, like a Notice to Appear "
            "or court papers."
        ),
    ),
    Topic.RIGHTS: (
        # kyr-facts "Rights in ICE custody": silence about birthplace and status; no lies.
        N_(
            "Tell your loved one: you may stay silent about where you were born and your "
            "status. Never lie, and never show false papers."
        ),
        # kyr-facts "Rights in ICE custody": do not sign without a lawyer.
        N_(
            "Do not sign papers you do not understand before talking to a lawyer, above all "
            'a "stipulated removal" or "voluntary departure".'
        ),
        # kyr-facts "Rights in ICE custody": what a stipulated removal order is.
        N_(
            "A stipulated removal gives up your hearing before a judge and becomes a "
            "deportation order."
        ),
        NO_HEARING_WARNING,
        # kyr-facts "Rights in ICE custody": INA 292, 8 U.S.C. 1362; nonprofits, EOIR's pro bono
        # lists, legal orientation programs.
        N_(
            "You have a right to a lawyer, but the government does not pay one. Free help: "
            "nonprofits, the immigration court's free lawyer lists, legal orientation."
        ),
        # kyr-facts "Rights in ICE custody": calls to family, a lawyer, the consulate.
        N_("You may call your family, a lawyer and your country's consulate."),
    ),
    Topic.BOND: (
        # kyr-facts "Bond": ICE or an immigration judge; usual amounts (Beyond Bond FAQ); never
        # a promise.
        N_(
            "ICE or an immigration judge may set a bond, often from $1,500 to over $20,000. "
            "No one can promise a bond."
        ),
        NO_HEARING_WARNING,
        # kyr-facts "Kinds of help": bond funds (the Beyond Bond fund among them); the directory
        # lists those staff entered.
        N_(
            "Some groups, called bond funds, help families pay a bond. Reply 5 to find help "
            "near you."
        ),
        # kyr-facts "Bond": Matter of Yajure Hurtado (BIA, Sept. 2025) and the rulings after it.
        N_(
            "Who can get a bond hearing changed in 2025-2026 and is still changing. A lawyer "
            "can tell you if a bond hearing or a federal habeas petition is possible."
        ),
        # kyr-facts "Bond": proof families can gather now.
        N_(
            "Gather proof now: address, family ties, job letters, program certificates, "
            "letters of support, ID."
        ),
        # kyr-facts "What families can do", step 4.
        N_(
            "Put money on the phone and commissary accounts. Plan childcare, and keep copies "
            "of documents safe."
        ),
    ),
}

# Page 1 of every topic: it is information, not legal advice, and how current it is. "Reviewed"
# only when a review is recorded for the current text (hotline/content_reviews.py).
NOT_ADVICE_UPDATED = N_("Not legal advice. Updated %(date)s.")

NOT_ADVICE_REVIEWED = N_("Not legal advice. Reviewed %(date)s.")

# Translators: MORE is the word for "more" that the hotline understands in your language.
PAGE_NEXT = N_("(%(page)s/%(pages)s) MORE: next. 0: menu")

PAGE_LAST = N_("(%(page)s/%(pages)s) 5: legal help. 0: menu")

TOPIC_DONE = N_("That is all for this topic.\n5: legal help. 0: menu")

# The legal-help topic. kyr-facts "What families can do", step 5: the notario warning.
# kyr-facts "What families can do", step 5: notarios and unlicensed consultants, explained.
ASK_PLACE = N_(
    "For legal help near you, reply with your ZIP code or town. Only a licensed lawyer or a "
    "DOJ-accredited representative may give immigration legal advice. Beware of people who are "
    "not lawyers, even if they call themselves notario or consultant."
)

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

# To a number sending more than HOTLINE_SENDER_LIMIT texts a minute, once; then silence that minute.
SLOW_DOWN = N_("You are sending many texts at once. Please wait a minute, then text again.")

# Twilio's Fallback URL answers with this, one line per language, when the hotline cannot be
# reached at all (`hotline fallback-twiml`).
HOTLINE_DOWN = N_("Sorry, the hotline is down. Please text again later.")

# Sent without the database when something inside fails; it must never fail itself.
TRY_AGAIN = N_("Sorry, something went wrong. Please text again in a few minutes.")
