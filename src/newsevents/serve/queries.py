"""The reads the web application needs beyond `Store.iter_event_rows`: pages with a total, one
event or article by id, counts for the charts and compact map points.

Every query is SQLAlchemy Core with bound parameters, built on the store's own tables and its
`filters.conditions`, so the API's filters mean exactly what `newsevents query` means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..contract import ACLED_TAXONOMY
from ..countries import country_by_code
from ..store import Store
from ..store.filters import EventFilters, conditions
from ..store.records import content_hash, url_key
from ..store.schema import actors, articles, events, places, quotes, times

Row = dict[str, Any]

ARTICLE_COLUMNS = (articles.c.doc_id, articles.c.url, articles.c.title, articles.c.source,
                   articles.c.published, articles.c.ingested_at)
# A flat event row: every events column plus the reporting article's identity (as the store's rows)
_FLAT_SELECT = sa.select(events, *ARTICLE_COLUMNS).join(articles, articles.c.id == events.c.article_id)


def json_value(value: Any) -> Any:
    """Dates as ISO strings; everything else as it is."""
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def plain_row(row: Row) -> Row:
    return {key: json_value(value) for key, value in row.items()}


def _where(store: Store, filters: EventFilters) -> list[sa.ColumnElement[bool]]:
    """Kept events only (a report merged into another event by deduplication is one of that
    event's sources, not an event of its own), matching the filters."""
    return [events.c.duplicate_of.is_(None), *conditions(filters, store.text_search), *_type_hint(filters)]


def _type_hint(filters: EventFilters) -> list[sa.ColumnElement[bool]]:
    """The store matches `event_type` case-insensitively against type or sub-type, which no
    index can serve; for a taxonomy name, the same rows also satisfy `event_type IN (its
    types)`, which the (event_type, date) index can. Stored types are the taxonomy's spelling."""
    if not filters.event_type:
        return []
    wanted = filters.event_type.lower()
    types = sorted(t for t, subs in ACLED_TAXONOMY.items()
                   if t.lower() == wanted or any(s.lower() == wanted for s in subs))
    return [events.c.event_type.in_(types)] if types else []


def _ordered(query: sa.Select, newest_first: bool) -> sa.Select:
    if newest_first:  # undated events last either way; id breaks ties so pages are stable
        return query.order_by(events.c.date.desc().nulls_last(), events.c.id.desc())
    return query.order_by(events.c.date.is_(None), events.c.date, events.c.id)


# ---- events ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventPage:
    total: int
    rows: list[Row]


def count_events(store: Store, filters: EventFilters) -> int:
    query = sa.select(sa.func.count()).select_from(events).where(*_where(store, filters))
    with store.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def event_page(store: Store, filters: EventFilters, offset: int, limit: int,
               newest_first: bool = True) -> EventPage:
    """One page of flat event rows and how many match in all.

    The page's ids are chosen first, from narrow rows (often from an index alone), and only those
    rows are then read whole: sorting thousands of matching events by date never carries their
    70 columns along."""
    chosen = _ordered(sa.select(events.c.id).where(*_where(store, filters)), newest_first)
    with store.engine.connect() as conn:
        ids = list(conn.execute(chosen.limit(limit).offset(offset)).scalars())
        found = {r.id: dict(r._mapping) for r in conn.execute(_FLAT_SELECT.where(events.c.id.in_(ids)))} if ids else {}
    return EventPage(count_events(store, filters), [found[i] for i in ids if i in found])


def iter_event_rows(store: Store, filters: EventFilters, offset: int, limit: int | None,
                    newest_first: bool = True) -> Iterator[Row]:
    """Flat rows streamed for the CSV and GeoJSON answers (which may be large)."""
    query = _ordered(_FLAT_SELECT.where(*_where(store, filters)), newest_first).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        for row in conn.execution_options(stream_results=True, yield_per=1000).execute(query):
            yield dict(row._mapping)


def event_row(store: Store, event_id: int) -> Row | None:
    with store.engine.connect() as conn:
        found = conn.execute(_FLAT_SELECT.where(events.c.id == event_id)).first()
    return dict(found._mapping) if found else None


def source_details(store: Store, event_id: int) -> list[Row]:
    """Every article that reports the event (after deduplication, possibly several), with what
    each said (evidence sentence, counts, figures) and its title and publication date."""
    found = store.event_sources([event_id], with_reports=True).get(event_id, [])
    article_ids = sorted({s["article_id"] for s in found})
    query = (sa.select(articles.c.id, articles.c.title, articles.c.published)
             .where(articles.c.id.in_(article_ids)))
    with store.engine.connect() as conn:
        about = {row.id: row for row in conn.execute(query)}
    return [{**source, "title": about[source["article_id"]].title,
             "published": json_value(about[source["article_id"]].published)} for source in found]


# ---- articles ----------------------------------------------------------------------------------

def _span(row: Row, prefix: str = "") -> list[int] | None:
    start, end = row.get(f"{prefix}start"), row.get(f"{prefix}end")
    return None if start is None or end is None else [start, end]


def _article_rows(conn: sa.Connection, table: sa.Table, article_id: int, *where: Any) -> list[Row]:
    query = sa.select(table).where(table.c.article_id == article_id, *where).order_by(table.c.position)
    return [dict(r) for r in conn.execute(query).mappings()]


def article(store: Store, article_id: int) -> Row | None:
    """An article's text with its stored annotations; spans are [start, end] offsets into the
    text in characters (Unicode code points, as in the contract)."""
    with store.engine.connect() as conn:
        found = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
        if found is None:
            return None
        place_rows = _article_rows(conn, places, article_id)
        time_rows = _article_rows(conn, times, article_id)
        actor_rows = _article_rows(conn, actors, article_id, actors.c.role == "mention")
        quote_rows = _article_rows(conn, quotes, article_id)
        event_ids = conn.execute(sa.select(events.c.id).where(events.c.article_id == article_id)
                                 .order_by(events.c.rank)).scalars().all()
    return {
        "id": found["id"], "doc_id": found["doc_id"], "url": found["url"], "title": found["title"],
        "source": found["source"], "published": json_value(found["published"]),
        "published_inferred": bool(found["published_inferred"]), "language": found["language"],
        "ingested_at": json_value(found["ingested_at"]), "text": found["text"],
        "event_ids": list(event_ids),
        "places": [{"text": p["text"], "span": _span(p), "name": p["name"], "geonameid": p["geonameid"],
                    "lat": p["lat"], "lon": p["lon"], "country": p["country"], "admin1": p["admin1"],
                    "feature_code": p["feature_code"], "geo_precision": p["geo_precision"]}
                   for p in place_rows],
        "times": [{"text": t["text"], "span": _span(t), "type": t["type"], "value": t["value"],
                   "mod": t["mod"], "anchor": t["anchor"]} for t in time_rows],
        "actors": [{"text": a["text"], "span": _span(a), "name": a["name"], "type": a["type"],
                    "country": a["country"], "cameo": a["cameo"]} for a in actor_rows],
        "quotes": [{"speaker": None if q["speaker_text"] is None else {
                        "text": q["speaker_text"], "span": _span(q, "speaker_"), "name": q["speaker_name"],
                        "role": q["speaker_role"]},
                    "cue": {"text": q["cue_text"], "span": _span(q, "cue_")},
                    "content": {"text": q["content_text"], "span": _span(q, "content_")},
                    "direct": q["direct"]} for q in quote_rows],
    }


def article_times(store: Store, article_id: int) -> list[Row]:
    with store.engine.connect() as conn:
        return [{"text": t["text"], "span": _span(t), "value": t["value"]}
                for t in _article_rows(conn, times, article_id)]


def stored_article_id(store: Store, text: str, url: str | None) -> int | None:
    """The id of the stored article with this text (normalised) or this URL, if any."""
    match = articles.c.content_hash == content_hash(text)
    key = url_key(url)
    if key:
        match = sa.or_(match, articles.c.url_key == key)
    with store.engine.connect() as conn:
        return conn.execute(sa.select(articles.c.id).where(match).limit(1)).scalar()


def event_ids_of_article(store: Store, article_id: int) -> list[int]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(events.c.id).where(events.c.article_id == article_id)
                                 .order_by(events.c.rank)).scalars())


# ---- statistics and map points -------------------------------------------------------------------

def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value[:10])


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week of `day`."""
    return day - dt.timedelta(days=day.weekday())


def stats(store: Store, filters: EventFilters, interval: str = "week", top_countries: int = 50) -> Row:
    """Counts by type, by country and by day or week (per type), for the filters.

    The database groups by (date, type); weeks are rolled up here, which keeps the SQL the same
    on every backend and costs nothing (one row per day and type).
    """
    where = _where(store, filters)
    day = sa.type_coerce(events.c.date, sa.String)  # SQLite's ISO text as it is: no per-row parsing
    by_day = (sa.select(day, events.c.event_type, sa.func.count().label("n"))
              .where(*where).group_by(events.c.date, events.c.event_type))
    by_country = (sa.select(events.c.location_country, sa.func.count().label("n")).where(*where)
                  .group_by(events.c.location_country).order_by(sa.desc("n")).limit(top_countries))
    with store.engine.connect() as conn:
        day_rows = conn.execute(by_day).all()
        country_rows = conn.execute(by_country).all()
    by_type: dict[str, int] = {}
    periods: dict[dt.date, dict[str, int]] = {}
    undated = 0
    for day, kind, n in day_rows:
        by_type[kind] = by_type.get(kind, 0) + n
        if day is None:
            undated += n
            continue
        day = _as_date(day)
        period = week_start(day) if interval == "week" else day
        counts = periods.setdefault(period, {})
        counts[kind] = counts.get(kind, 0) + n
    countries = []
    for code, n in country_rows:
        known = country_by_code(code) if code else None
        countries.append({"country": code, "name": known.name if known else None, "count": n})
    return {
        "total": sum(by_type.values()),
        "undated": undated,
        "interval": interval,
        "by_type": dict(sorted(by_type.items(), key=lambda item: -item[1])),
        "by_country": countries,
        "by_period": [{"period": p.isoformat(), "counts": periods[p]} for p in sorted(periods)],
    }


def map_points(store: Store, filters: EventFilters, max_points: int) -> Row:
    """Located events as compact rows `[id, lat, lon, type index, date]`, newest first: a map
    of 10,000 events is then about 400 kB of JSON instead of megabytes of GeoJSON."""
    where = [*_where(store, filters), events.c.latitude.is_not(None), events.c.longitude.is_not(None)]
    day = sa.type_coerce(events.c.date, sa.String)  # ISO text on SQLite, a date on PostgreSQL
    query = _ordered(sa.select(events.c.id, events.c.latitude, events.c.longitude, events.c.event_type, day)
                     .where(*where), newest_first=True).limit(max_points)
    type_index: dict[str, int] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    points = [[event_id, lat, lon, type_index.setdefault(kind, len(type_index)), json_value(when)]
              for event_id, lat, lon, kind, when in rows]
    located = count_events(store, EventFilters.of(filters)) if len(points) == max_points else None
    return {"types": list(type_index), "points": points, "truncated": len(points) == max_points,
            "matching": located}
