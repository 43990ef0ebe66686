"""What the printed flyers and cards say, in the hotline's catalogs (domain "messages") so translators
see them beside every other text. Topics come from the menu itself, so print and texts stay in step.

Nothing here claims a legal fact: the flyer says whom the hotline is for, how to reach it, what it
keeps, and that it is information, not legal advice.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


# Translators: the first text a family sends, printed large on the flyer and put in the QR code.
# It must be a word the hotline knows as this language's greeting or name (in English: HELLO), so
# the first answer comes in this language. Capital letters where the script has them.
FIRST_WORD = N_("HELLO")

# Translators: whom the hotline is for, in one plain sentence, for a flyer's headline.
FOR_WHOM = N_("If someone you love is leaving a Massachusetts prison and ICE may take them")

# Translators: %(word)s is the first word above, %(number)s the hotline's phone number.
TEXT_US = N_("Text %(word)s to %(number)s")

SCAN = N_("Or scan the code: your phone writes the text for you.")

TOPICS_TITLE = N_("Short answers by text, in your language:")

# Translators: The hotline's own database and logs keep no numbers and no message texts; the phone
# companies and the text service that carry texts keep theirs. Say both, plainly.
PRIVACY = N_(
    "The hotline keeps no phone numbers and no texts. Phone companies keep their own records."
)

CAUTION = N_("Texts are not private: send no names, A-numbers or case details.")

FREE_NOT_ADVICE = N_("Free. Information, not legal advice.")

# Translators: %(organization)s is the organization that runs the hotline.
RUN_BY = N_("Run by %(organization)s.")

DRAFT = N_("Draft translation: not yet reviewed by a native speaker.")

# Translators: %(date)s is the day a native speaker reviewed this language's texts.
REVIEWED = N_("Translation reviewed %(date)s.")
