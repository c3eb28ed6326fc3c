"""Full-text search on PostgreSQL: a generated tsvector of title and text with a GIN index,
what the FTS5 table is on SQLite. The `simple` configuration lower-cases and does not stem,
like FTS5's default tokenizer, so a query means the same on both. Nothing changes on SQLite.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
               "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text)) STORED")
    op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_articles_search")
    op.execute("ALTER TABLE articles DROP COLUMN search")
