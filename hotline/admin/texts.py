"""/admin/texts: what the hotline says, edited by editors and administrators.

Every topic page, menu line, the welcome, HELP and the other replies, in every language: saved as
drafts, published explicitly (checked against every reply's SMS budget), each publish audited and
kept as history. A translation whose English changed since it was written shows "needs update",
with the English before and after, and families keep getting it until it is updated.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from hotline import db
from hotline.content_reviews import forget_records
from hotline.content_texts import (
    TextError,
    counts,
    discard,
    history,
    keep_edit,
    publish,
    restore_shipped,
    save_draft,
    state,
    states,
)
from hotline.conversation.editable import BY_ID, GROUPS
from hotline.i18n import LANGUAGES, RIGHT_TO_LEFT, SOURCE_LANGUAGE
from hotline.segments import ACCENT_FOLDABLE, count_segments, economical

from .auth import editor_required
from .translation import say
from .views import bp, text_names


def _language(value: str | None) -> str:
    return value if value in LANGUAGES else SOURCE_LANGUAGE


@bp.get("/texts")
def texts() -> ResponseReturnValue:
    editor_required()
    language = _language(request.args.get("language"))
    database = db.session()
    found = states(database, language)
    groups = [(group, [one for one in found if one.text.group == group]) for group in GROUPS]
    return render_template(
        "admin/texts.html", language=language, languages=LANGUAGES, groups=groups,
        counts=counts(database), text_names=text_names(),
    )  # fmt: skip


def _editor(
    text_id: str, language: str, body: str | None = None, status: int = 200
) -> ResponseReturnValue:
    database = db.session()
    try:
        current = state(database, text_id, language)
    except TextError:
        abort(404)
    if body is None:
        body = current.draft.body if current.draft else (current.serving or current.english_now)
    page = render_template(
        "admin/text.html", one=current, body=body, language=language, languages=LANGUAGES,
        text_names=text_names(),
        history=history(database, text_id, language), source_language=SOURCE_LANGUAGE,
        direction="rtl" if language in RIGHT_TO_LEFT else "ltr",
        segments=count_segments(economical(body, language)), folds=language in ACCENT_FOLDABLE,
    )  # fmt: skip
    return page, status


@bp.get("/texts/<text_id>/<language>")
def text(text_id: str, language: str) -> ResponseReturnValue:
    editor_required()
    if text_id not in BY_ID or language not in LANGUAGES:
        abort(404)
    return _editor(text_id, language)


@bp.post("/texts/<text_id>/<language>")
def change_text(text_id: str, language: str) -> ResponseReturnValue:
    editor_required()
    if text_id not in BY_ID or language not in LANGUAGES:
        abort(404)
    action = request.form.get("action", "")
    body = request.form.get("body", "")
    database = db.session()
    actor = current_user.actor
    try:
        if action in ("save", "publish"):
            save_draft(database, actor, text_id, language, body)
            if action == "publish":
                publish(database, actor, text_id, language, just_saved=True)
        elif action == "discard":
            discard(database, actor, text_id, language)
        elif action == "restore":
            restore_shipped(database, actor, text_id, language)
        elif action == "keep":
            keep_edit(database, actor, text_id)
        else:
            abort(400)
    except TextError as problem:
        database.rollback()
        flash(say(problem), "error")
        return _editor(text_id, language, body, 400)
    database.commit()
    forget_records()  # this process serves the change at once; others within RECORDS_SECONDS
    flash({
        "save": _("Draft saved. Families still get the published text."),
        "publish": _("Published: families get this text now."),
        "discard": _("Draft discarded."),
        "restore": _("Families get the shipped text again."),
        "keep": _("Your edit stays what families get."),
    }[action])  # fmt: skip
    return redirect(url_for("admin.text", text_id=text_id, language=language))
