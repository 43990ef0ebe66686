"""Keep try-it's conversation and a previewed import on the server, not in the browser.

Try-it's transcript outgrew the session cookie (4 KB) and silently stopped; an import's checked
file was sent back through the browser to be imported. Both now live in a row, by account.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "try_it_session",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("updated_at", hotline.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"],
            name=op.f("fk_try_it_session_user_id_user_account"), ondelete="CASCADE",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_try_it_session")),
    )
    op.create_table(
        "pending_import",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", hotline.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"],
            name=op.f("fk_pending_import_user_id_user_account"), ondelete="CASCADE",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_import")),
    )
    op.create_index(op.f("ix_pending_import_created_at"), "pending_import", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_import_created_at"), table_name="pending_import")
    op.drop_table("pending_import")
    op.drop_table("try_it_session")
