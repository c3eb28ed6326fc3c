"""The event store: articles and their annotations in SQLite (default) or, later, PostgreSQL.

Each article is written in one transaction (article, events, sources, actors, places, times,
quotes, full-text row), so a killed process leaves every article either complete or absent,
and a re-run simply carries on. Identity is the normalised content hash or the normalised URL:
storing an article that is already there is a no-op.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..contract import Actor, DocumentAnnotation, Event
from ..ingest import InputDocument
from . import records, schema
from .filters import EventFilters, conditions
from .schema import articles, event_sources, events

if TYPE_CHECKING:
    import pandas

DEFAULT_URL = "sqlite:///newsevents.db"
_IN_CHUNK = 500  # ids per IN (...) list: well under every backend's parameter limit


def database_url(value: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL; a bare file path means a SQLite file. Defaults to $NEWSEVENTS_DB, then
    `newsevents.db` in the working directory."""
    value = os.fspath(value) if value is not None else os.environ.get("NEWSEVENTS_DB", DEFAULT_URL)
    return value if "://" in value else f"sqlite:///{value}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while an ingest writes; synchronous=NORMAL in WAL mode never
    # corrupts and loses nothing on a process kill (only an OS crash can lose the last commits).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_has_fts5(connection: Connection) -> bool:
    options = connection.exec_driver_sql("PRAGMA compile_options").scalars().all()
    if "ENABLE_FTS5" in options:
        return True
    try:  # some builds load FTS5 without listing it
        connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        connection.exec_driver_sql("DROP TABLE temp.fts5_probe")
        return True
    except sa.exc.OperationalError:
        return False


_PLAIN_TYPES = (sa.Integer, sa.Float, sa.Text, sa.String, sa.Boolean)


def _driver_insert(dialect: sa.Dialect, table: sa.Table) -> tuple[str, list[str], bool]:
    """(SQL, parameter names in order, whether parameters are positional) of an INSERT of
    every column but the generated id, in the dialect's own parameter style."""
    columns = [c for c in table.columns if not (c.primary_key and c.autoincrement)]
    for column in columns:
        if not isinstance(column.type, _PLAIN_TYPES) or isinstance(column.type, (sa.Date, sa.DateTime)):
            raise TypeError(f"{table.name}.{column.name} needs type conversion; use conn.execute")
    names = [c.name for c in columns]
    compiled = table.insert().compile(dialect=dialect, column_keys=names)
    if compiled.positional:
        return str(compiled), list(compiled.positiontup or names), True
    return str(compiled), names, False


class Store:
    """Articles and their events in one database; see `open_store`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.has_fts = False
        self._insert_sql: dict[str, tuple[str, list[str], bool]] = {}
        self._create_schema()

    # ---- set-up -----------------------------------------------------------------------------

    def _create_schema(self) -> None:
        with self.engine.begin() as conn:
            schema.metadata.create_all(conn)
            if self.is_sqlite and _sqlite_has_fts5(conn):
                conn.exec_driver_sql(schema.CREATE_FTS_SQL)
                self.has_fts = True
            version = conn.execute(sa.select(schema.store_meta.c.value)
                                   .where(schema.store_meta.c.key == "schema_version")).scalar()
            if version is None:
                conn.execute(schema.store_meta.insert().values(key="schema_version",
                                                               value=schema.SCHEMA_VERSION))
            elif version == "1":  # version 2 only added events.figures: upgrade in place
                conn.exec_driver_sql("ALTER TABLE events ADD COLUMN figures TEXT")
                conn.exec_driver_sql("ALTER TABLE quotes ADD COLUMN speaker_type TEXT")
                conn.exec_driver_sql("ALTER TABLE quotes ADD COLUMN speaker_country TEXT")
                conn.execute(schema.store_meta.update().where(schema.store_meta.c.key == "schema_version")
                             .values(value=schema.SCHEMA_VERSION))
            elif version != schema.SCHEMA_VERSION:
                raise RuntimeError(f"database schema version {version} is not the supported "
                                   f"{schema.SCHEMA_VERSION}")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # ---- identity ---------------------------------------------------------------------------

    def _find_article(self, conn: Connection, content_hash: str, url_key: str | None) -> int | None:
        match = articles.c.content_hash == content_hash
        if url_key:
            match = sa.or_(match, articles.c.url_key == url_key)
        return conn.execute(sa.select(articles.c.id).where(match).limit(1)).scalar()

    def has(self, key: str) -> bool:
        """Whether an article with this content hash or this URL is stored."""
        with self.engine.connect() as conn:
            return self._find_article(conn, key, records.url_key(key)) is not None

    def has_document(self, document: InputDocument) -> bool:
        """Whether this document (same normalised text, or same URL) is already stored."""
        with self.engine.connect() as conn:
            found = self._find_article(conn, records.content_hash(document.text),
                                       records.url_key(document.url))
        return found is not None

    # ---- writing ----------------------------------------------------------------------------

    def add(self, document: InputDocument, annotation: DocumentAnnotation) -> bool:
        """Store one article with its annotation, all or nothing; False when already stored."""
        if not isinstance(annotation, DocumentAnnotation):  # e.g. a DocumentError
            raise TypeError(f"expected a DocumentAnnotation, not {type(annotation).__name__}")
        digest, key = records.content_hash(document.text), records.url_key(document.url)
        try:
            with self.engine.begin() as conn:
                if self._find_article(conn, digest, key) is not None:
                    return False
                self._write(conn, document, annotation, digest, key)
        except sa.exc.IntegrityError:
            # another writer stored the same article between our check and our insert
            if self._exists(digest, key):
                return False
            raise
        return True

    def _exists(self, digest: str, key: str | None) -> bool:
        with self.engine.connect() as conn:
            return self._find_article(conn, digest, key) is not None

    def _write(self, conn: Connection, document: InputDocument, annotation: DocumentAnnotation,
               digest: str, key: str | None) -> int:
        published = records.as_date(annotation.published) or document.published
        # parameters passed apart from the statement: SQLAlchemy compiles each insert once
        article_id = conn.execute(articles.insert(), {
            "doc_id": document.id, "url": document.url, "url_key": key, "title": document.title,
            "source": document.source, "published": published,
            "published_inferred": bool(annotation.published_inferred),
            "published_clue": annotation.published_clue, "language": annotation.language,
            "content_hash": digest, "text": document.text,
            "ingested_at": dt.datetime.now(dt.timezone.utc),
        }).inserted_primary_key[0]
        if self.has_fts:
            conn.execute(sa.text(f"INSERT INTO {schema.FTS_TABLE}(rowid, title, text) "
                                 "VALUES (:id, :title, :text)"),
                         {"id": article_id, "title": document.title or "", "text": document.text})
        actor_rows = records.mention_rows(annotation.actors, article_id)
        source_rows = []
        event_ids = self._insert_events(conn, [
            records.event_row(event, article_id, rank, document.text)
            for rank, event in enumerate(annotation.events)])
        for event, event_id in zip(annotation.events, event_ids):
            actor_rows += records.event_actor_rows(event, article_id, event_id)
            start, end = event.evidence if event.evidence else (None, None)
            source_rows.append({"event_id": event_id, "article_id": article_id,
                                "evidence_start": start, "evidence_end": end})
        for table, rows in (
            (event_sources, source_rows), (schema.actors, actor_rows),
            (schema.places, records.place_rows(annotation.places, article_id)),
            (schema.times, records.time_rows(annotation.times, article_id)),
            (schema.quotes, records.quote_rows(annotation.quotes, article_id)),
        ):
            if rows:
                self._bulk_insert(conn, table, rows)
        return article_id

    def _bulk_insert(self, conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """executemany with a statement compiled once per table: an article has tens of actor,
        place and quote rows, and SQLAlchemy's per-row parameter handling was most of the
        store's cost. Only for tables of plain numbers, text and booleans (no type conversion)."""
        statement = self._insert_sql.get(table.name)
        if statement is None:
            statement = self._insert_sql[table.name] = _driver_insert(self.engine.dialect, table)
        sql, names, positional = statement
        if positional:
            conn.exec_driver_sql(sql, [tuple(row[n] for n in names) for row in rows])
        else:
            conn.exec_driver_sql(sql, [{n: row[n] for n in names} for row in rows])

    def _insert_events(self, conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
        """Insert event rows, returning their ids in row order (one statement where the
        database can return ids for a multi-row insert)."""
        if not rows:
            return []
        if self.engine.dialect.insert_executemany_returning_sort_by_parameter_order:
            statement = events.insert().returning(events.c.id, sort_by_parameter_order=True)
            return list(conn.execute(statement, rows).scalars())
        return [conn.execute(events.insert(), row).inserted_primary_key[0] for row in rows]

    # ---- reading ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table: a quick summary of what is stored."""
        tables = (articles, events, event_sources, schema.actors, schema.places, schema.quotes)
        with self.engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for t in tables}

    def _event_select(self, filters: EventFilters) -> sa.Select:
        article_columns = [
            articles.c.doc_id, articles.c.url, articles.c.title, articles.c.source,
            articles.c.published, articles.c.ingested_at,
        ]
        query = (sa.select(events, *article_columns)
                 .join(articles, articles.c.id == events.c.article_id)
                 .where(*conditions(filters, self.has_fts))
                 .order_by(events.c.date.is_(None), events.c.date, events.c.id))
        return query.limit(filters.limit) if filters.limit else query

    def event_columns(self) -> list[sa.ColumnElement[Any]]:
        """The columns of a flat event row, in order (with their SQL types)."""
        return list(self._event_select(EventFilters()).selected_columns)

    def iter_event_rows(self, filters: EventFilters | None = None, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """Flat event rows (events columns + the article's doc_id, url, title, source,
        published, ingested_at), oldest first, streamed."""
        query = self._event_select(EventFilters.of(filters, **kwargs))
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True, yield_per=1000).execute(query):
                yield dict(row._mapping)

    def event_rows(self, filters: EventFilters | None = None, **kwargs: Any) -> list[dict[str, Any]]:
        """`iter_event_rows` as a list."""
        return list(self.iter_event_rows(filters, **kwargs))

    def events(self, filters: EventFilters | None = None, **kwargs: Any) -> "pandas.DataFrame":
        """Matching events as a pandas DataFrame, one row per event, flat columns.

        Filters: date_from, date_to, country (ISO code or name), admin1, bbox (west, south,
        east, north), event_type (type or sub-event type), actor (substring), text (full-text
        search), min_confidence, limit.
        """
        import pandas as pd  # imported here: the store itself does not need pandas

        rows = self.event_rows(filters, **kwargs)
        columns = [c.name for c in self.event_columns()]
        frame = pd.DataFrame.from_records(rows, columns=columns)
        for name in ("date", "date_end", "published"):
            frame[name] = pd.to_datetime(frame[name])
        return frame

    def event_actors(self, event_ids: Sequence[int]) -> dict[int, dict[str, list[Actor]]]:
        """The actors of these events by event id and role (actor1, assoc_actor1, ...)."""
        found: dict[int, dict[str, list[Actor]]] = {}
        table = schema.actors
        with self.engine.connect() as conn:
            for start in range(0, len(event_ids), _IN_CHUNK):
                chunk = list(event_ids[start:start + _IN_CHUNK])
                query = (sa.select(table).where(table.c.event_id.in_(chunk))
                         .order_by(table.c.event_id, table.c.role, table.c.position))
                for row in conn.execute(query).mappings():
                    actor = records.actor_from_row(dict(row))
                    if actor is not None:
                        found.setdefault(row["event_id"], {}).setdefault(row["role"], []).append(actor)
        return found

    def event_sources(self, event_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        """The reporting articles of these events: article id, doc id, url, source, evidence span."""
        found: dict[int, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(event_ids), _IN_CHUNK):
                chunk = list(event_ids[start:start + _IN_CHUNK])
                query = (sa.select(event_sources.c.event_id, event_sources.c.article_id,
                                   articles.c.doc_id, articles.c.url, articles.c.source,
                                   event_sources.c.evidence_start, event_sources.c.evidence_end)
                         .join(articles, articles.c.id == event_sources.c.article_id)
                         .where(event_sources.c.event_id.in_(chunk))
                         .order_by(event_sources.c.event_id, event_sources.c.id))
                for row in conn.execute(query).mappings():
                    evidence = ([row["evidence_start"], row["evidence_end"]]
                                if row["evidence_start"] is not None else None)
                    found.setdefault(row["event_id"], []).append({
                        "article_id": row["article_id"], "doc_id": row["doc_id"], "url": row["url"],
                        "source": row["source"], "evidence": evidence})
        return found

    def contract_events(self, rows: Sequence[dict[str, Any]]) -> list[Event]:
        """The contract `Event` records of flat rows, with their associated actors restored."""
        by_event = self.event_actors([r["id"] for r in rows])
        return [records.event_from_row(r, by_event.get(r["id"], {}).get("assoc_actor1", []),
                                       by_event.get(r["id"], {}).get("assoc_actor2", []))
                for r in rows]


def open_store(url: str | os.PathLike[str] | None = DEFAULT_URL, **engine_options: Any) -> Store:
    """Open (creating if needed) an event store.

    `url` is a SQLAlchemy URL (`sqlite:///events.db`, later `postgresql://...`) or a file path
    for SQLite; None means $NEWSEVENTS_DB or `sqlite:///newsevents.db`.
    """
    engine = sa.create_engine(database_url(url), **engine_options)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return Store(engine)
