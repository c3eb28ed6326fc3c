"""Schema version 3: cross-article deduplication. `events.duplicate_of` marks a report merged
into a kept event; `event_sources` gains the report's own event row and counts, and the score
that merged it. Existing rows are one report per event: each source row is its own report.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COUNTS = ("fatalities", "injured", "displaced", "arrested")


def upgrade() -> None:
    op.add_column("events", sa.Column("duplicate_of", sa.Integer))
    op.create_index("ix_events_duplicate_of", "events", ["duplicate_of"])
    op.add_column("event_sources", sa.Column("report_event_id", sa.Integer))
    for name in _COUNTS:
        op.add_column("event_sources", sa.Column(name, sa.Integer))
    op.add_column("event_sources", sa.Column("match_score", sa.Float))
    op.create_index("ix_event_sources_report", "event_sources", ["report_event_id"])
    counts = ", ".join(f"{name} = (SELECT events.{name} FROM events WHERE events.id = event_sources.event_id)"
                       for name in _COUNTS)
    op.execute(f"UPDATE event_sources SET report_event_id = event_id, {counts}")
    op.execute("UPDATE store_meta SET value = '3' WHERE key = 'schema_version'")


def downgrade() -> None:
    op.drop_index("ix_event_sources_report", "event_sources")
    with op.batch_alter_table("event_sources") as sources:
        for name in ("match_score", *_COUNTS[::-1], "report_event_id"):
            sources.drop_column(name)
    op.drop_index("ix_events_duplicate_of", "events")
    with op.batch_alter_table("events") as events:
        events.drop_column("duplicate_of")
    op.execute("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'")
