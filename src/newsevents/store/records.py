"""Contract records <-> flat table rows.

The only place that knows how an `Event` maps onto the `events` columns, in both directions, so
the writer and the exports cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..contract import Actor, DocumentAnnotation, Event, Figure, Place, Quote, Speaker, TextSpan, Timex
from .schema import ACTOR_FIELDS

Row = dict[str, Any]

# The contract fields each record type has, as this module stores them. tests/test_store.py
# compares these with contract.py, so a field added there cannot be silently dropped here.
STORED_FIELDS: dict[type, frozenset[str]] = {
    Event: frozenset({
        "event_type", "sub_event_type", "cameo", "date", "trigger", "evidence", "date_end",
        "time_precision", "actor1", "assoc_actor1", "actor2", "assoc_actor2", "location",
        "fatalities", "injured", "displaced", "arrested", "reported_by", "confidence",
        "date_source", "fatalities_text", "figures"}),
    Figure: frozenset({"kind", "value", "text", "span", "reported_by"}),
    Actor: frozenset({"text", "span", "name", "type", "country", "cameo"}),
    Place: frozenset({"text", "span", "name", "geonameid", "lat", "lon", "country", "admin1",
                      "feature_code", "geo_precision", "reason", "adjectival"}),
    Timex: frozenset({"text", "span", "type", "value", "mod", "anchor"}),
    Quote: frozenset({"speaker", "cue", "content", "direct"}),
    Speaker: frozenset({"text", "span", "name", "role", "type", "country"}),
    DocumentAnnotation: frozenset({"id", "published", "published_inferred", "language", "events",
                                   "places", "times", "quotes", "actors", "published_clue",
                                   "triage_skipped"}),
}

_WHITESPACE = re.compile(r"\s+")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_TRACKING_PARAM = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.IGNORECASE)


def content_hash(text: str) -> str:
    """SHA-256 of the text with Unicode and whitespace normalised.

    Re-scraped copies of one article often differ only in line breaks or trailing spaces; those
    must count as the same article, anything else must not.
    """
    normal = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def url_key(url: str | None) -> str | None:
    """The URL an article is identified by: scheme and host lower-cased, no fragment, no
    tracking parameters, no trailing slash. None for a missing or blank URL."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAM.match(k)])
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def as_date(value: str | dt.date | None, last: bool = False) -> dt.date | None:
    """A contract date value as a `date`; a month or a year becomes its first day, or its last
    day when `last` (for range ends), so date-range filters overlap correctly. The event's
    `time_precision` says how exact it is. None when the value is not a calendar date."""
    if value is None or isinstance(value, dt.date):
        return value
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            first = dt.date(year, int(month), 1)
            return (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1) if last else first
        return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
    except ValueError:
        return None


def _span_columns(prefix: str, span: tuple[int, int] | list[int] | None) -> Row:
    start, end = (span[0], span[1]) if span else (None, None)
    return {f"{prefix}start": start, f"{prefix}end": end}


def actor_columns(actor: Actor | None, prefix: str = "") -> Row:
    """An actor as columns (`actor1_name`, ...; unprefixed for the `actors` table)."""
    lead = f"{prefix}_" if prefix else ""
    if actor is None:
        return {f"{lead}{name}": None for name, _ in ACTOR_FIELDS}
    return {
        f"{lead}text": actor.text, f"{lead}name": actor.name, f"{lead}type": actor.type,
        f"{lead}country": actor.country, f"{lead}cameo": actor.cameo,
        **_span_columns(lead, actor.span),
    }


def _location_columns(place: Place | None) -> Row:
    if place is None:
        place = Place(text=None, span=None)  # type: ignore[arg-type]
    return {
        "location_text": place.text, "location_name": place.name, "location_country": place.country,
        "location_admin1": place.admin1, "location_geonameid": place.geonameid,
        "location_feature_code": place.feature_code, "location_reason": place.reason, **_span_columns("location_", place.span),
        "latitude": place.lat, "longitude": place.lon, "geo_precision": place.geo_precision,
    }


def _joined_names(actors: list[Actor]) -> str | None:
    return "; ".join(a.name or a.text for a in actors) or None


def event_row(event: Event, article_id: int, rank: int, text: str) -> Row:
    """The `events` row of one contract event found in `text`."""
    evidence_start, evidence_end = event.evidence if event.evidence else (None, None)
    return {
        "article_id": article_id, "rank": rank,
        "event_type": event.event_type, "sub_event_type": event.sub_event_type, "cameo": event.cameo,
        "date": as_date(event.date), "date_end": as_date(event.date_end, last=True), "date_text": event.date,
        "time_precision": event.time_precision, "date_source": event.date_source,
        **actor_columns(event.actor1, "actor1"),
        "assoc_actor1": _joined_names(event.assoc_actor1),
        **actor_columns(event.actor2, "actor2"),
        "assoc_actor2": _joined_names(event.assoc_actor2),
        **_location_columns(event.location),
        "fatalities": event.fatalities, "fatalities_text": event.fatalities_text,
        "injured": event.injured, "displaced": event.displaced, "arrested": event.arrested,
        "trigger_text": event.trigger.text if event.trigger else None,
        **_span_columns("trigger_", event.trigger.span if event.trigger else None),
        "evidence_start": evidence_start, "evidence_end": evidence_end,
        "evidence_text": text[evidence_start:evidence_end] if event.evidence else None,
        **actor_columns(event.reported_by, "reported_by"),
        "confidence": event.confidence,
        "figures": json.dumps([f.to_dict() for f in event.figures]) if event.figures else None,
    }


COUNT_FIELDS = ("fatalities", "injured", "displaced", "arrested")


def source_row(event: Event, event_id: int, article_id: int) -> Row:
    """The `event_sources` row of a report as written: its own event, its evidence span and the
    counts this article gave (dedup may later point it at a kept event)."""
    start, end = event.evidence if event.evidence else (None, None)
    return {"event_id": event_id, "article_id": article_id, "evidence_start": start,
            "evidence_end": end, "report_event_id": event_id, "match_score": None,
            **{name: getattr(event, name) for name in COUNT_FIELDS}}


def event_actor_rows(event: Event, article_id: int, event_id: int) -> list[Row]:
    """`actors` rows for every actor slot of one event."""
    slots: list[tuple[str, list[Actor]]] = [
        ("actor1", [event.actor1] if event.actor1 else []), ("assoc_actor1", event.assoc_actor1),
        ("actor2", [event.actor2] if event.actor2 else []), ("assoc_actor2", event.assoc_actor2),
        ("reported_by", [event.reported_by] if event.reported_by else []),
    ]
    return [
        {"article_id": article_id, "event_id": event_id, "role": role, "position": i, **actor_columns(actor)}
        for role, members in slots for i, actor in enumerate(members)
    ]


def mention_rows(actors: list[Actor], article_id: int) -> list[Row]:
    return [{"article_id": article_id, "event_id": None, "role": "mention", "position": i,
             **actor_columns(actor)} for i, actor in enumerate(actors)]


def place_rows(places: list[Place], article_id: int) -> list[Row]:
    return [{
        "article_id": article_id, "position": i, "text": p.text, **_span_columns("", p.span),
        "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "country": p.country,
        "admin1": p.admin1, "feature_code": p.feature_code, "geo_precision": p.geo_precision,
        "reason": p.reason, "adjectival": p.adjectival,
    } for i, p in enumerate(places)]


def time_rows(timexes: list[Timex], article_id: int) -> list[Row]:
    return [{
        "article_id": article_id, "position": i, "text": t.text, **_span_columns("", t.span),
        "type": t.type, "value": t.value, "mod": t.mod, "anchor": t.anchor,
    } for i, t in enumerate(timexes)]


def quote_rows(quotes_: list[Quote], article_id: int) -> list[Row]:
    rows = []
    for i, q in enumerate(quotes_):
        speaker = q.speaker
        rows.append({
            "article_id": article_id, "position": i,
            "speaker_text": speaker.text if speaker else None,
            **_span_columns("speaker_", speaker.span if speaker else None),
            "speaker_name": speaker.name if speaker else None,
            "speaker_role": getattr(speaker, "role", None),
            "speaker_type": speaker.type if speaker else None,
            "speaker_country": speaker.country if speaker else None,
            "cue_text": q.cue.text, **_span_columns("cue_", q.cue.span),
            "content_text": q.content.text, **_span_columns("content_", q.content.span),
            "direct": q.direct,
        })
    return rows


# ---- rows back to contract records (exports) ------------------------------------------------

def _span(row: Row, prefix: str) -> tuple[int, int] | None:
    start, end = row.get(f"{prefix}start"), row.get(f"{prefix}end")
    return None if start is None or end is None else (start, end)


def actor_from_row(row: Row, prefix: str = "") -> Actor | None:
    lead = f"{prefix}_" if prefix else ""
    if row.get(f"{lead}name") is None and row.get(f"{lead}text") is None:
        return None
    return Actor(text=row[f"{lead}text"], span=_span(row, lead), name=row[f"{lead}name"],  # type: ignore[arg-type]
                 type=row[f"{lead}type"], country=row[f"{lead}country"], cameo=row[f"{lead}cameo"])


def _location_from_row(row: Row) -> Place | None:
    if row.get("location_text") is None and row.get("location_name") is None:
        return None
    return Place(
        text=row["location_text"], span=_span(row, "location_"), name=row["location_name"],  # type: ignore[arg-type]
        geonameid=row["location_geonameid"], lat=row["latitude"], lon=row["longitude"],
        country=row["location_country"], admin1=row["location_admin1"],
        feature_code=row["location_feature_code"], geo_precision=row["geo_precision"],
        reason=row["location_reason"],
    )


def _iso(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _figures_from_json(value: str | None) -> list[Figure]:
    figures = []
    for item in json.loads(value) if value else []:
        source = item.get("reported_by")
        reported_by = None if source is None else Actor(**{**source, "span": tuple(source["span"])})
        figures.append(Figure(kind=item["kind"], value=item["value"], text=item["text"],
                              span=tuple(item["span"]), reported_by=reported_by))  # type: ignore[arg-type]
    return figures


def event_from_row(row: Row, assoc1: list[Actor] = (), assoc2: list[Actor] = ()) -> Event:  # type: ignore[assignment]
    """The contract `Event` an `events` row was made from (assoc actors come from `actors`)."""
    trigger_span = _span(row, "trigger_")
    evidence = _span(row, "evidence_")
    return Event(
        event_type=row["event_type"], sub_event_type=row["sub_event_type"], cameo=row["cameo"],
        date=row.get("date_text") or _iso(row["date"]),
        trigger=TextSpan(row["trigger_text"], trigger_span) if trigger_span else None,  # type: ignore[arg-type]
        evidence=evidence,  # type: ignore[arg-type]
        date_end=_iso(row["date_end"]), time_precision=row["time_precision"],
        actor1=actor_from_row(row, "actor1"), assoc_actor1=list(assoc1),
        actor2=actor_from_row(row, "actor2"), assoc_actor2=list(assoc2),
        location=_location_from_row(row),
        fatalities=row["fatalities"], injured=row["injured"], displaced=row["displaced"],
        arrested=row["arrested"], reported_by=actor_from_row(row, "reported_by"),
        confidence=row["confidence"], date_source=row["date_source"],
        fatalities_text=row["fatalities_text"], figures=_figures_from_json(row.get("figures")),
    )


def report_details(row: Row) -> Row:
    """What one source said of an event (see `Store.event_sources(with_reports=True)`)."""
    return {
        "report_event_id": row["report_event_id"], "match_score": row["match_score"],
        "evidence_text": row["evidence_text"],
        "counts": {name: row[name] for name in COUNT_FIELDS},
        "figures": [f.to_dict() for f in _figures_from_json(row["figures"])],
    }
