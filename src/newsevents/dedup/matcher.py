"""Is a new event report the same happening as a stored event? Pure functions over `EventView`s.

Five signals, each a score in [0, 1] (or a veto): event type, date, location, actors, and the
similarity of the evidence sentences. Vetoes come first because they are cheap and decide
most pairs; the sentence embedding is computed only for pairs that could still reach the
threshold, so stores full of same-day reports from one country stay fast.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..contract import Actor, Event, Place
from .config import DedupConfig

_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*$")  # "Rebels (Syria)": the role's country
_OF_COUNTRY = re.compile(r"^(military forces|police forces|government) of\s+(.+)$")
# ACLED-style role names that say what an actor is, not who: two reports naming "Civilians"
# agree on the kind of victim, not on the same people, so they count for less than "Hezbollah"
_GENERIC_NAMES = frozenset({
    "military forces", "police forces", "government", "rebels", "militia", "vigilante militia",
    "pro-government militia", "unidentified armed group", "unidentified communal militia",
    "rioters", "protesters", "civilians", "farmers", "students", "teachers", "health workers",
    "labour group", "journalists", "refugees/idps", "prisoners", "aid workers", "religious group",
    "opposition", "politicians", "foreign forces", "media", "ngo", "unknown",
})
_UNIDENTIFIED = frozenset({"unidentified armed group", "unidentified communal militia", "unknown"})
_ARMED_TYPES = frozenset({"state_forces", "rebel_group", "political_militia", "identity_militia",
                          "external_forces"})
_STATE_TYPES = frozenset({"state_forces", "government"})
_NON_STATE_ARMED = frozenset({"rebel_group", "political_militia", "identity_militia"})
# actor types whose country says who they are; for civilians, protesters or "gunmen" the
# country is only where the article happened to place them (and geocoders err)
_NATIONAL_TYPES = frozenset({"state_forces", "government", "external_forces"})
_COUNTRY_LEVEL_CODES = ("PCL", "ADM1", "RGN", "CONT")  # GeoNames feature codes of whole regions
_EARTH_RADIUS_KM = 6371.0
_REGION_CODE_PREFIXES = ("ADM", "RGN", "AREA", "ISL", "PEN", "VAL", "MT")  # not a town
_PLACE_WORDS = re.compile(r"\b(province|governorate|state|district|region|county|city|town|village|"
                          r"department|municipality|prefecture)\b")
_NOT_LETTERS = re.compile(r"[^a-z0-9 ]+")
# "east of Damascus", "northern Aleppo", "outskirts of Kabul": the place is the name after it
_RELATIVE_LEAD = re.compile(r"^(?:(?:(?:north|south)?(?:east|west)(?:ern)?|north(?:ern)?|south(?:ern)?|central|"
                            r"near|outside|outskirts|suburbs|centre|center|downtown|greater)\s+(?:of\s+)?)+")


@dataclass(frozen=True)
class ActorKey:
    """What the matcher compares of an actor: normalised name, type, country."""

    name: str
    type: str | None
    country: str | None
    generic: bool


@dataclass(frozen=True)
class EventView:
    """The parts of an event report that identify its happening."""

    event_type: str
    sub_event_type: str | None
    start: dt.date | None
    end: dt.date | None
    time_precision: int | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    country: str | None
    place_name: str | None
    geonameid: int | None
    feature_code: str | None
    side1: tuple[ActorKey, ...]
    side2: tuple[ActorKey, ...]
    evidence: str
    event_id: int | None = None  # the stored event, for candidates
    article_id: int | None = None
    more_evidence: tuple[str, ...] = ()  # other sources' wordings of a kept event
    # the places the evidence sentence names (and the event's location), by level: geocoders
    # pick wrong homonyms and whole countries often enough that names told in the sentence
    # are a better witness of "the same place" than one chosen point
    towns: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    town_points: tuple[tuple[float, float], ...] = ()

    @property
    def country_level(self) -> bool:
        """A place that only says which country (or region): it agrees with any town in it."""
        code = self.feature_code or ""
        return (self.geo_precision or 0) >= 3 or code.startswith(_COUNTRY_LEVEL_CODES)


@dataclass(frozen=True)
class MatchScore:
    """Why a pair was or was not merged: the signal scores, the weighted total, a veto."""

    matched: bool
    total: float
    type: float = 0.0
    date: float = 0.0
    location: float = 0.0
    actors: float = 0.0
    text: float | None = None  # the raw cosine; None when the embedding was not needed
    veto: str | None = None


@dataclass
class Match:
    """The best stored event for a new report, and its score."""

    candidate: EventView
    score: MatchScore
    alternatives: int = 0  # other candidates that also passed


# ---- building views -----------------------------------------------------------------------------

def normalise_name(name: str | None) -> str:
    """Lower-case name without the role's country qualifier: "Rebels (Syria)" -> "rebels"."""
    value = (name or "").strip().lower()
    value = _QUALIFIER.sub("", value)
    found = _OF_COUNTRY.match(value)
    return found.group(1) if found else value


def actor_key(actor: Actor) -> ActorKey:
    name = normalise_name(actor.name or actor.text)
    return ActorKey(name, actor.type, actor.country, name in _GENERIC_NAMES or not name)


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """A contract date (ISO day; a month or year means its first day) as a `date`."""
    if value is None or isinstance(value, dt.date):
        return value
    parts = value.split("-")
    try:
        if len(parts) >= 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        return dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None


def place_name_key(name: str | None, surface: bool = False) -> str:
    """A place name for comparing reports: no accents, case, punctuation or "province"; for a
    `surface` text also no leading "the", "eastern", "east of", "near" (a gazetteer name keeps
    them: "Northern Ireland" is not Ireland)."""
    value = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    value = " ".join(_NOT_LETTERS.sub(" ", _PLACE_WORDS.sub(" ", value.replace("'", ""))).split())
    if surface:
        value = _RELATIVE_LEAD.sub("", value.removeprefix("the "))
    return value


@dataclass(frozen=True)
class PlaceSets:
    towns: frozenset[str]
    regions: frozenset[str]
    countries: frozenset[str]
    town_points: tuple[tuple[float, float], ...]


def place_sets(places: Iterable[Place], evidence: tuple[int, int] | None, location: Place | None) -> PlaceSets:
    """Town names, region names (a town's admin1 too), countries and town points of the places
    inside the evidence span, plus the event's own location."""
    inside = [p for p in places if evidence and p.span and evidence[0] <= p.span[0] and p.span[1] <= evidence[1]]
    if location is not None:
        inside.append(location)
    towns: set[str] = set()
    regions: set[str] = set()
    countries: set[str] = set()
    points: list[tuple[float, float]] = []
    for place in inside:
        code = place.feature_code or ""
        names = {place_name_key(place.text, surface=True), place_name_key(place.name)} - {""}
        if place.country:
            countries.add(place.country)
        if code.startswith("PCL") or code in ("CONT", "ZN"):
            continue
        if code.startswith(_REGION_CODE_PREFIXES) or (place.geo_precision or 1) >= 3:
            regions |= names
            continue
        towns |= names
        if place.admin1:
            regions.add(place_name_key(place.admin1))
        if place.lat is not None and place.lon is not None:
            points.append((place.lat, place.lon))
    return PlaceSets(frozenset(towns), frozenset(regions - {""}), frozenset(countries), tuple(points))


def view_of_event(event: Event, text: str, event_id: int | None = None,
                  article_id: int | None = None, places: Sequence[Place] = ()) -> EventView:
    """The view of a contract event found in `text` (the evidence is cut out of it); `places`
    are the article's geocoded places (those inside the evidence sentence are compared)."""
    place = event.location
    start = parse_date(event.date)
    evidence = text[event.evidence[0]:event.evidence[1]] if event.evidence else ""
    named = place_sets(places, tuple(event.evidence) if event.evidence else None, place)  # type: ignore[arg-type]
    return EventView(
        event_type=event.event_type, sub_event_type=event.sub_event_type,
        start=start, end=parse_date(event.date_end) or start, time_precision=event.time_precision,
        latitude=place.lat if place else None, longitude=place.lon if place else None,
        geo_precision=place.geo_precision if place else None, country=place.country if place else None,
        place_name=(place.name or place.text) if place else None,
        geonameid=place.geonameid if place else None, feature_code=place.feature_code if place else None,
        side1=tuple(actor_key(a) for a in [event.actor1, *event.assoc_actor1] if a is not None),
        side2=tuple(actor_key(a) for a in [event.actor2, *event.assoc_actor2] if a is not None),
        evidence=evidence.strip(), event_id=event_id, article_id=article_id,
        towns=named.towns, regions=named.regions, countries=named.countries, town_points=named.town_points,
    )


# ---- the signals --------------------------------------------------------------------------------

def type_score(new: EventView, old: EventView, config: DedupConfig) -> float | None:
    """1 same sub-event type, 0.6 same type, 0.3 a compatible type (config), None otherwise."""
    if new.event_type == old.event_type:
        if new.sub_event_type and new.sub_event_type == old.sub_event_type:
            return 1.0
        return 0.6
    if frozenset({new.event_type, old.event_type}) in config.compatible_types:
        return 0.3
    return None


def date_gap_days(new: EventView, old: EventView) -> int | None:
    """Days between the two date ranges (0 when they overlap); None when either is undated."""
    if new.start is None or old.start is None:
        return None
    new_end, old_end = new.end or new.start, old.end or old.start
    if new_end < old.start:
        return (old.start - new_end).days
    if old_end < new.start:
        return (new.start - old_end).days
    return 0


def _span_days(view: EventView) -> int:
    return ((view.end or view.start) - view.start).days + 1 if view.start else 0


def never_merged(view: EventView, config: DedupConfig) -> bool:
    """Reports that are not codable happenings: CAMEO-only types, year-long date ranges."""
    return view.event_type in config.never_merged_types or _span_days(view) > config.max_range_days


def _slack(view: EventView, config: DedupConfig) -> int:
    """Days a single date may be off by: a range (a month, "last week") already says how
    uncertain it is; a single day carries the slack of its ACLED precision."""
    return 0 if _span_days(view) > 1 else config.slack_days(view.time_precision)


def date_score(new: EventView, old: EventView, config: DedupConfig) -> float | None:
    """1 for the same day at day precision, less for a gap or imprecise dates; None when the gap
    is larger than the tolerance plus the slack of both dates. Two overlapping month-long
    ranges say little (most background mentions are such), so the score falls with the span,
    and a range longer than `max_range_days` never merges."""
    gap = date_gap_days(new, old)
    if gap is None:
        return 0.5
    if max(_span_days(new), _span_days(old)) > config.max_range_days:
        return None  # "in 2011", "last year": too vague to be one happening (see config)
    allowed = config.date_tolerance_days + _slack(new, config) + _slack(old, config)
    if gap > allowed:
        return None
    score = 1.0 - gap / (allowed + 1)
    longest = max(_span_days(new), _span_days(old))
    if longest > 7:
        score *= 0.5
    elif (new.time_precision or 2) > 1 or (old.time_precision or 2) > 1 or longest > 1:
        score *= 0.8  # an overlap of week-long ranges says less than the same day
    return score


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def location_score(new: EventView, old: EventView, config: DedupConfig) -> tuple[float | None, str | None]:
    """(score, veto reason). Names first: a town both sentences name is the same place whatever
    the geocoder made of it; two sets of towns with no name in common and no two points within
    `separate_towns_km` are two places, as are two sets of regions with nothing in common. With
    too few names, the event locations decide: a country-level place agrees loosely with
    anything in its country, two points must lie within the radii of their precisions."""
    shared_towns = new.towns & old.towns
    if shared_towns:
        return 1.0, None
    if new.towns and old.towns:
        if any(distance_km(*a, *b) <= config.separate_towns_km for a in new.town_points for b in old.town_points):
            return 0.8, None
        return None, "different towns"
    if (new.towns | new.regions) & (old.towns | old.regions):
        return 0.7, None  # a region both name, or one's town is the other's region (homonyms)
    if new.regions and old.regions:
        return None, "different regions"
    if new.countries and old.countries and not new.countries & old.countries:
        return None, "different countries"
    have_points = None not in (new.latitude, new.longitude, old.latitude, old.longitude)
    if not have_points or new.country_level or old.country_level:
        return (0.5 if new.countries & old.countries else 0.4), None
    if new.geonameid is not None and new.geonameid == old.geonameid:
        return 1.0, None
    km = distance_km(new.latitude, new.longitude, old.latitude, old.longitude)  # type: ignore[arg-type]
    both_towns = (new.geo_precision or 1) == 1 and (old.geo_precision or 1) == 1
    different_names = place_name_key(new.place_name) != place_name_key(old.place_name)
    if both_towns and different_names and km > config.separate_towns_km:
        return None, "different towns"
    reach = config.radius_km(new.geo_precision) + config.radius_km(old.geo_precision)
    if km > reach:
        return None, "too far apart"
    return 1.0 - 0.7 * km / reach, None


def actor_similarity(a: ActorKey, b: ActorKey) -> float:
    """How well two actors can be the same party of one happening."""
    if a.country and b.country and a.country != b.country and a.type == b.type and a.type in _NATIONAL_TYPES:
        return 0.2  # two countries' forces or governments
    if a.name and a.name == b.name:
        return 0.8 if a.generic else 1.0
    if a.type == b.type:
        return 0.7 if (a.generic or b.generic) else 0.4  # two different named groups of one kind
    if a.name in _UNIDENTIFIED or b.name in _UNIDENTIFIED:
        armed = {a.type, b.type} <= _ARMED_TYPES | {None}
        return 0.55 if armed else 0.2  # "gunmen" in one report may be named in another
    if {a.type, b.type} <= _STATE_TYPES or {a.type, b.type} <= _NON_STATE_ARMED:
        return 0.5
    return 0.0


def _side_similarity(first: Sequence[ActorKey], second: Sequence[ActorKey]) -> float | None:
    if not first or not second:
        return None
    return max(actor_similarity(a, b) for a in first for b in second)


def actor_score(new: EventView, old: EventView) -> float:
    """Best alignment of the two sides (reports may name the parties in either order); 0.5 when
    nothing can be compared."""
    best: float | None = None
    for left, right in ((old.side1, old.side2), (old.side2, old.side1)):
        parts = [s for s in (_side_similarity(new.side1, left), _side_similarity(new.side2, right))
                 if s is not None]
        if parts:
            value = sum(parts) / len(parts)
            best = value if best is None else max(best, value)
    return 0.5 if best is None else best


def text_score(cosine: float, config: DedupConfig) -> float:
    span = max(config.text_full - config.text_floor, 1e-6)
    return min(1.0, max(0.0, (cosine - config.text_floor) / span))


# ---- decisions ----------------------------------------------------------------------------------

def score_pair(new: EventView, old: EventView, config: DedupConfig,
               similarity: Callable[[str, str], float]) -> MatchScore:
    """Score one pair. `similarity(a, b)` (the embedding cosine) is called only when the
    structural signals leave the pair able to reach the threshold."""
    if new.event_type in config.never_merged_types or old.event_type in config.never_merged_types:
        return MatchScore(False, 0.0, veto="type never merged")
    kind = type_score(new, old, config)
    if kind is None:
        return MatchScore(False, 0.0, veto="incompatible types")
    when = date_score(new, old, config)
    if when is None:
        return MatchScore(False, 0.0, type=kind, veto="dates apart or too vague")
    where, why = location_score(new, old, config)
    if where is None:
        return MatchScore(False, 0.0, type=kind, date=when, veto=why)
    who = actor_score(new, old)
    weights = (config.weight_type, config.weight_date, config.weight_location, config.weight_actors,
               config.weight_text)
    structural = kind * weights[0] + when * weights[1] + where * weights[2] + who * weights[3]
    best_possible = (structural + weights[4]) / sum(weights)
    partial = MatchScore(False, best_possible, kind, when, where, who)
    if best_possible < config.threshold:
        return _with(partial, veto="below threshold without text")
    if not new.evidence or not old.evidence:
        return _with(partial, total=structural / sum(weights[:4]) if sum(weights[:4]) else 0.0,
                     veto="no evidence text")
    wordings = dict.fromkeys(w for w in (old.evidence, *old.more_evidence) if w)
    cosine = max(similarity(new.evidence, wording) for wording in wordings)
    total = (structural + text_score(cosine, config) * weights[4]) / sum(weights)
    if cosine < config.min_text_similarity:
        return _with(partial, total=total, text=cosine, veto="evidence too different")
    return _with(partial, matched=total >= config.threshold, total=total, text=cosine)


def _with(score: MatchScore, **changes: object) -> MatchScore:
    values = {**score.__dict__, **changes}
    return MatchScore(**values)  # type: ignore[arg-type]


def best_match(new: EventView, candidates: Iterable[EventView], config: DedupConfig,
               similarity: Callable[[str, str], float]) -> Match | None:
    """The highest-scoring candidate that matches, or None. Candidates from the new report's
    own article never match: one article's events were already told apart by the pipeline."""
    found: Match | None = None
    passed = 0
    for old in candidates:
        if new.article_id is not None and old.article_id == new.article_id:
            continue
        score = score_pair(new, old, config, similarity)
        if not score.matched:
            continue
        passed += 1
        if found is None or score.total > found.score.total:
            found = Match(old, score)
    if found is not None:
        found.alternatives = passed - 1
    return found


# ---- merged counts --------------------------------------------------------------------------------

def conservative_count(values: Iterable[int | None]) -> int | None:
    """ACLED's rule for conflicting reports: code the most conservative figure. The lowest
    positive count any source gives; a 0 (the pipeline's "no count reported") only when no
    source gives a positive one; None when no source says anything."""
    known = [v for v in values if v is not None]
    positive = [v for v in known if v > 0]
    if positive:
        return min(positive)
    return min(known) if known else None
