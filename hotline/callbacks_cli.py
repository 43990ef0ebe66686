"""`hotline callbacks`: the organization's key, and the queue for small organizations without the
admin (hotline.callbacks). Numbers are printed only by `open`, to the person who gave the
passphrase; nothing here logs one."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from . import db
from .accounts import CLI
from .callbacks import (
    OUTCOMES,
    CallbackError,
    Expired,
    done,
    keygen,
    open_request,
    open_requests,
    purge_expired,
    rotate,
)


def _passphrase(from_stdin: bool, prompt: str, confirm: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


@contextmanager
def _transaction() -> Iterator[Session]:
    """One transaction; a refusal becomes the command's error (an expired request is erased in a
    transaction of its own, since the refused one is rolled back)."""
    session = db.session()
    try:
        with session.begin():
            yield session
    except CallbackError as problem:
        if isinstance(problem, Expired):
            with session.begin():
                purge_expired(session, datetime.now(UTC))
        raise click.ClickException(str(problem)) from problem


@click.group("callbacks")
def callbacks() -> None:
    """Sealed callback requests: the organization's key and the queue."""


@callbacks.command("keygen")
@click.option("--passphrase-stdin", is_flag=True, help="Read the passphrase from standard input.")
@with_appcontext
def keygen_command(passphrase_stdin: bool) -> None:
    """Make the organization's keypair; the private key is kept only under the passphrase."""
    passphrase = _passphrase(passphrase_stdin, "Passphrase (never stored)", confirm=True)
    with _transaction() as session:
        key = keygen(session, CLI, passphrase)
    click.echo(
        f"Callback key {key.id} made. Keep the passphrase safe: without it no request opens."
    )


@callbacks.command("rotate")
@click.option("--passphrase-stdin", is_flag=True,
              help="Read the old passphrase, then the new one, from standard input.")  # fmt: skip
@with_appcontext
def rotate_command(passphrase_stdin: bool) -> None:
    """A new keypair: open requests are re-sealed to it, and the old key is retired."""
    old = _passphrase(passphrase_stdin, "Current passphrase", confirm=False)
    new = _passphrase(passphrase_stdin, "New passphrase (never stored)", confirm=True)
    with _transaction() as session:
        resealed = rotate(session, CLI, old, new)
    click.echo(f"New callback key made; {resealed} open request(s) re-sealed to it.")


@callbacks.command("list")
@with_appcontext
def list_command() -> None:
    """The open requests, oldest first: never a number."""
    found = open_requests(db.session())
    for request in found:
        click.echo(f"{request.id}\t{request.asked_hour:%Y-%m-%d %H}:00\t{request.language}\t"
                   f"{request.county or '-'}\t{request.topic or '-'}\t"
                   f"{'tried once' if request.tries else 'new'}")  # fmt: skip
    click.echo(f"{len(found)} open request(s).", err=True)


@callbacks.command("open")
@click.argument("request_id")
@click.option("--passphrase-stdin", is_flag=True, help="Read the passphrase from standard input.")
@with_appcontext
def open_command(request_id: str, passphrase_stdin: bool) -> None:
    """Print one request's number (audited)."""
    passphrase = _passphrase(passphrase_stdin, "Passphrase", confirm=False)
    with _transaction() as session:
        number = open_request(session, CLI, request_id, passphrase, datetime.now(UTC))
    click.echo(number)


@callbacks.command("done")
@click.argument("request_id")
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True)
@with_appcontext
def done_command(request_id: str, outcome: str) -> None:
    """Record a call: "called" and "wrong-number" erase the request at once."""
    with _transaction() as session:
        done(session, CLI, request_id, outcome, datetime.now(UTC))
    click.echo("Kept for one more try." if outcome == "no-answer" else "Request erased.")
