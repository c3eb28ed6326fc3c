"""GeoJSON: one Point feature per located event, for QGIS, Leaflet, kepler.gl and friends.

Written feature by feature, so an export of a large store never holds it all in memory.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import IO, Any

# Flat event columns copied into each feature's properties, under these names.
PROPERTY_COLUMNS = {
    "id": "event_id", "date": "event_date", "date_end": "date_end", "time_precision": "time_precision",
    "event_type": "event_type", "sub_event_type": "sub_event_type", "cameo": "cameo",
    "actor1_name": "actor1", "actor1_type": "actor1_type", "assoc_actor1": "assoc_actor1",
    "actor2_name": "actor2", "actor2_type": "actor2_type", "assoc_actor2": "assoc_actor2",
    "location_name": "location", "location_text": "location_text", "location_country": "country",
    "location_admin1": "admin1", "location_geonameid": "geonameid", "geo_precision": "geo_precision",
    "fatalities": "fatalities", "injured": "injured", "displaced": "displaced", "arrested": "arrested",
    "trigger_text": "trigger", "evidence_text": "notes", "confidence": "confidence",
    "doc_id": "doc_id", "url": "url", "title": "title", "source": "source", "published": "published",
}


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def feature(row: dict[str, Any]) -> dict[str, Any] | None:
    """The Point feature of one flat event row; None when the event has no coordinates."""
    if row.get("latitude") is None or row.get("longitude") is None:
        return None
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
        "properties": {name: _json_value(row.get(column)) for column, name in PROPERTY_COLUMNS.items()},
    }


def write_geojson(rows: Iterable[dict[str, Any]], out: IO[str]) -> tuple[int, int]:
    """A FeatureCollection of the located events; returns (written, skipped without coordinates)."""
    written = skipped = 0
    out.write('{"type": "FeatureCollection", "features": [')
    for row in rows:
        item = feature(row)
        if item is None:
            skipped += 1
            continue
        out.write(("\n" if written == 0 else ",\n") + json.dumps(item, ensure_ascii=False))
        written += 1
    out.write("\n]}\n")
    return written, skipped
