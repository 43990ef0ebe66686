"""What a subpoena would get: every table and column, what it holds, how long, and an example row.

`hotline privacy report` and /admin/privacy print it from the live database's schema and the
running configuration. Every table and column the database has must be described here: one that
is not is listed as NOT DESCRIBED, and the tests fail, so a new column cannot arrive unexplained.
The texts families read (the welcome's caution, the flyer's sentence) are quoted at the end, and
promise no more than this says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import click
from flask import Config, current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from hotline.conversation import content
from hotline.conversation.topics import Topic
from hotline.languages import WHEN_UNKNOWN
from hotline.outreach import texts as flyer
from hotline.referrals.fields import BY_NAME
from hotline.stats.cells import EPSILON, WEEKLY_UNITS

EXAMPLE_KEY = "3f0c9a5e" + "0" * 56  # what a conversation key looks like: 64 hex digits
_EXAMPLE_LANGUAGE = WHEN_UNKNOWN[-1]  # an example row's language: the most texted after English


@dataclass(frozen=True)
class Note:
    """What the report says of one table."""

    about_texters: str  # "yes", "counts only" or "no"
    holds: str
    kept: str  # how long; may name {retention_days}
    columns: dict[str, str]
    example: dict[str, Any] | None = None  # shown when the live table is empty (texter tables)


CONVERSATION = Note(
    "yes",
    "One row per number that texted, keyed by an HMAC-SHA256 of the number with HOTLINE_PHONE_KEY "
    "(the number itself is never stored and cannot be computed back without that key).",
    "Until the texter sends DELETE, or {retention_days} days after their last text (`hotline "
    "purge`); after STOP the row stays, to keep the silence.",
    {
        "key": "HMAC-SHA256 of the E.164 number (64 hex digits): the only identity stored",
        "language": "the language texts are answered in",
        "step": "where in the menu the texter is (menu, place, topic, list, language)",
        "topic": "the last topic read (its name, like bond), or empty",
        "opted_out": "whether the texter sent STOP",
        "last_seen": "the hour (UTC) of the last text, never the minute",
        "area": "the county of the last list of help (never a ZIP code or a town), or empty",
        "shown": "how many entries of that list were shown",
        "language_source": "whether the language was chosen, guessed from texts, or the default",
        "page": "the page of the topic last shown",
        "seen_messages": "a Bloom filter (2,048 bits) of the keyed hashes of the Twilio "
        "MessageSids answered, to answer a replay once: no order, no list",
        "counted": f"usage units this number added this week (at most {WEEKLY_UNITS}); 0 once "
        "the week is released",
    },
    {
        "key": EXAMPLE_KEY,
        "language": _EXAMPLE_LANGUAGE,
        "step": "list",
        "topic": Topic.BOND.value,
        "opted_out": False,
        "last_seen": "2026-12-01 15:00:00+00:00",
        "area": "MA:Bristol",
        "shown": 3,
        "language_source": "detected",
        "page": 1,
        "seen_messages": "0" * 120 + "4" + "0" * 200 + "1" + "0" * 190,
        "counted": 11,
    },
)

USAGE_COUNT = Note(
    "counts only",
    "This week's raw usage counters: one row per cell of a table that will be released (texts by "
    "language, first texts by channel, topics, counties, directory entries shown, ..., and the "
    "replies' delivery outcomes Twilio reports: by reason, and those not delivered by language "
    "and by channel). Every cell is created for the whole week at once holding random noise, so "
    "no row exists because of one family or one message, and no value is one family's count. "
    "Texts are counted in the server's memory and written once a second, all of that second's "
    "texts in one transaction of its own, never a text's.",
    "Until the week is released (`hotline stats release`, daily): the release deletes them.",
    {
        "week": "the Monday of the week (America/New_York)",
        "tbl": "the table the cell belongs to",
        "cell": "the cell: a language, a topic, a county, a directory entry's id, a delivery "
        "outcome (delivered, undelivered:30007), ...",
        "count": "noise seed plus everything counted in the cell this week",
    },
    {"week": "2026-11-30", "tbl": "places", "cell": "Bristol", "count": 17},
)

RELEASE = Note(
    "counts only",
    f"One row per released week: the noise's privacy loss (epsilon {EPSILON:g} for one family's "
    f"week) and the most one family can add to a week ({WEEKLY_UNITS} units).",
    "For good.",
    {
        "week": "the Monday of the week released",
        "released_on": "the day the release was made",
        "epsilon": "the privacy loss of the week's release for one family",
        "units": "the most one family adds to the week's cells",
        "scale": "the scale of the Laplace noise",
        "mechanism": "the library and mechanism that drew the noise",
    },
    {
        "week": "2026-11-23",
        "released_on": "2026-11-30",
        "epsilon": EPSILON,
        "units": WEEKLY_UNITS,
        "scale": WEEKLY_UNITS / EPSILON,
        "mechanism": "OpenDP discrete Laplace",
    },
)

RELEASED_CELL = Note(
    "counts only",
    "The released numbers: each cell of a week's tables, its true count plus noise drawn once. "
    "Organizations are named as they were when the week was released.",
    "For good; never changed.",
    {
        "week": "the Monday of the week",
        "tbl": "the table",
        "cell": "the cell: a language, a topic, a county, an organization's name, a delivery "
        "outcome (delivered, undelivered:30007), ...",
        "value": "the noisy count (it may be below zero)",
    },
    {"week": "2026-11-23", "tbl": "texts", "cell": _EXAMPLE_LANGUAGE, "value": 412},
)


def _referral_columns() -> dict[str, str]:
    found = {name: str(spec.label) for name, spec in BY_NAME.items()}
    found.update(id="the entry's number", descriptions="a line per language, written by staff")
    return found


NOTES: dict[str, Note] = {
    "conversation": CONVERSATION,
    "usage_count": USAGE_COUNT,
    "stats_release": RELEASE,
    "stats_cell": RELEASED_CELL,
    "referral": Note("no", "The directory of legal-aid organizations staff keep.",
                     "Until staff retire or delete an entry.", _referral_columns()),
    "directory_version": Note("no", "One number that grows whenever the directory changes, so "
                              "each server knows when to read it again.", "For good.", {
        "id": "always 1", "version": "how many changes the directory has had",
    }),
    "user_account": Note("no", "Staff and administrators of the web admin.", "Until removed.", {
        "id": "the account's number", "email": "the sign-in email",
        "password_hash": "argon2id hash of the password", "role": "staff, editor or admin",
        "active": "whether the account can sign in", "session_version": "ends every session "
        "when raised", "language": "the admin's own language",
        "created_at": "when the account was made", "last_login_at": "the last sign-in",
        "totp_secret": "the second factor's shared secret (TOTP), once set up",
        "totp_last_step": "the time step of the last code accepted (a code works once)",
        "recovery_codes": "SHA-256 digests of the unused recovery codes",
    }),
    "audit_entry": Note("no", "Who did what in the admin (never any texter data).", "For good.", {
        "id": "the entry's number", "at": "when", "actor": "the staff email, or cli",
        "action": "what was done", "target": "what it was done to",
        "details": "the fields changed, or a few facts about the action",
    }),
    "setting": Note("no", "The hotline's own settings (organization, contact phone, ...).",
                    "Until changed.", {
        "key": "the setting", "value": "its value", "updated_at": "when it was set",
        "updated_by": "who set it",
    }),
    "content_review": Note("no", "Reviews of the know-your-rights texts by attorneys and "
                           "translators.", "For good.", {
        "id": "the review's number", "part": "the part of the content reviewed",
        "language": "the language reviewed", "reviewer": "who reviewed it",
        "role": "attorney, accredited representative or translator",
        "reviewed_on": "the day of the review", "fingerprint": "a hash of the exact text reviewed",
        "recorded_by": "who recorded it", "recorded_at": "when",
    }),
    "news_alert": Note("no", "Short alerts staff publish for families who text NEWS, one language "
                       "each.", "For good (ended alerts stay listed for staff).", {
        "id": "the alert's number", "language": "its language", "text": "what staff wrote",
        "published_at": "when it was published", "expires_at": "when it ends",
        "published_by": "who published it",
    }),
    "content_text": Note("no", "What the hotline says, as editors wrote it in the admin: drafts, "
                         "the published texts families get, and earlier ones.", "For good (the "
                         "history of what families were told).", {
        "id": "the version's number", "text_id": "which text (release_day.lunn, welcome, ...)",
        "language": "its language", "body": "what the editor wrote",
        "based_on": "the English it was written from", "status": "draft, published or earlier",
        "written_at": "when it was last saved", "written_by": "who saved it",
        "published_at": "when it was published", "published_by": "who published it",
    }),
    "try_it_session": Note("no", "A staff member's own test conversation on the try-it page: "
                           "staff's texts, never a family's.", "A day, or until sign-out.", {
        "user_id": "the staff account", "state": "the test conversation's menu state",
        "transcript": "the staff member's test texts and the replies (at most 12 turns)",
        "updated_at": "when it was last used",
    }),
    "pending_import": Note("no", "A directory CSV checked and waiting for its importer to confirm "
                           "it.", "An hour.", {
        "id": "a random token", "user_id": "the importer", "filename": "the file's name",
        "text": "the file's text (directory entries)", "created_at": "when it was uploaded",
    }),
    "sign_in_count": Note("no", "Failed sign-ins counted for the admin's throttling, when there "
                          "is no Redis.", "15 minutes (until the count's window ends).", {
        "key": "an HMAC of the account or address counted, never the email or address itself",
        "count": "attempts in the window", "expires_at": "when the window ends",
    }),
    "callback_key": Note("no", "The legal-aid organization's key for callback requests: the public "
                         "key, and the private key only encrypted under a passphrase the hotline "
                         "never keeps.", "Until rotated (then the encrypted private key is emptied).", {
        "id": "the key's number", "public_key": "the public key numbers are sealed to",
        "locked": "the private key, encrypted under the organization's passphrase (argon2id)",
        "created_at": "when it was made", "retired_at": "when it was rotated out",
    }),
    "callback_request": Note("yes", "A family's request for a call back: their number sealed "
                             "so only the organization's callback staff can open it, and what a "
                             "worker needs to prepare. It names no conversation.", "Until the call, "
                             "or until it expires (72 hours by default, HOTLINE_CALLBACK_HOURS).", {
        "id": "a random token", "sealed": "the number, in a sealed box only the organization's "
        "private key opens", "key_id": "the key it is sealed to", "language": "the family's "
        "language", "county": "the county, if the family gave a place", "topic": "the last topic "
        "read", "asked_hour": "the hour it was asked (rounded down)", "expires_at": "the hour it is "
        "erased", "tries": "1 after a call that was not answered",
    }),
    "alembic_version": Note("no", "Which migration the database is at.", "For good.",
                            {"version_num": "the migration's revision"}),
}  # fmt: skip


@dataclass
class TableReport:
    name: str
    note: Note | None
    columns: list[tuple[str, str | None]]  # (column, description or None: not described)
    example: dict[str, str] | None
    example_is_live: bool = False


@dataclass
class Report:
    made_at: datetime
    database: str
    tables: list[TableReport]
    outside: list[tuple[str, str, str]]  # (where, what, how long)
    told: list[tuple[str, str]]  # (where families read it, the English text)
    undescribed: list[str] = field(default_factory=list)


def _shown(value: Any) -> str:
    if isinstance(value, datetime | date):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _outside(config: Config) -> list[tuple[str, str, str]]:
    retention = config["HOTLINE_RETENTION_DAYS"]
    redis = config.get("HOTLINE_RATELIMIT_STORAGE_URL")
    scrub = config.get("TWILIO_ACCOUNT_SID")
    minutes = config.get("HOTLINE_TWILIO_SCRUB_MINUTES", 60)
    return [
        ("The hotline's logs", "No phone number, no text, no part of a conversation key: a random "
         "id per request, the path, the status and the time it took.",
         "As long as the server's log rotation keeps them."),
        ("Redis" if redis else "The server's memory",
         "This minute's count of texts per number (the flood limit), under an HMAC of the "
         "conversation key with a secret of the day that is never written to disk"
         + (", and failed sign-ins of staff." if redis else "."),
         "Two minutes; the day's secret until the end of its day."),
        ("Twilio (the text service)", "Each message's numbers, text and delivery status, in its "
         "message log (the hotline keeps a status only as a count).",
         f"Until `hotline twilio scrub` deletes them: records older than {minutes} minutes, each "
         "time it runs." if scrub else
         "Until deleted: TWILIO_ACCOUNT_SID is not set here, so `hotline twilio scrub` cannot "
         "delete them. Turn on Twilio's message redaction as well."),
        ("Phone companies", "Their own records of each text (numbers and times).",
         "As their rules say: out of the hotline's hands."),
        ("Released usage", f"Weekly numbers with noise (epsilon {EPSILON:g} a week for one family, "
         f"at most {WEEKLY_UNITS} units a family a week): no row is one family's.",
         f"For good (counters: until their week is released; conversations: {retention} days)."),
    ]  # fmt: skip


def _told() -> list[tuple[str, str]]:
    caution = content.WELCOME.split("\n", 1)[1]
    return [("Every first reply (the welcome)", caution), ("Printed flyers and cards", flyer.PRIVACY),
            ("After DELETE", content.DELETED)]  # fmt: skip


def build(session: Session, config: Config) -> Report:
    """The report for the live database and this configuration."""
    connection = session.connection()
    inspector = inspect(connection)
    retention = config["HOTLINE_RETENTION_DAYS"]
    tables: list[TableReport] = []
    undescribed: list[str] = []
    for name in sorted(inspector.get_table_names()):
        note = NOTES.get(name)
        if note is None:
            undescribed.append(name)
        live = [column["name"] for column in inspector.get_columns(name)]
        columns = [(column, note.columns.get(column) if note else None) for column in live]
        undescribed += [f"{name}.{column}" for column, said in columns if note and said is None]
        if note is not None:
            note = Note(note.about_texters, note.holds, note.kept.format(retention_days=retention),
                        note.columns, note.example)  # fmt: skip
        example, is_live = None, False
        if note is not None and note.about_texters != "no":
            row = connection.execute(text(f'SELECT * FROM "{name}" LIMIT 1')).mappings().first()
            if row is not None:
                example, is_live = {key: _shown(value) for key, value in row.items()}, True
            elif note.example is not None:
                example = {key: _shown(value) for key, value in note.example.items()}
        tables.append(TableReport(name, note, columns, example, is_live))
    tables.sort(key=lambda found: ({"yes": 0, "counts only": 1}.get(
        found.note.about_texters if found.note else "yes", 2), found.name))  # fmt: skip
    return Report(datetime.now(UTC), connection.engine.dialect.name, tables, _outside(config),
                  _told(), undescribed)  # fmt: skip


def as_text(report: Report) -> str:
    lines = [f"What a subpoena would get from this hotline ({report.database}, "
             f"{report.made_at:%Y-%m-%d %H:%M} UTC)", ""]  # fmt: skip
    if report.undescribed:
        lines += ["NOT DESCRIBED: " + ", ".join(report.undescribed), ""]
    for found in report.tables:
        note = found.note
        about = note.about_texters if note else "NOT DESCRIBED"
        lines.append(f"== {found.name} (about texters: {about})")
        if note:
            lines += [f"   holds: {note.holds}", f"   kept: {note.kept}"]
        for column, said in found.columns:
            lines.append(f"   - {column}: {said or 'NOT DESCRIBED'}")
        if found.example is not None:
            kind = "a row of this database" if found.example_is_live else "an example row"
            lines.append(f"   {kind}, as a dump shows it:")
            lines.append("     " + " | ".join(f"{k}={v}" for k, v in found.example.items()))
        lines.append("")
    lines.append("== Outside the database")
    for where, what, kept in report.outside:
        lines += [f"   {where}: {what}", f"     kept: {kept}"]
    lines += ["", "== What families are told (in English; every language says the same)"]
    lines += [f"   {where}: {said}" for where, said in report.told]
    return "\n".join(lines)


def as_json(report: Report) -> dict[str, Any]:
    return {
        "made_at": report.made_at.isoformat(),
        "database": report.database,
        "undescribed": report.undescribed,
        "tables": [
            {"name": t.name, "about_texters": t.note.about_texters if t.note else None,
             "holds": t.note.holds if t.note else None, "kept": t.note.kept if t.note else None,
             "columns": dict(t.columns), "example": t.example, "example_is_live": t.example_is_live}
            for t in report.tables
        ],
        "outside": [{"where": w, "what": what, "kept": k} for w, what, k in report.outside],
        "told": [{"where": w, "text": t} for w, t in report.told],
    }  # fmt: skip


@click.group("privacy")
def privacy() -> None:
    """What the hotline keeps about texters."""


@privacy.command("report")
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text")
@with_appcontext
def report_command(form: str) -> None:
    """Print every table and column, what it holds, how long, and an example row as a dump shows it."""
    from hotline import db

    found = build(db.session(), current_app.config)
    click.echo(as_text(found) if form == "text" else json.dumps(as_json(found), indent=1))
    if found.undescribed:
        raise click.ClickException("not described: " + ", ".join(found.undescribed))
