"""The database connection: one engine per app, one session per request, and bounded waits.

A text must be answered within Twilio's 15 seconds even when the database hangs (a lock held by a
migration, a failover, dropped packets): every wait is bounded, so a failure becomes the short
apology well within 5 seconds, and the next text finds the database again without a restart.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

# SQLite: how long a writer waits for another's lock before giving up ("database is locked").
SQLITE_BUSY_TIMEOUT_SECONDS = 2
# PostgreSQL: connecting (a listener that never answers), a statement, a lock, unacknowledged
# packets, and waiting for a free pooled connection.
PG_CONNECT_TIMEOUT_SECONDS = 2
PG_STATEMENT_TIMEOUT_MS = 3000
PG_LOCK_TIMEOUT_MS = 2000
PG_TCP_USER_TIMEOUT_MS = 3000
POOL_TIMEOUT_SECONDS = 2


def database_url(url: str) -> str:
    """Accept the URLs deployers have (postgres://, postgresql://) and use the psycopg driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # WAL lets readers and one writer work at once; foreign keys are off in SQLite unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows (an erased conversation, released counters) are overwritten with zeros, not
    # left in free pages for a copy of the file to read back.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; nothing connects until the first query. Errors never quote values."""
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    options = f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS} -c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    return create_engine(
        url,
        connect_args={
            "connect_timeout": PG_CONNECT_TIMEOUT_SECONDS,
            "options": options,
            "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
            "keepalives_idle": 10,
            "keepalives_interval": 2,
            "keepalives_count": 2,
        },
        pool_timeout=POOL_TIMEOUT_SECONDS,
        hide_parameters=True,
    )


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
