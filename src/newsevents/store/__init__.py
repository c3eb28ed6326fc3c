"""The event store: `open_store(url)` gives a `Store` to add annotated articles to and query.

    from newsevents.store import open_store
    store = open_store("sqlite:///events.db")
    store.add(document, annotation)        # False when the article is already stored
    frame = store.events(country="SYR", date_from="2016-11-01", event_type="Battles")

Names are imported on first use (PEP 562), so the command line can register the store's
subcommands without importing SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .filters import EventFilters
    from .records import content_hash, url_key
    from .store import DEFAULT_URL, Store, database_url, open_store

_HOMES = {
    "DEFAULT_URL": "store", "Store": "store", "database_url": "store", "open_store": "store",
    "EventFilters": "filters", "content_hash": "records", "url_key": "records",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
