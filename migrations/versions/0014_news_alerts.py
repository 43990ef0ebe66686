"""Short alerts staff publish per language, which families read by texting NEWS.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "news_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=600), nullable=False),
        sa.Column("published_at", hotline.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", hotline.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news_alert")),
    )
    op.create_index(op.f("ix_news_alert_language"), "news_alert", ["language"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_news_alert_language"), table_name="news_alert")
    op.drop_table("news_alert")
