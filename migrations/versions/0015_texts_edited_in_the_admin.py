"""Texts staff edit in the admin: drafts, the published text families get, and their history.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_id", sa.String(length=80), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("based_on", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("written_at", hotline.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.String(length=254), nullable=False),
        sa.Column("published_at", hotline.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(length=254), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_text")),
    )
    op.create_index(
        "ix_content_text_text_language", "content_text", ["text_id", "language"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_content_text_text_language", table_name="content_text")
    op.drop_table("content_text")
