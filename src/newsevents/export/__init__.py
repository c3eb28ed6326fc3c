"""Exports of stored events: `export_events(store, "acled-csv", "events.csv", country="SYR")`.

Formats: `acled-csv` (ACLED's column layout), `gdelt-tsv` (GDELT 2.0 event table columns,
tab-separated, no header unless asked), `geojson` (a FeatureCollection of points),
`jsonl` (contract Event objects with their sources, lossless) and `parquet` (typed flat columns;
needs pyarrow). Filters are those of `Store.events`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from ..store.filters import EventFilters
from .acled import ACLED_COLUMNS, acled_row, write_acled_csv
from .gdelt import GDELT_COLUMNS, gdelt_row, write_gdelt_tsv
from .geojson import write_geojson
from .jsonl import write_jsonl
from .parquet import write_parquet

if TYPE_CHECKING:
    from ..store import Store

FORMATS = ("acled-csv", "gdelt-tsv", "geojson", "jsonl", "parquet")
Target = str | os.PathLike[str] | IO[Any]

__all__ = ["ACLED_COLUMNS", "ExportResult", "FORMATS", "GDELT_COLUMNS", "acled_row", "export_events",
           "gdelt_row"]


@dataclass(frozen=True)
class ExportResult:
    format: str
    written: int
    skipped: int = 0  # events left out by the format (GeoJSON: no coordinates; GDELT: no CAMEO code)


@contextlib.contextmanager
def _open_target(out: Target, binary: bool) -> Iterator[IO[Any]]:
    """A path ('-' is stdout) opened for writing, or a stream the caller owns (left open)."""
    if not isinstance(out, (str, os.PathLike)):
        yield out
        return
    if os.fspath(out) == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    if binary:
        with open(out, "wb") as handle:
            yield handle
    else:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            yield handle


def export_events(store: "Store", format: str, out: Target,
                  filters: EventFilters | None = None, *, header: bool = False, **kwargs: Any) -> ExportResult:
    """Write the events matching the filters to `out` (a path, '-' for stdout, or a stream).

    `acled-csv` leaves out events of type "Other" (outside ACLED's taxonomy) unless
    `event_type` asks for them. `header` gives `gdelt-tsv` a first line of column names.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    chosen = EventFilters.of(filters, **kwargs)
    rows = store.iter_event_rows(chosen)
    if format == "acled-csv" and chosen.event_type is None:
        rows = (r for r in rows if r["event_type"] != "Other")
    with _open_target(out, binary=format == "parquet") as stream:
        if format == "acled-csv":
            return ExportResult(format, write_acled_csv(rows, stream))
        if format == "gdelt-tsv":
            written, skipped = write_gdelt_tsv(store, rows, stream, header=header)
            return ExportResult(format, written, skipped)
        if format == "geojson":
            written, skipped = write_geojson(rows, stream)
            return ExportResult(format, written, skipped)
        if format == "jsonl":
            return ExportResult(format, write_jsonl(store, rows, stream))
        return ExportResult(format, write_parquet(rows, store.event_columns(), stream))
