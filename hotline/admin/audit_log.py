"""/admin/audit: administrators read who did what, when (UTC), with filters."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from hotline import db
from hotline.models import AuditEntry

from .auth import admin_required
from .views import bp

PAGE = 200


@bp.get("/audit")
def audit() -> str:
    admin_required()
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if request.args.get("action"):
        query = query.where(AuditEntry.action == request.args["action"])
    if request.args.get("actor"):
        query = query.where(AuditEntry.actor == request.args["actor"].strip().casefold())
    if request.args.get("target"):
        query = query.where(AuditEntry.target == request.args["target"].strip())
    entries = db.session().scalars(query.limit(PAGE)).all()
    actions = (
        db.session().scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    )
    return render_template("admin/audit.html", entries=entries, actions=actions, args=request.args)
