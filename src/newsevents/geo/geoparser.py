"""The Geoparser: entity patterns for the nlp stage, and parse() from a spaCy Doc to contract Places."""

from __future__ import annotations

import functools
from collections import Counter

from spacy.tokens import Doc

from ..contract import Place
from ..countries import all_countries
from ..nlp import EntityPattern
from .common_words import is_common_word
from .detect import Mention, demonym_countries, find_mentions
from .gazetteer import Candidate, Gazetteer, PlaceRecord
from .resolve import Focus, Scored, best_reading, compute_focus, to_place

# Towns this large are set as GPE before the NER runs. One-word names need a larger town: many
# mid-sized towns share a given name or surname ("Tyler", "George", "Taylor"), which the NER reads
# better in context.
PATTERN_MIN_POPULATION = 50_000
PATTERN_MIN_POPULATION_ONE_WORD = 300_000
SPECIFICITY = {"CONT": 0, "PCLI": 0, "ADM1": 1}  # for main_place: towns (anything else) are most specific


class Geoparser:
    """Finds toponyms in a parsed document and resolves each to a gazetteer entry."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open_default()

    def entity_patterns(self) -> list[EntityPattern]:
        """Country names, first-level regions and large towns, minus names that are common words."""
        return list(_patterns_for(self.gazetteer))

    def parse(self, doc: Doc) -> list[Place]:
        """Every toponym in text order, resolved where the gazetteer allows."""
        mentions = find_mentions(doc, self.gazetteer)
        candidates = [self._candidates(m) for m in mentions]
        first = [self._read(m, c, None, None) for m, c in zip(mentions, candidates)]
        first_places = [r.place if r else None for r in first]
        focus = compute_focus(mentions, first_places, demonym_countries(doc))
        text = doc.text  # built from the tokens on every access: take it once
        places = []
        for index, (mention, options) in enumerate(zip(mentions, candidates)):
            container = _container(mentions, first_places, index)
            try:
                reading = self._read(mention, options, focus, container)
            except Exception:  # one bad name never costs the others their places
                reading = None
            places.append(to_place(mention, text, reading))
        return places

    def _candidates(self, mention: Mention) -> list[Candidate]:
        options = self.gazetteer.candidates(mention.name)
        if mention.country_hint and not any(c.primary and c.place.is_region for c in options):
            # "England" is a GeoNames region of the UK; "U.S." reaches the USA only through countries.py
            country = self.gazetteer.country(mention.country_hint)
            if country is not None:
                options = [c for c in options if c.place.geonameid != country.geonameid]
                options.append(Candidate(country, True))
        return options

    def _read(self, mention: Mention, options: list[Candidate], focus: Focus | None,
              container: PlaceRecord | None) -> Scored | None:
        return best_reading(options, mention, focus, container)


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
