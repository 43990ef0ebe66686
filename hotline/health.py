"""GET /healthz: is the hotline able to answer, that is, does its database answer?"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hotline import db

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    try:
        db.session().execute(text("SELECT 1"))
    except SQLAlchemyError as failure:
        log.warning("health check: database unavailable (%s)", type(failure).__name__)
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")
