"""Recognise replays from a Bloom filter of every MessageSid answered, not a list of the last three.

The list was in the order the texts came, and a captured request was processed again once three
newer texts had arrived. The filter has no order and forgets nothing (hotline/replays.py). The
last three kept are carried into it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hotline import replays

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(
            sa.Column("seen_messages", sa.String(length=512), nullable=False, server_default="")
        )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT key, recent_messages FROM conversation WHERE recent_messages != ''")
    ).all()
    for key, recent in rows:
        seen = ""
        for short in recent.split():
            seen = replays.remember(seen, short)
        connection.execute(
            sa.text("UPDATE conversation SET seen_messages = :seen WHERE key = :key"),
            {"seen": seen, "key": key},
        )
    with op.batch_alter_table("conversation") as batch:
        batch.drop_column("recent_messages")


def downgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(
            sa.Column("recent_messages", sa.String(length=64), nullable=False, server_default="")
        )
        batch.drop_column("seen_messages")
