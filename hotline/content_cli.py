"""`hotline settings ...` and `hotline content ...`: the hotline's settings and content reviews
from a terminal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from . import db
from .accounts import CLI
from .content_reviews import ROLES, ReviewError, attorney_wording, record, status_table
from .content_texts import TextError, export_po, import_po, published_texts
from .conversation.versions import all_parts, part_text, stamp
from .i18n import LANGUAGES
from .settings import KNOWN, SettingError, change, read


@click.group("settings")
def settings() -> None:
    """Show and change the hotline's own settings."""


@settings.command("show")
@with_appcontext
def settings_show() -> None:
    """Print every setting and its value."""
    values = read(db.session())
    for key, known in KNOWN.items():
        click.echo(f"{key}\t{values.get(key, '(not set)')}\t{known.label}")


@settings.command("set")
@click.argument("key", type=click.Choice(list(KNOWN)))
@click.argument("value")
@with_appcontext
def settings_set(key: str, value: str) -> None:
    """Set KEY to VALUE (an empty VALUE unsets it)."""
    session = db.session()
    try:
        with session.begin():
            stored = change(session, CLI, key, value)
    except SettingError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"{key} = {stored}" if stored is not None else f"{key} is not set.")


@click.group("content")
def content() -> None:
    """The content's parts, their reviews, and when each text last changed."""


@content.command("status")
@with_appcontext
def content_status() -> None:
    """Print, per language and topic: reviewed, changed since review, or never reviewed."""
    for language, coverage in status_table(db.session()):
        cells = (
            f"{name}: {found.status}" + (f" {found.reviewed_on}" if found.reviewed_on else "")
            for name, found in coverage.items()
        )
        click.echo(f"{language}\t" + "; ".join(cells))
    wording = attorney_wording(db.session())
    waiting = [part for part, approved in wording if not approved]
    if waiting:
        click.echo("Needs an attorney's review of its wording before families rely on it: "
                   + ", ".join(waiting))  # fmt: skip


@content.command("show")
@click.argument("part", type=click.Choice(all_parts()))
@click.argument("language", type=click.Choice(list(LANGUAGES)))
@with_appcontext
def content_show(part: str, language: str) -> None:
    """Print the exact text of PART in LANGUAGE, as a reviewer reads it (as families get it)."""
    click.echo(part_text(part, language, published_texts(db.session()).get(language)))


@content.command("export")
@click.option("--lang", "language", type=click.Choice(list(LANGUAGES)), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="The PO file to write (default: hotline-LANG.po).")  # fmt: skip
@with_appcontext
def content_export(language: str, output: str | None) -> None:
    """Write the current texts of a language as a PO file for translators: the English families
    get now beside each text, and the texts that need an update marked fuzzy."""
    path = Path(output or f"hotline-{language}.po")
    path.write_bytes(export_po(db.session(), language, datetime.now(UTC)))
    click.echo(f"Wrote {path}: {LANGUAGES[language]}.")


@content.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--lang", "language", type=click.Choice(list(LANGUAGES)),
              help="The file's language, when its Language header does not say.")  # fmt: skip
@with_appcontext
def content_import(file: str, language: str | None) -> None:
    """Read a translator's PO file back as drafts (publish them at /admin/texts). Entries that
    cannot be sent are refused, each with its line and the reason; the rest are saved."""
    session = db.session()
    try:
        with session.begin():
            found = import_po(session, CLI, Path(file).read_bytes(), language)
    except TextError as problem:
        raise click.ClickException(str(problem)) from problem
    for line in found.left_out:
        click.echo(f"left out: {line}")
    for line in found.refused:
        click.echo(f"refused: {line}", err=True)
    click.echo(f"{LANGUAGES[found.language]}: {len(found.drafted)} draft(s) saved, "
               f"{found.unchanged} unchanged, {len(found.left_out)} left out, "
               f"{len(found.refused)} refused.")  # fmt: skip
    if found.refused:
        raise SystemExit(1)


@content.command("review")
@click.argument("part", type=click.Choice(all_parts()))
@click.argument("language", type=click.Choice(list(LANGUAGES)))
@click.option("--reviewer", required=True, help="The reviewer's name.")
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@click.option("--date", "day", help="The day of the review (YYYY-MM-DD); today if left out.")
@with_appcontext
def content_review(part: str, language: str, reviewer: str, role: str, day: str | None) -> None:
    """Record that REVIEWER reviewed the current text of PART in LANGUAGE."""
    today = datetime.now(UTC).date()
    try:
        reviewed = date.fromisoformat(day) if day else today
    except ValueError as problem:
        raise click.ClickException("Give the date as YYYY-MM-DD.") from problem
    session = db.session()
    try:
        with session.begin():
            found = record(session, CLI, part=part, language=language, reviewer=reviewer,
                           role=role, reviewed_on=reviewed, today=today)  # fmt: skip
    except ReviewError as problem:
        raise click.ClickException(str(problem)) from problem
    click.echo(f"Recorded: {part} {language} reviewed {reviewed} by {reviewer} ({role}), "
               f"text {found.fingerprint[:12]}.")  # fmt: skip


@content.command("stamp")
def content_stamp() -> None:
    """Record today as the change date of every text that changed (messages/content-versions.json)."""
    changed = stamp(datetime.now(UTC).date())
    for part, language in changed:
        click.echo(f"changed: {part} {language}")
    click.echo(f"{len(changed)} text(s) stamped.")
