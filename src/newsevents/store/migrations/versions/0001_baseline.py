"""Baseline: the store as schema version 1 created it (before events.figures and the quotes'
speaker type and country).

Frozen on purpose: a revision must create what its version had, whatever schema.py says later.
Store files made before Alembic (store_meta.schema_version 1 or 2) are stamped, not re-created.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ACTOR = (("text", sa.Text), ("name", sa.Text), ("type", sa.Text), ("country", sa.Text),
          ("cameo", sa.Text), ("start", sa.Integer), ("end", sa.Integer))
_LOCATION = (("text", sa.Text), ("name", sa.Text), ("country", sa.Text), ("admin1", sa.Text),
             ("geonameid", sa.Integer), ("feature_code", sa.Text), ("reason", sa.Text),
             ("start", sa.Integer), ("end", sa.Integer))


def _columns(fields: tuple[tuple[str, type], ...], prefix: str = "") -> list[sa.Column]:
    return [sa.Column(f"{prefix}{name}", kind) for name, kind in fields]


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _article_id() -> sa.Column:
    return sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def _indexes(table: str, **named: tuple[str, ...]) -> None:
    """`ix_<table>_<name>` on each group of columns."""
    for name, columns in named.items():
        op.create_index(f"ix_{table}_{name}", table, list(columns))


def _sqlite_has_fts5(bind: sa.Connection) -> bool:
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        bind.exec_driver_sql("DROP TABLE temp.fts5_probe")
        return True
    except sa.exc.OperationalError:
        return False


def upgrade() -> None:
    op.create_table("store_meta", sa.Column("key", sa.Text, primary_key=True),
                    sa.Column("value", sa.Text, nullable=False))
    op.create_table(
        "articles", _id(),
        sa.Column("doc_id", sa.Text, nullable=False), sa.Column("url", sa.Text),
        sa.Column("url_key", sa.Text), sa.Column("title", sa.Text), sa.Column("source", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("published_inferred", sa.Boolean, nullable=False),
        sa.Column("published_clue", sa.Text), sa.Column("language", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("url_key", name="uq_articles_url_key"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    _indexes("articles", published=("published",))
    op.create_table(
        "events", _id(), _article_id(),
        sa.Column("rank", sa.Integer, nullable=False), sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text), sa.Column("cameo", sa.Text),
        sa.Column("date", sa.Date), sa.Column("date_end", sa.Date), sa.Column("date_text", sa.Text),
        sa.Column("time_precision", sa.Integer), sa.Column("date_source", sa.Text),
        *_columns(_ACTOR, "actor1_"), sa.Column("assoc_actor1", sa.Text),
        *_columns(_ACTOR, "actor2_"), sa.Column("assoc_actor2", sa.Text),
        *_columns(_LOCATION, "location_"),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("fatalities", sa.Integer), sa.Column("fatalities_text", sa.Text),
        sa.Column("injured", sa.Integer), sa.Column("displaced", sa.Integer), sa.Column("arrested", sa.Integer),
        sa.Column("trigger_text", sa.Text), sa.Column("trigger_start", sa.Integer),
        sa.Column("trigger_end", sa.Integer), sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer), sa.Column("evidence_text", sa.Text),
        *_columns(_ACTOR, "reported_by_"), sa.Column("confidence", sa.Float),
    )
    _indexes("events", date=("date",), country=("location_country",), admin1=("location_admin1",),
             type=("event_type",), latlon=("latitude", "longitude"), article=("article_id",))
    op.create_table(
        "event_sources", _id(),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        _article_id(), sa.Column("evidence_start", sa.Integer), sa.Column("evidence_end", sa.Integer),
        sa.UniqueConstraint("event_id", "article_id", "evidence_start", name="uq_event_sources"),
    )
    _indexes("event_sources", article=("article_id",))
    op.create_table(
        "actors", _id(), _article_id(),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE")),
        sa.Column("role", sa.Text, nullable=False), sa.Column("position", sa.Integer, nullable=False),
        *_columns(_ACTOR),
    )
    _indexes("actors", name=("name",), article=("article_id",), event=("event_id",))
    op.create_table(
        "places", _id(), _article_id(), sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text), sa.Column("start", sa.Integer), sa.Column("end", sa.Integer),
        sa.Column("name", sa.Text), sa.Column("geonameid", sa.Integer),
        sa.Column("lat", sa.Float), sa.Column("lon", sa.Float), sa.Column("country", sa.Text),
        sa.Column("admin1", sa.Text), sa.Column("feature_code", sa.Text),
        sa.Column("geo_precision", sa.Integer), sa.Column("reason", sa.Text),
    )
    _indexes("places", geonameid=("geonameid",), article=("article_id",))
    op.create_table(
        "times", _id(), _article_id(), sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text), sa.Column("start", sa.Integer), sa.Column("end", sa.Integer),
        sa.Column("type", sa.Text), sa.Column("value", sa.Text), sa.Column("mod", sa.Text),
        sa.Column("anchor", sa.Text),
    )
    _indexes("times", article=("article_id",))
    op.create_table(
        "quotes", _id(), _article_id(), sa.Column("position", sa.Integer, nullable=False),
        sa.Column("speaker_text", sa.Text), sa.Column("speaker_start", sa.Integer),
        sa.Column("speaker_end", sa.Integer), sa.Column("speaker_name", sa.Text),
        sa.Column("speaker_role", sa.Text),
        sa.Column("cue_text", sa.Text), sa.Column("cue_start", sa.Integer), sa.Column("cue_end", sa.Integer),
        sa.Column("content_text", sa.Text), sa.Column("content_start", sa.Integer),
        sa.Column("content_end", sa.Integer), sa.Column("direct", sa.Boolean),
    )
    _indexes("quotes", article=("article_id",), speaker=("speaker_name",))
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and _sqlite_has_fts5(bind):
        # full-text index of titles and texts, written by the store with each article
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
                   "content_rowid='id')")
    op.execute("INSERT INTO store_meta (key, value) VALUES ('schema_version', '1')")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("quotes", "times", "places", "actors", "event_sources", "events", "articles", "store_meta"):
        op.drop_table(table)
