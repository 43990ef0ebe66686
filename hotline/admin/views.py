"""The admin blueprint and its start page: what needs attention today."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template
from flask_babel import get_locale
from sqlalchemy import select

from hotline import db
from hotline.i18n import LANGUAGES, review_status
from hotline.models import Referral
from hotline.referrals.directory import needs_review

from .translation import text_direction

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
               static_folder="static")  # fmt: skip


@bp.app_context_processor
def page_basics() -> dict[str, object]:
    language = str(get_locale() or "en")
    return {"page_language": language, "page_direction": text_direction(language)}


@bp.get("/")
def start() -> str:
    today = datetime.now(UTC).date()
    entries = list(db.session().scalars(select(Referral).order_by(Referral.organization)))
    review = [entry for entry in entries if entry.status == "active" and needs_review(entry, today)]
    paused = [entry for entry in entries if entry.status == "paused"]
    alerts = [entry for entry in entries if entry.alert]
    drafts = [review_status(code) for code in LANGUAGES if code != "en"]
    return render_template("admin/start.html", review=review, paused=paused, alerts=alerts,
                           total=len(entries), catalogs=drafts)  # fmt: skip
