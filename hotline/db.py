"""The database connection: one engine per app, one session per request."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_SECONDS = 5


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # WAL lets readers and one writer work at once; foreign keys are off in SQLite unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; nothing connects until the first query."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app(app: Flask) -> None:
    """Give the app its engine and close each request's session when the request ends."""
    engine = make_engine(app.config["HOTLINE_DATABASE_URL"])
    app.extensions["hotline.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["hotline.engine"] = engine
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    found: Engine = current_app.extensions["hotline.engine"]
    return found


def session() -> Session:
    """Return this app context's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["hotline.sessionmaker"]()
    found: Session = g.db_session
    return found


def _close_session(exception: BaseException | None) -> None:
    opened = g.pop("db_session", None)
    if opened is not None:
        opened.close()
