"""TIMEX3 values: building them from dates, and turning them back into date ranges for events."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..contract import Timex

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "midday": "MI"}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True)
class DateRange:
    """What an event date becomes: a day, or a span with ACLED's time precision."""

    start: dt.date
    end: dt.date | None  # None for a single day
    precision: int  # ACLED time_precision: 1 day, 2 week (or a few days), 3 month or coarser


def day_value(day: dt.date) -> str:
    return day.isoformat()


def week_value(day: dt.date, weekend: bool = False) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}" + ("-WE" if weekend else "")


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A real calendar date, or None for "31 February" and the like."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})$")
_DURATION = re.compile(r"^P(\d+)([DWMY])$")


def _span(start: dt.date, end: dt.date) -> DateRange:
    days = (end - start).days
    precision = 1 if days == 0 else 2 if days <= 10 else 3
    return DateRange(start, None if days == 0 else end, precision)


def _month_range(year: int, first: int, last_year: int, last: int) -> DateRange:
    return _span(dt.date(year, first, 1), dt.date(last_year, last, calendar.monthrange(last_year, last)[1]))


def value_range(value: str, type_: str = "DATE", published: dt.date | None = None) -> DateRange | None:
    """The dates a TIMEX3 value covers; None for values with no fixed place in time."""
    if match := _DAY.match(value):
        day = safe_date(*map(int, match.groups()))
        return DateRange(day, None, 1) if day else None
    if match := _WEEK.match(value):
        year, week, weekend = int(match[1]), int(match[2]), bool(match[3])
        try:
            monday = dt.date.fromisocalendar(year, week, 1)
        except ValueError:
            return None
        if weekend:
            return DateRange(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), 2)
        return DateRange(monday, monday + dt.timedelta(days=6), 2)
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        return _month_range(year, month, year, month) if 1 <= month <= 12 else None
    if match := _SEASON.match(value):
        year = int(match[1])
        first, last = _SEASON_MONTHS[match[2]]
        return _month_range(year, first, year + (last < first), last)
    if match := _QUARTER.match(value):
        year, quarter = int(match[1]), int(match[2])
        return _month_range(year, 3 * quarter - 2, year, 3 * quarter)
    if match := _HALF.match(value):
        year, half = int(match[1]), int(match[2])
        return _month_range(year, 6 * half - 5, year, 6 * half)
    if match := _YEAR.match(value):
        year = int(match[1])
        return _month_range(year, 1, year, 12)
    if value == "PRESENT_REF" and published:
        return DateRange(published, None, 1)
    if type_ == "DURATION" and published and (match := _DURATION.match(value)):
        # a span that ends now ("two weeks of air strikes"): it runs back from the publication date
        count, unit = int(match[1]), match[2]
        days = count * {"D": 1, "W": 7, "M": 30, "Y": 365}[unit]
        return _span(published - dt.timedelta(days=days), published)
    return None


def timex_range(timex: Timex, published: dt.date | None) -> DateRange | None:
    """The dates an expression covers, for dating an event; None when it fixes no date."""
    try:
        return value_range(timex.value, timex.type, published)
    except (OverflowError, ValueError):  # "for 1690608 days", year -984: beyond the years 1-9999
        return None
