"""ACLED's CSV column layout, filled from stored events.

Columns we cannot know from one article (region, admin2/3, source_scale, tags) stay empty;
`fatalities` is 0 when no figure was reported, as in ACLED's own files.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import IO, Any
from urllib.parse import urlsplit

import pycountry

from ..countries import country_by_code

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

# ACLED's actor type ("inter") codes. ACLED counts governments with state forces; an
# intergovernmental body's forces (UN missions) are external/other forces.
INTER_CODES = {
    "state_forces": 1, "government": 1, "rebel_group": 2, "political_militia": 3,
    "identity_militia": 4, "rioters": 5, "protesters": 6, "civilians": 7, "external_forces": 8,
    "igo": 8,
}

_POLITICAL_VIOLENCE = "Political violence"
_DEMONSTRATIONS = "Demonstrations"


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    """ACLED's disorder type of an event type; empty for types ACLED does not code."""
    if sub_event_type == "Excessive force against protesters":
        return f"{_POLITICAL_VIOLENCE}; {_DEMONSTRATIONS}"
    if sub_event_type == "Mob violence":
        return _POLITICAL_VIOLENCE
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return _POLITICAL_VIOLENCE
    if event_type in ("Protests", "Riots"):
        return _DEMONSTRATIONS
    if event_type == "Strategic developments":
        return "Strategic developments"
    return ""


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction code: the lower actor code first; a lone actor is N0."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _numeric_iso(iso3: str | None) -> int | None:
    entry = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return int(entry.numeric) if entry else None


def _source_name(row: dict[str, Any]) -> str:
    if row.get("source"):
        return row["source"]
    return urlsplit(row["url"]).netloc if row.get("url") else ""


def _unix_time(value: dt.datetime | None) -> int | str:
    if value is None:
        return ""
    stamp = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)  # stored as UTC
    return int(stamp.timestamp())


def _blank(value: Any) -> Any:
    return "" if value is None else value


def acled_row(row: dict[str, Any]) -> dict[str, Any]:
    """One flat event row as an ACLED record."""
    iso3 = row.get("location_country")
    country = country_by_code(iso3) if iso3 else None
    inter1 = INTER_CODES.get(row.get("actor1_type") or "")
    inter2 = INTER_CODES.get(row.get("actor2_type") or "")
    disorder = disorder_type(row["event_type"], row["sub_event_type"])
    targets_civilians = row.get("actor2_type") == "civilians" and _POLITICAL_VIOLENCE in disorder
    date: dt.date | None = row.get("date")
    notes = " ".join((row.get("evidence_text") or "").split())
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{row['id']}",
        "event_date": date.isoformat() if date else "",
        "year": date.year if date else "",
        "time_precision": _blank(row.get("time_precision")),
        "disorder_type": disorder,
        "event_type": row["event_type"],
        "sub_event_type": _blank(row.get("sub_event_type")),
        "actor1": _blank(row.get("actor1_name")),
        "assoc_actor_1": _blank(row.get("assoc_actor1")),
        "inter1": _blank(inter1),
        "actor2": _blank(row.get("actor2_name")),
        "assoc_actor_2": _blank(row.get("assoc_actor2")),
        "inter2": _blank(inter2),
        "interaction": _blank(interaction(inter1, inter2)),
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
        "iso": _blank(_numeric_iso(iso3)),
        "region": "",
        "country": country.name if country else "",
        "admin1": _blank(row.get("location_admin1")),
        "admin2": "", "admin3": "",
        "location": _blank(row.get("location_name") or row.get("location_text")),
        "latitude": _blank(row.get("latitude")),
        "longitude": _blank(row.get("longitude")),
        "geo_precision": _blank(row.get("geo_precision")),
        "source": _source_name(row),
        "source_scale": "",
        "notes": notes,
        "fatalities": row.get("fatalities") or 0,
        "tags": "",
        "timestamp": _unix_time(row.get("ingested_at")),
    }


def write_acled_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write ACLED rows (header first); returns how many events were written."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow(acled_row(row))
        written += 1
    return written
