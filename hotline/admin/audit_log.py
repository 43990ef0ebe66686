"""/admin/audit: administrators read who did what, when (UTC), with filters."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from hotline import db
from hotline.models import AuditEntry
from hotline.text import without_controls

from .auth import admin_required
from .views import bp

PAGE = 200


@bp.get("/audit")
def audit() -> str:
    admin_required()
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    # A NUL in a filter (PostgreSQL refuses it in any text) or another control is dropped.
    action, actor, target = (without_controls(request.args.get(name, ""))[:254].strip()
                             for name in ("action", "actor", "target"))  # fmt: skip
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor.casefold())
    if target:
        query = query.where(AuditEntry.target == target)
    entries = db.session().scalars(query.limit(PAGE)).all()
    actions = (
        db.session().scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    )
    return render_template("admin/audit.html", entries=entries, actions=actions, args=request.args)
