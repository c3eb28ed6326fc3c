"""newsevents: news articles to event data, every field traceable to its evidence span.

    from newsevents import extract
    doc = extract(text, published="2016-11-29")
    doc.events[0].event_type, doc.to_dict()
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from .contract import (
    Actor, DocumentAnnotation, DocumentError, Event, Place, Quote, Speaker, TextSpan, Timex,
)

if TYPE_CHECKING:
    from .pipeline import Pipeline

__version__ = "0.1.0"
__all__ = [
    "Actor", "DocumentAnnotation", "DocumentError", "Event", "Pipeline", "Place", "Quote",
    "Speaker", "TextSpan", "Timex", "extract", "open_store", "__version__",
]


def __getattr__(name: str):
    # The pipeline pulls in spaCy; import it only when it is asked for.
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    if name == "open_store":
        from .store import open_store

        return open_store
    raise AttributeError(f"module 'newsevents' has no attribute {name!r}")


@functools.cache
def _default_pipeline() -> "Pipeline":
    from .pipeline import Pipeline

    return Pipeline()


def extract(text: str, published: str | dt.date | None = None, id: str = "doc") -> DocumentAnnotation:
    """Annotate one article with the default pipeline (loaded on first call, then reused).

    Raises ValueError when the text cannot be processed (empty, binary, too long).
    """
    result = _default_pipeline().extract(text, published=published, doc_id=id)
    if isinstance(result, DocumentError):
        raise ValueError(f"{result.code}: {result.message}")
    return result
