"""The Geoparser: entity patterns for the nlp stage, and parse() from a spaCy Doc to contract Places."""

from __future__ import annotations

import functools
from collections import Counter

from spacy.tokens import Doc

from ..contract import Place
from ..countries import all_countries
from ..nlp import EntityPattern
from .common_words import is_common_word
from .detect import Mention, demonym_countries, entity_spans, find_mentions
from .gazetteer import Candidate, Gazetteer, PlaceRecord
from .resolve import Focus, Scored, best_reading, compute_focus, to_place

# Towns this large are set as GPE before the NER runs. One-word names need a larger town: many
# mid-sized towns share a given name or surname ("Tyler", "George", "Taylor"), which the NER reads
# better in context.
PATTERN_MIN_POPULATION = 50_000
PATTERN_MIN_POPULATION_ONE_WORD = 300_000
PATTERN_MIN_POPULATION_ONE_WORD_REGION = 100_000  # people in its towns
SPECIFICITY = {"CONT": 0, "PCLI": 0, "ADM1": 1}  # for main_place: towns (anything else) are most specific


class Geoparser:
    """Finds toponyms in a parsed document and resolves each to a gazetteer entry."""

    def __init__(self, gazetteer: Gazetteer | None = None, adjectival: bool = True):
        """`adjectival`: also return nationality words ("Syrian") as Places of their country, flagged
        `adjectival=True` (geoparsing corpora count them as toponyms; events must skip them)."""
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open_default()
        self.adjectival = adjectival

    def entity_patterns(self) -> list[EntityPattern]:
        """Country names, first-level regions and large towns, minus names that are common words."""
        return list(_patterns_for(self.gazetteer))

    def parse(self, doc: Doc) -> list[Place]:
        """Every toponym in text order, resolved where the gazetteer allows."""
        ents = entity_spans(doc)
        mentions = find_mentions(doc, self.gazetteer, self.adjectival, ents)
        candidates = [self._candidates(m) for m in mentions]
        first = [self._read(m, c, None, None) for m, c in zip(mentions, candidates)]
        first_places = [r.place if r else None for r in first]
        focus = compute_focus(mentions, first_places, demonym_countries(ents))
        places = []
        person_words = {token.text for ent in ents if ent.label_ == "PERSON" for token in ent}
        for index, (mention, options) in enumerate(zip(mentions, candidates)):
            if not options and mention.name in person_words:
                continue  # "Farrin" with no gazetteer entry, and "Henry Farrin" elsewhere: a person
            container = _container(mentions, first_places, index)
            try:
                reading = self._read(mention, options, focus, container)
            except Exception:  # one bad name never costs the others their places
                reading = None
            places.append(to_place(mention, reading))
        return places

    def _candidates(self, mention: Mention) -> list[Candidate]:
        if mention.adjectival:
            return self._demonym_candidates(mention)
        options = self.gazetteer.candidates(mention.name)
        if mention.country_hint and not any(c.primary and c.place.is_region for c in options):
            # "England" is a GeoNames region of the UK; "U.S." reaches the USA only through countries.py
            country = self.gazetteer.country(mention.country_hint)
            if country is not None:
                options = [c for c in options if c.place.geonameid != country.geonameid]
                options.append(Candidate(country, True))
        return options

    def _demonym_candidates(self, mention: Mention) -> list[Candidate]:
        """The most populous country with this nationality word ("French" is also the adjective of
        French Polynesia and the French Southern Lands)."""
        codes = _countries_by_demonym().get((all_countries()[mention.country_hint].demonym or "").lower(),
                                           [mention.country_hint]) if mention.country_hint else []
        countries = [c for c in map(self.gazetteer.country, codes) if c is not None]
        if not countries:
            return []
        return [Candidate(max(countries, key=lambda c: c.population), True)]

    def _read(self, mention: Mention, options: list[Candidate], focus: Focus | None,
              container: PlaceRecord | None) -> Scored | None:
        return best_reading(options, mention, focus, container)


@functools.cache
def _countries_by_demonym() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for country in all_countries().values():
        if country.demonym:
            found.setdefault(country.demonym.lower(), []).append(country.iso3)
    return found


def _container(mentions: list[Mention], readings: list[PlaceRecord | None], index: int) -> PlaceRecord | None:
    """"Springfield, Illinois": the region or country named right after a comma."""
    if index + 1 >= len(mentions):
        return None
    following, place = mentions[index + 1], readings[index + 1]
    if place is None or not (place.is_region or place.is_country):  # a continent contains too much
        return None
    gap = following.name_start - mentions[index].name_end
    return place if 0 < gap <= 3 else None


@functools.cache
def _patterns_cached(path: str) -> tuple[EntityPattern, ...]:
    gazetteer = Gazetteer(path)
    texts: set[str] = set()
    for country in all_countries().values():
        texts.update(n for n in country.names if n[:1].isupper())
    for name, place in gazetteer.names(PATTERN_MIN_POPULATION, ("ADM1", "PCLI", "PPLC")):
        if place.population < 1_000 and place.feature_code != "PCLI":
            continue  # tiny regions (parishes, atolls) cost more false alarms than they bring
        if " " not in name and place.is_region and place.population < PATTERN_MIN_POPULATION_ONE_WORD_REGION:
            continue  # "Paul" (Cape Verde), "Flores" (Uruguay): first names and surnames before they are regions
        if (" " not in name and place.feature_code == "PPL"
                and place.population < PATTERN_MIN_POPULATION_ONE_WORD):
            continue
        texts.add(name)
    return tuple(EntityPattern("GPE", t) for t in sorted(texts)
                 if t[:1].isupper() and t.isascii() and not is_common_word(t))


def _patterns_for(gazetteer: Gazetteer) -> tuple[EntityPattern, ...]:
    return _patterns_cached(str(gazetteer.path))


def main_place(places: list[Place]) -> Place | None:
    """The document's focus: the resolved place named most often, then the most specific, then the earliest."""
    resolved = [p for p in places if p.lat is not None]
    if not resolved:
        return None
    counts = Counter(_identity(p) for p in resolved)
    first_index = {}
    for index, place in enumerate(resolved):
        first_index.setdefault(_identity(place), index)

    def salience(index_place: tuple[int, Place]) -> tuple:
        index, place = index_place
        key = _identity(place)
        return (-counts[key], -SPECIFICITY.get(place.feature_code or "", 2), first_index[key])

    return min(enumerate(resolved), key=salience)[1]


def _identity(place: Place) -> tuple:
    return (place.geonameid, place.lat, place.lon)
