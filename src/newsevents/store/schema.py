"""The event store's tables, written once in SQLAlchemy Core so SQLite and PostgreSQL share them.

Contract records are flattened into plain columns (an actor becomes `actor1_name`,
`actor1_type`, ...) so that every filter is an indexed column and every export is one query;
the per-article tables (actors, places, times, quotes) keep the rest of an annotation so nothing
the pipeline found is lost. Spans are stored as `*_start` / `*_end` offsets into `articles.text`.
"""

from __future__ import annotations

import sqlalchemy as sa

# The tables below are what the newest migration (store/migrations/versions) gives: a change here
# needs a new revision too (tests/test_store_migrations.py compares the two), which also writes
# this version into store_meta.
SCHEMA_VERSION = "4"  # 2: events.figures, quotes.speaker_type and speaker_country; 3: dedup;
# 4: places.adjectival, articles.triage_skipped, composite read indexes on events

# Named unique constraints, so a later migration can refer to them on every backend.
metadata = sa.MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"})
# Text rather than VARCHAR(n) everywhere: PostgreSQL stores both alike, and a longer value than
# expected (a new CAMEO code, a long admin1 name) must never make an article fail to store.

# The actor fields every actor slot carries; one list so the schema and the flattening agree.
ACTOR_FIELDS: tuple[tuple[str, type[sa.types.TypeEngine]], ...] = (
    ("text", sa.Text), ("name", sa.Text), ("type", sa.Text), ("country", sa.Text),
    ("cameo", sa.Text), ("start", sa.Integer), ("end", sa.Integer),
)
# The place fields of an event's location (prefix `location_`), except geo_precision (unprefixed,
# as in ACLED) and lat/lon (also unprefixed: `latitude`, `longitude`).
LOCATION_FIELDS: tuple[tuple[str, type[sa.types.TypeEngine]], ...] = (
    ("text", sa.Text), ("name", sa.Text), ("country", sa.Text), ("admin1", sa.Text),
    ("geonameid", sa.Integer), ("feature_code", sa.Text), ("reason", sa.Text),
    ("start", sa.Integer), ("end", sa.Integer),
)
EVENT_ACTOR_SLOTS = ("actor1", "actor2", "reported_by")


def _prefixed(prefix: str, fields: tuple[tuple[str, type[sa.types.TypeEngine]], ...]) -> list[sa.Column]:
    return [sa.Column(f"{prefix}_{name}", kind) for name, kind in fields]


store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.Text, nullable=False),  # the input document's `id`
    sa.Column("url", sa.Text),
    sa.Column("url_key", sa.Text, unique=True),  # the normalised URL that identity is checked on
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("published_inferred", sa.Boolean, nullable=False, default=False),
    sa.Column("published_clue", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("triage_skipped", sa.Boolean),  # no event language: stored unparsed, with no events
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Index("ix_articles_published", "published"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("rank", sa.Integer, nullable=False),  # 0 = the event the article is mainly about
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("sub_event_type", sa.Text),
    sa.Column("cameo", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_text", sa.Text),  # the contract value as given ("2016-11-28", "2016-11")
    sa.Column("time_precision", sa.Integer),
    sa.Column("date_source", sa.Text),
    *_prefixed("actor1", ACTOR_FIELDS),
    sa.Column("assoc_actor1", sa.Text),  # names joined with "; " as in ACLED; details in `actors`
    *_prefixed("actor2", ACTOR_FIELDS),
    sa.Column("assoc_actor2", sa.Text),
    *_prefixed("location", LOCATION_FIELDS),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("fatalities", sa.Integer),
    sa.Column("fatalities_text", sa.Text),
    sa.Column("injured", sa.Integer),
    sa.Column("displaced", sa.Integer),
    sa.Column("arrested", sa.Integer),
    sa.Column("trigger_text", sa.Text),
    sa.Column("trigger_start", sa.Integer),
    sa.Column("trigger_end", sa.Integer),
    sa.Column("evidence_start", sa.Integer),
    sa.Column("evidence_end", sa.Integer),
    sa.Column("evidence_text", sa.Text),  # copied out of the article: exports and dedup read it
    *_prefixed("reported_by", ACTOR_FIELDS),
    sa.Column("confidence", sa.Float),
    # every reported figure with its source, as the contract's JSON list: read back whole with
    # its event, never filtered on, so a column beats a table that every read would have to join
    sa.Column("figures", sa.Text),
    # cross-article deduplication: the id of the kept event this report was merged into (None for
    # kept events, which are all that queries and exports return); see docs/dedup.md
    sa.Column("duplicate_of", sa.Integer),
    sa.Index("ix_events_date", "date"),
    sa.Index("ix_events_country", "location_country"),
    sa.Index("ix_events_admin1", "location_admin1"),
    sa.Index("ix_events_type", "event_type"),
    sa.Index("ix_events_latlon", "latitude", "longitude"),
    sa.Index("ix_events_article", "article_id"),
    sa.Index("ix_events_duplicate_of", "duplicate_of"),
    # the questions of the web application and `query`: a country or a type in date order ("newest
    # battles in Syria"), and counts by date and type, answered from the index alone; `date_end` and
    # `duplicate_of` ride along for the range-overlap and kept-events-only tests
    sa.Index("ix_events_country_date", "location_country", "date", "date_end", "duplicate_of"),
    sa.Index("ix_events_type_date", "event_type", "date", "date_end", "duplicate_of"),
    sa.Index("ix_events_date_type", "date", "event_type", "location_country", "date_end", "duplicate_of"),
    # the actor filter is a substring search, a scan whatever is done: over this index it reads the
    # names alone instead of whole rows
    sa.Index("ix_events_actor_names", "actor1_name", "actor1_text", "actor2_name", "actor2_text",
             "assoc_actor1", "assoc_actor2", "duplicate_of"),
)

# Which articles (and which sentences of them) report an event: one row per report. Each stored
# event row is a report (`report_event_id`); deduplication points a merged report's row at the
# kept event (`event_id`), so a kept event lists every article that told of it, with the counts
# that article gave (the kept event's own counts are the most conservative of these).
event_sources = sa.Table(
    "event_sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("evidence_start", sa.Integer),
    sa.Column("evidence_end", sa.Integer),
    sa.Column("report_event_id", sa.Integer),  # the events row of this article's report
    sa.Column("fatalities", sa.Integer),  # the counts as this article reported them
    sa.Column("injured", sa.Integer),
    sa.Column("displaced", sa.Integer),
    sa.Column("arrested", sa.Integer),
    sa.Column("match_score", sa.Float),  # the dedup score that merged it (None: the kept report)
    sa.UniqueConstraint("event_id", "article_id", "evidence_start", name="uq_event_sources"),
    sa.Index("ix_event_sources_article", "article_id"),
    sa.Index("ix_event_sources_report", "report_event_id"),
)

# Actor mentions of an article (role "mention", event_id null) and the actors of each event
# (roles actor1, assoc_actor1, actor2, assoc_actor2, reported_by).
actors = sa.Table(
    "actors", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE")),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # order within the article / the role list
    *[sa.Column(name, kind) for name, kind in ACTOR_FIELDS],
    sa.Index("ix_actors_article", "article_id"),
    sa.Index("ix_actors_event", "event_id"),
    sa.Index("ix_actors_name", "name"),
)

places = sa.Table(
    "places", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("name", sa.Text),
    sa.Column("geonameid", sa.Integer),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("country", sa.Text),
    sa.Column("admin1", sa.Text),
    sa.Column("feature_code", sa.Text),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("reason", sa.Text),
    sa.Column("adjectival", sa.Boolean),  # a nationality adjective ("Syrian") naming the country
    sa.Index("ix_places_article", "article_id"),
    sa.Index("ix_places_geonameid", "geonameid"),
)

times = sa.Table(
    "times", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("type", sa.Text),
    sa.Column("value", sa.Text),
    sa.Column("mod", sa.Text),
    sa.Column("anchor", sa.Text),
    sa.Index("ix_times_article", "article_id"),
)

quotes = sa.Table(
    "quotes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("speaker_text", sa.Text),
    sa.Column("speaker_start", sa.Integer),
    sa.Column("speaker_end", sa.Integer),
    sa.Column("speaker_name", sa.Text),
    sa.Column("speaker_role", sa.Text),
    sa.Column("speaker_type", sa.Text),
    sa.Column("speaker_country", sa.Text),
    sa.Column("cue_text", sa.Text),
    sa.Column("cue_start", sa.Integer),
    sa.Column("cue_end", sa.Integer),
    sa.Column("content_text", sa.Text),
    sa.Column("content_start", sa.Integer),
    sa.Column("content_end", sa.Integer),
    sa.Column("direct", sa.Boolean),
    sa.Index("ix_quotes_article", "article_id"),
    sa.Index("ix_quotes_speaker", "speaker_name"),
)

# SQLite full-text index over article titles and texts (FTS5, created by migration 0001 when the
# SQLite build has FTS5), kept by the writer in the same transaction as the article (external
# content: the text is not stored twice). PostgreSQL has a generated `articles.search` tsvector
# column with a GIN index instead (migration 0003). Neither is in the metadata.
FTS_TABLE = "articles_fts"
