"""`hotline referrals import|export|list`: the directory from a terminal."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from hotline import db
from hotline.accounts import CLI
from hotline.models import Referral

from .csvfile import CsvError, read_rows, store, write_rows
from .directory import area_tier, configured_max_age, is_stale, needs_review
from .places import HOME_STATE, MASSACHUSETTS_COUNTIES


@click.group("referrals")
def referrals() -> None:
    """Import, export and list the legal-aid directory."""


@referrals.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_csv(file: Path) -> None:
    """Import a directory CSV: every row is checked first, and nothing is saved if one is bad."""
    try:
        checked = read_rows(file.read_text(encoding="utf-8-sig"))
    except (CsvError, UnicodeDecodeError) as unreadable:
        raise click.ClickException(f"{file}: {unreadable}") from unreadable
    if checked.problems:
        for problem in checked.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(checked.problems)} bad row(s): nothing was imported. Fix them and import again."
        )
    session = db.session()
    with session.begin():
        result = store(session, checked.rows, CLI, file.name)
    click.echo(f"Imported {file}: {result.added} added, {result.changed} changed, "
               f"{result.unchanged} unchanged.")  # fmt: skip


@referrals.command("export")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_csv(file: Path | None) -> None:
    """Write the whole directory as CSV, to FILE or to the terminal."""
    text = write_rows(db.session().scalars(select(Referral)))
    if file is None:
        sys.stdout.write(text)
    else:
        file.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {text.count(chr(10)) - 1} entries to {file}.", err=True)


@referrals.command("list")
@click.option(
    "--county",
    help="Only entries serving this Massachusetts county (or the state, or the country).",
)
@click.option("--lang", "language", help="Only entries whose staff speak this language code.")
@click.option("--stale", is_flag=True,
              help="Only entries families see as not recently verified (HOTLINE_REFERRAL_MAX_AGE_DAYS).")  # fmt: skip
@with_appcontext
def list_entries(county: str | None, language: str | None, stale: bool) -> None:
    """Print the directory as a table."""
    today = datetime.now(UTC).date()
    max_age = configured_max_age()
    if county:
        county = county.strip().removesuffix(" County").title()
        if county not in MASSACHUSETTS_COUNTIES:
            raise click.BadParameter(f"not a Massachusetts county: {county}", param_hint="--county")
    entries = sorted(db.session().scalars(select(Referral)), key=lambda entry: entry.organization)
    rows = []
    for entry in entries:
        # The rule a text follows: the county, the whole state, or the whole country.
        if county and area_tier(entry, HOME_STATE, county) is None:
            continue
        if language and language not in entry.languages:
            continue
        if stale and not needs_review(entry, today):
            continue
        flags = ",".join(
            flag for flag, on in (
                ("paused", entry.status == "paused"), ("retired", entry.status == "retired"),
                ("unpublished", not entry.published), ("stale", is_stale(entry, today, max_age)),
                ("demo", entry.is_demo),
            ) if on
        )  # fmt: skip
        area = "national" if entry.national else "; ".join(entry.states + entry.counties)
        verified = entry.last_verified.isoformat() if entry.last_verified else "never"
        rows.append((entry.external_id, entry.organization, entry.phone,
                     " ".join(entry.languages), area, verified, flags))  # fmt: skip
    head = ("id", "organization", "phone", "languages", "area", "verified", "flags")
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        click.echo(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
    click.echo(f"{len(rows)} of {len(entries)} entries.")
