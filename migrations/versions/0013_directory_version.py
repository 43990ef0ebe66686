"""A number that moves with every change to the directory, kept by triggers on `referral`.

Each server keeps the directory it last read and reads it again only when this number moved: a
text that looks up help reads one number instead of every entry. Triggers, so that no way of
changing the directory (the admin, a CSV import, a seed, plain SQL) can forget to move it.

SQLite's batch mode recreates a table: a later migration that alters `referral` that way must run
`create_triggers()` again (tests/test_directory.py checks that they work at head).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE directory_version SET version = version + 1"


def create_triggers() -> None:
    # OR REPLACE: a database whose tables were dropped keeps its functions (the tests' reset does).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION directory_changed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER directory_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            "ON referral FOR EACH STATEMENT EXECUTE FUNCTION directory_changed()"
        )
        return
    for change in ("INSERT", "UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER directory_changed_{change.lower()} AFTER {change} ON referral "
            f"BEGIN {BUMP}; END"
        )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS directory_changed ON referral")
        op.execute("DROP FUNCTION IF EXISTS directory_changed()")
        return
    for change in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS directory_changed_{change}")


def upgrade() -> None:
    table = op.create_table(
        "directory_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_version")),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0}])
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_table("directory_version")
