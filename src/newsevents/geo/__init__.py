"""The geo stage: toponym detection and resolution against an offline GeoNames-based gazetteer.

    from newsevents.geo import Gazetteer, Geoparser, main_place
"""

from .gazetteer import Gazetteer, NearbyPlace, PlaceRecord
from .geoparser import Geoparser, main_place

__all__ = ["Gazetteer", "Geoparser", "NearbyPlace", "PlaceRecord", "main_place"]
