"""Every text the hotline sends, in English, marked for the catalogs in messages/.

The legal content comes only from shared/kyr-facts.md, and only from facts it does not mark [verify].
English is the source language: a translator sees these exact strings in their PO editor. Keep them
short: a menu must fit 3 SMS segments and a topic 4, in every language (tests/test_segments.py).
"""

from __future__ import annotations

from .marking import N_

HOTLINE_NAME = N_("MA Family ICE Hotline")

WELCOME = N_(
    "%(name)s: free info for families when a MA prison hands someone to ICE.\n"
    "Texts are not private: send no names, A-numbers or case details."
)

# The menu: this line, each topic's line (topics.TOPICS: its number and label), then this one.
MENU_FOOTER = N_("0 Menu. LANG: language")

STOP_HINT = N_("Reply STOP to end texts.")

# Above the menu's topics, and above the list of languages.
NUMBER_PROMPT = N_("Reply with a number:")

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


# Page 1 of every topic: it is information, not legal advice, and how current it is. "Reviewed"
# only when a review is recorded for the current text (hotline/content_reviews.py).
NOT_ADVICE_UPDATED = N_("Not legal advice. Updated %(date)s.")

NOT_ADVICE_REVIEWED = N_("Not legal advice. Reviewed %(date)s.")

# Translators: MORE is the word for "more" that the hotline understands in your language.
PAGE_NEXT = N_("(%(page)s/%(pages)s) MORE: next. 0: menu")

PAGE_LAST = N_("(%(page)s/%(pages)s) 5: legal help. 0: menu")

TOPIC_DONE = N_("That is all for this topic.\n5: legal help. 0: menu")

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

# The topics, each described once in topics.py: here too for the code that reads every text.
from .topics import ATTORNEY_WORDING as ATTORNEY_WORDING  # noqa: E402
from .topics import MENU_NUMBERS as MENU_NUMBERS  # noqa: E402
from .topics import NO_HEARING_WARNING as NO_HEARING_WARNING  # noqa: E402
from .topics import TOPIC_PAGES as TOPIC_PAGES  # noqa: E402
from .topics import Topic as Topic  # noqa: E402
