"""Parquet with a typed schema taken from the store's columns (dates stay dates), for pandas,
DuckDB, Spark. Needs the optional `pyarrow` package."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import IO, Any

import sqlalchemy as sa

_BATCH = 10_000  # rows per row group: bounded memory on any store size


def _arrow_type(column_type: sa.types.TypeEngine) -> Any:
    import pyarrow as pa

    if isinstance(column_type, sa.Boolean):
        return pa.bool_()
    if isinstance(column_type, sa.Integer):
        return pa.int64()
    if isinstance(column_type, sa.Float):
        return pa.float64()
    if isinstance(column_type, sa.DateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(column_type, sa.Date):
        return pa.date32()
    return pa.string()


def arrow_schema(columns: Sequence[sa.ColumnElement[Any]]) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(c.name, _arrow_type(c.type)) for c in columns])


def write_parquet(rows: Iterable[dict[str, Any]], columns: Sequence[sa.ColumnElement[Any]],
                  out: str | IO[bytes]) -> int:
    """Write flat event rows to a Parquet file; returns how many were written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional dependency: say how to get it
        raise RuntimeError("Parquet export needs pyarrow: pip install 'pyarrow==26.0.1'") from exc
    schema = arrow_schema(columns)
    written = 0
    iterator = iter(rows)
    with pq.ParquetWriter(out, schema) as writer:
        while chunk := list(itertools.islice(iterator, _BATCH)):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            written += len(chunk)
        if written == 0:
            writer.write_table(schema.empty_table())
    return written
