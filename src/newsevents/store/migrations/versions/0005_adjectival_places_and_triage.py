"""Schema version 4: places that are nationality adjectives (`places.adjectival`), articles the
relevance triage stored without parsing (`articles.triage_skipped`), and composite indexes on
events for filtered, date-ordered reads. Existing rows predate both columns: their places are
names and their articles were parsed. Indexes an early web application made under other names
are replaced.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_READ_INDEXES = {
    "ix_events_country_date": ("location_country", "date", "date_end", "duplicate_of"),
    "ix_events_type_date": ("event_type", "date", "date_end", "duplicate_of"),
    "ix_events_date_type": ("date", "event_type", "location_country", "date_end", "duplicate_of"),
    "ix_events_actor_names": ("actor1_name", "actor1_text", "actor2_name", "actor2_text", "assoc_actor1",
                              "assoc_actor2", "duplicate_of"),
}
_EARLY_INDEXES = ("ix_serve_events_country_date", "ix_serve_events_type_date", "ix_serve_events_date_type",
                  "ix_serve_events_actors")


def upgrade() -> None:
    op.add_column("places", sa.Column("adjectival", sa.Boolean))
    op.add_column("articles", sa.Column("triage_skipped", sa.Boolean))
    op.execute("UPDATE places SET adjectival = FALSE")
    op.execute("UPDATE articles SET triage_skipped = FALSE")
    for early in _EARLY_INDEXES:
        op.drop_index(early, table_name="events", if_exists=True)
    for name, columns in _READ_INDEXES.items():
        op.create_index(name, "events", list(columns))
    op.execute("UPDATE store_meta SET value = '4' WHERE key = 'schema_version'")


def downgrade() -> None:
    for name in _READ_INDEXES:
        op.drop_index(name, "events")
    with op.batch_alter_table("articles") as articles:
        articles.drop_column("triage_skipped")
    with op.batch_alter_table("places") as places:
        places.drop_column("adjectival")
    op.execute("UPDATE store_meta SET value = '3' WHERE key = 'schema_version'")
