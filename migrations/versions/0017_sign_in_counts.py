"""Sign-in throttle counts in the database, shared by every worker when there is no Redis.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_count",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_count")),
    )
    op.create_index(op.f("ix_sign_in_count_expires_at"), "sign_in_count", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_count_expires_at"), table_name="sign_in_count")
    op.drop_table("sign_in_count")
