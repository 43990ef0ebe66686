"""The kinds of help a directory entry can offer, and which ones each menu topic is about."""

from __future__ import annotations

KINDS: dict[str, str] = {
    "removal_defense": "Removal defense for detained people",
    "bond_representation": "Bond representation",
    "post_conviction": "Post-conviction relief",
    "legal_orientation": "Legal orientation",
    "detention_conditions": "Detention conditions advocacy",
    "bond_fund": "Bond fund",
    "accompaniment": "Court accompaniment",
    "rapid_response": "Rapid-response hotline",
    "consulate": "Consulate",
    "government_info": "Government information line",
}

FEES = ("free", "sliding_scale", "paid")
STATUSES = ("active", "paused", "retired")

# Topic (by its name, see conversation.content.Topic) -> the kinds of help that answer it best.
TOPIC_KINDS: dict[str, frozenset[str]] = {
    "release_day": frozenset({"removal_defense", "post_conviction", "legal_orientation"}),
    "find_someone": frozenset(
        {"rapid_response", "government_info", "legal_orientation", "consulate"}
    ),
    "rights": frozenset(
        {"removal_defense", "legal_orientation", "consulate", "detention_conditions"}
    ),
    "bond": frozenset({"bond_representation", "bond_fund"}),
}

# The kinds that are legal help: a lawyer or an accredited representative advises or represents.
# When a family asks for legal help these come first; the others (consulates, government lines,
# bond funds, accompaniment, conditions advocacy) are listed after them as "other help", never as
# legal help.
LEGAL_HELP_KINDS = frozenset(
    {"removal_defense", "bond_representation", "post_conviction", "legal_orientation",
     "rapid_response"}
)  # fmt: skip
