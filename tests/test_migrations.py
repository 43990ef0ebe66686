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
    upgrade(url)
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
