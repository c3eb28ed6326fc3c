"""The document annotation contract (shared/CONTRACT.md) as typed records.

Every stage returns these dataclasses; only `to_dict` turns them into the public JSON, so the
contract's field names live in exactly one place.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

ACTOR_TYPES = (
    "state_forces", "rebel_group", "political_militia", "identity_militia", "rioters",
    "protesters", "civilians", "external_forces", "government", "igo", "ngo", "media", "other",
)

# ACLED's six event types and 25 sub-event types (a public taxonomy), plus "Other" for
# CAMEO-only political events (statements, appeals, threats...) that ACLED does not code.
ACLED_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
    "Other": (),
}

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")


class Record:
    """Base of every contract record: `to_dict()` gives its contract JSON."""

    def to_dict(self) -> dict[str, Any]:
        return to_dict(self)


@dataclass(frozen=True)
class TextSpan(Record):
    """A piece of the input text: `text == document_text[span[0]:span[1]]`."""

    text: str
    span: Span


@dataclass
class Timex(Record):
    text: str
    span: Span
    type: str  # DATE, TIME, DURATION or SET
    value: str  # TIMEX3 value: 2016-11-28, 2016-11, 2016-W47, P2W, PRESENT_REF, ...
    mod: str | None = None  # TimeML modifier: START, MID, END, APPROX, BEFORE, AFTER, ...
    anchor: str | None = None  # what a relative value was resolved against: "published" or a date


@dataclass
class Place(Record):
    text: str
    span: Span
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    admin1: str | None = None
    feature_code: str | None = None
    geo_precision: int | None = None  # ACLED: 1 the town, 2 part of / near it, 3 a region
    reason: str | None = None  # why this gazetteer entry was chosen
    adjectival: bool = False  # a nationality adjective ("Syrian"): names the country, never an event location


@dataclass
class Actor(Record):
    text: str
    span: Span
    name: str
    type: str  # one of ACTOR_TYPES
    country: str | None = None  # ISO 3166-1 alpha-3
    cameo: str | None = None


FIGURE_KINDS = ("fatalities", "injured", "displaced", "arrested")


@dataclass
class Figure(Record):
    """One count the article gives, with who gives it: sources disagree, and users weigh them."""

    kind: str  # one of FIGURE_KINDS
    value: int | None  # None when deaths are told without a number ("bodies were found")
    text: str  # the count phrase, exactly as in the text
    span: Span
    reported_by: Actor | None = None  # the speaker or "according to" source of the count's clause


@dataclass
class Event(Record):
    event_type: str
    sub_event_type: str | None
    cameo: str | None
    date: str | None
    trigger: TextSpan
    evidence: Span
    date_end: str | None = None
    time_precision: int | None = None
    actor1: Actor | None = None
    assoc_actor1: list[Actor] = field(default_factory=list)
    actor2: Actor | None = None
    assoc_actor2: list[Actor] = field(default_factory=list)
    location: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    displaced: int | None = None
    arrested: int | None = None
    reported_by: Actor | None = None
    confidence: float = 0.5
    date_source: str | None = None  # "text" when a time expression dated it, else "published"
    fatalities_text: str | None = None  # the death phrase when deaths carry no figure
    figures: list[Figure] = field(default_factory=list)  # every count read for it, with its source


@dataclass
class Speaker(Record):
    text: str
    span: Span
    name: str  # the fullest name the article gives this speaker
    role: str | None = None  # the speaker's stated role ("chief negotiator for the HNC"), if any
    type: str | None = None  # the actor type of the speaker, when the actors stage knows them
    country: str | None = None  # ISO 3166-1 alpha-3 of that actor


@dataclass
class Quote(Record):
    speaker: Speaker | None
    cue: TextSpan
    content: TextSpan
    direct: bool


@dataclass
class DocumentAnnotation(Record):
    id: str
    published: str | None
    published_inferred: bool
    language: str
    events: list[Event] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[Timex] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    published_clue: str | None = None  # how an inferred publication date was found
    triage_skipped: bool = False  # True: no event language found, the text was not parsed


@dataclass
class DocumentError(Record):
    """An input line that could not be processed; written in place of its annotation."""

    id: str | None
    code: str
    message: str
    language: str | None = None  # set for `unsupported_language`: the language identified


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # per record class: writing JSON is per-document work


def _field_names(cls: type) -> tuple[str, ...] | None:
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    names = _field_names(type(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return value


def to_dict(record: DocumentAnnotation | DocumentError | Any) -> dict[str, Any]:
    """The contract JSON object for a record (spans become [start, end] lists)."""
    if isinstance(record, DocumentError):
        error = {"id": record.id, "error": {"code": record.code, "message": record.message}}
        return error | {"language": record.language} if record.language else error
    return _plain(record)
