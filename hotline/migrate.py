"""Run Alembic's commands against the app's database, from code (`hotline db ...`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return config


def current(database_url: str) -> str | None:
    """The revision the database is at (None: never migrated)."""
    from sqlalchemy import create_engine

    from .db import database_url as usable

    engine = create_engine(usable(database_url))
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def upgrade(database_url: str, revision: str = "head") -> list[str]:
    """Apply the migrations up to `revision`; return the ones applied, oldest first, as
    "0008 Keep usage as daily counters..." lines."""
    config = alembic_config(database_url)
    before = current(database_url)
    command.upgrade(config, revision)
    after = current(database_url)
    if after == before:
        return []
    script = ScriptDirectory.from_config(config)
    applied = list(script.iterate_revisions(after, before))
    return [f"{found.revision} {(found.doc or '').splitlines()[0]}" for found in reversed(applied)]


def check(database_url: str) -> None:
    """Raise when the models and the migrations disagree (`alembic check`)."""
    command.check(alembic_config(database_url))


def revision(database_url: str, message: str) -> None:
    command.revision(alembic_config(database_url), message=message, autogenerate=True)
