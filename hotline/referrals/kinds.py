"""The kinds of help a directory entry can offer, and which ones each menu topic is about."""

from __future__ import annotations

from hotline.conversation.topics import TOPICS


def N_(message: str) -> str:
    """Mark a label for the admin's catalogs; it is translated on the page."""
    return message


KINDS: dict[str, str] = {
    "removal_defense": N_("Removal defense for detained people"),
    "bond_representation": N_("Bond representation"),
    "post_conviction": N_("Post-conviction relief"),
    "legal_orientation": N_("Legal orientation"),
    "detention_conditions": N_("Detention conditions advocacy"),
    "bond_fund": N_("Bond fund"),
    "accompaniment": N_("Court accompaniment"),
    "rapid_response": N_("Rapid-response hotline"),
    "consulate": N_("Consulate"),
    "government_info": N_("Government information line"),
}

FEES = ("free", "sliding_scale", "paid")
STATUSES = ("active", "paused", "retired")

# Topic (by its name) -> the kinds of help that answer it best, as each topic describes itself.
TOPIC_KINDS: dict[str, frozenset[str]] = {
    entry.topic.value: entry.kinds for entry in TOPICS if entry.kinds
}

# The kinds that are legal help: a lawyer or an accredited representative advises or represents.
# When a family asks for legal help these come first; the others (consulates, government lines,
# bond funds, accompaniment, conditions advocacy) are listed after them as "other help", never as
# legal help.
LEGAL_HELP_KINDS = frozenset(
    {"removal_defense", "bond_representation", "post_conviction", "legal_orientation",
     "rapid_response"}
)  # fmt: skip
