"""Where `newsevents ingest` reads articles from: now `newsevents.ingest.readers`.

Kept so `from newsevents.store.sources import read_sources, count_items, Item` goes on working.
"""

from __future__ import annotations

from ..ingest.readers import STDIN, Item, count_items, read_sources, source_files

__all__ = ["STDIN", "Item", "count_items", "read_sources", "source_files"]
