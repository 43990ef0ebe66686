"""/admin/outreach: staff pick a language and a format, see the first page, and download the PDF."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from hotline import db
from hotline.admin.views import bp
from hotline.i18n import LANGUAGES, SOURCE_LANGUAGE, review_status

from . import sender
from .render import Format, first_page_png, formats, pdf


def _pdf(language: str, kind: str) -> tuple[bytes, Format]:
    """The PDF for a language and format; 404 when the renderer knows neither, or no number is set."""
    found = sender(db.session())
    if found is None:
        abort(404)
    try:
        chosen = Format(kind)
        today = datetime.now(UTC).date()
        document = pdf(language, chosen, found.number, found.dial, found.organization, today,
                       found.edits)  # fmt: skip
    except ValueError:  # an unknown format, language or pair (OutreachError is a ValueError)
        abort(404)
    return document, chosen


@bp.get("/outreach")
def outreach() -> ResponseReturnValue:
    # The page opens on the first language after English: English has no bilingual flyer.
    first = next(code for code in LANGUAGES if code != SOURCE_LANGUAGE)
    language = request.args.get("language", first)
    if language not in LANGUAGES:
        language = first
    kinds = formats(language)
    statuses = {code: review_status(code) for code in LANGUAGES if code != SOURCE_LANGUAGE}
    return render_template(
        "admin/outreach.html", sender=sender(db.session()), language=language,
        languages=LANGUAGES, kinds=kinds, statuses=statuses,
    )  # fmt: skip


@bp.get("/outreach/<language>/<kind>.pdf")
def outreach_pdf(language: str, kind: str) -> Response:
    document, chosen = _pdf(language, kind)
    name = f"hotline-{chosen.value}-{language}.pdf"
    return Response(document, mimetype="application/pdf",
                    headers={"Content-Disposition": f"attachment; filename={name}"})  # fmt: skip


@bp.get("/outreach/<language>/<kind>.png")
def outreach_preview(language: str, kind: str) -> Response:
    document, _ = _pdf(language, kind)
    return Response(first_page_png(document), mimetype="image/png",
                    headers={"Cache-Control": "private, max-age=300"})  # fmt: skip
