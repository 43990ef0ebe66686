"""`hotline outreach flyer --lang es --format card -o card.pdf`: the printed material from a terminal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from hotline import db
from hotline.i18n import LANGUAGES, SOURCE_LANGUAGE

from . import sender
from .render import Format, OutreachError, pdf


@click.group("outreach")
def outreach() -> None:
    """Print-ready flyers and wallet cards for the hotline's number."""


@outreach.command("flyer")
@click.option("--lang", "language", type=click.Choice(list(LANGUAGES)), default=SOURCE_LANGUAGE, show_default=True,
              help="The language printed (bilingual: English beside it).")  # fmt: skip
@click.option("--format", "kind", type=click.Choice([kind.value for kind in Format]),
              default=Format.FLYER.value, show_default=True,
              help="flyer: one Letter page; card: 8 wallet cards; bilingual: English and --lang.")  # fmt: skip
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (default: hotline-FORMAT-LANG.pdf).")  # fmt: skip
@with_appcontext
def flyer(language: str, kind: str, output: Path | None) -> None:
    """Write a flyer, a sheet of wallet cards or a bilingual flyer as a PDF."""
    found = sender(db.session())
    if found is None:
        raise click.ClickException(
            "The hotline's public number is not set, so there is nothing to print yet. "
            "Set it first: hotline settings set public_number '+1 617 555 0100'"
        )
    chosen = Format(kind)
    output = output or Path(f"hotline-{chosen.value}-{language}.pdf")
    try:
        document = pdf(language, chosen, found.number, found.dial, found.organization,
                       datetime.now(UTC).date(), found.edits)  # fmt: skip
    except OutreachError as problem:
        raise click.ClickException(str(problem)) from problem
    output.write_bytes(document)
    click.echo(f"Wrote {output} ({len(document) // 1024} KB): {chosen.value} in {LANGUAGES[language]}, "
               f"for {found.number}.")  # fmt: skip
