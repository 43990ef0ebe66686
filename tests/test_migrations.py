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
