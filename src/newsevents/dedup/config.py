"""Thresholds and weights of the cross-article matcher, in one place the command line can set."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any


@dataclass(frozen=True)
class DedupConfig:
    """When two event reports are one happening.

    A pair must pass every gate (compatible types, dates within the precision of both, no
    country conflict, not two different towns, evidence similarity >= `min_text_similarity`);
    then the weighted mean of the five signal scores (each in [0, 1]) must reach `threshold`.
    Defaults were set on bench/dedup_pairs.jsonl (our own pairs; see docs/dedup.md).
    """

    threshold: float = 0.60
    weight_type: float = 1.0
    weight_date: float = 1.0
    weight_location: float = 1.5
    weight_actors: float = 1.5
    weight_text: float = 3.0
    # cosine similarity of the evidence sentences (all-MiniLM-L6-v2) below which two reports are
    # never merged, whatever else agrees: same-town same-day incidents agree on everything else
    min_text_similarity: float = 0.40
    # the raw cosine is mapped to a score by (cos - text_floor) / (text_full - text_floor)
    text_floor: float = 0.25
    text_full: float = 0.85
    # days two dates may be apart and still be one happening: 1 for late-night events and
    # "yesterday" read against another day's publication date, plus slack per ACLED time
    # precision (1 day, 2 week, 3 month) of each side
    date_tolerance_days: int = 1
    precision_slack_days: tuple[int, int, int] = (0, 3, 7)  # only for single dates, not ranges
    # ACLED's coarsest time precision is a month: a longer range ("in 2011", "last year") is a
    # background mention, not a codable happening, and is never merged
    max_range_days: int = 31
    # how far apart two reports of one happening may be placed, by ACLED geo precision
    # (1 the town, 2 near / part of it, 3 a region); the radii of both sides add up
    place_radius_km: tuple[float, float, float] = (10.0, 25.0, 100.0)
    # two town-precision places further apart than this, with different names, are two towns
    separate_towns_km: float = 3.0
    # CAMEO-only "Other" events (statements, appeals) are outside ACLED and too loosely
    # coded to tell one statement from another: they are never merged
    never_merged_types: frozenset[str] = frozenset({"Other"})
    max_candidates: int = 300  # stored events scored per new event (the nearest dates first)
    compatible_types: frozenset[frozenset[str]] = field(default_factory=lambda: frozenset({
        # one outlet's "shelling killed civilians" is another's attack on civilians, and a
        # clash with artillery is a battle or remote violence: ACLED coders' own grey zones
        frozenset({"Battles", "Explosions/Remote violence"}),
        frozenset({"Explosions/Remote violence", "Violence against civilians"}),
        frozenset({"Battles", "Violence against civilians"}),
        frozenset({"Protests", "Riots"}),
        # police shooting at a march: "excessive force against protesters" or an attack
        frozenset({"Protests", "Violence against civilians"}),
    }))

    def with_options(self, **changes: Any) -> "DedupConfig":
        """A copy with the given fields changed; None values are ignored (unset CLI options)."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"unknown dedup option(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def slack_days(self, precision: int | None) -> int:
        """Extra days a date of this ACLED precision may be off by (unknown = week)."""
        index = min(max((precision or 2) - 1, 0), 2)
        return self.precision_slack_days[index]

    def radius_km(self, geo_precision: int | None) -> float:
        index = min(max((geo_precision or 2) - 1, 0), 2)
        return self.place_radius_km[index]
