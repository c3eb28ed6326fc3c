"""Candidate scoring: which gazetteer entry a toponym mention denotes.

A candidate's score adds its prior (population and feature prominence: country > region >
national capital > regional seat > town), agreement with the document's country focus (countries
named, nationality adjectives, the likely readings of the other names) and its region focus, and
containment in a following "…, <state/country>". Two passes give one consistent reading: the
first resolves every name on priors alone, the second re-scores against the focus those readings
imply.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..contract import Place
from .detect import Mention
from .gazetteer import Candidate, PlaceRecord, is_area_code
from .keys import name_key

FEATURE_BONUS = {"CONT": 4.0, "PCLI": 4.0, "ADM1": 2.5, "PPLC": 2.0, "ADM2": 1.5, "PPLA": 1.0, "PPLA2": 0.5,
                 "PPL": 0.0}
ALTERNATE_NAME_PENALTY = 2.0  # reached through an alternate spelling, not the entry's own name
COUNTRY_FOCUS_WEIGHT = 5.0
REGION_FOCUS_WEIGHT = 3.5
CONTAINMENT_BONUS = 6.0
REGION_CUE_BONUS = 5.0
PROXIMITY_WEIGHT = 3.0  # a town close to another town the text names (local news: Dublin near Columbus)
PROXIMITY_KM = 150.0
# A document clearly about one country (this share of the votes) does not send an unknown village to a
# small town abroad: ACLED-style notes name hamlets the packaged data lacks, and their namesakes abroad
# are further off than the country itself.
DOMINANT_COUNTRY_SHARE = 0.5
FOREIGN_TOWN_MAX_POPULATION = 100_000
_KM_PER_DEGREE = 111.2


@dataclass
class Focus:
    """The document's geographic focus: votes per country and per first-level region, by name.

    Votes are kept per mentioned name so that a name never votes for its own reading: "Georgia"
    read first as the country must not make the document "about Georgia" when it is re-scored.
    """

    country_votes: dict[str, Counter[str]]
    region_votes: dict[str, Counter[str]]
    anchors: list[tuple[str, float, float]] = field(default_factory=list)  # (name key, lat, lon) of towns
    _memo: dict[str, tuple[dict[str, float], dict[str, float]]] = field(default_factory=dict)
    _totals: list[Counter[str]] = field(default_factory=list)  # all votes, countries then regions

    def nearest_other_town_km(self, name: str, lat: float, lon: float) -> float | None:
        """Distance to the nearest town the text names under another name (flat-earth: only
        short distances matter)."""
        own = name_key(name)
        cos_lat = math.cos(math.radians(lat))
        best = None
        for key, other_lat, other_lon in self.anchors:
            if key == own:
                continue
            d2 = (lat - other_lat) ** 2 + ((lon - other_lon) * cos_lat) ** 2
            if best is None or d2 < best:
                best = d2
        return None if best is None else math.sqrt(best) * _KM_PER_DEGREE

    def shares(self, name: str) -> tuple[dict[str, float], dict[str, float]]:
        own = name_key(name)
        if own not in self._memo:
            if not self._totals:
                self._totals.extend((_total(self.country_votes), _total(self.region_votes)))
            self._memo[own] = (_shares(self._totals[0], self.country_votes.get(own)),
                               _shares(self._totals[1], self.region_votes.get(own)))
        return self._memo[own]


@dataclass
class Scored:
    place: PlaceRecord
    score: float
    reasons: list[str]


def feature_bonus(code: str) -> float:
    """FEATURE_BONUS, with the codes only a full GeoNames import has: other countries (PCLD...) as
    countries, lower divisions and seats a little, other populated places 0, anything else (rivers,
    hills, buildings) slightly below a town of the same size."""
    if code in FEATURE_BONUS:
        return FEATURE_BONUS[code]
    if code.startswith("PCL"):
        return FEATURE_BONUS["PCLI"]
    if is_area_code(code) or code.startswith("PPLA"):
        return 0.5
    return 0.0 if code.startswith("PPL") and code != "PPLX" else -0.5


@functools.lru_cache(maxsize=100_000)
def _cached_prior(candidate: Candidate) -> tuple[float, tuple[str, ...]]:
    place = candidate.place
    score = math.log10(place.population + 10) + feature_bonus(place.feature_code)
    reasons = (f"{place.feature_code} pop {place.population}",)
    if not candidate.primary:
        score -= ALTERNATE_NAME_PENALTY
        reasons += ("alternate name",)
    return score, reasons


def prior(candidate: Candidate) -> tuple[float, list[str]]:
    """Population and feature prominence, less a penalty for an alternate spelling."""
    score, reasons = _cached_prior(candidate)
    return score, list(reasons)


def score_candidate(candidate: Candidate, mention: Mention, focus: Focus | None,
                    container: PlaceRecord | None) -> Scored:
    score, reasons = prior(candidate)
    place = candidate.place
    countries, regions = focus.shares(mention.name) if focus is not None else ({}, {})
    if place.country in countries:
        share = countries[place.country]
        score += COUNTRY_FOCUS_WEIGHT * share
        if share >= 0.2:
            reasons.append(f"document about {place.country}")
    if place.admin1_code in regions and not place.is_region:
        score += REGION_FOCUS_WEIGHT * regions[place.admin1_code]
        reasons.append(f"document mentions {place.admin1_name}")
    if container is not None and container.geonameid != place.geonameid:
        inside = (place.admin1_code == container.admin1_code if container.is_region
                  else place.country == container.country)
        if inside:
            score += CONTAINMENT_BONUS
            reasons.append(f"in {container.name}")
    if focus is not None and focus.anchors and not place.is_area and place.lat is not None:
        distance = focus.nearest_other_town_km(mention.name, place.lat, place.lon)
        if distance is not None and distance < PROXIMITY_KM:
            score += PROXIMITY_WEIGHT * (1.0 - distance / PROXIMITY_KM)
            reasons.append(f"{distance:.0f} km from another place named")
    if mention.wants_region and place.is_region:
        score += REGION_CUE_BONUS
        reasons.append("region named as such")
    return Scored(place, score, reasons)


def best_reading(candidates: list[Candidate], mention: Mention, focus: Focus | None,
                 container: PlaceRecord | None) -> Scored | None:
    """The highest-scoring entry; a region gives way to its same-named seat unless the text says region."""
    if not candidates:
        return None
    scored = sorted((score_candidate(c, mention, focus, container) for c in candidates),
                    key=lambda s: -s.score)
    best = scored[0]
    if focus is not None and container is None and _small_town_abroad(best.place, focus.shares(mention.name)[0]):
        return None
    if best.place.is_region and not mention.wants_region:
        for other in scored[1:]:
            same_seat = (other.place.admin1_code == best.place.admin1_code
                         and other.place.feature_code in {"PPLA", "PPLC"})
            national_capital = other.place.feature_code == "PPLC" and other.place.country == best.place.country
            if ((same_seat or national_capital)
                    and other.score >= best.score - FEATURE_BONUS["ADM1"] - 1.0):
                other.reasons.append("seat of the same-named region")
                return other
    return best


def _small_town_abroad(place: PlaceRecord, country_shares: dict[str, float]) -> bool:
    """A small town outside the country a document is clearly about (see DOMINANT_COUNTRY_SHARE)."""
    if place.is_area or place.population >= FOREIGN_TOWN_MAX_POPULATION or not country_shares:
        return False
    dominant, share = max(country_shares.items(), key=lambda item: item[1])
    return share >= DOMINANT_COUNTRY_SHARE and place.country != dominant and country_shares.get(place.country, 0) < 0.2


def compute_focus(mentions: list[Mention], readings: list[PlaceRecord | None],
                  demonym_countries: list[str]) -> Focus:
    """Votes: a country or region named counts 2 (3 for a region's own admin area), a nationality
    adjective 1, a town 1 for its country and 0.5 for its region."""
    country_votes: dict[str, Counter[str]] = defaultdict(Counter)
    region_votes: dict[str, Counter[str]] = defaultdict(Counter)
    anchors: set[tuple[str, float, float]] = set()
    for iso3 in demonym_countries:
        country_votes[""][iso3] += 1.0
    for mention, place in zip(mentions, readings):
        if place is None or mention.adjectival:  # nationality words voted above
            continue
        key = name_key(mention.name)
        if not place.is_area and place.lat is not None:
            anchors.add((key, place.lat, place.lon))
        if place.country:
            country_votes[key][place.country] += 2.0 if place.is_area else 1.0
        if place.admin1_code:
            region_votes[key][place.admin1_code] += 3.0 if place.is_region else 0.5
    return Focus(dict(country_votes), dict(region_votes), sorted(anchors))


def _total(votes_by_name: dict[str, Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for votes in votes_by_name.values():
        total.update(votes)
    return total


def _shares(total: Counter[str], mine: Counter[str] | None) -> dict[str, float]:
    """Vote shares over every name but the one whose votes are `mine`."""
    if mine:
        total = total.copy()
        total.subtract(mine)
    overall = sum(v for v in total.values() if v > 0)
    return {key: value / overall for key, value in total.items() if value > 0} if overall else {}


def to_place(mention: Mention, reading: Scored | None) -> Place:
    """The contract record of a mention and its chosen entry (unresolved: ids and point None)."""
    surface = mention.surface
    if reading is None or reading.place.lat is None:
        return Place(text=surface, span=(mention.start, mention.end), name=mention.name,
                     geo_precision=mention.precision, reason="no gazetteer entry for this name")
    place = reading.place
    precision = mention.precision
    if place.is_area:
        precision = 3
    elif precision is None:
        precision = 1
    return Place(
        text=surface, span=(mention.start, mention.end), name=place.name,
        geonameid=place.geonameid if place.geonameid > 0 else None, lat=place.lat, lon=place.lon,
        country=place.country, admin1=place.admin1_name if not place.is_country else None,
        feature_code=place.feature_code, geo_precision=precision,
        reason="adjectival: " + "; ".join(reading.reasons) if mention.adjectival else "; ".join(reading.reasons),
        adjectival=mention.adjectival,
    )
