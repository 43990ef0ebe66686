"""Usage as weekly releases with noise: every derivation that once recovered a hidden count, again.

Texts go through the real inbox and engine on the real database, at times the test chooses (the
clock), then `hotline stats release --as-of` releases the closed weeks. Each attack of the issue
that built this is repeated against the page, the CSV and the command.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, text

from hotline import db
from hotline.inbox import Limits, Received, receive
from hotline.privacy import sender_key
from hotline.stats import counters
from hotline.stats.cells import WEEKLY_UNITS, week_of

from .conftest import ADMIN, PHONE_KEY, Phone, Usage
from .test_admin import sign_in

WEEK_A, WEEK_B = date(2026, 11, 2), date(2026, 11, 9)  # two Mondays
_NUMBERS = iter(range(1000, 10000))


def at(day: date, hour: int = 15) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def family(app: Flask, texts: list[str], when: datetime, *, whatsapp: bool = False) -> None:
    """One family's texts, a minute apart, through the real inbox."""
    key = sender_key(PHONE_KEY, f"+1617555{next(_NUMBERS):04d}")
    with app.app_context():
        session = db.session()
        for n, body in enumerate(texts):
            received = Received(
                key, body, uuid.uuid4().hex, channel="whatsapp" if whatsapp else "sms"
            )
            assert receive(session, received, when + timedelta(minutes=n), Limits())


# What the scenario sends, and so the true counts the releases must not give away exactly.
SPANISH = ["Hola, necesito ayuda para mi familia", "4", "02720"]  # bond, Bristol list
PORTUGUESE = ["Olá, preciso de ajuda com a minha família", "5", "Brockton"]  # Plymouth list
VIETNAMESE = ["Xin chào, tôi cần giúp đỡ cho gia đình tôi", "4", "MORE", "Edgartown", "DELETE"]


@pytest.fixture
def released(app: Flask, seeded: None, runner: FlaskCliRunner) -> Iterator[dict[str, int]]:
    """Two weeks of families, then both weeks released on the Monday after."""
    for day in range(5):  # week A: 12 Spanish families over five days, 3 Portuguese, 1 Vietnamese
        for _ in range(2 if day < 2 else 3):
            family(app, SPANISH, at(WEEK_A + timedelta(days=day)))
    for day in range(3):
        family(app, PORTUGUESE, at(WEEK_A + timedelta(days=day)))
    family(app, VIETNAMESE, at(WEEK_A + timedelta(days=6), 20))  # Sunday evening, Boston time
    for day in range(4):  # week B: 8 Spanish families, one a day on WhatsApp
        family(app, SPANISH, at(WEEK_B + timedelta(days=day)))
        family(app, SPANISH, at(WEEK_B + timedelta(days=day), 18), whatsapp=True)
    result = runner.invoke(args=["stats", "release", "--as-of", "2026-11-16"])
    assert result.exit_code == 0, result.output
    assert "released 2 week(s) starting 2026-11-02, 2026-11-09" in result.output
    assert "epsilon 2 a week, at most 16 units a family a week" in result.output
    users = ["users", "create", ADMIN, "--role", "admin", "--password-stdin"]
    assert runner.invoke(args=users, input="a long and unusual passphrase\n").exit_code == 0
    # True texts in week A: es 36, pt 9, vi 5 (its DELETE is its last text); week B: es 24.
    yield {"texts_a": 50, "texts_b": 24, "es_a": 36, "pt_a": 9, "vi_a": 5}


def cli_json(runner: FlaskCliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(args=["stats", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.output)
    return found


def released_cells(engine: Engine) -> dict[tuple[str, str, str], int]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT week, tbl, cell, value FROM stats_cell")).all()
    return {(str(week), table, cell): value for week, table, cell, value in rows}


# --- the attacks, again ---------------------------------------------------------------------


def test_a_range_is_whole_weeks_so_two_ranges_never_differ_by_a_day(
    released: dict[str, int], runner: FlaskCliRunner, app: Flask
) -> None:
    seven = cli_json(runner, "--since", "2026-11-02", "--until", "2026-11-08")
    six = cli_json(runner, "--since", "2026-11-02", "--until", "2026-11-07")
    one_day = cli_json(runner, "--since", "2026-11-05", "--until", "2026-11-05")
    assert seven == six == one_day  # the same released week, whichever days are named
    assert seven["weeks"] == ["2026-11-02"] and list(seven["by_week"]) == ["2026-11-02"]  # type: ignore[call-overload]
    both = cli_json(runner, "--since", "2026-11-02", "--until", "2026-11-15")
    assert both["weeks"] == ["2026-11-02", "2026-11-09"]
    # A longer range is the sum of its weeks' released numbers, nothing new (hidden or not).
    from hotline.stats.report import Query, build

    with app.app_context():
        session = db.session()
        weeks = [build(session, Query(w, w), 11).totals["texts"].value for w in (WEEK_A, WEEK_B)]
        assert build(session, Query(WEEK_A, WEEK_B), 11).totals["texts"].value == sum(weeks)


def test_no_filter_computes_a_new_number(released: dict[str, int], client: FlaskClient) -> None:
    sign_in(client, ADMIN)
    plain = client.get("/admin/stats.csv?range=4").get_data(as_text=True)
    for filters in ("language=pt", "county=Suffolk", "county=Bristol&language=es", "language=vi"):
        assert client.get(f"/admin/stats.csv?range=4&{filters}").get_data(as_text=True) == plain
    week = client.get("/admin/stats.csv?since=2026-11-02&until=2026-11-08").get_data(as_text=True)
    for filters in ("language=pt", "county=Bristol"):  # a filter plus a range
        path = f"/admin/stats.csv?since=2026-11-02&until=2026-11-08&{filters}"
        assert client.get(path).get_data(as_text=True) == week
    page = client.get("/admin/stats?range=4&language=pt").get_data(as_text=True)
    filters_form = page.split('class="filters"', 1)[1].split("</form>", 1)[0]
    assert 'name="language"' not in filters_form and 'name="county"' not in filters_form


def test_every_number_is_a_sum_of_released_cells_and_the_cells_carry_noise(
    released: dict[str, int], runner: FlaskCliRunner, engine: Engine
) -> None:
    cells = released_cells(engine)
    week_a = {(t, c): v for (w, t, c), v in cells.items() if w == "2026-11-02"}
    data = cli_json(runner, "--since", "2026-11-02", "--until", "2026-11-08")
    by_language = data["by_language"]
    assert isinstance(by_language, dict)
    es = week_a[("texts", "es")]
    assert by_language["es"] == (es if es >= 11 else "<11")
    total = sum(v for (t, _), v in week_a.items() if t == "texts")
    assert data["totals"]["texts"] == (total if total >= 11 else "<11")  # type: ignore[index]
    # The hidden Portuguese count: total minus the shown languages gives its released, noisy
    # value, never the true one unless the noise happened to be 0 for every cell involved.
    truths = {("texts", "es"): 36, ("texts", "pt"): 9, ("texts", "vi"): 5,
              ("texts", "en"): 0, ("texts", "fr"): 0, ("events", "new:sms"): 16,
              ("topics", "bond"): 13, ("places", "Bristol"): 12, ("places", "Plymouth"): 3,
              ("places", "Dukes"): 1, ("more", "lists"): 0, ("events", "delete"): 1}  # fmt: skip
    exact = [key for key, truth in truths.items() if week_a[key] == truth]
    # Each cell's noise is 0 with a chance of about 1 in 8 (two draws of scale 8): all 12 exact
    # would happen about once in 10^11 runs; half of them, about once in 10^4.
    assert len(exact) < 9, exact
    assert len({v for (t, _), v in week_a.items() if t == "texts"}) > 3  # not all one value


def test_a_rename_changes_no_release_and_a_release_names_organizations_as_they_were(
    released: dict[str, int], runner: FlaskCliRunner, engine: Engine, app: Flask
) -> None:
    before = released_cells(engine)
    first = cli_json(runner)
    with engine.begin() as connection:
        names = dict(connection.execute(text("SELECT id, organization FROM referral")).all())
        one, other = sorted(names)[:2]
        connection.execute(text("UPDATE referral SET organization = :n WHERE id = :i"),
                           {"n": names[other], "i": one})  # fmt: skip
    assert released_cells(engine) == before and cli_json(runner) == first
    with engine.begin() as connection:
        connection.execute(text("UPDATE referral SET organization = :n WHERE id = :i"),
                           {"n": names[one], "i": one})  # fmt: skip
    assert released_cells(engine) == before and cli_json(runner) == first
    organizations = {cell for (_, table, cell) in before if table == "referrals"}
    assert organizations <= {*names.values(), "(entries since removed)"}
    assert not any(cell.isdigit() for cell in organizations)  # names, never entry ids


def test_a_second_run_and_late_counters_change_nothing_released(
    released: dict[str, int], runner: FlaskCliRunner, engine: Engine, app: Flask
) -> None:
    before = released_cells(engine)
    again = runner.invoke(args=["stats", "release", "--as-of", "2026-11-16"])
    assert again.exit_code == 0 and "nothing to release" in again.output
    family(app, SPANISH, at(WEEK_A + timedelta(days=2)))  # a late text for a released week
    later = runner.invoke(args=["stats", "release", "--as-of", "2026-11-17"])
    assert later.exit_code == 0, later.output
    assert released_cells(engine) == before
    with engine.connect() as connection:
        weeks = connection.execute(text("SELECT DISTINCT week FROM usage_count")).scalars().all()
    assert all(str(week) >= "2026-11-16" for week in weeks)  # the late counters went


def test_after_a_release_no_counter_of_a_released_week_is_left(
    released: dict[str, int], engine: Engine
) -> None:
    with engine.connect() as connection:
        weeks = {str(w) for w in connection.execute(text("SELECT week FROM usage_count")).scalars()}
        counted = connection.execute(text("SELECT counted FROM conversation")).scalars().all()
    assert weeks == {"2026-11-16", "2026-11-23"}  # this week and the next, created and seeded
    assert set(counted) <= {0}  # no family's weekly units outlive their week


def test_the_page_csv_and_command_give_the_same_numbers(
    released: dict[str, int], runner: FlaskCliRunner, client: FlaskClient
) -> None:
    sign_in(client, ADMIN)
    from_page = client.get("/admin/stats.csv?since=2026-11-02&until=2026-11-15")
    result = runner.invoke(args=["stats", "--since", "2026-11-02", "--until", "2026-11-15",
                                 "--format", "csv"])  # fmt: skip
    assert from_page.get_data(as_text=True).strip() == result.output.strip()
    page = client.get("/admin/stats?range=13").get_data(as_text=True)
    assert "ε = 2.0" in page and "at most 16" in page
    assert page.count('<svg role="img"') >= 7
    assert "style=" not in page and "<script" not in page
    start = client.get("/admin/").get_data(as_text=True)
    assert re.search(r"Week of 2026-11-09 \(released\): (\d+|&lt;11) texts", start)


def test_the_week_being_counted_shows_nothing(
    app: Flask, seeded: None, runner: FlaskCliRunner, client: FlaskClient
) -> None:
    family(app, SPANISH, datetime.now(UTC))
    users = ["users", "create", ADMIN, "--role", "admin", "--password-stdin"]
    assert runner.invoke(args=users, input="a long and unusual passphrase\n").exit_code == 0
    sign_in(client, ADMIN)
    page = client.get("/admin/stats").get_data(as_text=True)
    assert "No week has been released yet" in page and "<svg" not in page
    assert client.get("/admin/stats.csv").status_code == 404
    shown = runner.invoke(args=["stats"])
    assert shown.exit_code == 1 and "no week has been released yet" in shown.output
    # Released as of today: this week is not closed, so nothing of it is released.
    result = runner.invoke(args=["stats", "release"])
    assert result.exit_code == 0 and "nothing to release" in result.output


def test_a_bad_as_of_date_is_one_clear_line_and_nothing_is_lost(
    app: Flask, seeded: None, runner: FlaskCliRunner, usage: Usage
) -> None:
    family(app, SPANISH, datetime.now(UTC))
    result = runner.invoke(args=["stats", "release", "--as-of", "2026-13-01"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output
    assert usage.added("texts") == 3


# --- what one family can add, and what a dump shows of it ------------------------------------


def test_one_family_adds_at_most_the_weekly_bound(app: Flask, seeded: None, usage: Usage) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    texts = ["Hola", "4", "MORE", "MORE", "5", "02720", "MORE", "1", "2", "3", "02124", "MORE"] * 3
    key = sender_key(PHONE_KEY, "+16175550188")
    with app.app_context():
        session = db.session()
        for n, body in enumerate(texts):
            received = Received(key, body, uuid.uuid4().hex)
            assert receive(session, received, now + timedelta(seconds=n), Limits(sender_limit=100))
    added = sum(usage.added(table) for table in
                ("texts", "events", "topics", "places", "referrals", "more", "not_understood"))  # fmt: skip
    assert 0 < added <= WEEKLY_UNITS
    assert usage.added("texts") < len(texts)  # the rest were answered, not counted


def test_a_dump_after_a_visit_and_delete_holds_no_row_that_is_the_familys_alone(
    app: Flask, seeded: None, usage: Usage, engine: Engine
) -> None:
    def rows() -> dict[tuple[str, str, str], int]:
        counters.flush_all()  # a dump taken once the counts in memory were written
        with engine.connect() as connection:
            found = connection.execute(text("SELECT week, tbl, cell, count FROM usage_count")).all()
        return {(str(w), t, c): n for w, t, c, n in found}

    before = rows()
    assert len(set(before.values())) > 3  # every cell already holds its own seed
    family(app, VIETNAMESE, datetime.now(UTC))
    after = rows()
    assert set(after) == set(before)  # no row appeared: none exists because of this family
    changed = {key for key in after if after[key] != before[key]}
    assert changed and all(key[1] != "conversation" for key in changed)
    assert usage.added("places", "Dukes") == 1  # counted, into a cell that was there before
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM conversation")).scalar() == 0
    this_week = str(week_of(datetime.now(UTC)))
    assert all(week in (this_week, str(date.fromisoformat(this_week) + timedelta(days=7)))
               for week, _, _ in after)  # fmt: skip


def test_every_table_and_cell_name_fits_its_column() -> None:
    from hotline.models import ReleasedCell, UsageCount
    from hotline.stats.cells import TABLES, domain

    for model in (UsageCount, ReleasedCell):
        table_length = model.__table__.c.tbl.type.length
        cell_length = model.__table__.c.cell.type.length
        for table_name, key in domain([10**9]):
            assert table_name in TABLES and len(table_name) <= table_length, table_name
            assert len(key) <= cell_length, key


def test_a_texts_counts_are_written_within_seconds_by_no_one_but_the_server(
    app: Flask, usage: Usage, phone: Phone
) -> None:
    def written() -> int:
        # Read the rows as a dump would, without flushing what the process holds in memory.
        with app.extensions["hotline.engine"].connect() as connection:
            return int(
                connection.execute(
                    text("SELECT SUM(count) FROM usage_count WHERE tbl = 'texts'")
                ).scalar()
                or 0
            )

    before = written()
    assert phone.post("Hola, necesito ayuda").status_code == 200
    for _ in range(100):  # the server's own flush runs a second after the text
        if written() != before:
            break
        time.sleep(0.1)
    assert written() == before + 1


def test_counts_made_while_the_database_is_locked_are_written_once_it_is_free(
    app: Flask, usage: Usage, engine: Engine
) -> None:
    week = week_of(datetime.now(UTC))
    with engine.connect() as holder:
        # Another client holds the counters (a long migration, a backup): flushes time out.
        if engine.dialect.name == "postgresql":
            holder.execute(text("LOCK TABLE usage_count IN EXCLUSIVE MODE"))
        else:
            holder.exec_driver_sql("BEGIN IMMEDIATE")
        counters.count(engine, Counter({(week, "events", "error"): 1}))
        assert not counters.flush(engine)  # nothing written, and nothing lost
        holder.rollback()
    assert usage.added("events", "error") == 1
