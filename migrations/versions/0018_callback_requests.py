"""Callback requests: a family's number sealed to the legal-aid organization's key, and the key.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hotline.models

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('callback_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('locked', sa.JSON(), nullable=False),
    sa.Column('created_at', hotline.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('retired_at', hotline.models.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_key'))
    )
    op.create_table('callback_request',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('key_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('county', sa.String(length=40), nullable=True),
    sa.Column('topic', sa.String(length=16), nullable=True),
    sa.Column('asked_hour', hotline.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', hotline.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('tries', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['key_id'], ['callback_key.id'], name=op.f('fk_callback_request_key_id_callback_key')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callback_request'))
    )
    with op.batch_alter_table('callback_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_request_expires_at'), ['expires_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('callback_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_request_expires_at'))

    op.drop_table('callback_request')
    op.drop_table('callback_key')
