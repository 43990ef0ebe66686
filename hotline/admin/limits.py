"""Rate limits for the admin's sign-in (Flask-Limiter), shared by every worker and server.

The counts live in Redis when HOTLINE_RATELIMIT_STORAGE_URL names it, else in the database
(`DatabaseStorage`, the table sign_in_count): never in one process's memory, where each worker would
give an attacker its own five tries.

Each attempt is counted before it is tried (a reservation), atomically in the storage, so 64
simultaneous attempts let exactly the limit through; a right password gives its reservation back
(`refund`), so only failures add up. Flask-Limiter's `deduct_when` would test first and count after
the response, which lets a burst through before any count lands.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any, cast

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage
from sqlalchemy import Engine, Table, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from hotline.accounts import normalize_email
from hotline.models import SignInCount

limiter = Limiter(key_func=get_remote_address)

# Sign-ins allowed before the form answers "too many attempts" (right passwords give theirs back).
PER_ADDRESS = "20 per 15 minutes"
PER_ACCOUNT = "5 per 15 minutes"

COUNTS = cast(Table, SignInCount.__table__)

# The storage URI that means "the hotline's own database".
DATABASE_STORAGE = "hotline-database://"


def account_key() -> str:
    return "account:" + normalize_email(request.form.get("email", ""))[:254]


def refund() -> None:
    """Give back this request's reservations: the attempt it counted succeeded."""
    storage = limiter.limiter.storage
    for counted in limiter.current_limits:
        if not counted.breached:
            storage.incr(counted.key, counted.limit.get_expiry(), amount=-1)


def lift_sign_in_lock(email: str) -> None:
    """Forget an account's failed sign-ins (an administrator reset its password).

    The per-address count stays: it is about the address, not the account.
    """
    from limits import parse

    try:
        limiter.limiter.clear(parse(PER_ACCOUNT), "account:" + email, "admin.login")
    except Exception:  # no storage yet in this process, or it cannot be reached
        return


class DatabaseStorage(Storage):
    """A `limits` storage in the hotline's database, for the fixed-window strategy.

    The app in use gives the engine and the secret: one storage serves every app in the process.
    A count is one row, changed by one INSERT .. ON CONFLICT .. RETURNING (SQLite and PostgreSQL
    both have it), so concurrent attempts never both read the old count.
    """

    STORAGE_SCHEME = ["hotline-database"]  # noqa: RUF012  (limits reads it from the class)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    @staticmethod
    def _engine() -> Engine:
        engine: Engine = current_app.extensions["hotline.engine"]
        return engine

    @staticmethod
    def _key(key: str) -> str:
        secret = str(current_app.config["SECRET_KEY"]).encode()
        return hmac.new(secret, b"sign-in:" + key.encode(), hashlib.sha256).hexdigest()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = COUNTS
        engine = self._engine()
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(table).values(
            key=self._key(key), count=amount, expires_at=now + expiry
        )
        lapsed = table.c.expires_at <= now
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": case((lapsed, amount), else_=table.c.count + amount),
                "expires_at": case((lapsed, now + expiry), else_=table.c.expires_at),
            },
        ).returning(table.c.count)
        with engine.begin() as connection:
            counted = connection.execute(statement).scalar_one()
        self._sweep(engine, now)
        return int(counted)

    @staticmethod
    def _sweep(engine: Engine, now: float) -> None:
        """Drop counts whose window ended, so the table holds only live ones. In a transaction of
        its own, skipping rows another attempt holds (PostgreSQL): it never waits on one, and two
        sweeps cannot deadlock. Best effort: the next attempt sweeps again."""
        ended = select(COUNTS.c.key).where(COUNTS.c.expires_at < now - 60)
        try:
            with engine.begin() as connection:
                connection.execute(
                    delete(COUNTS).where(COUNTS.c.key.in_(ended.with_for_update(skip_locked=True)))
                )
        except SQLAlchemyError:
            return

    def _row(self, key: str) -> tuple[int, float] | None:
        table = COUNTS
        with self._engine().connect() as connection:
            row = connection.execute(
                select(table.c.count, table.c.expires_at).where(
                    table.c.key == self._key(key), table.c.expires_at > time.time()
                )
            ).first()
        return None if row is None else (int(row[0]), float(row[1]))

    def get(self, key: str) -> int:
        row = self._row(key)
        return 0 if row is None else row[0]

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return time.time() if row is None else row[1]

    def check(self) -> bool:
        try:
            with self._engine().connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self._engine().begin() as connection:
            return connection.execute(delete(COUNTS)).rowcount

    def clear(self, key: str) -> None:
        engine = self._engine()
        with engine.begin() as connection:
            connection.execute(delete(COUNTS).where(COUNTS.c.key == self._key(key)))
