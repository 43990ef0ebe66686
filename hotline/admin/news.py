"""/admin/news: short alerts for families, one per language at a time, until they expire.

A family that texts NEWS (in any language's word) gets the alert in its language, and the menu says
one is out. Editors and administrators publish them; each publish and each early end is audited.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select, update

from hotline import db
from hotline.accounts import audit
from hotline.content_reviews import forget_records
from hotline.conversation.budget import MENU_BUDGET
from hotline.conversation.engine import news_reply
from hotline.i18n import LANGUAGES
from hotline.models import NewsAlert
from hotline.segments import count_segments, economical

from .auth import editor_required
from .views import bp

# An alert, with the way back to the menu, fits as many SMS segments as a menu reply.
NEWS_BUDGET = MENU_BUDGET
MAX_DAYS = 90
MAX_CHARACTERS = 600


def segments(text: str, language: str) -> int:
    """How many SMS segments a family's phone gets for NEWS with this alert."""
    return count_segments(economical(news_reply(text, language), language)).count


def _page(form: dict[str, str], status: int = 200) -> ResponseReturnValue:
    now = datetime.now(UTC)
    alerts = (
        db.session()
        .scalars(select(NewsAlert).order_by(NewsAlert.published_at.desc()).limit(40))
        .all()
    )
    live = [alert for alert in alerts if alert.expires_at > now]
    past = [alert for alert in alerts if alert.expires_at <= now][:20]
    page = render_template(
        "admin/news.html", live=live, past=past, languages=LANGUAGES, form=form,
        budget=NEWS_BUDGET, segments=segments, max_days=MAX_DAYS,
    )  # fmt: skip
    return page, status


@bp.get("/news")
def news() -> ResponseReturnValue:
    editor_required()
    return _page({"days": "7"})


@bp.post("/news")
def publish_news() -> ResponseReturnValue:
    editor_required()
    form = {name: request.form.get(name, "") for name in ("language", "text", "days")}
    language, text = form["language"], "\n".join(form["text"].strip().splitlines())
    problem = None
    found = 0
    try:
        days = int(form["days"])
    except ValueError:
        days = 0
    if language not in LANGUAGES:
        problem = _("Choose the language of the alert.")
    elif not text:
        problem = _("Write the alert.")
    elif len(text) > MAX_CHARACTERS:
        problem = _("An alert is at most %(count)d characters.", count=MAX_CHARACTERS)
    elif not 1 <= days <= MAX_DAYS:
        problem = _("An alert runs from 1 to %(count)d days.", count=MAX_DAYS)
    elif (found := segments(text, language)) > NEWS_BUDGET:
        problem = _(
            "Too long for a text message: %(found)d SMS segments, at most %(budget)d. Shorten it.",
            found=found, budget=NEWS_BUDGET,
        )  # fmt: skip
    if problem:
        flash(problem, "error")
        return _page(form, 400)
    database = db.session()
    now = datetime.now(UTC)
    # One alert per language: a new one ends the one before.
    database.execute(
        update(NewsAlert)
        .where(NewsAlert.language == language, NewsAlert.expires_at > now)
        .values(expires_at=now)
    )
    database.add(NewsAlert(language=language, text=text, published_at=now,
                           expires_at=now + timedelta(days=days),
                           published_by=current_user.actor.name))  # fmt: skip
    audit(database, current_user.actor, "news_published", language, days=days, segments=found)
    database.commit()
    forget_records()
    flash(_("Published: families who text NEWS in this language get it now."))
    return redirect(url_for("admin.news"))


@bp.post("/news/<int:alert_id>/end")
def end_news(alert_id: int) -> ResponseReturnValue:
    editor_required()
    database = db.session()
    alert = database.get(NewsAlert, alert_id)
    now = datetime.now(UTC)
    if alert is not None and alert.expires_at > now:
        alert.expires_at = now
        audit(database, current_user.actor, "news_ended", alert.language)
        database.commit()
        forget_records()
        flash(_("Ended: NEWS now says there is no news in this language."))
    return redirect(url_for("admin.news"))
