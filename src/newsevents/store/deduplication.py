"""Cross-article deduplication inside the store: candidates by index, merges, conservative counts.

Every event an article reports is stored as its own `events` row (a *report*). After an
article's rows are written, each of its reports is scored (newsevents.dedup) against the kept
events that the indexes can find: compatible type, a date window wide enough for both
precisions, a country the report names (or an unplaced or country-level event), a
latitude/longitude box. A matched report gets
`duplicate_of` = the kept event, its `event_sources` row moves to the kept event, and the kept
event's counts become the most conservative of all its sources' counts (ACLED). Nothing is
deleted, so `Store.deduplicate()` can undo every merge and redo them with other thresholds.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..contract import Actor, Event, Place
from ..dedup import DedupConfig, EventView, MatchScore, conservative_count, score_pair, view_of_event
from ..dedup.matcher import ActorKey, actor_key, never_merged, place_sets
from .schema import actors, event_sources, events, places

COUNT_COLUMNS = ("fatalities", "injured", "displaced", "arrested")
Similarity = Callable[[str, str], float]
Prefetch = Callable[[Sequence[str]], object]  # encodes sentences ahead, in one batch
_KM_PER_DEGREE = 111.2
# the columns a candidate view needs (not the whole row: a busy day has hundreds of candidates)
_CANDIDATE_COLUMNS = [events.c[name] for name in (
    "id", "article_id", "event_type", "sub_event_type", "date", "date_end", "time_precision",
    "latitude", "longitude", "geo_precision", "location_country", "location_name", "location_text",
    "location_geonameid", "location_feature_code", "location_admin1", "evidence_text",
    "evidence_start", "evidence_end",
    *(f"{slot}_{field}" for slot in ("actor1", "actor2") for field in ("name", "text", "type", "country")),
)]


@dataclass(frozen=True)
class Merge:
    """One report merged into a kept event."""

    report_id: int
    kept_id: int
    score: MatchScore


@dataclass
class DedupReport:
    """What a dedup pass did."""

    reports: int = 0  # events rows looked at
    merged: int = 0
    kept: int = 0

    def summary(self) -> str:
        return (f"{self.reports} event reports: {self.kept} distinct events, "
                f"{self.merged} merged into them")


def _row_actor(row: dict[str, Any], slot: str) -> ActorKey | None:
    if row.get(f"{slot}_name") is None and row.get(f"{slot}_text") is None:
        return None
    return actor_key(Actor(row.get(f"{slot}_text") or "", (0, 0), row.get(f"{slot}_name") or "",
                           row.get(f"{slot}_type") or "", row.get(f"{slot}_country")))


def _row_location(row: dict[str, Any]) -> Place | None:
    if row["location_text"] is None and row["location_name"] is None:
        return None
    return Place(row["location_text"] or "", (0, 0), row["location_name"], row["location_geonameid"],
                 row["latitude"], row["longitude"], row["location_country"], row["location_admin1"],
                 row["location_feature_code"], row["geo_precision"])


def view_of_row(row: dict[str, Any], associated: dict[str, list[ActorKey]] | None = None,
                more_evidence: Sequence[str] = (), article_places: Sequence[Place] = ()) -> EventView:
    """The matcher's view of a stored `events` row (`article_places`: places of its article;
    those inside the evidence span count)."""
    associated = associated or {}
    first, second = _row_actor(row, "actor1"), _row_actor(row, "actor2")
    start = row["date"]
    evidence = ((row["evidence_start"], row["evidence_end"])
                if row["evidence_start"] is not None and row["evidence_end"] is not None else None)
    named = place_sets(article_places, evidence, _row_location(row))
    return EventView(
        event_type=row["event_type"], sub_event_type=row["sub_event_type"],
        start=start, end=row["date_end"] or start, time_precision=row["time_precision"],
        latitude=row["latitude"], longitude=row["longitude"], geo_precision=row["geo_precision"],
        country=row["location_country"], place_name=row["location_name"] or row["location_text"],
        geonameid=row["location_geonameid"], feature_code=row["location_feature_code"],
        side1=tuple([first] if first else []) + tuple(associated.get("assoc_actor1", [])),
        side2=tuple([second] if second else []) + tuple(associated.get("assoc_actor2", [])),
        evidence=(row["evidence_text"] or "").strip(), event_id=row["id"], article_id=row["article_id"],
        more_evidence=tuple(more_evidence), towns=named.towns, regions=named.regions,
        countries=named.countries, town_points=named.town_points,
    )


def _place_of_row(row: Any) -> Place:
    span = (row.start, row.end) if row.start is not None and row.end is not None else None
    return Place(row.text or "", span, row.name, row.geonameid, row.lat, row.lon, row.country,  # type: ignore[arg-type]
                 row.admin1, row.feature_code, row.geo_precision)


def _article_places(conn: Connection, article_ids: list[int]) -> dict[int, list[Place]]:
    """Every geocoded place of these articles."""
    found: dict[int, list[Place]] = {}
    if not article_ids:
        return found
    query = (sa.select(places).where(places.c.article_id.in_(sorted(set(article_ids))))
             .order_by(places.c.article_id, places.c.position))
    for row in conn.execute(query):
        found.setdefault(row.article_id, []).append(_place_of_row(row))
    return found


def _evidence_places(conn: Connection, event_ids: list[int]) -> dict[int, list[Place]]:
    """The places named inside each of these events' evidence sentences (found by the database:
    a candidate's article may have dozens of places, its sentence a few)."""
    found: dict[int, list[Place]] = {}
    if not event_ids:
        return found
    query = (sa.select(events.c.id.label("event_id"), places)
             .join(places, sa.and_(places.c.article_id == events.c.article_id,
                                   places.c.start >= events.c.evidence_start,
                                   places.c.end <= events.c.evidence_end))
             .where(events.c.id.in_(event_ids))
             .order_by(events.c.id, places.c.position))
    for row in conn.execute(query):
        found.setdefault(row.event_id, []).append(_place_of_row(row))
    return found


def _compatible_types(event_type: str, config: DedupConfig) -> list[str]:
    found = {event_type}
    for pair in config.compatible_types:
        if event_type in pair:
            found |= pair
    return sorted(found)


def candidate_query(view: EventView, config: DedupConfig, before_id: int | None = None) -> sa.Select:
    """Kept events that could be `view`'s happening, found through the events indexes."""
    query = (sa.select(*_CANDIDATE_COLUMNS)
             .where(events.c.duplicate_of.is_(None),
                    events.c.event_type.in_(_compatible_types(view.event_type, config))))
    if view.article_id is not None:
        query = query.where(events.c.article_id != view.article_id)
    if before_id is not None:
        query = query.where(events.c.id < before_id)
    if view.start is not None:
        reach = dt.timedelta(days=config.date_tolerance_days + config.slack_days(view.time_precision)
                             + max(config.precision_slack_days))
        query = query.where(events.c.date <= (view.end or view.start) + reach,
                            sa.func.coalesce(events.c.date_end, events.c.date) >= view.start - reach)
    if view.countries:  # any country the report's sentence or location names, a stored location
        # of the same name (a geocoder may put one report's town in another country), or a
        # country-level one ("Saudi-led" made some reports' location Saudi Arabia): the
        # matcher then compares the places their sentences name
        names = sorted(view.towns | view.regions)
        query = query.where(sa.or_(events.c.location_country.in_(sorted(view.countries)),
                                   events.c.location_country.is_(None), events.c.geo_precision >= 3,
                                   *([sa.func.lower(events.c.location_text).in_(names)] if names else [])))
    if view.latitude is not None and view.longitude is not None and not view.country_level:
        km = config.radius_km(view.geo_precision) + max(config.place_radius_km)
        lat_reach = km / _KM_PER_DEGREE
        lon_reach = km / (_KM_PER_DEGREE * max(math.cos(math.radians(view.latitude)), 0.01))
        # country-level and unplaced events stay candidates: they agree with any town loosely
        query = query.where(sa.or_(
            events.c.latitude.is_(None), events.c.geo_precision >= 3,
            sa.and_(events.c.latitude.between(view.latitude - lat_reach, view.latitude + lat_reach),
                    events.c.longitude.between(view.longitude - lon_reach, view.longitude + lon_reach))))
    return query.order_by(events.c.id.desc()).limit(config.max_candidates)


def _associated_actors(conn: Connection, event_ids: list[int]) -> dict[int, dict[str, list[ActorKey]]]:
    found: dict[int, dict[str, list[ActorKey]]] = {}
    if not event_ids:
        return found
    query = (sa.select(actors.c.event_id, actors.c.role, actors.c.name, actors.c.text, actors.c.type,
                       actors.c.country)
             .where(actors.c.event_id.in_(event_ids), actors.c.role.in_(("assoc_actor1", "assoc_actor2")))
             .order_by(actors.c.event_id, actors.c.role, actors.c.position))
    for row in conn.execute(query):
        key = actor_key(Actor(row.text or "", (0, 0), row.name or "", row.type or "", row.country))
        found.setdefault(row.event_id, {}).setdefault(row.role, []).append(key)
    return found


def _source_evidence(conn: Connection, kept_ids: list[int]) -> dict[int, list[str]]:
    """Evidence sentences of the reports already merged into these kept events: a new report
    is compared with every wording seen so far, not only the first one."""
    found: dict[int, list[str]] = {}
    if not kept_ids:
        return found
    query = (sa.select(events.c.duplicate_of, events.c.evidence_text)
             .where(events.c.duplicate_of.in_(kept_ids), events.c.evidence_text.is_not(None)))
    for kept, text in conn.execute(query):
        found.setdefault(kept, []).append(text.strip())
    return found


class ViewCache:
    """Views of kept events by id: the reports of one busy day meet the same stored events again
    and again, and rebuilding a view costs three queries. A merge forgets its kept event (its
    wordings grew); a re-run starts empty. Whether an event is still kept is always asked of the
    database (the candidate query), so a cache shared by several writers only risks a missing
    wording."""

    def __init__(self, size: int = 50_000):
        self._views: OrderedDict[int, EventView] = OrderedDict()
        self._size = size

    def get(self, event_id: int) -> EventView | None:
        found = self._views.get(event_id)
        if found is not None:
            self._views.move_to_end(event_id)
        return found

    def put(self, view: EventView) -> None:
        assert view.event_id is not None
        self._views[view.event_id] = view
        if len(self._views) > self._size:
            self._views.popitem(last=False)

    def forget(self, event_id: int) -> None:
        self._views.pop(event_id, None)

    def clear(self) -> None:
        self._views.clear()


def candidates(conn: Connection, view: EventView, config: DedupConfig,
               before_id: int | None = None, cache: ViewCache | None = None) -> list[EventView]:
    """The kept events `view` is scored against, as views (from `cache` when there)."""
    rows = [dict(r._mapping) for r in conn.execute(candidate_query(view, config, before_id))]
    cached = {r["id"]: cache.get(r["id"]) for r in rows} if cache is not None else {}
    missing = [r for r in rows if cached.get(r["id"]) is None]
    ids = [r["id"] for r in missing]
    associated = _associated_actors(conn, ids)
    evidence = _source_evidence(conn, ids)
    named = _evidence_places(conn, ids)
    for row in missing:
        built = view_of_row(row, associated.get(row["id"]), evidence.get(row["id"], ()), named.get(row["id"], ()))
        cached[row["id"]] = built
        if cache is not None:
            cache.put(built)
    return [cached[r["id"]] for r in rows]  # type: ignore[misc]


def sentences_to_compare(pairs: Sequence[tuple[EventView, EventView]], config: DedupConfig) -> list[str]:
    """Every evidence sentence `score_pair` will ask the similarity of, found by scoring the
    pairs with a similarity that only records its arguments (the structural signals are cheap),
    so they can all be encoded in one batched pass before the real scoring."""
    wanted: dict[str, None] = {}

    def record(first: str, second: str) -> float:
        wanted[first] = wanted[second] = None
        return 1.0

    for report, old in pairs:
        score_pair(report, old, config, record)
    return list(wanted)


def choose_merges(reports: Sequence[EventView], conn: Connection, config: DedupConfig,
                  similarity: Similarity, before_id: int | None = None,
                  cache: ViewCache | None = None, prefetch: Prefetch | None = None) -> list[Merge]:
    """The merges for one article's reports: each report to its best kept event, each kept
    event taking at most one report of the article (the best-scoring one), since one article
    tells a happening once; the pipeline already merged its own repeated mentions."""
    pairs: list[tuple[EventView, EventView]] = []
    for report in reports:
        assert report.event_id is not None
        if not never_merged(report, config):
            pairs += [(report, old) for old in candidates(conn, report, config, before_id, cache)]
    if prefetch is not None:
        prefetch(sentences_to_compare(pairs, config))
    scored: list[Merge] = []
    for report, old in pairs:
        score = score_pair(report, old, config, similarity)
        if score.matched:
            assert report.event_id is not None and old.event_id is not None
            scored.append(Merge(report.event_id, old.event_id, score))
    chosen: list[Merge] = []
    used_reports: set[int] = set()
    used_kept: set[int] = set()
    for merge in sorted(scored, key=lambda m: (-m.score.total, m.report_id, m.kept_id)):
        if merge.report_id in used_reports or merge.kept_id in used_kept:
            continue
        chosen.append(merge)
        used_reports.add(merge.report_id)
        used_kept.add(merge.kept_id)
    return sorted(chosen, key=lambda m: m.report_id)


def apply_merges(conn: Connection, merges: Sequence[Merge], cache: ViewCache | None = None) -> None:
    """Point each merged report (and its source row) at its kept event; recount the kept events."""
    for merge in merges:
        if cache is not None:
            cache.forget(merge.kept_id)
        conn.execute(events.update().where(events.c.id == merge.report_id)
                     .values(duplicate_of=merge.kept_id))
        conn.execute(event_sources.update().where(event_sources.c.report_event_id == merge.report_id)
                     .values(event_id=merge.kept_id, match_score=round(merge.score.total, 4)))
    for kept in sorted({m.kept_id for m in merges}):
        recount(conn, kept)


def recount(conn: Connection, kept_id: int) -> None:
    """The kept event's counts: for each kind, the most conservative count of its sources."""
    rows = conn.execute(sa.select(*(event_sources.c[n] for n in COUNT_COLUMNS))
                        .where(event_sources.c.event_id == kept_id)).all()
    values = {name: conservative_count(row[i] for row in rows) for i, name in enumerate(COUNT_COLUMNS)}
    conn.execute(events.update().where(events.c.id == kept_id).values(**values))


def deduplicate_reports(conn: Connection, article_id: int, reported: Sequence[tuple[Event, int]],
                        text: str, article_places: Sequence[Place], config: DedupConfig,
                        similarity: Similarity, cache: ViewCache | None = None,
                        prefetch: Prefetch | None = None) -> list[Merge]:
    """Dedup one article's freshly written reports (contract events with their row ids)."""
    views = [view_of_event(event, text, event_id, article_id, article_places) for event, event_id in reported]
    merges = choose_merges(views, conn, config, similarity, cache=cache, prefetch=prefetch)
    apply_merges(conn, merges, cache)
    return merges


def reset(conn: Connection) -> None:
    """Undo every merge: each report is its own event again, with its own counts."""
    conn.execute(events.update().where(events.c.duplicate_of.is_not(None)).values(duplicate_of=None))
    conn.execute(event_sources.update().where(event_sources.c.report_event_id.is_not(None))
                 .values(event_id=event_sources.c.report_event_id, match_score=None))
    own = {name: sa.select(event_sources.c[name]).where(event_sources.c.report_event_id == events.c.id)
           .limit(1).scalar_subquery() for name in COUNT_COLUMNS}
    has_source = sa.exists().where(event_sources.c.report_event_id == events.c.id)
    conn.execute(events.update().where(has_source).values(**own))


def rerun(conn: Connection, config: DedupConfig, similarity: Similarity,
          cache: ViewCache | None = None, prefetch: Prefetch | None = None) -> DedupReport:
    """Dedup a whole store again from scratch, article by article in storage order, so the
    result is what an ingest with this config would have given. `cache` is emptied first
    (and should be emptied again if the transaction rolls back)."""
    cache = cache if cache is not None else ViewCache()
    cache.clear()
    reset(conn)
    report = DedupReport()
    article_rows: dict[int, list[dict[str, Any]]] = {}
    query = sa.select(*_CANDIDATE_COLUMNS).order_by(events.c.article_id, events.c.id)
    for row in conn.execute(query):
        article_rows.setdefault(row.article_id, []).append(dict(row._mapping))
    for article_id, rows in article_rows.items():
        associated = _associated_actors(conn, [r["id"] for r in rows])
        named = _article_places(conn, [article_id]).get(article_id, [])
        views = [view_of_row(r, associated.get(r["id"]), article_places=named) for r in rows]
        merges = choose_merges(views, conn, config, similarity, min(r["id"] for r in rows), cache, prefetch)
        apply_merges(conn, merges, cache)
        report.reports += len(rows)
        report.merged += len(merges)
    report.kept = report.reports - report.merged
    return report

