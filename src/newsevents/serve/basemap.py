"""The offline basemap: country outlines as a small GeoJSON FeatureCollection.

The outlines come from the `countryinfo` package (already a dependency), whose per-country
GeoJSON derives from Natural Earth (public domain). They are read once, on first use, simplified
(Douglas-Peucker at ~0.05 degrees, coordinates rounded to 0.01 degrees: a few kilometres, finer
than a country outline is drawn at world or region zoom) and kept in memory as encoded bytes.
Nothing is downloaded.
"""

from __future__ import annotations

import functools
import gzip
import json
from typing import Any

TOLERANCE_DEGREES = 0.05
DECIMALS = 2

Point = tuple[float, float]


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def simplify(line: list[Point], tolerance: float = TOLERANCE_DEGREES) -> list[Point]:
    """Douglas-Peucker with an explicit stack (no recursion limit on long rings)."""
    if len(line) < 3:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(line[i], line[first], line[last])
            if d > farthest:
                farthest, index = d, i
        if index >= 0 and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(line, keep) if kept]


def _ring(ring: list[list[float]]) -> list[list[float]] | None:
    """A simplified, rounded closed ring; None when too little of it is left to draw."""
    points = simplify([(float(x), float(y)) for x, y, *_ in ring])
    rounded: list[list[float]] = []
    for x, y in points:
        pair = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != pair:
            rounded.append(pair)
    if len(rounded) < 4:
        return None
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    kept = []
    for polygon in polygons:
        rings = [r for r in (_ring(ring) for ring in polygon) if r]
        if rings:
            kept.append(rings)
    return kept


def country_features() -> list[dict[str, Any]]:
    """One simplified MultiPolygon feature per country, `id` = ISO alpha-3."""
    from countryinfo import CountryInfo

    features = []
    for info in CountryInfo.all().values():
        for feature in (info.get("geoJSON") or {}).get("features", []):
            polygons = _polygons(feature.get("geometry") or {})
            if polygons:
                features.append({
                    "type": "Feature", "id": feature.get("id"),
                    "properties": {"name": (feature.get("properties") or {}).get("name")},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                })
    return sorted(features, key=lambda f: str(f["id"]))


@functools.cache
def basemap_bytes() -> bytes:
    """The basemap FeatureCollection as compact JSON, built once per process."""
    collection = {"type": "FeatureCollection", "features": country_features()}
    return json.dumps(collection, separators=(",", ":")).encode("utf-8")


@functools.cache
def basemap_gzip() -> bytes:
    """The same, gzip-compressed once (about 50 kB instead of 160 kB on the wire)."""
    return gzip.compress(basemap_bytes(), compresslevel=9, mtime=0)
