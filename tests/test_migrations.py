"""Migrations carry what is stored forward: run them on a database that already holds data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from hotline.db import make_engine
from hotline.migrate import alembic_config, upgrade


def test_conversations_stored_before_language_sources_count_as_guessed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0004")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO conversation (key, language, step, opted_out, last_seen, shown) "
                "VALUES ('k1', 'es', 'menu', 0, :seen, 0)"
            ),
            {"seen": datetime(2026, 11, 28, tzinfo=UTC)},
        )
    upgrade(url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT language, language_source FROM conversation"))
        assert stored.all() == [("es", "detected")]
    command.downgrade(alembic_config(url), "0004")
    columns = {column["name"] for column in inspect(engine).get_columns("conversation")}
    assert "language_source" not in columns and "language" in columns
    engine.dispose()


def test_usage_events_become_daily_counters_and_the_event_table_is_dropped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    upgrade(url, "0007")
    engine = make_engine(url)
    events = [("2026-11-27", "message", "es", None, None, None)] * 3 + [
        ("2026-11-27", "referral", "es", "bond", "Bristol", 7),
        ("2026-11-27", "referral", "es", "bond", "Bristol", 7),
        ("2026-11-28", "new", "pt", None, None, None),
    ]
    with engine.begin() as connection:
        for day, kind, language, topic, county, referral in events:
            connection.execute(
                text("INSERT INTO usage_event (day, kind, language, topic, county, referral_id) "
                     "VALUES (:day, :kind, :language, :topic, :county, :referral)"),
                dict(day=day, kind=kind, language=language, topic=topic, county=county,
                     referral=referral),
            )  # fmt: skip
    upgrade(url, "0008")
    tables = set(inspect(engine).get_table_names())
    assert "usage_event" not in tables and "usage_count" in tables
    with engine.connect() as connection:
        counted = connection.execute(
            text("SELECT day, kind, channel, language, topic, county, referral_id, count "
                 "FROM usage_count ORDER BY day, kind")
        ).all()  # fmt: skip
    assert [tuple(str(v) for v in row) for row in counted] == [
        ("2026-11-27", "message", "sms", "es", "", "", "0", "3"),
        ("2026-11-27", "referral", "sms", "es", "bond", "Bristol", "7", "2"),
        ("2026-11-28", "new", "sms", "pt", "", "", "0", "1"),
    ]
    command.downgrade(alembic_config(url), "0007")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM usage_event")).scalar() == 6
    engine.dispose()


def test_daily_counters_become_weekly_cells_to_release_and_the_row_keeps_no_minute(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'counters.sqlite3'}"
    upgrade(url, "0010")
    engine = make_engine(url)
    with engine.begin() as connection:
        for day, kind, language, topic, county, referral, count in [
            ("2026-11-27", "message", "es", "", "", 0, 3),  # a Friday
            ("2026-11-29", "message", "es", "", "", 0, 2),  # the Sunday of the same week
            ("2026-11-30", "message", "es", "", "", 0, 4),  # the next Monday
            ("2026-11-27", "referral", "es", "bond", "Bristol", 7, 2),
            ("2026-11-27", "place", "es", "bond", "", 0, 1),
        ]:
            connection.execute(
                text("INSERT INTO usage_count (day, kind, channel, language, topic, county, "
                     "referral_id, count) VALUES (:d, :k, 'sms', :l, :t, :c, :r, :n)"),
                dict(d=day, k=kind, l=language, t=topic, c=county, r=referral, n=count),
            )  # fmt: skip
        connection.execute(
            text("INSERT INTO conversation (key, language, step, opted_out, last_seen, shown, "
                 "language_source, page, recent_messages, flood_minute, flood_count) VALUES "
                 "('k1', 'es', 'menu', 0, :seen, 0, 'detected', 0, '', :seen, 3)"),
            {"seen": datetime(2026, 11, 28, 15, 7, tzinfo=UTC)},
        )  # fmt: skip
    upgrade(url)
    with engine.connect() as connection:
        cells = connection.execute(
            text("SELECT week, tbl, cell, count FROM usage_count ORDER BY week, tbl, cell")
        ).all()
        row = connection.execute(text("SELECT * FROM conversation")).mappings().one()
    assert [tuple(str(v) for v in cell) for cell in cells] == [
        ("2026-11-23", "places", "-", "1"),
        ("2026-11-23", "referrals", "7", "2"),
        ("2026-11-23", "texts", "es", "5"),
        ("2026-11-30", "texts", "es", "4"),
    ]
    assert "flood_minute" not in row and "flood_count" not in row and row["counted"] == 0
    command.downgrade(alembic_config(url), "0010")
    engine.dispose()


def test_the_last_three_message_ids_are_carried_into_the_replay_filter(tmp_path: Path) -> None:
    from hotline import replays

    url = f"sqlite:///{tmp_path / 'replays.sqlite3'}"
    upgrade(url, "0011")
    engine = make_engine(url)
    shorts = ["9b2e61f0c4d3a7e8", "0123456789abcdef", "fedcba9876543210"]
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO conversation (key, language, step, opted_out, last_seen, shown, "
                 "language_source, page, recent_messages, counted) VALUES "
                 "('k1', 'es', 'menu', 0, :seen, 0, 'detected', 0, :recent, 0)"),
            {"seen": datetime(2026, 11, 28, 15, tzinfo=UTC), "recent": " ".join(shorts)},
        )  # fmt: skip
    upgrade(url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM conversation")).mappings().one()
    assert "recent_messages" not in row
    assert all(replays.seen(row["seen_messages"], short + "0" * 48) for short in shorts)
    assert not replays.seen(row["seen_messages"], "1" * 64)
    command.downgrade(alembic_config(url), "0011")
    engine.dispose()
