"""The admin's own language: the user's setting, else the browser's; its catalogs in messages/."""

from __future__ import annotations

import gettext

from flask import request
from flask_babel import Domain, get_locale
from flask_babel import gettext as admin_gettext
from flask_login import current_user

from hotline.i18n import LANGUAGES, RIGHT_TO_LEFT, SOURCE_LANGUAGE, catalog_path, translations
from hotline.said import Said

# Languages the admin's pages are offered in: the source, and each with an admin catalog.
ADMIN_LANGUAGES = (
    SOURCE_LANGUAGE,
    *(
        code
        for code in LANGUAGES
        if code != SOURCE_LANGUAGE and catalog_path(code, "admin").exists()
    ),
)


def select_locale() -> str:
    chosen = getattr(current_user, "language", None) if current_user else None
    if chosen in LANGUAGES:
        return str(chosen)
    return request.accept_languages.best_match(ADMIN_LANGUAGES) or SOURCE_LANGUAGE


def text_direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


class AdminDomain(Domain):
    """Flask-Babel's domain, reading the admin catalogs (messages/*/LC_MESSAGES/admin.po) in memory."""

    def __init__(self) -> None:
        super().__init__(domain="admin")

    def get_translations(self) -> gettext.NullTranslations:
        return translations(str(get_locale() or SOURCE_LANGUAGE), "admin")


def say(problem: BaseException | str) -> str:
    """A refusal from the shared modules (hotline.said) in the staff member's language."""
    messages = getattr(problem, "messages", None) or (problem,)
    return " ".join(_say_one(message) for message in messages)


def _say_one(message: object) -> str:
    if not isinstance(message, Said):
        return str(message)
    values = {name: _say_one(value) if isinstance(value, Said) else value
              for name, value in message.values.items()}  # fmt: skip
    return str(admin_gettext(message.msgid, **values))
