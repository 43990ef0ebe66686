"""The `hotline` command: Flask's own commands plus the hotline's (db, seed-demo, chat, ...)."""

from __future__ import annotations

import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import delete, update
from twilio.request_validator import RequestValidator

from . import db
from .callbacks import purge_expired
from .conversation.state import LanguageSource, State, to_record
from .i18n import SOURCE_LANGUAGE
from .models import Conversation
from .segments import count_segments

# A fictional number (555-01xx is reserved for fiction) for the simulator's default sender.
SIMULATOR_NUMBER = "+16175550100"


def _create_app() -> Flask:
    from . import create_app
    from .config import ConfigError

    try:
        app = create_app()
    except ConfigError as problem:
        # One clear line, not a traceback: a configuration error is the deployer's to fix.
        click.echo(f"hotline: {problem}", err=True)
        sys.exit(2)
    _warn_if_serving_unsigned(app)
    return app


def _warn_if_serving_unsigned(app: Flask) -> None:
    """`hotline run` says as it starts that /sms takes unsigned texts, in the process that serves
    (with the reloader, its child); the other commands serve no texts and say nothing."""
    from flask.helpers import get_debug_flag
    from werkzeug.serving import is_running_from_reloader

    from .sms.signature import warn_if_unsigned

    context = click.get_current_context(silent=True)
    if context is None or context.info_name != "run":
        return
    reloading = context.params.get("reload")
    if reloading is None:
        reloading = get_debug_flag()
    if is_running_from_reloader() or not reloading:
        warn_if_unsigned(app)


@click.group(cls=FlaskGroup, create_app=_create_app)
def main() -> None:
    """Run and manage the hotline."""


@click.group("db")
def db_group() -> None:
    """Create and migrate the database."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply the migrations to HOTLINE_DATABASE_URL, and say which ones were applied."""
    from . import migrate  # Alembic (11 MB) only for the commands that need it

    applied = migrate.upgrade(current_app.config["HOTLINE_DATABASE_URL"], revision)
    for line in applied:
        click.echo(f"applied {line}")
    if applied:
        click.echo(f"Database upgraded: {len(applied)} migration(s) applied.")
    else:
        click.echo("Database is up to date: nothing to apply.")


@db_group.command("check")
@with_appcontext
def db_check() -> None:
    """Fail when the models and the migrations disagree."""
    from . import migrate

    migrate.check(current_app.config["HOTLINE_DATABASE_URL"])
    click.echo("Models and migrations agree.")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@with_appcontext
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    from . import migrate

    migrate.revision(current_app.config["HOTLINE_DATABASE_URL"], message)


@click.command("seed-demo")
@click.option("--reset", is_flag=True, help="Also put back demo entries someone edited.")
@with_appcontext
def seed_demo(reset: bool) -> None:
    """Add the fictional demo entries that are missing; edited ones are left alone.

    Safe to run again: an entry edited or verified in the admin keeps its changes unless --reset is
    given, and an entry no longer marked as demo data is never touched.
    """
    from .accounts import CLI
    from .referrals.demo import seed

    done = seed(db.session(), CLI, reset=reset)
    parts = [f"{done.added} added", f"{done.unchanged} unchanged"]
    if done.kept:
        parts.append(f"{done.kept} edited and kept (seed-demo --reset puts them back)")
    if done.restored:
        parts.append(f"{done.restored} edited and put back")
    click.echo(f"Demo directory: {', '.join(parts)}. All entries are fictional.")


# What an opt-out keeps once `hotline purge` has forgotten everything else: a date that says nothing.
FORGOTTEN = datetime(2000, 1, 1, tzinfo=UTC)


@click.command("purge")
@with_appcontext
def purge() -> None:
    """Delete conversations idle longer than HOTLINE_RETENTION_DAYS (their replay guards with them),
    and callback requests past their expiry (their sealed numbers with them).

    An opted-out number is not deleted, or its next text would get the welcome: it keeps its key and
    the opt-out alone (language, place, replay guard and time forgotten), until START or DELETE.
    """
    now = datetime.now(UTC)
    cutoff = now - timedelta(days=current_app.config["HOTLINE_RETENTION_DAYS"])
    idle = (Conversation.last_seen < cutoff) & (Conversation.last_seen != FORGOTTEN)
    session = db.session()
    with session.begin():
        gone = session.execute(delete(Conversation).where(idle, Conversation.opted_out.is_(False)))
        expired = purge_expired(session, now)
        kept = session.execute(
            update(Conversation)
            .where(idle, Conversation.opted_out.is_(True))
            .values(
                **to_record(State(SOURCE_LANGUAGE, opted_out=True, last_seen=FORGOTTEN,
                                  language_source=LanguageSource.DEFAULT)),
                seen_messages="", counted=0,
            )
        )  # fmt: skip
    click.echo(
        f"Purged {gone.rowcount} idle conversation(s); "  # type: ignore[attr-defined]
        f"{kept.rowcount} opt-out(s) kept as the key and the opt-out alone; "  # type: ignore[attr-defined]
        f"{expired} expired callback request(s) erased."
    )


@click.command("segments")
@click.option("--lang", "languages", multiple=True, help="Only these languages (repeatable).")
def segments(languages: tuple[str, ...]) -> None:
    """Print the SMS segments of every reply in every language, against its budget."""
    from .conversation.budget import table

    printed, rows = table(list(languages) or None)
    click.echo(printed)
    if any(row.over for row in rows):
        raise SystemExit(1)


@click.command("chat")
@click.option(
    "--from",
    "sender",
    default=SIMULATOR_NUMBER,
    show_default=True,
    help="The number to text from (use whatsapp:+1... for WhatsApp).",
)
@click.option(
    "--url",
    help="Text a running hotline at this webhook URL (http://127.0.0.1:8000/sms) instead of "
    "this app in-process.",
)
@with_appcontext
def chat(sender: str, url: str | None) -> None:
    """Text the hotline from this terminal, through the same /sms webhook Twilio calls."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    public = current_app.config.get("HOTLINE_PUBLIC_URL")
    # Sign for the URL the hotline checks: its public URL when one is set, else the one posted to.
    posted = url or "http://localhost/sms"
    signed = f"{public.rstrip('/')}/sms" if public else posted
    client = None if url else current_app.test_client()
    where = url or "this app"
    click.echo(f"Texting {where} as {sender}. Type a message; Ctrl-D to quit.")
    for line in sys.stdin if not sys.stdin.isatty() else _prompted():
        form = {
            "From": sender,
            "To": "+16175550199",
            "Body": line.rstrip("\n"),
            "MessageSid": "SM" + uuid.uuid4().hex,
            "NumMedia": "0",
        }
        headers = (
            {"X-Twilio-Signature": RequestValidator(token).compute_signature(signed, form)}
            if token
            else {}
        )
        if client is not None:
            response = client.post("/sms", data=form, headers=headers)
            status, body = response.status_code, response.data
        else:
            status, body = _post(posted, form, headers)
        if status != 200:
            click.echo(f"[HTTP {status}]")
            continue
        bodies = [m.text or "" for m in ET.fromstring(body).iter("Message")]
        if not bodies:
            click.echo("(no reply)")
        for text in bodies:
            parts = count_segments(text)
            click.echo(f"--- {parts.count} segment(s), {parts.encoding}, {len(text)} characters")
            click.echo(text)


def _post(url: str, form: dict[str, str], headers: dict[str, str]) -> tuple[int, bytes]:
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


@click.command("fallback-twiml")
def fallback_twiml() -> None:
    """Print a static TwiML reply for Twilio's Fallback URL: one short line per launch language."""
    from twilio.twiml.messaging_response import MessagingResponse

    from .conversation.content import HOTLINE_DOWN
    from .i18n import LANGUAGES, translations
    from .segments import economical

    lines = dict.fromkeys(
        economical(translations(code).gettext(HOTLINE_DOWN), code) for code in LANGUAGES
    )
    response = MessagingResponse()
    response.message("\n".join(lines))
    click.echo(str(response))


def _prompted() -> Iterator[str]:
    while True:
        try:
            yield click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            return


def init_app(app: Flask) -> None:
    from .admin.cli import users
    from .callbacks_cli import callbacks
    from .content_cli import content, settings
    from .outreach.cli import outreach
    from .privacy_report import privacy
    from .referrals.cli import referrals
    from .stats.cli import stats
    from .twilio_scrub import twilio_group

    commands = (db_group, seed_demo, purge, segments, chat, referrals, users, settings, content)
    for command in (*commands, privacy, stats, outreach, fallback_twiml, twilio_group, callbacks):
        app.cli.add_command(command)
