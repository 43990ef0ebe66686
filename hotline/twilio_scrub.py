"""`hotline twilio scrub`: delete Twilio's copies of the hotline's texts once they are old enough.

Twilio keeps a record of every message, inbound and outbound, with both phone numbers and the body,
until someone deletes it. This deletes every message record of the account older than
HOTLINE_TWILIO_SCRUB_MINUTES, and never prints, logs or raises a number or a body: only counts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import click
from flask import current_app
from flask.cli import with_appcontext
from twilio.base.exceptions import TwilioException, TwilioRestException

if TYPE_CHECKING:
    from twilio.http import HttpClient

# twilio.http (and with it requests, 16 MB) is imported only when a scrub runs: every server
# process registers this command, and none of them needs an HTTP client to answer texts.

log = logging.getLogger(__name__)

# Twilio refuses to delete a message it is still handling (error 20009): keep these for a later run.
IN_FLIGHT = frozenset({"queued", "sending", "accepted", "scheduled", "receiving"})
PAGE_SIZE = 1000  # the most Twilio lists in one page
TIMEOUT_SECONDS = 30.0
# Where the CLI finds an HTTP client to talk through instead of the real one (the tests' fake API).
HTTP_CLIENT_EXTENSION = "hotline.twilio_http_client"
UNAUTHORIZED = frozenset({401, 403})
NOT_FOUND = 404


class ScrubError(RuntimeError):
    """Twilio could not be reached or refused the credentials; the message is one safe line."""


@dataclass(frozen=True)
class Scrubbed:
    """What a scrub did, in counts only: never a number or a body."""

    minutes: int
    deleted: int = 0
    in_flight: int = 0
    failed: int = 0
    dry_run: bool = False

    def line(self) -> str:
        """Say what was done in one line."""
        records = "message record" if self.deleted == 1 else "message records"
        older = f"{self.deleted} {records} older than {self.minutes} minutes"
        if self.dry_run:
            return (
                f"dry run: would delete {older} ({self.in_flight} still in flight, kept); "
                "nothing deleted"
            )
        return f"deleted {older} ({self.in_flight} still in flight, kept; {self.failed} failed)"


def scrub(
    account_sid: str,
    auth_token: str,
    *,
    minutes: int,
    dry_run: bool = False,
    http_client: HttpClient | None = None,
    now: datetime | None = None,
    page_size: int = PAGE_SIZE,
) -> Scrubbed:
    """Delete the account's message records older than `minutes`, and count what was done."""
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    if minutes < 1:
        raise ValueError("minutes must be at least 1")
    cutoff = (now or datetime.now(UTC)) - timedelta(minutes=minutes)
    client = Client(
        account_sid,
        auth_token,
        http_client=http_client or TwilioHttpClient(timeout=TIMEOUT_SECONDS),
    )
    try:
        # Twilio filters by day only, and a message never sent (failed, canceled) has no date_sent,
        # so list every record and compare exact times here. Only the sids are kept, not the
        # records, and all are listed before the first deletion so paging is never disturbed.
        old, in_flight = _old_enough(client.messages.stream(page_size=page_size), cutoff)
    except TwilioException as problem:
        raise ScrubError(_refusal(problem, "listing message records")) from None
    except OSError as problem:
        raise ScrubError(_unreachable(problem, "listing message records")) from None
    if dry_run:
        return Scrubbed(minutes, deleted=len(old), in_flight=in_flight, dry_run=True)
    deleted = failed = 0
    for sid in old:
        try:
            client.messages(sid).delete()
        except TwilioRestException as problem:
            if problem.status == NOT_FOUND:  # already gone: another run deleted it
                deleted += 1
                continue
            failed += 1
            # The status and Twilio's error code only: Twilio's message text is not ours to vet.
            log.warning(
                "Twilio did not delete a message record (HTTP %s, Twilio error %s)",
                problem.status,
                problem.code,
            )
        except OSError as problem:
            raise ScrubError(
                _unreachable(problem, f"deleting, after deleting {deleted} message record(s)")
            ) from None
        else:
            deleted += 1
    log.info("Twilio scrub: %s deleted, %s in flight, %s failed", deleted, in_flight, failed)
    return Scrubbed(minutes, deleted=deleted, in_flight=in_flight, failed=failed)


def _old_enough(messages: Any, cutoff: datetime) -> tuple[list[str], int]:
    """Return the sids of the records older than `cutoff`, and how many old ones are in flight."""
    old: list[str] = []
    in_flight = 0
    for message in messages:
        when = message.date_sent or message.date_created
        if isinstance(when, datetime):
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            if when >= cutoff:
                continue
        # A record with no date at all is treated as old: keeping it would keep it forever.
        if message.status in IN_FLIGHT:
            in_flight += 1
        else:
            old.append(str(message.sid))
    return old, in_flight


def _refusal(problem: TwilioException, doing: str) -> str:
    """Say in one line why Twilio refused, from the HTTP status only."""
    status: int | None = None
    if isinstance(problem, TwilioRestException):
        status = problem.status
    else:  # a page Twilio would not serve: TwilioException("Unable to fetch page", response)
        from twilio.http.response import Response

        responses = [arg for arg in problem.args if isinstance(arg, Response)]
        status = responses[0].status_code if responses else None
    if status in UNAUTHORIZED:
        return (
            f"Twilio refused TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (HTTP {status}) while "
            f"{doing}: check that both belong to the same account"
        )
    if status is None:
        return f"Twilio's answer could not be read while {doing}"
    return f"Twilio answered HTTP {status} while {doing}; nothing was deleted"


def _unreachable(problem: OSError, doing: str) -> str:
    """Say in one line that Twilio could not be reached, naming only the kind of failure."""
    return f"could not reach Twilio while {doing} ({type(problem).__name__})"


class _MissingSetting(click.ClickException):
    """A setting the scrub needs is not set: exit 2, like every other configuration error."""

    exit_code = 2


@click.group("twilio")
def twilio_group() -> None:
    """Manage what Twilio keeps of the hotline's texts."""


@twilio_group.command("scrub")
@click.option(
    "--minutes",
    type=click.IntRange(min=1),
    help="Delete records older than this many minutes (default: HOTLINE_TWILIO_SCRUB_MINUTES).",
)
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@with_appcontext
def scrub_command(minutes: int | None, dry_run: bool) -> None:
    """Delete Twilio's records of inbound and outbound messages older than the cutoff."""
    config = current_app.config
    account_sid, auth_token = config.get("TWILIO_ACCOUNT_SID"), config.get("TWILIO_AUTH_TOKEN")
    for name, value in (("TWILIO_ACCOUNT_SID", account_sid), ("TWILIO_AUTH_TOKEN", auth_token)):
        if not value:
            raise _MissingSetting(
                f"{name} is not set: the scrub needs the account's SID and auth token"
            )
    try:
        done = scrub(
            str(account_sid),
            str(auth_token),
            minutes=minutes or int(config["HOTLINE_TWILIO_SCRUB_MINUTES"]),
            dry_run=dry_run,
            http_client=current_app.extensions.get(HTTP_CLIENT_EXTENSION),
        )
    except ScrubError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(done.line())
