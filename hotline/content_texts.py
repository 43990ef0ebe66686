"""Texts staff edit in the admin: drafts, publishing, "needs update", history, and what families get.

Each editable text (conversation/editable.py) has, per language, at most one draft and at most one
published version; earlier published versions stay as history. Families get the published text,
else the shipped catalog's, else the English. A translation records the English it was written
from (`based_on`): when the English changes (an edit, or an upgrade's new shipped text), the
translation "needs update", and families keep getting it until someone updates it. An English edit
records the shipped text it replaces: when an upgrade ships another, the admin shows both and
keeps serving the edit until staff choose.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from sqlalchemy import select
from sqlalchemy.orm import Session

from .accounts import Actor, audit
from .conversation.budget import measure
from .conversation.editable import BY_ID, EDITABLE, PLACEHOLDER, Editable
from .conversation.topics import TOPICS
from .db import Executor
from .i18n import LANGUAGES, SOURCE_LANGUAGE, has_translation, translations
from .models import ContentText
from .said import N_, Said, SaidError

DRAFT, PUBLISHED, EARLIER = "draft", "published", "earlier"
CURRENT, NEEDS_UPDATE, MISSING = "current", "needs update", "missing"
# A text is one SMS reply's part: nothing longer is ever sent.
MAX_LENGTH = 1600

# language -> {shipped English (the catalogs' msgid): (published text, the day it was published)}
Published = dict[str, dict[str, tuple[str, date]]]


class TextError(SaidError):
    """An edit that cannot be saved or published; the message says why, for the person."""


def published_texts(session: Executor) -> Published:
    """Every published text, as the engine reads them (Records.published)."""
    rows = session.execute(
        select(ContentText.text_id, ContentText.language, ContentText.body, ContentText.published_at)
        .where(ContentText.status == PUBLISHED)
    )  # fmt: skip
    found: Published = {}
    for text_id, language, body, published_at in rows:
        text = BY_ID.get(text_id)
        if text is not None and language in LANGUAGES:  # an id an upgrade removed is left alone
            day = (published_at or datetime.now(UTC)).date()
            found.setdefault(language, {})[text.source] = (body, day)
    return found


def shipped(text: Editable, language: str) -> str | None:
    """The text as the catalogs ship it in a language; None where the catalog has no translation."""
    if language == SOURCE_LANGUAGE:
        return text.source
    if not has_translation(language, text.source):
        return None
    return translations(language).gettext(text.source)


@dataclass(frozen=True)
class TextState:
    text: Editable
    language: str
    published: ContentText | None
    draft: ContentText | None
    english_now: str  # the English families get now
    serving: str | None  # what families get in this language (None: the English, untranslated)
    written_from: str | None  # the English the text they get was written from
    shipped: str | None  # the catalog's text

    @property
    def status(self) -> str:
        if self.language == SOURCE_LANGUAGE:
            return CURRENT
        if self.serving is None:
            return MISSING
        return CURRENT if self.written_from == self.english_now else NEEDS_UPDATE

    @property
    def shipped_changed(self) -> bool:
        """An English edit made from a shipped text that an upgrade has since changed."""
        return (
            self.language == SOURCE_LANGUAGE
            and self.published is not None
            and self.published.based_on != self.text.source
        )


# The drafts and published texts, by text id, language and status (at most one of each).
_Rows = dict[tuple[str, str, str], ContentText]


def _rows(session: Session, language: str | None = None) -> _Rows:
    query = select(ContentText).where(ContentText.status.in_((DRAFT, PUBLISHED)))
    if language is not None:
        query = query.where(ContentText.language.in_({language, SOURCE_LANGUAGE}))
    return {(row.text_id, row.language, row.status): row
            for row in session.scalars(query.order_by(ContentText.id))}  # fmt: skip


def _state(text: Editable, language: str, rows: _Rows) -> TextState:
    def find(code: str, status: str) -> ContentText | None:
        return rows.get((text.id, code, status))

    english = find(SOURCE_LANGUAGE, PUBLISHED)
    english_now = english.body if english else text.source
    published = find(language, PUBLISHED)
    catalog = shipped(text, language)
    if published is not None:
        serving, written_from = published.body, published.based_on
    elif catalog is not None:
        serving, written_from = catalog, text.source  # the catalogs translate the shipped English
    else:
        serving, written_from = None, None
    return TextState(
        text, language, published, find(language, DRAFT), english_now, serving, written_from,
        catalog,
    )  # fmt: skip


def states(session: Session, language: str) -> list[TextState]:
    rows = _rows(session, language)
    return [_state(text, language, rows) for text in EDITABLE]


def state(session: Session, text_id: str, language: str) -> TextState:
    text = _known(text_id, language)
    return _state(text, language, _rows(session, language))


def counts(session: Session) -> dict[str, dict[str, int]]:
    """Per language: how many texts are current, need update, are missing, or wait as drafts."""
    rows = _rows(session)
    found: dict[str, dict[str, int]] = {}
    for language in LANGUAGES:
        tally = dict.fromkeys((CURRENT, NEEDS_UPDATE, MISSING, DRAFT), 0)
        for text in EDITABLE:
            one = _state(text, language, rows)
            tally[one.status] += 1
            tally[DRAFT] += one.draft is not None
        found[language] = tally
    return found


def history(session: Session, text_id: str, language: str) -> list[ContentText]:
    """Every published version, newest first (the current one included)."""
    query = (
        select(ContentText)
        .where(ContentText.text_id == text_id, ContentText.language == language)
        .where(ContentText.status.in_((PUBLISHED, EARLIER)))
        .order_by(ContentText.published_at.desc(), ContentText.id.desc())
    )
    return list(session.scalars(query))


def _known(text_id: str, language: str) -> Editable:
    if text_id not in BY_ID:
        raise TextError(Said(N_("There is no text %(id)r."), id=text_id))
    if language not in LANGUAGES:
        raise TextError(Said(N_("Unknown language %(language)r: use one of %(languages)s."),
                             language=language, languages=", ".join(LANGUAGES)))  # fmt: skip
    return BY_ID[text_id]


_TOPIC_NAMES = {entry.topic.value: entry.label for entry in TOPICS}


def _reply_name(reply: str) -> str:
    """A reply as staff read it: "Release day & detainers 3/7", not "release_day 3/7"."""
    topic, space, rest = reply.partition(" ")
    return f"{_TOPIC_NAMES[topic]} {rest}" if space and topic in _TOPIC_NAMES else reply


def problems(session: Session, text: Editable, language: str, body: str) -> list[Said]:
    """Why this text cannot be sent as it is: empty, too long, placeholders changed, characters a
    phone would not show, or a reply that would go over its SMS budget."""
    found = []
    if not body.strip():
        found.append(Said(N_("The text is empty.")))
    if len(body) > MAX_LENGTH:
        found.append(Said(N_("The text is %(length)s characters long; at most %(most)s."),
                           length=len(body), most=MAX_LENGTH))  # fmt: skip
    if any(not ch.isprintable() and ch != "\n" for ch in body):
        found.append(
            Said(N_("The text holds a control or invisible character: type it again plainly."))
        )
    placeholders = frozenset(text.placeholders)
    written = frozenset(PLACEHOLDER.findall(body))
    if written != placeholders:
        need = ", ".join(f"%({name})s" for name in sorted(placeholders)) or "none"
        found.append(Said(N_("Keep exactly these placeholders: %(need)s."), need=need))
    if found:
        return found
    published = {**published_texts(session).get(language, {}), text.source: (body, date.today())}
    over = sorted({_reply_name(row.reply) for row in measure(language, published) if row.over})
    if over:
        found.append(
            Said(N_("Too long for its SMS budget in: %(replies)s."), replies="; ".join(over))
        )
    return found


def save_draft(
    session: Session,
    actor: Actor,
    text_id: str,
    language: str,
    body: str,
    based_on: str | None = None,
) -> ContentText:
    """Keep an edit as this language's draft of the text (replacing an earlier draft).

    `based_on`: the English a translation was written from, when it is not the English now (a
    translator's file exported before the English changed)."""
    text = _known(text_id, language)
    body = body.replace("\r\n", "\n").strip()
    found = problems(session, text, language, body)
    if found:
        raise TextError(*found)
    current = state(session, text_id, language)
    if language == SOURCE_LANGUAGE:
        based_on = text.source
    elif based_on is None:
        based_on = current.english_now
    draft = current.draft
    if draft is None:
        draft = ContentText(text_id=text_id, language=language, status=DRAFT, body=body,
                            based_on=based_on, written_by=actor.name)  # fmt: skip
        session.add(draft)
    else:
        draft.body, draft.based_on, draft.written_by = body, based_on, actor.name
        draft.written_at = datetime.now(UTC)
    audit(session, actor, "text_drafted", f"{text_id} {language}")
    return draft


def publish(
    session: Session, actor: Actor, text_id: str, language: str, *, just_saved: bool = False
) -> ContentText:
    """Make this language's draft the text families get; the one it replaces becomes history.

    `just_saved`: the draft was checked a moment ago in this transaction (save_draft), so it is not
    measured against every reply again."""
    text = _known(text_id, language)
    current = state(session, text_id, language)
    if current.draft is None:
        raise TextError(Said(N_("There is no draft to publish.")))
    found = [] if just_saved else problems(session, text, language, current.draft.body)
    if found:
        raise TextError(*found)
    if current.published is not None:
        current.published.status = EARLIER
    current.draft.status = PUBLISHED
    current.draft.published_at = datetime.now(UTC)
    current.draft.published_by = actor.name
    session.flush()
    audit(session, actor, "text_published", f"{text_id} {language}", body=current.draft.body)
    return current.draft


def discard(session: Session, actor: Actor, text_id: str, language: str) -> None:
    current = state(session, text_id, language)
    if current.draft is not None:
        session.delete(current.draft)
        audit(session, actor, "text_draft_discarded", f"{text_id} {language}")


def restore_shipped(session: Session, actor: Actor, text_id: str, language: str) -> None:
    """Stop serving the published edit: families get the shipped text again (kept as history)."""
    current = state(session, text_id, language)
    if current.published is None:
        raise TextError(Said(N_("Families already get the shipped text.")))
    current.published.status = EARLIER
    audit(session, actor, "text_restored_to_shipped", f"{text_id} {language}")


def keep_edit(session: Session, actor: Actor, text_id: str) -> None:
    """After an upgrade changed a shipped English text: keep serving the edit, now based on the
    new shipped text, so it no longer shows as changed."""
    current = state(session, text_id, SOURCE_LANGUAGE)
    if current.published is None or not current.shipped_changed:
        raise TextError(
            Said(N_("Nothing to confirm: the shipped text has not changed since the edit."))
        )
    current.published.based_on = current.text.source
    audit(session, actor, "text_edit_kept", f"{text_id} {SOURCE_LANGUAGE}")


# Translators' files: PO, the format every translation tool reads (Poedit, Weblate, Pontoon). Each
# entry's context (msgctxt) is the text's stable id, its msgid the English families get now, its
# msgstr the text in the language; a translation that needs update is fuzzy, with the English it
# was written from as the previous msgid.


def export_po(session: Session, language: str, now: datetime) -> bytes:
    """The current texts of a language as a PO file."""
    if language not in LANGUAGES:
        raise TextError(Said(N_("Unknown language %(language)r: use one of %(languages)s."),
                             language=language, languages=", ".join(LANGUAGES)))  # fmt: skip
    catalog = Catalog(locale=language, project="hotline", creation_date=now, revision_date=now,
                      fuzzy=False)  # fmt: skip
    catalog.header_comment = (
        f"# What the hotline says in {LANGUAGES[language]}, exported {now:%Y-%m-%d %H:%M} UTC.\n"
        "# Translate each msgstr and keep every %(name)s placeholder. An entry marked fuzzy needs\n"
        "# an update: its English changed (the English before is the #| line). Read the file\n"
        "# back as drafts with `hotline content import FILE`; staff publish them at /admin/texts."
    )
    for one in states(session, language):
        comments = [one.text.label]
        if one.text.placeholders:
            comments.append("Keep: " + " ".join(f"%({p})s" for p in sorted(one.text.placeholders)))
        if language == SOURCE_LANGUAGE:
            english, string = one.text.source, one.english_now
        else:
            english, string = one.english_now, one.serving or ""
        flags = ["fuzzy"] if one.status == NEEDS_UPDATE else []
        previous = one.written_from if one.status == NEEDS_UPDATE and one.written_from else ()
        catalog.add(english, string, context=one.text.id, flags=flags, auto_comments=comments,
                    previous_id=previous)  # fmt: skip
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_previous=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class Imported:
    language: str
    drafted: list[str]  # the ids of the texts saved as drafts
    unchanged: int
    refused: list[str]  # "line N (text id): why"
    left_out: list[str]  # fuzzy or untranslated: "line N (text id): why"


def import_po(session: Session, actor: Actor, data: bytes, language: str | None = None) -> Imported:
    """Read a translator's PO file back as drafts: each entry that can be sent is saved as its
    language's draft; each that cannot is refused, with its line and the reason."""
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as problem:
        raise TextError(f"This is not a PO file the hotline can read: {problem}") from problem
    found = language or (str(catalog.locale) if catalog.locale else None)
    if found is None or found not in LANGUAGES:
        raise TextError(
            f"The file's Language header ({found or 'none'}) is not one of: {', '.join(LANGUAGES)}."
        )
    drafted: list[str] = []
    refused: list[str] = []
    left_out: list[str] = []
    unchanged = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        where = f"line {message.lineno} ({message.context or 'no msgctxt'})"
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            refused.append(f"{where}: plural forms are not used here.")
            continue
        if message.context not in BY_ID:
            refused.append(f"{where}: no text has this id (msgctxt).")
            continue
        if not message.string.strip():
            left_out.append(f"{where}: not translated.")
            continue
        if message.fuzzy:
            left_out.append(f"{where}: marked fuzzy (not yet confirmed).")
            continue
        current = state(session, message.context, found)
        body = message.string.replace("\r\n", "\n").strip()
        if body == (current.draft.body if current.draft else current.serving):
            unchanged += 1
            continue
        why = problems(session, current.text, found, body)
        if why:
            refused.append(f"{where}: " + " ".join(why))
            continue
        save_draft(session, actor, message.context, found, body, based_on=message.id)
        drafted.append(message.context)
    audit(session, actor, "texts_imported", found, drafted=len(drafted), refused=len(refused))
    return Imported(found, drafted, unchanged, refused, left_out)
