"""/admin/settings and /admin/content: the hotline's own settings, and reviews of its texts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hotline import db
from hotline.content_reviews import ROLES, ReviewError, attorney_wording, record, status_table
from hotline.content_texts import counts as text_counts
from hotline.conversation.topics import TOPIC_PAGES
from hotline.conversation.versions import FIXED, all_parts, first_version, part_text, topic_parts
from hotline.i18n import LANGUAGES, SOURCE_LANGUAGE
from hotline.models import ContentReview
from hotline.settings import KNOWN, SettingError, change
from hotline.settings import read as read_settings

from .auth import admin_required
from .translation import say
from .views import bp


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> ResponseReturnValue:
    admin_required()
    database = db.session()
    if request.method == "GET":
        return render_template("admin/settings.html", known=KNOWN, values=read_settings(database))
    values = {key: request.form.get(key, "") for key in KNOWN}
    try:
        for key, value in values.items():
            change(database, current_user.actor, key, value)
    except SettingError as problem:
        database.rollback()
        flash(say(problem), "error")
        return render_template("admin/settings.html", known=KNOWN, values=values), 400
    database.commit()
    flash(_("Saved."))
    return redirect(url_for("admin.settings"))


def _content_page(form: dict[str, str], status: int = 200) -> ResponseReturnValue:
    part = form.get("part") or ""
    part = part if part in all_parts() else all_parts()[0]
    language = form.get("language") or ""
    language = language if language in LANGUAGES else SOURCE_LANGUAGE
    database = db.session()
    reviews = database.scalars(
        select(ContentReview).order_by(ContentReview.recorded_at.desc()).limit(50)
    ).all()
    page = render_template(
        "admin/content.html", table=status_table(database), parts=all_parts(),
        counts=text_counts(database), groups=_GROUPS,
        languages=LANGUAGES, roles=ROLES, part=part, language=language,
        text=part_text(part, language), reviews=reviews, form=form,
        waiting=[name for name, approved in attorney_wording(database) if not approved],
        today=datetime.now(UTC).date().isoformat(), first_version=first_version().isoformat(),
    )  # fmt: skip
    return page, status


@bp.get("/content")
def content() -> ResponseReturnValue:
    admin_required()
    return _content_page(dict(request.args))


# What one review may cover at once: one part, a whole topic, or everything in the language.
_GROUPS = (
    {"all": all_parts()}
    | {topic.value: topic_parts(topic) for topic in TOPIC_PAGES}
    | {FIXED: [FIXED]}
)


@bp.post("/content")
def record_review() -> ResponseReturnValue:
    admin_required()
    form = {name: request.form.get(name, "") for name in
            ("part", "language", "reviewer", "role", "reviewed_on")}  # fmt: skip
    # A whole topic or language at once: every part of it, each with its own exact text.
    parts = _GROUPS.get(form["part"], [form["part"]])
    database = db.session()
    today = datetime.now(UTC).date()
    try:
        reviewed = date.fromisoformat(form["reviewed_on"]) if form["reviewed_on"] else today
    except ValueError:
        flash(_("Give the date of the review as YYYY-MM-DD."), "error")
        return _content_page(form, 400)
    try:
        for part in parts:
            record(database, current_user.actor, part=part, language=form["language"],
                   reviewer=form["reviewer"], role=form["role"], reviewed_on=reviewed, today=today)  # fmt: skip
    except ReviewError as problem:
        database.rollback()
        flash(say(problem), "error")
        return _content_page(form, 400)
    database.commit()
    flash(_("Review recorded.") if len(parts) == 1 else
          _("Reviews recorded: %(count)d texts.", count=len(parts)))  # fmt: skip
    return redirect(url_for("admin.content", part=form["part"], language=form["language"]))
