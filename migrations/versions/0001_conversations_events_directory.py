"""Create conversations, answered-message hashes, usage events and the first directory.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=8), nullable=True),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("last_seen", hotline.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_conversation")),
    )
    op.create_index(op.f("ix_conversation_last_seen"), "conversation", ["last_seen"])
    op.create_table(
        "processed_message",
        sa.Column("sid_hash", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("sid_hash", name=op.f("pk_processed_message")),
    )
    op.create_index(
        op.f("ix_processed_message_received_on"), "processed_message", ["received_on"]
    )
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("organization", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("counties", sa.JSON(), nullable=False),
        sa.Column("statewide", sa.Boolean(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("hours", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("external_id", name=op.f("uq_referral_external_id")),
    )
    op.create_table(
        "usage_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=8), nullable=True),
        sa.Column("county", sa.String(length=32), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_event")),
    )
    op.create_index(op.f("ix_usage_event_day"), "usage_event", ["day"])


def downgrade() -> None:
    op.drop_table("usage_event")
    op.drop_table("referral")
    op.drop_table("processed_message")
    op.drop_table("conversation")
