"""What the shared modules tell staff when they refuse something (an edit, a review, a password), in
English for the command line and in the staff member's language in the admin.

A `Said` is the English sentence, and keeps its msgid and values: the admin says it again through
its own catalog (admin/translation.py `say`). The msgids are in the admin's catalog (domain
"admin"): messages/admin-babel.toml lists the modules they are written in.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Mark a message for the admin's catalog; it is translated where it is shown."""
    return message


class Said(str):
    """An English message with its msgid and values, for the admin to translate."""

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, **values: Any) -> Said:
        said = super().__new__(cls, msgid % values if values else msgid)
        said.msgid, said.values = msgid, values
        return said


class SaidError(ValueError):
    """A refusal, as one or more messages for the person who asked."""

    def __init__(self, *messages: str) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages
