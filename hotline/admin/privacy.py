"""/admin/privacy: what a subpoena would get, for administrators (the same as `hotline privacy report`)."""

from __future__ import annotations

from flask import current_app, render_template

from hotline import db
from hotline.privacy_report import build

from .auth import admin_required
from .views import bp


@bp.get("/privacy")
def privacy() -> str:
    admin_required()
    return render_template("admin/privacy.html", report=build(db.session(), current_app.config))
