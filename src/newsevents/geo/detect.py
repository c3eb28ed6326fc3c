"""Toponym detection: which stretches of a parsed document name places, and how precisely.

Sources, in order of trust: GPE/LOC entities (the entity ruler has already set gazetteer names),
FAC entities the gazetteer knows, and names the statistical NER mislabels (PERSON, ORG, NORP,
LANGUAGE) or leaves unlabelled when the gazetteer knows them and the grammar says "place" (a
locative preposition before, ", <state/country>" after, or a large place). Directional and
part-of phrases widen the span and lower the precision ("eastern Aleppo" -> 2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..countries import country_by_demonym, country_by_name
from .common_words import is_common_word
from .gazetteer import Gazetteer

PLACE_LABELS = {"GPE", "LOC"}
MISLABELS = {"PERSON", "ORG", "NORP", "LANGUAGE", "FAC"}

# Words before a name that make the place "part of / near" it (ACLED precision 2).
DIRECTION_ADJECTIVES = {
    "eastern", "western", "northern", "southern", "central", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern", "south-western",
    "downtown", "rural", "suburban", "greater", "east", "west", "north", "south",
}
PART_OF_PHRASES = re.compile(
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?(?: part| outskirts| suburbs| countryside| edge)?"
    r"|(?:the )?(?:outskirts|suburbs|edge|countryside|vicinity|environs|outside|center|centre|heart|"
    r"neighbou?rhoods?|districts?|province|region)) of|near|outside|around|nearby",
    re.IGNORECASE,
)
REGION_NOUNS = {"province", "governorate", "region", "state", "district", "county", "prefecture",
                "oblast", "department", "territory"}
NEAR_NOUNS = {"countryside", "outskirts", "suburbs", "area", "environs"}
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "from", "to", "outside", "into", "across", "around", "toward",
                         "towards", "through", "of", "across", "between", "within"}
PLACE_NOUNS = REGION_NOUNS | NEAR_NOUNS | {"city", "town", "village", "capital", "port", "border",
                                           "province", "neighbourhood", "neighborhood", "suburb"}
SPEECH_VERBS = {"say", "tell", "add", "explain", "note", "claim", "insist", "argue", "ask", "write"}
STRICT_LOCATIVE_PREPOSITIONS = {"in", "near", "outside", "across", "within"}
MIN_POPULATION_BARE = 100_000  # an unlabelled capitalised name this large is taken as a place


@dataclass
class Mention:
    """A toponym found in the text, before resolution."""

    start: int  # character offsets of the whole phrase ("eastern Aleppo")
    end: int
    name: str  # the place name itself ("Aleppo")
    name_start: int
    name_end: int
    precision: int | None = None  # 2 part-of/near, 3 region cue; None = decided by the resolved entry
    wants_region: bool = False  # "Aleppo province": prefer the first-level region
    country_hint: str | None = None  # "U.S." -> USA: the name is a country name in countries.py


def _strip_article(span: Span) -> Span:
    while len(span) > 1 and span[0].lower_ in {"the", "a"}:
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct and span[-1].text != "."):
        span = span[:-1]
    if len(span) > 1 and span[-1].lower_ in {"'s", "’s"}:
        span = span[:-1]
    return span


def _is_capitalised(span: Span) -> bool:
    return span[0].text[:1].isupper()


def _has_place_grammar(span: Span, gazetteer: Gazetteer, strict: bool = False) -> bool:
    """A locative preposition before the name, or ", <known place>" after it.

    `strict` (for names that may be people's) accepts only prepositions of location proper:
    "according to Taylor" and "a letter from Ripley" say nothing about places.
    """
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    prepositions = STRICT_LOCATIVE_PREPOSITIONS if strict else LOCATIVE_PREPOSITIONS
    if before is not None and (before.lower_ in prepositions or before.lower_ in DIRECTION_ADJECTIVES):
        return True
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].text[:1].isupper():
        following = doc[span.end + 1]
        return country_by_name(following.text) is not None or any(
            c.place.is_region for c in gazetteer.candidates(following.text))
    return False


def _is_large_place(text: str, gazetteer: Gazetteer, min_population: int = MIN_POPULATION_BARE) -> bool:
    return any(c.primary and (c.place.is_country or c.place.is_region or c.place.population >= min_population)
               for c in gazetteer.candidates(text))


def _org_prefix_place(ent: Span, gazetteer: Gazetteer) -> Span | None:
    """"Aleppo City Council" -> "Aleppo": the longest leading part of an organisation name that is a town."""
    for length in range(min(3, len(ent) - 1), 0, -1):
        head = ent[:length]
        if not all(t.text[:1].isupper() for t in head) or country_by_demonym(head.text) is not None:
            continue
        if _is_large_place(head.text, gazetteer, 20_000):
            return head
    return None


def _candidate_spans(doc: Doc, gazetteer: Gazetteer) -> Iterator[Span]:
    covered: set[int] = set()
    for ent in doc.ents:
        covered.update(range(ent.start, ent.end))
        span = _strip_article(ent)
        if ent.label_ in PLACE_LABELS:
            if country_by_demonym(span.text) is None or country_by_name(span.text) is not None:
                yield span
            covered.update(range(ent.start, ent.end))
        elif ent.label_ in MISLABELS:
            covered.update(range(ent.start, ent.end))
            if not _is_capitalised(span) or country_by_demonym(span.text) is not None:
                continue
            person_like = ent.label_ == "PERSON"
            if gazetteer.has_name(span.text) and (
                    ent.label_ in {"LANGUAGE", "FAC"} or country_by_name(span.text) is not None
                    or _has_place_grammar(span, gazetteer, strict=person_like)
                    or (not person_like and _is_large_place(span.text, gazetteer))):
                yield span
            elif ent.label_ == "ORG":
                prefix = _org_prefix_place(span, gazetteer)
                if prefix is not None:
                    yield prefix
    yield from _unlabelled_runs(doc, gazetteer, covered)


def _unlabelled_runs(doc: Doc, gazetteer: Gazetteer, covered: set[int]) -> Iterator[Span]:
    """Capitalised proper-noun runs outside every entity that the gazetteer and grammar call places."""
    run_start = None
    for token in (*doc, None):
        inside = (token is not None and token.i not in covered and token.pos_ == "PROPN"
                  and token.text[:1].isupper())
        if inside and run_start is None:
            run_start = token.i
        elif not inside and run_start is not None:
            run = doc[run_start:token.i if token is not None else len(doc)]
            run_start = None
            if len(run) <= 4 and gazetteer.has_name(run.text) and country_by_demonym(run.text) is None \
                    and _has_place_grammar(run, gazetteer, strict=True):
                yield run


def _reads_as_person(span: Span, gazetteer: Gazetteer) -> bool:
    """A one-word name used as a person's: next to a name the NER calls a person ("George Bush",
    "Lisa Taylor"), after a lower-case title noun ("coach Ripley"), or, unless it is a large
    place (a capital speaking for its government), before a speech verb ("Ripley said")."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if any(n is not None and n.ent_type_ == "PERSON" for n in (before, after)):
        return True
    if before is not None and before.pos_ == "NOUN" and before.text.islower() \
            and before.lower_ not in PLACE_NOUNS:
        return True
    return after is not None and after.lemma_ in SPEECH_VERBS and not _is_large_place(span.text, gazetteer)


def _widen(span: Span) -> tuple[int, int, int | None, bool]:
    """The phrase around a name: (start token, end token, precision from the cue, region wanted)."""
    doc = span.doc
    start, end, precision, wants_region = span.start, span.end, None, False
    if start > 0 and doc[start - 1].lower_ in DIRECTION_ADJECTIVES and doc[start - 1].pos_ in {"ADJ", "PROPN", "NOUN", "ADV"}:
        start, precision = start - 1, 2
    else:
        window = doc[max(0, start - 4):start]
        for offset in range(len(window)):
            phrase = window[offset:]
            if PART_OF_PHRASES.fullmatch(phrase.text):
                start, precision = phrase.start, 2
                if phrase[0].lower_ in {"province", "region", "district", "districts"}:
                    precision = 3
                break
    if end < len(doc) and doc[end].lower_ in REGION_NOUNS:
        end, precision, wants_region = end + 1, 3, True
    elif end < len(doc) and doc[end].lower_ in NEAR_NOUNS:
        end, precision = end + 1, 2
    return start, end, precision, wants_region


def find_mentions(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """Toponym mentions in text order, without overlaps (the first, longest reading wins)."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for span in sorted(_candidate_spans(doc, gazetteer), key=lambda s: (s.start, -len(s))):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if len(span) == 1 and country_by_name(span.text) is None and (
                is_common_word(span.text) or _reads_as_person(span, gazetteer)):
            continue  # "North", "March": a common word; "coach Ripley", "George Bush": a person
        taken.update(range(span.start, span.end))
        start, end, precision, wants_region = _widen(span)
        country = country_by_name(span.text)
        mentions.append(Mention(
            start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text),
            name=span.text, name_start=span.start_char, name_end=span.end_char,
            precision=precision, wants_region=wants_region,
            country_hint=country.iso3 if country is not None else None,
        ))
    mentions.sort(key=lambda m: m.start)
    return mentions


def demonym_countries(doc: Doc) -> list[str]:
    """ISO3 codes of the nationality adjectives in the text ("Syrian", "Russian-backed")."""
    found = []
    for ent in doc.ents:
        if ent.label_ == "NORP":
            country = country_by_demonym(ent.text)
            if country is not None:
                found.append(country.iso3)
    return found

