"""The geo stage: toponym detection and resolution against an offline GeoNames-based gazetteer.

    from newsevents.geo import Gazetteer, Geoparser, main_place

Names are imported on first use (PEP 562), so the command line can register the `gazetteer`
subcommands without importing spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .gazetteer import Gazetteer, NearbyPlace, PlaceRecord
    from .geoparser import Geoparser, main_place

_HOMES = {"Gazetteer": "gazetteer", "NearbyPlace": "gazetteer", "PlaceRecord": "gazetteer",
          "Geoparser": "geoparser", "main_place": "geoparser"}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
