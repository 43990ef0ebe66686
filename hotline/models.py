"""The hotline's tables. Nothing here can hold a phone number or a message text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import JSON, DateTime, Dialect, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names come out the same on SQLite and PostgreSQL, so migrations can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def now_utc() -> datetime:
    return datetime.now(UTC)


intpk = Annotated[int, mapped_column(primary_key=True)]
language_code = Annotated[str, mapped_column(String(8))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), list[str]: JSON()}


class Conversation(Base):
    """One texter's place in the menu, keyed by HMAC-SHA256 of their number: the number is never kept."""

    __tablename__ = "conversation"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[language_code]
    step: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(8))
    opted_out: Mapped[bool] = mapped_column(default=False)
    last_seen: Mapped[datetime] = mapped_column(index=True)


class ProcessedMessage(Base):
    """A Twilio MessageSid already answered, as a keyed hash, so a replay is answered once."""

    __tablename__ = "processed_message"

    sid_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_on: Mapped[date] = mapped_column(index=True)


class UsageEvent(Base):
    """One thing that happened, counted without any trace of who it happened to."""

    __tablename__ = "usage_event"

    id: Mapped[intpk]
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(24))
    language: Mapped[language_code]
    topic: Mapped[str | None] = mapped_column(String(8))
    county: Mapped[str | None] = mapped_column(String(32))
    referral_id: Mapped[int | None]


class Referral(Base):
    """A legal-aid organization the hotline can refer families to."""

    __tablename__ = "referral"

    id: Mapped[intpk]
    # A stable id from the organization's own records or the CSV, so imports update, not duplicate.
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    organization: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    languages: Mapped[list[str]] = mapped_column(default=list)
    counties: Mapped[list[str]] = mapped_column(default=list)
    statewide: Mapped[bool] = mapped_column(default=False)
    services: Mapped[list[str]] = mapped_column(default=list)
    hours: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    last_verified: Mapped[date | None]
    is_demo: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<Referral {self.external_id} {self.organization!r}>"

    def serves(self, county: str | None) -> bool:
        return self.statewide or (county is not None and county in self.counties)
