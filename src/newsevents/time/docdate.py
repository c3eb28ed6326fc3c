"""Inferring a publication date from the text when the input gives none.

Clues, strongest first: a dateline or date at the very start ("ALEPPO, Nov 29 2016 (Reuters) -",
"Wed 05 Apr 2017 ..."); a weekday named with a day and month, which fixes the year ("Tuesday
(29 November)"); the latest explicit full date in the text (a caption, a byline).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .grammar import DAY, MONTH, MONTHS, WEEKDAYS, YEAR
from .values import safe_date

_WEEKDAY_ANY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?"
_FULL_DATES = [
    re.compile(rf"(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH}),?\s+(?P<y>{YEAR})\b"),
    re.compile(rf"\b(?P<mon>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
]
_WEEKDAY_DAY_MONTH = [
    re.compile(rf"\b(?P<wd>{_WEEKDAY_ANY}),?\s*\(?\s*(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH})\b(?!,?\s+\d)"),
    re.compile(rf"\b(?P<wd>{_WEEKDAY_ANY}),?\s*\(?\s*(?P<mon>{MONTH})\s+(?P<d>{DAY})\b(?!,?\s+\d)"),
]
_YEARS_IN_TEXT = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_DATELINE_CHARS = 60  # a dateline sits at the top of the story, before its first sentence ends
_SENTENCE_END = re.compile(r"[.!?]\s")


@dataclass(frozen=True)
class DocumentDate:
    """A publication date inferred from the text, with the clue that gave it."""

    date: dt.date
    clue: str  # "dateline", "weekday-day-month", "explicit-date"
    span: tuple[int, int] | None


def _full_date(match: re.Match[str]) -> dt.date | None:
    g = match.groupdict()
    month = int(g["m"]) if g.get("m") else MONTHS[g["mon"].rstrip(".").lower()]
    return safe_date(int(g["y"]), month, int(re.sub(r"\D", "", g["d"])))


def _weekday_number(word: str) -> int | None:
    word = word.rstrip(".").lower()
    return WEEKDAYS.get(word) or WEEKDAYS.get(word[:3])


def _year_from_weekday(weekday: int, month: int, day: int, years_mentioned: list[int]) -> int | None:
    """The year in which day-month falls on that weekday: one the text mentions, else the most recent."""
    fits = [y for y in years_mentioned if (d := safe_date(y, month, day)) and d.isoweekday() == weekday]
    if fits:
        return max(fits)
    this_year = dt.date.today().year
    for year in range(this_year, this_year - 30, -1):
        candidate = safe_date(year, month, day)
        if candidate and candidate.isoweekday() == weekday:
            return year
    return None


def infer_document_date(text: str) -> DocumentDate | None:
    """The document's date from its own text, or None when nothing supports one."""
    full = [(m, d) for pattern in _FULL_DATES for m in pattern.finditer(text) if (d := _full_date(m))]
    head = [(m, d) for m, d in full
            if m.start() < _DATELINE_CHARS and not _SENTENCE_END.search(text, 0, m.start())]
    if head:
        match, day = min(head, key=lambda pair: pair[0].start())
        return DocumentDate(day, "dateline", match.span())
    years = [int(y) for y in _YEARS_IN_TEXT.findall(text)]
    for pattern in _WEEKDAY_DAY_MONTH:
        for match in pattern.finditer(text):
            weekday = _weekday_number(match["wd"])
            month, day_number = MONTHS[match["mon"].rstrip(".").lower()], int(re.sub(r"\D", "", match["d"]))
            year = _year_from_weekday(weekday, month, day_number, years) if weekday else None
            if year:
                return DocumentDate(dt.date(year, month, day_number), "weekday-day-month", match.span())
    if full:
        match, day = max(full, key=lambda pair: pair[1])
        return DocumentDate(day, "explicit-date", match.span())
    return None
