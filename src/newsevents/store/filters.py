"""Event filters: one dataclass shared by `Store.events`, the exports and the command line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields

import sqlalchemy as sa

from ..countries import country_by_code, country_by_name
from .records import as_date
from .schema import FTS_TABLE, articles, events

BBox = tuple[float, float, float, float]  # west (min lon), south (min lat), east, north: GeoJSON order
_FTS_TOKEN = re.compile(r"(\w+)(\*?)")  # a word, and a trailing * for a prefix search
_LIKE_ESCAPE = "/"  # as SQLAlchemy's autoescape: a backslash would need escaping itself on some backends

# How a store answers `text=`: SQLite's FTS5 table, PostgreSQL's tsvector column (both indexed,
# the same meaning), or a substring scan where neither exists.
TEXT_SEARCH_FTS5, TEXT_SEARCH_TSVECTOR, TEXT_SEARCH_SCAN = "fts5", "tsvector", "scan"
TSVECTOR_CONFIG = "simple"  # lower-cases, no stemming, no stop words: like FTS5's unicode61


@dataclass(frozen=True)
class EventFilters:
    """Which events to return; every field left as None matches everything.

    Dates overlap: an event from `date` to `date_end` matches when any day of it falls within
    [date_from, date_to]. `event_type` matches an ACLED event type or sub-event type. `actor`
    is a case-insensitive substring of any actor's name or surface text. `text` is full-text
    search over the reporting articles (all words must occur).
    """

    date_from: dt.date | str | None = None
    date_to: dt.date | str | None = None
    country: str | None = None
    admin1: str | None = None
    bbox: BBox | None = None
    event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    min_confidence: float | None = None
    limit: int | None = None

    @classmethod
    def of(cls, filters: "EventFilters | None" = None, **kwargs: object) -> "EventFilters":
        """Filters from an instance and/or keyword arguments; unknown names are an error."""
        known = {f.name for f in fields(cls)}
        unknown = set(kwargs) - known
        if unknown:
            raise TypeError(f"unknown event filter(s): {', '.join(sorted(unknown))}; "
                            f"known: {', '.join(sorted(known))}")
        base = {f.name: getattr(filters, f.name) for f in fields(cls)} if filters else {}
        base.update({k: v for k, v in kwargs.items() if v is not None})
        return cls(**base)  # type: ignore[arg-type]


def country_code(value: str) -> str:
    """An ISO alpha-3 code for a code or an English country name ("SYR", "sy", "Syria")."""
    found = country_by_code(value) or country_by_name(value)
    if found is None:
        raise ValueError(f"unknown country {value!r}")
    return found.iso3


def parse_bbox(value: str | Iterable[float]) -> BBox:
    """"W,S,E,N" (or four numbers) as a checked bounding box."""
    parts = [float(p) for p in (value.split(",") if isinstance(value, str) else value)]
    if len(parts) != 4:
        raise ValueError("a bounding box is four numbers: west,south,east,north")
    west, south, east, north = parts
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError(f"bad bounding box {value!r}: expected west,south,east,north in degrees")
    return west, south, east, north


def fts_query(text: str) -> str | None:
    """Plain words as an FTS5 query that cannot be a syntax error: every word quoted, all of
    them required; `Alep*` stays a prefix search."""
    return " ".join(f'"{word}"{star}' for word, star in _FTS_TOKEN.findall(text)) or None


def tsquery(text: str) -> str | None:
    """Plain words as a PostgreSQL tsquery with FTS5's meaning: every word required, `Alep*` a
    prefix. Words are quoted lexemes of word characters only, so the query is always valid."""
    return " & ".join(f"'{word}'{':*' if star else ''}" for word, star in _FTS_TOKEN.findall(text)) or None


def _date(value: dt.date | str) -> dt.date:
    parsed = as_date(value)
    if parsed is None:
        raise ValueError(f"not an ISO date: {value!r}")
    return parsed


def conditions(filters: EventFilters, text_search: str = TEXT_SEARCH_SCAN) -> list[sa.ColumnElement[bool]]:
    """SQL conditions on `events` for the filters (no joins needed but the text-search sub-query);
    `text_search` is the store's TEXT_SEARCH_* kind."""
    where: list[sa.ColumnElement[bool]] = []
    if filters.date_from is not None:
        where.append(sa.func.coalesce(events.c.date_end, events.c.date) >= _date(filters.date_from))
    if filters.date_to is not None:
        last = as_date(filters.date_to, last=True) if isinstance(filters.date_to, str) else filters.date_to
        if last is None:
            raise ValueError(f"not an ISO date: {filters.date_to!r}")
        where.append(events.c.date <= last)
    if filters.country:
        where.append(events.c.location_country == country_code(filters.country))
    if filters.admin1:
        where.append(sa.func.lower(events.c.location_admin1) == filters.admin1.lower())
    if filters.bbox:
        west, south, east, north = parse_bbox(filters.bbox)
        where.append(events.c.latitude.between(south, north))
        if west <= east:
            where.append(events.c.longitude.between(west, east))
        else:  # a box across the antimeridian
            where.append(sa.or_(events.c.longitude >= west, events.c.longitude <= east))
    if filters.event_type:
        wanted = filters.event_type.lower()
        where.append(sa.or_(sa.func.lower(events.c.event_type) == wanted,
                            sa.func.lower(events.c.sub_event_type) == wanted))
    if filters.actor:
        columns = (events.c.actor1_name, events.c.actor1_text, events.c.actor2_name,
                   events.c.actor2_text, events.c.assoc_actor1, events.c.assoc_actor2)
        where.append(_contains(columns, filters.actor))
    if filters.min_confidence is not None:
        where.append(events.c.confidence >= filters.min_confidence)
    if filters.text:
        where.append(_text_condition(filters.text, text_search))
    return where


def like_anywhere(value: str) -> str:
    """A LIKE pattern for `value` anywhere in a column, with its own `%`, `_` and `/` taken
    literally: a user's "100%" or "al_Nusra" must not become a wildcard that matches everything."""
    escaped = value.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", _LIKE_ESCAPE + "%")
    return "%" + escaped.replace("_", _LIKE_ESCAPE + "_") + "%"


def _contains(columns: Iterable[sa.ColumnElement[str]], value: str) -> sa.ColumnElement[bool]:
    """`value` anywhere in any of the columns, case-insensitive, taken literally."""
    if "\x00" in value:  # SQLite's LIKE ends a pattern at NUL (leaving "%", which matches all);
        return sa.false()  # no stored text holds a NUL (the input rules refuse them)
    pattern = like_anywhere(value)
    return sa.or_(*(column.ilike(pattern, escape=_LIKE_ESCAPE) for column in columns))


def _text_condition(text: str, text_search: str) -> sa.ColumnElement[bool]:
    if text_search == TEXT_SEARCH_FTS5:
        query = fts_query(text)
        if query is None:
            return sa.false()
        matching = sa.text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query")
        matching = matching.bindparams(fts_query=query).columns(sa.column("rowid", sa.Integer))
        return events.c.article_id.in_(matching.scalar_subquery())  # type: ignore[arg-type]
    if text_search == TEXT_SEARCH_TSVECTOR:
        query = tsquery(text)
        if query is None:
            return sa.false()
        # `search` is the generated, GIN-indexed column of migration 0003 (not in the metadata)
        matching = sa.text("SELECT id FROM articles WHERE search @@ to_tsquery("
                           f"'{TSVECTOR_CONFIG}'::regconfig, :ts_query)")
        matching = matching.bindparams(ts_query=query).columns(sa.column("id", sa.Integer))
        return events.c.article_id.in_(matching.scalar_subquery())  # type: ignore[arg-type]
    # no full-text index: every word as a case-insensitive substring of the title or text
    words = [word for word, _star in _FTS_TOKEN.findall(text)] or [text]
    searched = articles.c.text + " " + sa.func.coalesce(articles.c.title, "")
    articles_with_words = sa.select(articles.c.id).where(*(_contains([searched], w) for w in words))
    return events.c.article_id.in_(articles_with_words.scalar_subquery())
