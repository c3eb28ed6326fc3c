"""Readable terminal tables of one document's annotation (used by `newsevents demo`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .contract import Actor, DocumentAnnotation, DocumentError, Place


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return ""
    country = f", {actor.country}" if actor.country else ""
    return f"{actor.name} ({actor.type}{country})"


def _place(place: Place | None) -> str:
    if place is None:
        return ""
    if place.lat is None:
        return f"{place.text} (unresolved)"
    return f"{place.name}, {place.country} ({place.lat:.3f}, {place.lon:.3f}) p{place.geo_precision}"


def _counts(event) -> str:
    parts = [f"{label} {value}" for label, value in (
        ("killed", event.fatalities), ("injured", event.injured),
        ("displaced", event.displaced), ("arrested", event.arrested)) if value]
    return ", ".join(parts)


def events_table(result: DocumentAnnotation) -> Table:
    table = Table(title="Events (main event first)", show_lines=True)
    for column in ("#", "type / sub-event", "CAMEO", "date", "where", "actor 1", "actor 2",
                   "counts", "trigger", "reported by"):
        table.add_column(column)
    for number, event in enumerate(result.events, start=1):
        date = event.date or ""
        if event.date_end:
            date += f" .. {event.date_end}"
        if event.date_source == "published":
            date += " (publication date)"
        associated = "".join(f"\n+ {_actor(a)}" for a in event.assoc_actor1)
        table.add_row(
            str(number), f"{event.event_type}\n{event.sub_event_type or ''}", event.cameo or "",
            date, _place(event.location), _actor(event.actor1) + associated, _actor(event.actor2),
            _counts(event), event.trigger.text, _actor(event.reported_by),
        )
    return table


def places_table(result: DocumentAnnotation) -> Table:
    table = Table(title="Places")
    for column in ("text", "resolved to", "geonameid", "feature", "why"):
        table.add_column(column)
    for place in result.places:
        table.add_row(place.text, _place(place), str(place.geonameid or ""), place.feature_code or "",
                      place.reason or "")
    return table


def times_table(result: DocumentAnnotation) -> Table:
    table = Table(title=f"Times (published {result.published})")
    for column in ("text", "type", "value", "mod"):
        table.add_column(column)
    for timex in result.times:
        table.add_row(timex.text, timex.type, timex.value, timex.mod or "")
    return table


def quotes_table(result: DocumentAnnotation) -> Table:
    table = Table(title="Quotes and claims", show_lines=True)
    for column in ("speaker", "cue", "content", "direct"):
        table.add_column(column)
    for quote in result.quotes:
        speaker = quote.speaker.name if quote.speaker else "(unknown)"
        table.add_row(speaker, quote.cue.text, quote.content.text, "yes" if quote.direct else "no")
    return table


def print_summary(result: DocumentAnnotation | DocumentError, console: Console) -> None:
    if isinstance(result, DocumentError):
        console.print(f"[red]error[/red] {result.code}: {result.message}")
        return
    for table in (events_table(result), places_table(result), times_table(result), quotes_table(result)):
        console.print(table)
