"""Usage as weekly releases with noise: raw weekly cells, releases, and no minute in the conversation.

Daily counters keyed by everything counted rebuilt one family's visit (13 rows of count 1). Now the
raw counters are the cells of the tables that will be released, by ISO week, with no row id; a
closed week becomes a frozen, noised release (`hotline stats release`) and its counters go.
Existing daily counters are added up into their weeks' cells, to be released like the others.

The conversation row keeps no flood minute and no flood count (floods are counted in Redis or in
memory), and keeps instead how many usage units it added this week (the per-family bound).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

import hotline.models

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The event kinds of 0008's counters, as cells of the weekly tables (hotline/stats/cells.py then).
EVENTS = {"help", "language", "opt_out", "opt_in", "delete", "error"}


def _cell(kind: str, channel: str, language: str, topic: str, county: str, referral_id: int) -> (
    tuple[str, str] | None
):  # fmt: skip
    if kind == "message":
        return "texts", language
    if kind == "new":
        return "events", f"new:{channel}"
    if kind in EVENTS:
        return "events", kind
    if kind == "topic":
        return "topics", topic
    if kind == "place":
        return "places", county or "-"
    if kind == "referral":
        return "referrals", str(referral_id)
    if kind == "more":
        return "more", "topics" if topic else "lists"
    if kind == "not_understood":
        return "not_understood", language
    return None


def upgrade() -> None:
    connection = op.get_bind()
    old = connection.execute(
        sa.text(
            "SELECT day, kind, channel, language, topic, county, referral_id, count FROM usage_count"
        )
    ).all()
    op.drop_index("ix_usage_count_kind_day", table_name="usage_count")
    op.drop_table("usage_count")
    op.create_table(
        "usage_count",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("tbl", sa.String(length=32), nullable=False),
        sa.Column("cell", sa.String(length=40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("week", "tbl", "cell", name=op.f("pk_usage_count")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "stats_release",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=False),
        sa.Column("epsilon", sa.Double(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("scale", sa.Double(), nullable=False),
        sa.Column("mechanism", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("week", name=op.f("pk_stats_release")),
    )
    op.create_table(
        "stats_cell",
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("tbl", sa.String(length=32), nullable=False),
        sa.Column("cell", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["week"], ["stats_release.week"], name=op.f("fk_stats_cell_week_stats_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("week", "tbl", "cell", name=op.f("pk_stats_cell")),
        sqlite_with_rowid=False,
    )  # fmt: skip
    cells: Counter[tuple[date, str, str]] = Counter()
    for day, kind, channel, language, topic, county, referral_id, count in old:
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        found = _cell(kind, channel, language, topic, county, referral_id)
        if found is not None:
            cells[(day - timedelta(days=day.weekday()), *found)] += int(count)
    if cells:
        table = sa.table(
            "usage_count", sa.column("week", sa.Date()), sa.column("tbl"), sa.column("cell"),
            sa.column("count"),
        )  # fmt: skip
        op.bulk_insert(
            table,
            [{"week": w, "tbl": t, "cell": c, "count": n} for (w, t, c), n in cells.items()],
        )
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(sa.Column("counted", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("flood_count")
        batch.drop_column("flood_minute")


def downgrade() -> None:
    with op.batch_alter_table("conversation") as batch:
        batch.add_column(
            sa.Column("flood_minute", hotline.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("flood_count", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("counted")
    op.drop_table("stats_cell")
    op.drop_table("stats_release")
    op.drop_table("usage_count")
    # The weekly cells cannot be split back into days: the daily counters start empty.
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
        sa.PrimaryKeyConstraint(
            "day", "kind", "channel", "language", "topic", "county", "referral_id",
            name=op.f("pk_usage_count"),
        ),
    )  # fmt: skip
    op.create_index("ix_usage_count_kind_day", "usage_count", ["kind", "day"])
