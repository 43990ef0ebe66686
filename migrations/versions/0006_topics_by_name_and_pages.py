"""Name topics instead of numbering them, and remember which page of a topic was shown.

Conversations and usage events stored "1".."5" (the menu's numbers); they now store the topic's
stable name, so the menu can change without rewriting what was counted.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAMES = {"1": "release_day", "2": "find_someone", "3": "rights", "4": "bond", "5": "legal_help"}


def _rename(table: str, mapping: dict[str, str]) -> None:
    column = sa.table(table, sa.column("topic", sa.String))
    for old, new in mapping.items():
        op.execute(column.update().where(column.c.topic == old).values(topic=new))


def upgrade() -> None:
    for table in ("conversation", "usage_event"):
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "topic", existing_type=sa.String(length=8), type_=sa.String(length=16)
            )
        _rename(table, NAMES)
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(sa.Column("page", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.drop_column("page")
    for table in ("conversation", "usage_event"):
        _rename(table, {new: old for old, new in NAMES.items()})
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "topic", existing_type=sa.String(length=16), type_=sa.String(length=8)
            )
