"""`hotline stats`: the released weeks, as /admin/stats shows them; `hotline stats release` makes them."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from hotline import db

from .cells import EPSILON, WEEKLY_UNITS, monday
from .release import release as release_weeks
from .report import Query, as_csv, as_json_text, as_text, build, last_weeks, released_weeks
from .views import today


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as problem:
        raise click.BadParameter(f"write {name} as YYYY-MM-DD, not {value!r}") from problem


@click.group("stats", invoke_without_command=True)
@click.option(
    "--since", help="A day in the first week (YYYY-MM-DD); the last 4 released weeks if left out."
)
@click.option(
    "--until", help="A day in the last week (YYYY-MM-DD); the last released week if left out."
)
@click.option("--format", "form", type=click.Choice(["table", "csv", "json"]), default="table")
@click.pass_context
@with_appcontext
def stats(context: click.Context, since: str | None, until: str | None, form: str) -> None:
    """Print usage from the released weeks (Monday to Sunday), with small numbers hidden."""
    if context.invoked_subcommand is not None:
        return
    first, last = _day(since, "--since"), _day(until, "--until")
    released = released_weeks(db.session())
    if not released:
        raise click.ClickException(
            "no week has been released yet: `hotline stats release` releases each closed week"
        )
    if first is None and last is None:
        query = last_weeks(4, released)
    else:
        low, high = monday(first or released[0]), monday(last or released[-1])
        if high < low:
            raise click.BadParameter("--until must not be before --since")
        query = Query(max(low, released[0]), min(high, released[-1]))
        if query.first > query.last:
            raise click.ClickException("no released week in that range")
    assert query is not None
    report = build(db.session(), query, current_app.config["HOTLINE_STATS_MIN_COUNT"])
    click.echo({"table": as_text, "csv": as_csv, "json": as_json_text}[form](report), nl=False)
    click.echo()


@stats.command("release")
@click.option(
    "--as-of", "as_of", help="Treat this day (YYYY-MM-DD) as today: for tests and backfills."
)
@with_appcontext
def release(as_of: str | None) -> None:
    """Release every closed week (Monday to Sunday, Boston time) with noise, and delete its counters."""
    day = _day(as_of, "--as-of") or today()
    weeks = release_weeks(db.session(), day)
    if not weeks:
        click.echo(f"nothing to release: every week closed by {day.isoformat()} is released")
        return
    named = ", ".join(week.isoformat() for week in weeks)
    click.echo(
        f"released {len(weeks)} week(s) starting {named} "
        f"(epsilon {EPSILON:g} a week, at most {WEEKLY_UNITS} units a family a week)"
    )
