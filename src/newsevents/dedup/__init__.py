"""Cross-article deduplication: is a new event report a happening already stored?

    from newsevents.dedup import DedupConfig, best_match, view_of_event, default_encoder
    match = best_match(view_of_event(event, text), candidates, DedupConfig(),
                       default_encoder().similarity)

The matcher (`matcher.py`) is pure and typed; the sentence encoder (`embeddings.py`, numpy
all-MiniLM-L6-v2) is loaded on first use only. The store calls these from
`newsevents.store.deduplication`.
"""

from __future__ import annotations

from .config import DedupConfig
from .matcher import (ActorKey, EventView, Match, MatchScore, actor_score, best_match, conservative_count,
                      date_score, distance_km, location_score, normalise_name, score_pair, type_score,
                      view_of_event)


def default_encoder():  # type: ignore[no-untyped-def]
    """The process-wide sentence encoder (imported and loaded on first call)."""
    from .embeddings import default_encoder as load

    return load()


__all__ = [
    "ActorKey", "DedupConfig", "EventView", "Match", "MatchScore", "actor_score", "best_match",
    "conservative_count", "date_score", "default_encoder", "distance_km", "location_score",
    "normalise_name", "score_pair", "type_score", "view_of_event",
]
