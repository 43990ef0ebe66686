"""The admin blueprint and its start page: what needs attention today."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext
from flask_login import current_user
from sqlalchemy import select

from hotline import db
from hotline.content_reviews import status_table
from hotline.conversation.editable import EDITABLE, Editable
from hotline.conversation.topics import TOPICS, Topic
from hotline.conversation.versions import FIXED, all_parts, topic_parts
from hotline.i18n import LANGUAGES, SOURCE_LANGUAGE, review_status, translations
from hotline.languages import LANGUAGE_LIST
from hotline.models import Referral
from hotline.referrals.directory import configured_max_age, needs_review

from . import CONTENT_SECURITY_POLICY, csrf
from .translation import ADMIN_LANGUAGES, text_direction

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
               static_folder="static")  # fmt: skip


# The admin's concerns run on the admin's requests only: a text pays for none of them.


@bp.before_request
def _protect_forms() -> None:
    """Refuse an admin form without a valid CSRF token (Flask-WTF), on the admin's requests only."""
    unsafe = request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
    if unsafe and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


@bp.after_request
def security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    if current_app.config.get("HOTLINE_ENV") == "production":
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


@bp.app_context_processor
def page_basics() -> dict[str, object]:
    language = str(get_locale() or SOURCE_LANGUAGE)
    return {
        "page_language": language,
        "page_direction": text_direction(language),
        "admin_languages": {code: LANGUAGES[code] for code in ADMIN_LANGUAGES},
        # Names, never codes: "Cape Verdean Kriolu · Kriolu kabuverdianu", "Bond, what family
        # can do" (in the page's language), "Welcome, menu and other replies".
        "language_names": LANGUAGE_NAMES,
        "language_tags": {lang.code: lang.tag for lang in LANGUAGE_LIST},  # BCP 47: zh-Hant
        "topic_names": (topics := _topic_names(language)),
        "part_names": {part: _part_name(part, topics) for part in all_parts()},
    }


def text_names() -> dict[str, str]:
    """Every editable text's name in the page's language (the texts pages only)."""
    topics = _topic_names(str(get_locale() or SOURCE_LANGUAGE))
    return {text.id: _text_name(text, topics) for text in EDITABLE}


def _text_name(text: Editable, topics: dict[str, str]) -> str:
    """A text as staff read it: "Release day & detainers 3/7", "Bond, what family can do: menu
    line", "Welcome"."""
    if text.group == FIXED:
        return text.label[:1].upper() + text.label[1:]
    if text.page:
        return f"{topics.get(text.group, text.group)} {text.page}/{text.pages}"
    return gettext("%(topic)s: menu line", topic=topics.get(text.group, text.group))


LANGUAGE_NAMES = {
    lang.code: lang.native if lang.english == lang.native else f"{lang.english} · {lang.native}"
    for lang in LANGUAGE_LIST
}


def _part_name(part: str, topics: dict[str, str]) -> str:
    """ "bond/2" as staff read it: "Bond, what family can do 2/6"."""
    topic, _, number = part.partition("/")
    if not number:
        return topics.get(topic, topic)
    pages = len(topic_parts(Topic(topic)))
    return f"{topics.get(topic, topic)} {number}/{pages}"


def _topic_names(language: str) -> dict[str, str]:
    _ = translations(language).gettext
    return {entry.topic.value: _(entry.label) for entry in TOPICS} | {
        FIXED: gettext("Welcome, menu and other replies")
    }


@bp.get("/")
def start() -> str:
    today = datetime.now(UTC).date()
    entries = list(db.session().scalars(select(Referral).order_by(Referral.organization)))
    review = [entry for entry in entries if entry.status == "active" and needs_review(entry, today)]
    paused = [entry for entry in entries if entry.status == "paused"]
    alerts = [entry for entry in entries if entry.alert]
    drafts = [review_status(code) for code in LANGUAGES if code != SOURCE_LANGUAGE]
    week = None
    if current_user.is_admin:
        from hotline.stats.report import build, last_weeks, released_weeks
        from hotline.stats.views import min_count

        last = last_weeks(1, released_weeks(db.session()))
        week = build(db.session(), last, min_count()) if last is not None else None
    return render_template("admin/start.html", review=review, paused=paused, alerts=alerts,
                           total=len(entries), catalogs=drafts, week=week,
                           table=status_table(db.session()), max_age=configured_max_age())  # fmt: skip


@bp.post("/language")
def choose_language() -> ResponseReturnValue:
    """Keep the signed-in user's choice of language for the admin's pages."""
    from flask import redirect, request, url_for
    from flask_login import current_user

    from hotline.models import User

    chosen = request.form.get("language", "")
    user = db.session().get(User, current_user.user.id)
    if user is not None:
        user.language = chosen if chosen in ADMIN_LANGUAGES else None
        db.session().commit()
    return redirect(url_for("admin.start"))
