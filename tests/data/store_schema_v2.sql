-- The SQLite schema that newsevents made before Alembic (store_meta.schema_version 2), as
-- `sqlite3 FILE .schema` printed it: test_store_migrations.py builds legacy stores from it.
CREATE TABLE articles (
	id INTEGER NOT NULL, 
	doc_id TEXT NOT NULL, 
	url TEXT, 
	url_key TEXT, 
	title TEXT, 
	source TEXT, 
	published DATE, 
	published_inferred BOOLEAN NOT NULL, 
	published_clue TEXT, 
	language TEXT, 
	content_hash VARCHAR(64) NOT NULL, 
	text TEXT NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (url_key), 
	UNIQUE (content_hash)
);
CREATE INDEX ix_articles_published ON articles (published);
CREATE TABLE store_meta (
	"key" TEXT NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE events (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	rank INTEGER NOT NULL, 
	event_type TEXT NOT NULL, 
	sub_event_type TEXT, 
	cameo TEXT, 
	date DATE, 
	date_end DATE, 
	date_text TEXT, 
	time_precision INTEGER, 
	date_source TEXT, 
	actor1_text TEXT, 
	actor1_name TEXT, 
	actor1_type TEXT, 
	actor1_country TEXT, 
	actor1_cameo TEXT, 
	actor1_start INTEGER, 
	actor1_end INTEGER, 
	assoc_actor1 TEXT, 
	actor2_text TEXT, 
	actor2_name TEXT, 
	actor2_type TEXT, 
	actor2_country TEXT, 
	actor2_cameo TEXT, 
	actor2_start INTEGER, 
	actor2_end INTEGER, 
	assoc_actor2 TEXT, 
	location_text TEXT, 
	location_name TEXT, 
	location_country TEXT, 
	location_admin1 TEXT, 
	location_geonameid INTEGER, 
	location_feature_code TEXT, 
	location_reason TEXT, 
	location_start INTEGER, 
	location_end INTEGER, 
	latitude FLOAT, 
	longitude FLOAT, 
	geo_precision INTEGER, 
	fatalities INTEGER, 
	fatalities_text TEXT, 
	injured INTEGER, 
	displaced INTEGER, 
	arrested INTEGER, 
	trigger_text TEXT, 
	trigger_start INTEGER, 
	trigger_end INTEGER, 
	evidence_start INTEGER, 
	evidence_end INTEGER, 
	evidence_text TEXT, 
	reported_by_text TEXT, 
	reported_by_name TEXT, 
	reported_by_type TEXT, 
	reported_by_country TEXT, 
	reported_by_cameo TEXT, 
	reported_by_start INTEGER, 
	reported_by_end INTEGER, 
	confidence FLOAT, 
	figures TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX ix_events_article ON events (article_id);
CREATE INDEX ix_events_type ON events (event_type);
CREATE INDEX ix_events_admin1 ON events (location_admin1);
CREATE INDEX ix_events_latlon ON events (latitude, longitude);
CREATE INDEX ix_events_country ON events (location_country);
CREATE INDEX ix_events_date ON events (date);
CREATE TABLE places (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT, 
	start INTEGER, 
	"end" INTEGER, 
	name TEXT, 
	geonameid INTEGER, 
	lat FLOAT, 
	lon FLOAT, 
	country TEXT, 
	admin1 TEXT, 
	feature_code TEXT, 
	geo_precision INTEGER, 
	reason TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX ix_places_article ON places (article_id);
CREATE INDEX ix_places_geonameid ON places (geonameid);
CREATE TABLE quotes (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	speaker_text TEXT, 
	speaker_start INTEGER, 
	speaker_end INTEGER, 
	speaker_name TEXT, 
	speaker_role TEXT, 
	speaker_type TEXT, 
	speaker_country TEXT, 
	cue_text TEXT, 
	cue_start INTEGER, 
	cue_end INTEGER, 
	content_text TEXT, 
	content_start INTEGER, 
	content_end INTEGER, 
	direct BOOLEAN, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX ix_quotes_article ON quotes (article_id);
CREATE INDEX ix_quotes_speaker ON quotes (speaker_name);
CREATE TABLE times (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT, 
	start INTEGER, 
	"end" INTEGER, 
	type TEXT, 
	value TEXT, 
	mod TEXT, 
	anchor TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX ix_times_article ON times (article_id);
CREATE TABLE actors (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	event_id INTEGER, 
	role TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	text TEXT, 
	name TEXT, 
	type TEXT, 
	country TEXT, 
	cameo TEXT, 
	start INTEGER, 
	"end" INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX ix_actors_name ON actors (name);
CREATE INDEX ix_actors_event ON actors (event_id);
CREATE INDEX ix_actors_article ON actors (article_id);
CREATE TABLE event_sources (
	id INTEGER NOT NULL, 
	event_id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	evidence_start INTEGER, 
	evidence_end INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE, 
	FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, 
	CONSTRAINT uq_event_sources UNIQUE (event_id, article_id, evidence_start)
);
CREATE INDEX ix_event_sources_article ON event_sources (article_id);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
