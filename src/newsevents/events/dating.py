"""When an event happened: the time expression governing its trigger, else the narrative anchor.

Order of preference: a DATE/TIME expression syntactically attached to the trigger's clause; any in the
same sentence (nearest first); the most recent DATE before the sentence (the narrative anchor of the
story so far). Values become date ranges through `newsevents.time.timex_range`; with no usable
expression the event takes the day before publication (UNDATED_LAG_DAYS), at week precision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..contract import Timex
from ..time import timex_range

_DATED_TYPES = frozenset({"DATE", "TIME", "DURATION"})  # a duration dates only its own clause
# Days between an undated event and its report: a news report with no date for what it tells mostly
# tells of the day before it was published. The date stays an estimate, marked as one (week
# precision, date_source "published-1d"); set 0 to date such events on the publication day itself
# (date_source "published"). See docs/events.md.
UNDATED_LAG_DAYS = 1


@dataclass(frozen=True)
class EventDate:
    date: str | None
    date_end: str | None
    time_precision: int | None
    source: str  # "text", or "published" / "published-1d" when no expression dated the event
    timex: Timex | None = None


def timex_dates(timex: Timex, published: dt.date | None) -> tuple[dt.date, dt.date, int] | None:
    """(start, end, ACLED precision) of a time expression, or None when it names no date."""
    found = timex_range(timex, published)
    if found is None:
        return None
    return found.start, found.end or found.start, found.precision  # a single day has no end


class TimexIndex:
    """Dated time expressions by token, and in text order, built once per document."""

    def __init__(self, doc: Doc, times: list[Timex], published: dt.date | None):
        self.by_token: dict[int, int] = {}
        self.entries: list[tuple[int, Timex, tuple[dt.date, dt.date, int]]] = []  # (first token, ...)
        for timex in sorted(times, key=lambda t: t.span[0]):
            if timex.type not in _DATED_TYPES or timex.value.endswith("_REF"):
                continue  # "current", "recently": no date to give an event
            dates = timex_dates(timex, published)
            span = doc.char_span(timex.span[0], timex.span[1], alignment_mode="expand")
            if dates is None or span is None:
                continue
            if published is not None and dates[0] > published + dt.timedelta(days=1):
                continue  # a future date is a plan, not when the reported event happened
            for i in range(span.start, span.end):
                self.by_token[i] = len(self.entries)
            self.entries.append((span.start, timex, dates))


def _attached(token: Token, heads: set[int], depth: int = 4) -> bool:
    current = token
    for _ in range(depth):
        if current.head.i == current.i:
            return False
        current = current.head
        if current.i in heads:
            return True
    return False


def _runs_to_now(heads: list[Token]) -> bool:
    """Present perfect ("have bombed ... for two weeks"): the span ends at publication."""
    return any(child.dep_ == "aux" and child.lower_ in ("has", "have", "'ve")
               for head in heads for child in head.children)


def choose_date(doc: Doc, heads: list[Token], sentence_start: int, sentence_end: int,
                index: TimexIndex, published: dt.date | None) -> EventDate:
    """The date of an event whose trigger (and governing clause) are `heads`."""
    head_ids = {h.i for h in heads}
    in_sentence = [(i, e) for i, e in enumerate(index.entries) if sentence_start <= e[0] < sentence_end]
    anchor = heads[0].i
    attached = [entry for _, entry in in_sentence
                if any(_attached(t, head_ids) for t in doc[entry[0]:entry[0] + 3])
                and (entry[1].type != "DURATION" or _runs_to_now(heads))]
    # the nearest attached expression: "on Monday" beats a dateline hanging from the same verb;
    # "bombed ... for two weeks" makes the event the range that ends at publication
    points = [entry for _, entry in in_sentence if entry[1].type != "DURATION"]
    candidates = attached or points
    chosen = min(candidates, key=lambda entry: abs(entry[0] - anchor)) if candidates else None
    if chosen is None:  # the narrative anchor: the last date the story gave before this sentence
        before = [e for e in index.entries
                  if e[0] < sentence_start and e[1].type == "DATE"]
        chosen = before[-1] if before else None
    if chosen is not None:
        start, end, precision = chosen[2]
        return EventDate(start.isoformat(), end.isoformat() if end != start else None, precision, "text", chosen[1])
    if published is not None:
        day = published - dt.timedelta(days=UNDATED_LAG_DAYS)
        source = "published" if UNDATED_LAG_DAYS == 0 else f"published-{UNDATED_LAG_DAYS}d"
        return EventDate(day.isoformat(), None, 2, source)
    return EventDate(None, None, None, "published")
