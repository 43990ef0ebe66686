"""GET /healthz: can the hotline answer a text now, that is, can it write to its database?

A read is not enough: a locked SQLite file, or a PostgreSQL table held by a migration, still
answers SELECT 1 while every text fails. The check makes the first write a text makes (on the
conversation table, changing nothing), under short timeouts, and rolls it back: 503 within 3 s.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from hotline import db

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)

# An UPDATE that matches nothing still takes the write lock (SQLite) or the table lock (PostgreSQL).
_PROBE = text("UPDATE conversation SET step = step WHERE 1 = 0")


# Whatever the database does, the check gives up by then (hotline/db.py), so 503 comes within 3 s.
HEALTH_DEADLINE_SECONDS = 2.5


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    session = db.session()
    with db.deadline(HEALTH_DEADLINE_SECONDS):
        try:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("SET LOCAL lock_timeout = '1s'"))
                session.execute(text("SET LOCAL statement_timeout = '2s'"))
            session.execute(_PROBE)
        except SQLAlchemyError as failure:
            log.warning("health check: database cannot take a write (%s)", type(failure).__name__)
            return jsonify(status="unavailable", database="down"), 503
        finally:
            _rollback(session)
    return jsonify(status="ok", database="up")


def _rollback(session: Session) -> None:
    """End the probe's transaction (it changed nothing), even on a connection that broke."""
    try:
        session.rollback()
    except SQLAlchemyError:
        session.invalidate()
