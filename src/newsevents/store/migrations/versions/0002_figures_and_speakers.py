"""Schema version 2: every reported figure of an event (events.figures, the contract's JSON
list) and the quote speaker's actor type and country.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("figures", sa.Text))
    op.add_column("quotes", sa.Column("speaker_type", sa.Text))
    op.add_column("quotes", sa.Column("speaker_country", sa.Text))
    op.execute("UPDATE store_meta SET value = '2' WHERE key = 'schema_version'")


def downgrade() -> None:
    with op.batch_alter_table("quotes") as quotes:
        quotes.drop_column("speaker_country")
        quotes.drop_column("speaker_type")
    with op.batch_alter_table("events") as events:
        events.drop_column("figures")
    op.execute("UPDATE store_meta SET value = '1' WHERE key = 'schema_version'")
