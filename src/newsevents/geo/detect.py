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

from spacy.attrs import ENT_IOB, ENT_TYPE, POS
from spacy.symbols import PROPN
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
PART_OF_LAST_WORDS = {"of", "near", "outside", "around", "nearby"}  # a part-of phrase ends with one of these
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
    surface: str = ""  # the text of the whole phrase
    precision: int | None = None  # 2 part-of/near, 3 region cue; None = decided by the resolved entry
    wants_region: bool = False  # "Aleppo province": prefer the first-level region
    country_hint: str | None = None  # "U.S." -> USA: the name is a country name in countries.py
    adjectival: bool = False  # "Syrian", "Palestinians": a nationality word standing for its country


GEO_ENTITY_LABELS = PLACE_LABELS | MISLABELS


def entity_spans(doc: Doc, labels: frozenset[str] | set[str] = GEO_ENTITY_LABELS) -> tuple[Span, ...]:
    """The entities with one of `labels`, read from the IOB columns: `doc.ents` makes a Span for every
    date and number too, which costs more than the rest of the stage."""
    columns = doc.to_array([ENT_IOB, ENT_TYPE]).tolist()
    wanted = {doc.vocab.strings[label] for label in labels if label in doc.vocab.strings}
    spans, start, label = [], None, 0
    for i, (iob, type_id) in enumerate((*columns, (3, 0))):  # a final B closes the last entity
        if start is not None and iob != 1:
            spans.append(Span(doc, start, i, label=label))
            start = None
        if iob == 3 and type_id in wanted:
            start, label = i, type_id
    return tuple(spans)


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


def _candidate_spans(doc: Doc, ents: tuple[Span, ...], gazetteer: Gazetteer) -> Iterator[Span]:
    covered: set[int] = set()
    for ent in ents:
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
    """Capitalised proper-noun runs outside every entity that the gazetteer and grammar call places.

    Reads the part-of-speech column as an array: making a Token object per word costs more than
    the rest of the stage.
    """
    pos = doc.to_array([POS])
    proper = [i for i in range(len(doc)) if pos[i] == PROPN and i not in covered]
    run: list[int] = []
    for i in (*proper, None):
        if i is not None and (not run or i == run[-1] + 1) and doc[i].text[:1].isupper():
            run.append(i)
            continue
        if run:
            span = doc[run[0]:run[-1] + 1]
            if len(span) <= 4 and gazetteer.has_name(span.text) and country_by_demonym(span.text) is None \
                    and _has_place_grammar(span, gazetteer, strict=True):
                yield span
        run = [i] if i is not None and doc[i].text[:1].isupper() else []


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
            and before.lower_ not in PLACE_NOUNS and before.lower_ not in DIRECTION_ADJECTIVES \
            and not _is_large_place(span.text, gazetteer):
        return True
    return after is not None and after.lemma_ in SPEECH_VERBS and not _is_large_place(span.text, gazetteer)


def _is_acronym(span: Span) -> bool:
    """Initials written in capitals without dots ("BJP", "SLM/A"); "U.S." and "N.J." have dots."""
    text = span.text
    return len(span) == 1 and len(text) <= 5 and text.isupper() and "." not in text


def _place_in_mid_sentence(span: Span, gazetteer: Gazetteer) -> bool:
    """A capitalised name inside a sentence, labelled a place by the NER and after "in/near/...":
    "in Charleston", "in Mobile" are places even though "charleston" and "mobile" are English words."""
    first = span[0]
    return (not first.is_sent_start and first.text[:1].isupper() and first.ent_type_ in PLACE_LABELS
            and _has_place_grammar(span, gazetteer, strict=True))


def _is_dateline(span: Span, gazetteer: Gazetteer) -> bool:
    """"CHARLESTON, W.Va. -", "BEIRUT (AP) -": an upper-case name followed by a comma and a state or
    country, or by a dash or a bracket (the news agency), is where the story was filed."""
    doc = span.doc
    if not (span.text.isupper() and len(span.text) >= 3) or span.end >= len(doc):
        return False
    following = doc[span.end]
    if following.text in {"-", "—", "–", "--", "("}:
        return True
    if following.text == "," and span.end + 1 < len(doc):
        after = doc[span.end + 1]
        return country_by_name(after.text) is not None or any(
            c.place.is_region for c in gazetteer.candidates(after.text))
    return False


def _widen(span: Span) -> tuple[int, int, int | None, bool]:
    """The phrase around a name: (start token, end token, precision from the cue, region wanted)."""
    doc = span.doc
    start, end, precision, wants_region = span.start, span.end, None, False
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ in DIRECTION_ADJECTIVES and before.pos_ in {"ADJ", "PROPN", "NOUN", "ADV"}:
        start, precision = start - 1, 2
    elif before is not None and before.lower_ in PART_OF_LAST_WORDS:
        words = [doc[i].lower_ for i in range(max(0, start - 4), start)]
        for offset in range(len(words)):
            if PART_OF_PHRASES.fullmatch(" ".join(words[offset:])):
                start, precision = start - len(words) + offset, 2
                if words[offset] in {"province", "region", "district", "districts"}:
                    precision = 3
                break
    after = doc[end].lower_ if end < len(doc) else ""
    if after in REGION_NOUNS:
        end, precision, wants_region = end + 1, 3, True
    elif after in NEAR_NOUNS:
        end, precision = end + 1, 2
    return start, end, precision, wants_region


def demonym_country(text: str):
    """The country of a nationality word, singular or plural ("Syrian", "Palestinians"), else None."""
    country = country_by_demonym(text)
    if country is None and len(text) > 4 and text.endswith("s"):
        country = country_by_demonym(text[:-1])
    return country


def _demonym_spans(ents: tuple[Span, ...]) -> Iterator[tuple[Span, str]]:
    """Nationality words the NER labels NORP/GPE ("Syrian", "Sri Lankan"; the first word of "Syrian
    Kurds"), with their country. Capitalised only: "american cheese" in lower case is not about a place."""
    for ent in ents:
        if ent.label_ not in {"NORP", "GPE", "LOC"} or not ent[0].text[:1].isupper():
            continue
        span = _strip_article(ent)
        if country_by_name(span.text) is not None:
            continue
        for piece in (span, span[:1]):
            country = demonym_country(piece.text)
            if country is not None:
                yield piece, country.iso3
                break


def find_mentions(doc: Doc, gazetteer: Gazetteer, adjectival: bool = True,
                  ents: tuple[Span, ...] | None = None) -> list[Mention]:
    """Toponym mentions in text order, without overlaps (the first, longest reading wins).

    With `adjectival`, nationality words become mentions of their country (flagged as such).
    """
    ents = entity_spans(doc) if ents is None else ents
    mentions: list[Mention] = []
    taken: set[int] = set()
    if adjectival:
        for span, iso3 in _demonym_spans(ents):
            taken.update(range(span.start, span.end))
            mentions.append(Mention(start=span.start_char, end=span.end_char, name=span.text, surface=span.text,
                                    name_start=span.start_char, name_end=span.end_char, precision=3,
                                    country_hint=iso3, adjectival=True))
    for span in sorted(_candidate_spans(doc, ents, gazetteer), key=lambda s: (s.start, -len(s))):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if len(span) == 1 and country_by_name(span.text) is None and not _is_dateline(span, gazetteer) and (
                (is_common_word(span.text) and not _place_in_mid_sentence(span, gazetteer))
                or _reads_as_person(span, gazetteer)):
            continue  # "North", "March": a common word; "coach Ripley", "George Bush": a person
        if _is_acronym(span) and country_by_name(span.text) is None and not _is_dateline(span, gazetteer) and not any(
                c.place.is_country or c.place.is_region for c in gazetteer.candidates(span.text)):
            continue  # "BJP", "PWD": an organisation's initials that some village has as an alternate name
        taken.update(range(span.start, span.end))
        start, end, precision, wants_region = _widen(span)
        country = country_by_name(span.text)
        mentions.append(Mention(
            start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text),
            name=span.text, name_start=span.start_char, name_end=span.end_char, surface=doc[start:end].text,
            precision=precision, wants_region=wants_region,
            country_hint=country.iso3 if country is not None else None,
        ))
    mentions.sort(key=lambda m: m.start)
    return mentions


def demonym_countries(ents: tuple[Span, ...]) -> list[str]:
    """ISO3 codes of the nationality adjectives in the text ("Syrian", "Russian-backed")."""
    found = []
    for ent in ents:
        if ent.label_ == "NORP":
            country = demonym_country(ent.text)
            if country is not None:
                found.append(country.iso3)
    return found

