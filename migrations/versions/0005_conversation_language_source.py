"""Remember whether a conversation's language was chosen by the texter or only guessed.

A guessed language follows the family's texts; a chosen one never changes by itself. Conversations
stored before this revision count as guessed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(
            sa.Column(
                "language_source", sa.String(length=16), nullable=False, server_default="detected"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.drop_column("language_source")
