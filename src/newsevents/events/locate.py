"""Where an event happened: the place attached to its trigger, else the nearest, else the main place.

"in/at/near/outside X" governed by the trigger (or by the clause it hangs from) is the event location.
Places that only say where someone is based or where a claim was made ("UK-based", "told the BBC in
London") are not event locations.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..contract import Place

_LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "around", "across", "inside", "into", "on",
                             "from", "within", "throughout", "towards", "toward", "along", "between",
                             "through", "over", "of"})
_SUBJECT_LOCATION_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
_REPORTING_LEMMAS = frozenset({"tell", "say", "report", "speak", "announce", "quote", "interview", "base",
                               "state", "claim", "add", "write", "publish", "broadcast", "confirm"})


GEOGRAPHIC_NOUNS = frozenset({
    "district", "county", "province", "state", "region", "town", "city", "village", "area", "locality",
    "division", "constituency", "camp", "ward", "upazila", "governorate", "municipality", "neighbourhood",
    "neighborhood", "border", "suburb", "settlement", "zone", "sub-county", "subcounty", "valley", "capital",
    "outskirts", "centre", "center", "road", "highway", "market", "estate", "island", "department", "commune",
})


class PlaceIndex:
    """Which place covers which token, built once per document."""

    def __init__(self, doc: Doc, places: list[Place]):
        self.by_token: dict[int, Place] = {}
        self.places = places
        for place in places:
            span = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, place)

    def place_in_phrase(self, token: Token, depth: int = 3) -> Place | None:
        """The first place inside a prepositional object ("the town of Palmyra", "Nad Ali district")."""
        if token.i in self.by_token:
            return self.by_token[token.i]
        if depth == 0:
            return None
        for child in token.children:
            if child.dep_ in ("compound", "appos", "amod", "nmod", "conj", "prep", "pobj", "npadvmod"):
                found = self.place_in_phrase(child, depth - 1)
                if found is not None:
                    return found
        return None


def is_reporting_place(doc: Doc, token: Token) -> bool:
    """A place that says where someone is based or speaks from, not where something happened."""
    following = "".join(t.lower_ for t in doc[token.i + 1:token.i + 3])
    if following.startswith("-based") or token.lower_.endswith("-based"):
        return True
    current = token
    for _ in range(4):
        if current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in _REPORTING_LEMMAS:
            return True
        if current.pos_ in ("VERB", "AUX") and current.dep_ == "ROOT":
            return False
    return False


def attached_place(doc: Doc, heads: list[Token], index: PlaceIndex) -> Place | None:
    """A place in a locative phrase of one of `heads` (the trigger, then its governing clause), else
    of the trigger's subject ("Police in Damascus arrested ...")."""
    subjects = [c for h in heads[:1] for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
    for head in [*heads, *subjects]:
        preps = _LOCATION_PREPS if head in heads else _SUBJECT_LOCATION_PREPS  # "residents of X" is affiliation
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    place = index.place_in_phrase(obj)
                    if place is not None and not is_reporting_place(doc, obj):
                        return place
            elif head in heads and child.dep_ in ("npadvmod", "compound", "nmod", "dobj", "nsubjpass") and (
                    child.i in index.by_token):
                return index.by_token[child.i]  # "bombed Idlib", "Idlib was shelled"
    return None


def is_name_modifier(doc: Doc, token: Token, place: Place) -> bool:
    """A place name used inside another name: "the Kenya Information Bill", "Nairobi University"."""
    if token.dep_ not in ("compound", "amod", "nmod", "poss") or token.head.lemma_.lower() in GEOGRAPHIC_NOUNS:
        return False
    return not place.span[0] <= token.head.idx < place.span[1]


def nearest_place(doc: Doc, head: int, start: int, end: int, index: PlaceIndex) -> Place | None:
    """The place nearest to token `head` within tokens start:end that is not a reporting place."""
    best: tuple[int, Place] | None = None
    for i in range(start, end):
        place = index.by_token.get(i)
        if place is None or is_reporting_place(doc, doc[i]) or is_name_modifier(doc, doc[i], place):
            continue
        distance = abs(i - head)
        if best is None or distance < best[0]:
            best = (distance, place)
    return best[1] if best else None


def resolved_near(doc: Doc, place: Place, index: PlaceIndex, start: int, end: int) -> Place | None:
    """For a place the gazetteer could not resolve, the resolved place that contains it in the text:
    "Wadi Magreb, Kutum", "Al Dyoum in Khartoum" (the next resolved place in the sentence)."""
    span = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    first = span.end if span is not None else start
    for i in range(first, end):
        candidate = index.by_token.get(i)
        if candidate is not None and candidate.lat is not None and not is_reporting_place(doc, doc[i]):
            return candidate
    return None
