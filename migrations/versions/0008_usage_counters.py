"""Keep usage as daily counters, never a row per event, and drop the event table.

Rows in insert order let a reader rebuild one family's path; counters cannot. Existing events are
added up into counters (they were all SMS: WhatsApp was not told apart before).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ("day", "kind", "channel", "language", "topic", "county", "referral_id")


def upgrade() -> None:
    op.create_table(
        "usage_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.Column("county", sa.String(length=32), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_usage_count")),
    )
    op.create_index("ix_usage_count_kind_day", "usage_count", ["kind", "day"])
    op.execute(
        "INSERT INTO usage_count (day, kind, channel, language, topic, county, referral_id, count) "
        "SELECT day, kind, 'sms', language, COALESCE(topic, ''), COALESCE(county, ''), "
        "COALESCE(referral_id, 0), COUNT(*) FROM usage_event "
        "GROUP BY day, kind, language, COALESCE(topic, ''), COALESCE(county, ''), "
        "COALESCE(referral_id, 0)"
    )
    op.drop_index(op.f("ix_usage_event_day"), table_name="usage_event")
    op.drop_table("usage_event")


def downgrade() -> None:
    op.create_table(
        "usage_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=True),
        sa.Column("county", sa.String(length=32), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_event")),
    )
    op.create_index(op.f("ix_usage_event_day"), "usage_event", ["day"])
    # One row per counted event again, in no particular order.
    connection = op.get_bind()
    counted = connection.execute(
        sa.text("SELECT day, kind, language, topic, county, referral_id, count FROM usage_count")
    ).all()
    events = sa.table(
        "usage_event", *(sa.column(name) for name in
                         ("day", "kind", "language", "topic", "county", "referral_id"))
    )  # fmt: skip
    rows = [
        {"day": day, "kind": kind, "language": language, "topic": topic or None,
         "county": county or None, "referral_id": referral_id or None}
        for day, kind, language, topic, county, referral_id, count in counted
        for _ in range(count)
    ]  # fmt: skip
    if rows:
        op.bulk_insert(events, rows)
    op.drop_index("ix_usage_count_kind_day", table_name="usage_count")
    op.drop_table("usage_count")
