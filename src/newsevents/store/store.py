"""The event store: articles and their annotations in SQLite (default) or PostgreSQL.

Each article is written in one transaction (article, events, sources, actors, places, times,
quotes, full-text row), so a killed process leaves every article either complete or absent,
and a re-run simply carries on. Identity is the normalised content hash or the normalised URL:
storing an article that is already there is a no-op. Opening a store runs the Alembic
migrations (`store/migrations`), so a database of any schema version is brought up to date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..contract import Actor, DocumentAnnotation, Event, Place
from ..ingest import InputDocument
from . import records, schema
from .filters import TEXT_SEARCH_FTS5, TEXT_SEARCH_SCAN, TEXT_SEARCH_TSVECTOR, EventFilters, conditions
from .schema import articles, event_sources, events

if TYPE_CHECKING:
    import pandas

    from ..dedup import DedupConfig
    from .deduplication import DedupReport

DEFAULT_URL = "sqlite:///newsevents.db"
_IN_CHUNK = 500  # ids per IN (...) list: well under every backend's parameter limit


def database_url(value: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL; a bare file path means a SQLite file. Defaults to $NEWSEVENTS_DB, then
    `newsevents.db` in the working directory."""
    value = os.fspath(value) if value is not None else os.environ.get("NEWSEVENTS_DB", DEFAULT_URL)
    if "://" not in value:
        return f"sqlite:///{value}"
    scheme, rest = value.split("://", 1)
    # psycopg 3 is the PostgreSQL driver newsevents installs (SQLAlchemy's default is psycopg2)
    return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else value


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers work while an ingest writes; synchronous=NORMAL in WAL mode never
    # corrupts and loses nothing on a process kill (only an OS crash can lose the last commits).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _postgresql_session(dbapi_connection: Any, _record: Any) -> None:
    # The same durability as SQLite's synchronous=NORMAL: a killed ingest loses nothing it
    # committed and the database never corrupts; only a crash of the server itself can lose the
    # last fraction of a second of commits (which a re-run of the idempotent ingest restores).
    # Saves the WAL flush that is a fifth of an article's write time. Per session, ours only.
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    dbapi_connection.commit()


@contextlib.contextmanager
def pipelined(conn: Connection) -> Iterator[None]:
    """On PostgreSQL (psycopg), send the statements of the block in one pipeline: one round trip
    to the server instead of one per statement, which is most of an article's write time there.
    Errors surface when the block ends, raised as SQLAlchemy's DBAPIError like any other."""
    driver = conn.connection.driver_connection
    if conn.dialect.name != "postgresql" or not hasattr(driver, "pipeline"):
        yield
        return
    with _as_sqlalchemy_errors(), driver.pipeline():
        yield


@contextlib.contextmanager
def _as_sqlalchemy_errors() -> Iterator[None]:
    """psycopg errors from direct driver calls, raised as SQLAlchemy's (IntegrityError, ...)."""
    import psycopg

    try:
        yield
    except psycopg.Error as exc:
        raise sa.exc.DBAPIError.instance(None, None, exc, psycopg.Error) from exc


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

    def __init__(self, engine: Engine, dedup: "DedupConfig | None" = None):
        self.engine = engine
        self.dedup = dedup  # cross-article deduplication on `add` when set (docs/dedup.md)
        self._dedup_views: Any = None  # deduplication.ViewCache, made on first use
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.text_search = TEXT_SEARCH_SCAN  # how `text=` filters search: FTS5, tsvector or a scan
        self._insert_sql: dict[str, tuple[str, list[str], bool]] = {}
        self._create_schema()

    @property
    def has_fts(self) -> bool:
        """Whether text search uses a full-text index (FTS5 on SQLite, tsvector on PostgreSQL)."""
        return self.text_search != TEXT_SEARCH_SCAN

    # ---- set-up -----------------------------------------------------------------------------

    def _create_schema(self) -> None:
        """Create or upgrade the schema (Alembic, to the newest revision) and see which
        full-text index the database has."""
        from . import migrations  # Alembic is imported only when a store is opened

        with self.engine.begin() as conn:
            migrations.upgrade_connection(conn)
            migrations.check_schema(conn)
            tables = set(sa.inspect(conn).get_table_names())
        if self.is_sqlite and schema.FTS_TABLE in tables:
            self.text_search = TEXT_SEARCH_FTS5
        elif self.engine.dialect.name == "postgresql":
            self.text_search = TEXT_SEARCH_TSVECTOR

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
            "triage_skipped": annotation.triage_skipped,
            "content_hash": digest, "text": document.text,
            "ingested_at": dt.datetime.now(dt.timezone.utc),
        }).inserted_primary_key[0]
        if self.text_search == TEXT_SEARCH_FTS5:  # PostgreSQL's tsvector column is generated
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
            source_rows.append(records.source_row(event, event_id, article_id))
        with pipelined(conn):
            for table, rows in (
                (event_sources, source_rows), (schema.actors, actor_rows),
                (schema.places, records.place_rows(annotation.places, article_id)),
                (schema.times, records.time_rows(annotation.times, article_id)),
                (schema.quotes, records.quote_rows(annotation.quotes, article_id)),
            ):
                if rows:
                    self._bulk_insert(conn, table, rows)
        if self.dedup is not None and event_ids:
            self._deduplicate(conn, article_id, list(zip(annotation.events, event_ids)), document.text,
                              annotation.places)
        return article_id

    def _deduplicate(self, conn: Connection, article_id: int, reported: list[tuple[Event, int]],
                     text: str, article_places: list[Place]) -> None:
        """Merge this article's reports into stored events of the same happenings (same
        transaction: an article is stored deduplicated or not at all)."""
        from .deduplication import deduplicate_reports

        assert self.dedup is not None
        deduplicate_reports(conn, article_id, reported, text, article_places, self.dedup, self._similarity,
                            self._view_cache(), self._prefetch)

    def _view_cache(self) -> Any:
        from .deduplication import ViewCache

        if self._dedup_views is None:
            self._dedup_views = ViewCache()
        return self._dedup_views

    def _similarity(self, first: str, second: str) -> float:
        """Evidence similarity; the sentence encoder is loaded on the first pair that needs it."""
        from ..dedup import default_encoder

        return default_encoder().similarity(first, second)

    def _prefetch(self, sentences: Sequence[str]) -> None:
        """Encode, in one batched pass, the sentences this article's pairs will compare."""
        if sentences:
            from ..dedup import default_encoder

            default_encoder().prefetch(sentences)

    def deduplicate(self, config: "DedupConfig | None" = None) -> "DedupReport":
        """Redo deduplication over the whole store (undoing earlier merges first) with `config`,
        or the store's own, or the default thresholds; one transaction."""
        from ..dedup import DedupConfig
        from .deduplication import rerun

        chosen = config or self.dedup or DedupConfig()
        cache = self._view_cache()
        try:
            with self.engine.begin() as conn:
                return rerun(conn, chosen, self._similarity, cache, self._prefetch)
        except BaseException:
            cache.clear()  # views of merges that were rolled back
            raise

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
        if self.engine.dialect.name == "postgresql":
            return self._insert_events_pipelined(conn, rows)
        if self.engine.dialect.insert_executemany_returning_sort_by_parameter_order:
            statement = events.insert().returning(events.c.id, sort_by_parameter_order=True)
            return list(conn.execute(statement, rows).scalars())
        return [conn.execute(events.insert(), row).inserted_primary_key[0] for row in rows]

    def _insert_events_pipelined(self, conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
        """PostgreSQL: one single-row `INSERT ... RETURNING id`, prepared once, run for every row
        in one pipeline (psycopg's executemany with returning). SQLAlchemy's multi-row VALUES
        form is new SQL for each event count, parsed and planned anew every time. psycopg
        converts dates, numbers and text itself, so no SQLAlchemy type processing is needed."""
        sql = self._insert_sql.get("events RETURNING")
        if sql is None:
            names = [c.name for c in events.columns if c.name != "id"]
            compiled = events.insert().returning(events.c.id).compile(dialect=self.engine.dialect,
                                                                     column_keys=names)
            sql = self._insert_sql["events RETURNING"] = (str(compiled), names, False)
        statement, names, _positional = sql
        cursor = conn.connection.driver_connection.cursor()
        ids: list[int] = []
        with _as_sqlalchemy_errors():
            cursor.executemany(statement, [{n: row.get(n) for n in names} for row in rows], returning=True)
            while True:
                ids.append(cursor.fetchone()[0])
                if not cursor.nextset():
                    break
        return ids

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
                 .where(events.c.duplicate_of.is_(None),  # one row per deduplicated event
                        *conditions(filters, self.text_search))
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

    def event_sources(self, event_ids: Sequence[int], with_reports: bool = False) -> dict[int, list[dict[str, Any]]]:
        """The reporting articles of these events: article id, doc id, url, source, evidence span;
        after deduplication, one entry per article that reported the event.

        `with_reports` adds what each source said: `report_event_id` (its own events row),
        `evidence_text`, its `counts` (fatalities, injured, displaced, arrested as that article
        gave them), its `figures` (the contract's figure objects, spans into that article) and
        `match_score` (None for the report the event was first stored from)."""
        found: dict[int, list[dict[str, Any]]] = {}
        report = events.alias("report")
        columns = [event_sources.c.event_id, event_sources.c.article_id, articles.c.doc_id,
                   articles.c.url, articles.c.source, event_sources.c.evidence_start,
                   event_sources.c.evidence_end]
        if with_reports:
            columns += [event_sources.c.report_event_id, event_sources.c.match_score,
                        report.c.evidence_text, report.c.figures,
                        *(event_sources.c[name] for name in records.COUNT_FIELDS)]
        with self.engine.connect() as conn:
            for start in range(0, len(event_ids), _IN_CHUNK):
                chunk = list(event_ids[start:start + _IN_CHUNK])
                query = (sa.select(*columns)
                         .join(articles, articles.c.id == event_sources.c.article_id)
                         .where(event_sources.c.event_id.in_(chunk))
                         .order_by(event_sources.c.event_id, event_sources.c.id))
                if with_reports:
                    query = query.outerjoin(report, report.c.id == event_sources.c.report_event_id)
                for row in conn.execute(query).mappings():
                    evidence = ([row["evidence_start"], row["evidence_end"]]
                                if row["evidence_start"] is not None else None)
                    source = {"article_id": row["article_id"], "doc_id": row["doc_id"], "url": row["url"],
                              "source": row["source"], "evidence": evidence}
                    if with_reports:
                        source.update(records.report_details(dict(row)))
                    found.setdefault(row["event_id"], []).append(source)
        return found

    def contract_events(self, rows: Sequence[dict[str, Any]]) -> list[Event]:
        """The contract `Event` records of flat rows, with their associated actors restored."""
        by_event = self.event_actors([r["id"] for r in rows])
        return [records.event_from_row(r, by_event.get(r["id"], {}).get("assoc_actor1", []),
                                       by_event.get(r["id"], {}).get("assoc_actor2", []))
                for r in rows]


def open_store(url: str | os.PathLike[str] | None = DEFAULT_URL, dedup: "DedupConfig | bool | None" = None,
               **engine_options: Any) -> Store:
    """Open (creating if needed) an event store.

    `url` is a SQLAlchemy URL (`sqlite:///events.db`, `postgresql://user:pass@host/db`) or a
    file path for SQLite; None means $NEWSEVENTS_DB or `sqlite:///newsevents.db`. The schema is
    created or migrated to the newest revision on open. `dedup` (True or a `DedupConfig`) merges
    each added article's events into stored events of the same happening (docs/dedup.md).
    """
    if dedup is True:
        from ..dedup import DedupConfig

        dedup = DedupConfig()
    engine = sa.create_engine(database_url(url), **engine_options)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql":
        sa.event.listen(engine, "connect", _postgresql_session)
    return Store(engine, dedup or None)
