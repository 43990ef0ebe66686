"""The hotline's tables. Nothing here can hold a phone number or a message text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hotline.referrals.fields import length

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
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        list[str]: JSON(),
        dict[str, str]: JSON(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class Conversation(Base):
    """One texter's place in the menu, keyed by HMAC-SHA256 of their number: the number is never kept."""

    __tablename__ = "conversation"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[language_code]
    step: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(16))  # a topic's name, like "bond"
    opted_out: Mapped[bool] = mapped_column(default=False)
    last_seen: Mapped[datetime] = mapped_column(index=True)
    # The county (never a ZIP code or a town) of the last referral list, and how much of it was shown.
    area: Mapped[str | None] = mapped_column(String(40))
    shown: Mapped[int] = mapped_column(default=0)
    # "chosen" by the texter, or only guessed ("detected", "default"): a guess follows their texts.
    language_source: Mapped[str] = mapped_column(String(16), default="detected")
    page: Mapped[int] = mapped_column(default=0)  # the page of `topic` last shown
    # The edge's own bookkeeping, never the engine's: a Bloom filter of the Twilio MessageSids
    # answered (hotline.replays), so a replay is answered once however old; and how many usage units this conversation
    # has added to the counters in the week of `last_seen` (capped: hotline.stats.cells.WEEKLY_UNITS),
    # zeroed once that week is released. No minute, no count of texts per minute: floods are
    # counted in Redis or in memory (hotline.flood).
    seen_messages: Mapped[str] = mapped_column(String(512), default="")
    counted: Mapped[int] = mapped_column(default=0)


class DirectoryVersion(Base):
    """One row whose number grows with every change to the directory (database triggers on
    `referral`, migration 0013): each server keeps the directory it read, and reads it again only
    when this number moved, whoever changed it and however (the admin, an import, plain SQL).
    A migration that recreates `referral` (SQLite's batch mode) must create the triggers again."""

    __tablename__ = "directory_version"

    id: Mapped[intpk]
    version: Mapped[int] = mapped_column(default=0)


class UsageCount(Base):
    """A raw counter of the week not yet released: one cell of a table that will be released.

    Rows are the cells of the week's release tables ("texts" by language, "topics" by
    topic, ...), never a crossing finer than a released table and never a row per event. Every cell
    of a week is created at once, before any text counts, with a noise seed (OpenDP), so no row's
    existence or value is one family's alone. No row id (WITHOUT ROWID on SQLite): no insert order.
    `hotline stats release` turns a closed week into a release and deletes its counters.
    """

    __tablename__ = "usage_count"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    week: Mapped[date] = mapped_column(primary_key=True)  # the Monday, in America/New_York
    tbl: Mapped[str] = mapped_column(String(32), primary_key=True)  # hotline.stats.cells tables
    cell: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int]


class Release(Base):
    """One closed ISO week of usage, released once with differential-privacy noise, then frozen."""

    __tablename__ = "stats_release"

    week: Mapped[date] = mapped_column(primary_key=True)  # the Monday, in America/New_York
    released_on: Mapped[date]  # the day it was made (America/New_York), as `--as-of` saw it
    epsilon: Mapped[float]  # the privacy loss of this week's release for one family
    units: Mapped[int]  # what one family can add to the whole week (and so to any one cell)
    scale: Mapped[float]  # the Laplace noise's scale: units / epsilon
    mechanism: Mapped[str] = mapped_column(String(80))  # the library and mechanism that drew it


class ReleasedCell(Base):
    """One released (noisy) number: a table's cell in one week. Organizations by their name then."""

    __tablename__ = "stats_cell"
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    week: Mapped[date] = mapped_column(
        ForeignKey("stats_release.week", ondelete="CASCADE"), primary_key=True
    )
    tbl: Mapped[str] = mapped_column(String(32), primary_key=True)
    cell: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[int]  # true count + noise; may be below zero


class Referral(Base):
    """A legal-aid service the hotline can refer families to: who, where, in which languages, when.

    Every field, its length and its allowed values are described once, in referrals/fields.py.
    """

    __tablename__ = "referral"

    id: Mapped[intpk]
    # A stable id from the organization's own records or the CSV, so imports update, not duplicate.
    external_id: Mapped[str] = mapped_column(String(length("external_id")), unique=True)
    organization: Mapped[str] = mapped_column(String(length("organization")))
    service_name: Mapped[str | None] = mapped_column(String(length("service_name")))
    services: Mapped[list[str]] = mapped_column(default=list)  # kinds of help, see referrals.kinds
    descriptions: Mapped[dict[str, str]] = mapped_column(default=dict)  # language -> one SMS line
    phone: Mapped[str] = mapped_column(String(length("phone")))  # intake
    hotline_phone: Mapped[str | None] = mapped_column(String(length("hotline_phone")))
    after_hours_phone: Mapped[str | None] = mapped_column(String(length("after_hours_phone")))
    website: Mapped[str | None] = mapped_column(String(length("website")))
    email: Mapped[str | None] = mapped_column(String(length("email")))
    # Area served: counties as "MA:Bristol", whole states as "MA", or the whole country.
    counties: Mapped[list[str]] = mapped_column(default=list)
    states: Mapped[list[str]] = mapped_column(default=list)
    national: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[list[str]] = mapped_column(default=list)  # spoken by staff
    interpretation: Mapped[bool] = mapped_column(default=False)
    hours: Mapped[str] = mapped_column(
        String(length("hours")), default=""
    )  # "Mon-Fri 9:00-17:00; Sat 10:00-14:00"
    timezone: Mapped[str] = mapped_column(String(length("timezone")), default="America/New_York")
    closed_dates: Mapped[list[str]] = mapped_column(default=list)  # ISO dates
    accepting_new_cases: Mapped[bool] = mapped_column(default=True)
    serves_detained: Mapped[bool] = mapped_column(default=True)
    serves_not_detained: Mapped[bool] = mapped_column(default=True)
    fee: Mapped[str] = mapped_column(
        String(length("fee")), default="free"
    )  # free, sliding_scale, paid
    accredited: Mapped[bool] = mapped_column(default=False)  # DOJ-recognized, accredited reps
    status: Mapped[str] = mapped_column(
        String(length("status")), default="active"
    )  # active, paused, retired
    published: Mapped[bool] = mapped_column(default=True)
    priority: Mapped[int] = mapped_column(default=0)  # higher: a "best bet"
    last_verified: Mapped[date | None]
    verified_by: Mapped[str | None] = mapped_column(String(length("verified_by")))
    alert: Mapped[str | None] = mapped_column(
        String(length("alert"))
    )  # a temporary notice, e.g. "closed for snow"
    is_demo: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<Referral {self.external_id} {self.organization!r}>"


class User(Base):
    """A staff member or administrator of the web admin. Never a texter."""

    __tablename__ = "user_account"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # accounts.ROLES
    active: Mapped[bool] = mapped_column(default=True)
    # Part of every session's id: raising it ends all of this user's sessions everywhere.
    session_version: Mapped[int] = mapped_column(default=1)
    language: Mapped[str | None] = mapped_column(String(8))  # the admin's own language
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    last_login_at: Mapped[datetime | None]
    # A second factor (TOTP, RFC 6238): the shared secret once enrolled, the last time step a code
    # was accepted for (a code works once), and the unused recovery codes' SHA-256 digests.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    recovery_codes: Mapped[list[str]] = mapped_column(default=list)


class AuditEntry(Base):
    """Who did what in the admin, and when (UTC). Never any texter data."""

    __tablename__ = "audit_entry"

    id: Mapped[intpk]
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    actor: Mapped[str | None] = mapped_column(String(254))  # an email, or "cli"
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str | None] = mapped_column(String(254))
    # For a change: {field: [old, new]}; otherwise a few facts about the action.
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Setting(Base):
    """One of the hotline's own settings, set by an administrator (see hotline/settings.py)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_by: Mapped[str | None] = mapped_column(String(254))


class ContentReview(Base):
    """A person's review of the exact text of one part of the content in one language.

    The fingerprint is of the text reviewed: once the text changes, the review no longer covers it.
    """

    __tablename__ = "content_review"

    id: Mapped[intpk]
    part: Mapped[str] = mapped_column(String(40), index=True)  # "bond/2" or "fixed"
    language: Mapped[language_code]
    reviewer: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))  # see hotline.content_reviews.ROLES
    reviewed_on: Mapped[date]
    fingerprint: Mapped[str] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)


class NewsAlert(Base):
    """A short alert staff publish for families in one language (NEWS), until it expires.

    Nothing about a family: the text staff wrote, its language, its time span and who published it.
    """

    __tablename__ = "news_alert"

    id: Mapped[intpk]
    language: Mapped[language_code] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(String(600))
    published_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    published_by: Mapped[str] = mapped_column(String(254))


class ContentText(Base):
    """One version of one text in one language, as staff wrote it in the admin: a draft, the
    published text families get, or an earlier published one kept as history.

    `text_id` is the stable id (conversation/editable.py). `based_on` is the English it was
    written from: for a translation, the English current then (when the English changes, the
    translation "needs update"); for English, the shipped text it replaces (when an upgrade ships
    another, both are shown). Nothing about a family.
    """

    __tablename__ = "content_text"
    __table_args__ = (Index("ix_content_text_text_language", "text_id", "language"),)

    id: Mapped[intpk]
    text_id: Mapped[str] = mapped_column(String(80))
    language: Mapped[language_code]
    body: Mapped[str] = mapped_column(Text)
    based_on: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # draft | published | earlier
    written_at: Mapped[datetime] = mapped_column(default=now_utc)
    written_by: Mapped[str] = mapped_column(String(254))
    published_at: Mapped[datetime | None]
    published_by: Mapped[str | None] = mapped_column(String(254))


class TryItSession(Base):
    """A staff member's conversation on the try-it page: kept here, not in their cookie.

    Staff's own test texts, never a family's; one row per account, capped, and gone at sign-out.
    """

    __tablename__ = "try_it_session"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any] | None]  # the engine's state, as conversation.state.to_record
    transcript: Mapped[list[Any]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)


class PendingImport(Base):
    """A directory CSV checked and previewed, waiting for its importer to confirm it by id."""

    __tablename__ = "pending_import"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # a random token
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)


class SignInCount(Base):
    """A sign-in throttle's count while its window lasts (the admin's limits, shared by every
    worker and server when there is no Redis).

    `key` is an HMAC of what is counted (an account's email, an address), never the thing itself;
    a row is dropped when its window ends. Nothing about a family.
    """

    __tablename__ = "sign_in_count"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int]
    expires_at: Mapped[float] = mapped_column(index=True)  # seconds since the epoch


class CallbackKey(Base):
    """The legal-aid organization's callback keypair (hotline.callbacks): the public key families'
    numbers are sealed to, and the private key only as encrypted under the organization's
    passphrase, which is never stored. A rotated key is retired with its encrypted private key
    emptied."""

    __tablename__ = "callback_key"

    id: Mapped[intpk]
    public_key: Mapped[str] = mapped_column(String(64))  # base64 of the X25519 public key
    locked: Mapped[dict[str, Any]]  # argon2id salt and cost, and the secretbox of the private key
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    retired_at: Mapped[datetime | None]


class CallbackRequest(Base):
    """A family's request for a call back: the number sealed so only the organization can open it,
    and what a worker needs to prepare. It names no conversation; it is deleted after the call, or
    when it expires (`hotline purge`)."""

    __tablename__ = "callback_request"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # random
    sealed: Mapped[bytes] = mapped_column(LargeBinary)  # a sealed box of the number
    key_id: Mapped[int] = mapped_column(ForeignKey("callback_key.id"))
    language: Mapped[language_code]
    county: Mapped[str | None] = mapped_column(String(40))
    topic: Mapped[str | None] = mapped_column(String(16))
    asked_hour: Mapped[datetime]  # rounded down to the hour
    expires_at: Mapped[datetime] = mapped_column(index=True)
    tries: Mapped[int] = mapped_column(default=0)  # 1 after a "no answer"
