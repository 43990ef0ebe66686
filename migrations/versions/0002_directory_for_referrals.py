"""Grow the directory: kinds of help, area served by state and county, hours, status, staleness.

Existing entries are kept: county names become "MA:County", the statewide flag becomes "MA" in
states, and active becomes status "active" or "paused".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NEW_COLUMNS = [
    sa.Column("service_name", sa.String(length=200), nullable=True),
    sa.Column("descriptions", sa.JSON(), nullable=False, server_default="{}"),
    sa.Column("hotline_phone", sa.String(length=40), nullable=True),
    sa.Column("after_hours_phone", sa.String(length=40), nullable=True),
    sa.Column("email", sa.String(length=200), nullable=True),
    sa.Column("states", sa.JSON(), nullable=False, server_default="[]"),
    sa.Column("national", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("interpretation", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("timezone", sa.String(length=64), nullable=False, server_default="America/New_York"),
    sa.Column("closed_dates", sa.JSON(), nullable=False, server_default="[]"),
    sa.Column("accepting_new_cases", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("serves_detained", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("serves_not_detained", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("fee", sa.String(length=16), nullable=False, server_default="free"),
    sa.Column("accredited", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("status", sa.String(length=16), nullable=False, server_default="active"),
    sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.true()),
    sa.Column("priority", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("verified_by", sa.String(length=200), nullable=True),
    sa.Column("alert", sa.String(length=300), nullable=True),
]


def _rows() -> list[sa.Row[tuple[int, object, bool, bool, str | None]]]:
    old = sa.table(
        "referral", sa.column("id"), sa.column("counties"), sa.column("statewide"),
        sa.column("active"), sa.column("hours"),
    )  # fmt: skip
    return list(op.get_bind().execute(sa.select(old.c.id, old.c.counties, old.c.statewide,
                                                old.c.active, old.c.hours)))


def upgrade() -> None:
    rows = _rows()
    op.execute("UPDATE referral SET hours = '' WHERE hours IS NULL")
    with op.batch_alter_table("referral") as batch:
        for column in _NEW_COLUMNS:
            batch.add_column(column)
        batch.alter_column("hours", existing_type=sa.String(length=200), type_=sa.String(length=300),
                           nullable=False, server_default="")
        batch.drop_column("statewide")
        batch.drop_column("active")
    new = sa.table("referral", sa.column("id"), sa.column("counties", sa.JSON()),
                   sa.column("states", sa.JSON()), sa.column("status"), sa.column("hours"))
    for id_, counties, statewide, active, hours in rows:
        names = json.loads(counties) if isinstance(counties, str) else list(counties or [])
        op.get_bind().execute(
            new.update().where(new.c.id == id_).values(
                counties=[name if ":" in name else f"MA:{name}" for name in names],
                states=["MA"] if statewide else [],
                status="active" if active else "paused",
                hours=hours or "",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("statewide", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    old = sa.table("referral", sa.column("id"), sa.column("states", sa.JSON()),
                   sa.column("counties", sa.JSON()), sa.column("status"), sa.column("statewide"),
                   sa.column("active"))  # fmt: skip
    bind = op.get_bind()
    query = sa.select(old.c.id, old.c.states, old.c.counties, old.c.status)
    for id_, states, counties, status in bind.execute(query):
        states = json.loads(states) if isinstance(states, str) else list(states or [])
        counties = json.loads(counties) if isinstance(counties, str) else list(counties or [])
        bind.execute(old.update().where(old.c.id == id_).values(
            statewide="MA" in states, active=status == "active",
            counties=[name.removeprefix("MA:") for name in counties]))
    with op.batch_alter_table("referral") as batch:
        for column in reversed(_NEW_COLUMNS):
            batch.drop_column(column.name)
        batch.alter_column("hours", existing_type=sa.String(length=300), type_=sa.String(length=200),
                           nullable=True, server_default=None)
