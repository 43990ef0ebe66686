"""Reviews of the content, as records: who checked which exact text, in which language, as what.

A review names a part (a topic page, or "fixed": the welcome, HELP and every other text), a
language, the reviewer, their role and the date, and keeps the fingerprint of the text they read.
A topic is "reviewed" in a language only when every one of its pages has a legal review of its
current English text (by an attorney or a DOJ-accredited representative) and, for another language,
a review of its current translation. Otherwise a family reads "Updated MM/YYYY", never "Reviewed".
"""

from __future__ import annotations

import time
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import Engine, bindparam, select
from sqlalchemy.orm import Session

from .accounts import Actor, audit
from .content_texts import Published, published_texts
from .conversation.content import ATTORNEY_WORDING, TOPIC_PAGES, Topic
from .conversation.records import Contact, Texts
from .conversation.versions import (
    FIXED,
    all_parts,
    fingerprint,
    first_version,
    sources,
    topic_parts,
)
from .db import Executor, engine_of
from .i18n import LANGUAGES, SOURCE_LANGUAGE
from .models import ContentReview, NewsAlert
from .said import N_, Said, SaidError
from .settings import read as read_settings

ROLES: dict[str, str] = {
    "attorney": N_("Attorney"),
    "accredited_representative": N_("DOJ-accredited representative"),
    "translator": N_("Native-speaker translator"),
}
LEGAL_ROLES = frozenset({"attorney", "accredited_representative"})
REVIEWED, PARTLY = "reviewed", "partly reviewed"
CHANGED, NEVER = "changed since review", "never reviewed"


class ReviewError(SaidError):
    """A review that cannot be recorded; the message says why, for the person."""


def record(
    session: Session,
    actor: Actor,
    *,
    part: str,
    language: str,
    reviewer: str,
    role: str,
    reviewed_on: date,
    today: date,
) -> ContentReview:
    """Record a review of the part's current text in the language, audited."""
    reviewer = " ".join(reviewer.split())
    if part not in all_parts():
        raise ReviewError(Said(N_("Unknown part %(part)r: use one of %(parts)s."), part=part,
                               parts=", ".join(all_parts())))  # fmt: skip
    if language not in LANGUAGES:
        raise ReviewError(Said(N_("Unknown language %(language)r: use one of %(languages)s."),
                               language=language, languages=", ".join(LANGUAGES)))  # fmt: skip
    if role not in ROLES:
        raise ReviewError(Said(N_("The role must be one of: %(roles)s."), roles=", ".join(ROLES)))
    if role in LEGAL_ROLES and language != SOURCE_LANGUAGE:
        raise ReviewError(
            Said(N_("A legal review is of the English text; record translations separately."))
        )
    if not reviewer or len(reviewer) > 200 or not reviewer.isprintable():
        raise ReviewError(Said(N_("Give the reviewer's name (at most 200 characters).")))
    if reviewed_on > today:
        raise ReviewError(Said(N_("A review cannot be dated in the future.")))
    earliest = first_version()
    if reviewed_on < earliest:
        raise ReviewError(Said(
            N_("A review cannot be dated before the content's first version (%(earliest)s)."),
            earliest=earliest.isoformat(),
        ))  # fmt: skip
    review = ContentReview(
        part=part,
        language=language,
        reviewer=reviewer,
        role=role,
        reviewed_on=reviewed_on,
        fingerprint=fingerprint(part, language, published_texts(session).get(language)),
        recorded_by=actor.name,
    )
    session.add(review)
    forget_records()
    audit(session, actor, "content_reviewed", f"{part} {language}", reviewer=reviewer, role=role,
          reviewed_on=reviewed_on.isoformat(), fingerprint=review.fingerprint)  # fmt: skip
    return review


@dataclass(frozen=True)
class Coverage:
    status: str  # REVIEWED; PARTLY (current reviews, but not all it needs); CHANGED; NEVER
    reviewed_on: date | None  # when REVIEWED: the oldest of the reviews it rests on


def _coverage(
    reviews: Sequence[ContentReview | Reviewed],
    parts: list[str],
    language: str,
    published: Published,
) -> Coverage:
    """Whether current reviews cover these parts in this language, as families read them now."""
    by_part: dict[tuple[str, str], list[ContentReview | Reviewed]] = defaultdict(list)
    for review in reviews:
        by_part[(review.part, review.language)].append(review)
    dates: list[date] = []
    missing = False
    for part in parts:
        needs = [(SOURCE_LANGUAGE, LEGAL_ROLES)]
        if language != SOURCE_LANGUAGE:
            needs.append((language, frozenset(ROLES)))
        for code, roles in needs:
            current = fingerprint(part, code, published.get(code))
            found = [r.reviewed_on for r in by_part[(part, code)]
                     if r.role in roles and r.fingerprint == current]  # fmt: skip
            if found:
                dates.append(max(found))
            else:
                missing = True
    if not missing and dates:
        return Coverage(REVIEWED, min(dates))
    languages = {SOURCE_LANGUAGE, language}
    earlier = [r for r in reviews if r.part in parts and r.language in languages]
    if any(r.fingerprint != fingerprint(r.part, r.language, published.get(r.language))
           for r in earlier):  # fmt: skip
        return Coverage(CHANGED, None)
    return Coverage(PARTLY if earlier else NEVER, None)


def _reviews(session: Session, parts: list[str]) -> list[ContentReview]:
    return list(session.scalars(select(ContentReview).where(ContentReview.part.in_(parts))))


def reviewed_on(session: Session, topic: Topic, language: str) -> date | None:
    parts = topic_parts(topic)
    return _coverage(
        _reviews(session, parts), parts, language, published_texts(session)
    ).reviewed_on


def status_table(session: Session) -> list[tuple[str, dict[str, Coverage]]]:
    """Per language: the coverage of each topic and of the fixed texts."""
    reviews = list(session.scalars(select(ContentReview)))
    published = published_texts(session)
    groups = {topic.value: topic_parts(topic) for topic in TOPIC_PAGES} | {FIXED: [FIXED]}
    return [
        (
            language,
            {
                name: _coverage(reviews, parts, language, published)
                for name, parts in groups.items()
            },
        )
        for language in LANGUAGES
    ]


def attorney_wording(session: Session) -> list[tuple[str, bool]]:
    """The pages whose wording about who gets what a lawyer must approve (content.ATTORNEY_WORDING),
    each with whether an attorney's or accredited representative's review covers its English now."""
    parts = [part for part in all_parts() if set(sources(part)) & ATTORNEY_WORDING]
    reviews = _reviews(session, parts)
    published = published_texts(session)
    return [
        (part, _coverage(reviews, [part], SOURCE_LANGUAGE, published).status == REVIEWED)
        for part in parts
    ]


# Reviews and settings change rarely, and a topic or HELP reply needs them: each process keeps
# them for RECORDS_SECONDS, so those texts cost no extra statement. A change made in this process
# shows at once (record() and settings.change() forget them); one made on another server, within
# RECORDS_SECONDS. A stale copy can only delay "Reviewed": reviews carry the fingerprint of their
# text, which is checked against the text as it is now.
RECORDS_SECONDS = 30.0


class Reviewed(NamedTuple):
    """What the footer needs of a review, kept apart from any session."""

    part: str
    language: str
    role: str
    fingerprint: str
    reviewed_on: date


# Alerts not yet expired (kept with the reviews; each is checked against the clock when read).
_LIVE_NEWS = select(
    NewsAlert.language, NewsAlert.text, NewsAlert.published_at, NewsAlert.expires_at
).where(NewsAlert.expires_at > bindparam("now"))
_REVIEW_COLUMNS = (ContentReview.part, ContentReview.language, ContentReview.role,
                   ContentReview.fingerprint, ContentReview.reviewed_on)  # fmt: skip


@dataclass(frozen=True)
class _Kept:
    until: float
    reviews: list[Reviewed]
    settings: dict[str, str]
    news: list[tuple[str, str, datetime, datetime]]  # language, text, published, expires
    published: Published  # texts staff published in the admin


# Per engine (one per app): a new app, as each test makes, starts with nothing kept.
_kept: weakref.WeakKeyDictionary[Engine, _Kept] = weakref.WeakKeyDictionary()


def forget_records() -> None:
    _kept.clear()


class SqlRecords:
    """The engine's `Records` port on the database: asked only when a reply needs it."""

    def __init__(self, session: Executor) -> None:
        self.session = session

    def _records(self) -> _Kept:
        where = engine_of(self.session)
        found = _kept.get(where)
        if found is None or found.until < time.monotonic():
            reviews = [
                Reviewed(r.part, r.language, r.role, r.fingerprint, r.reviewed_on)
                for r in self.session.execute(select(*_REVIEW_COLUMNS))
            ]
            news = [
                (row.language, row.text, row.published_at, row.expires_at)
                for row in self.session.execute(_LIVE_NEWS, {"now": datetime.now(UTC)})
            ]
            found = _Kept(
                time.monotonic() + RECORDS_SECONDS, reviews, read_settings(self.session), news,
                published_texts(self.session),
            )  # fmt: skip
            _kept[where] = found
        return found

    def help_contact(self) -> Contact | None:
        settings = self._records().settings
        if "organization" in settings and "contact_phone" in settings:
            return Contact(settings["organization"], settings["contact_phone"])
        return None

    def reviewed_on(self, topic: Topic, language: str) -> date | None:
        parts = topic_parts(topic)
        kept = self._records()
        return _coverage(kept.reviews, parts, language, kept.published).reviewed_on

    def news(self, language: str, now: datetime) -> str | None:
        live = [
            (published, text)
            for code, text, published, expires in self._records().news
            if code == language and published <= now < expires
        ]
        return max(live)[1] if live else None

    def published(self, language: str) -> Texts:
        return self._records().published.get(language, {})
