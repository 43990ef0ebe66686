"""Keep the replay guard and the flood count in the conversation row; drop processed_message.

A text then costs three statements: lock and read its conversation, write it back, add to the
counters. A replayed MessageSid is recognised from the conversation's last few (as short keyed
hashes); the separate table cost a statement per text and a purge.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(
            sa.Column("recent_messages", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("flood_minute", hotline.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("flood_count", sa.Integer(), nullable=False, server_default="0"))
    op.drop_index(op.f("ix_processed_message_received_on"), table_name="processed_message")
    op.drop_table("processed_message")


def downgrade() -> None:
    op.create_table(
        "processed_message",
        sa.Column("sid_hash", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("sid_hash", name=op.f("pk_processed_message")),
    )
    op.create_index(
        op.f("ix_processed_message_received_on"), "processed_message", ["received_on"]
    )
    with op.batch_alter_table("conversation") as batch:
        batch.drop_column("flood_count")
        batch.drop_column("flood_minute")
        batch.drop_column("recent_messages")
