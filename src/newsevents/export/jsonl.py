"""JSON lines: each stored event as its contract `Event` object, plus where it came from.

This is the lossless export: every contract field (associated actors, spans, date source)
comes back exactly as the pipeline produced it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

_CHUNK = 500  # events whose actors and sources are fetched in one query


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def write_jsonl(store: "Store", rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One line per event: `event_id`, the contract Event fields, `article`, `sources`."""
    written = 0
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, _CHUNK)):
        sources = store.event_sources([r["id"] for r in chunk])
        for row, event in zip(chunk, store.contract_events(chunk)):
            record = {
                "event_id": row["id"],
                **event.to_dict(),
                "article": {"doc_id": row["doc_id"], "url": row["url"], "title": row["title"],
                            "source": row["source"], "published": _iso(row["published"])},
                "sources": sources.get(row["id"], []),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written
