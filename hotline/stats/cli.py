"""`hotline stats`: the same counts as /admin/stats, hidden the same way, from a terminal."""

from __future__ import annotations

from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from hotline import db

from .report import Query, as_csv, as_json_text, as_text, build
from .views import today


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as problem:
        raise click.BadParameter("write dates as YYYY-MM-DD") from problem


@click.command("stats")
@click.option("--since", help="First day (YYYY-MM-DD); 30 days before --until if left out.")
@click.option("--until", help="Last day (YYYY-MM-DD); today (America/New_York) if left out.")
@click.option("--format", "form", type=click.Choice(["table", "csv", "json"]), default="table")
@with_appcontext
def stats(since: str | None, until: str | None, form: str) -> None:
    """Print usage counts for a date range, with small counts hidden."""
    last = _day(until) or today()
    first = _day(since) or last - timedelta(days=29)
    if last < first:
        raise click.BadParameter("--until must not be before --since")
    report = build(db.session(), Query(first, last), current_app.config["HOTLINE_STATS_MIN_COUNT"])
    click.echo({"table": as_text, "csv": as_csv, "json": as_json_text}[form](report), nl=False)
    click.echo()
