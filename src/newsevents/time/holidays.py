"""Holidays news names instead of dates: fixed days, and the ones computed from a rule each year.

US federal holidays follow their statutory rules (Thanksgiving is the fourth Thursday of November,
Memorial Day the last Monday of May, Election Day the Tuesday after the first Monday of November);
Easter follows the Gregorian computus. Lunar holidays (Ramadan, Eid) are not covered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

_SPACES = re.compile(r"\s+")
_APOSTROPHES = re.compile(r"['.]")
_FIXED: dict[str, tuple[int, int]] = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new years day": (1, 1), "new years": (1, 1), "new years eve": (12, 31),
    "independence day": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
    "valentines day": (2, 14), "veterans day": (11, 11), "armistice day": (11, 11),
    "boxing day": (12, 26), "bastille day": (7, 14), "may day": (5, 1), "all saints day": (11, 1),
}


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 the last) ISO weekday of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)


_RULES: dict[str, Callable[[int], dt.date]] = {
    "thanksgiving": lambda y: nth_weekday(y, 11, 4, 4),
    "thanksgiving day": lambda y: nth_weekday(y, 11, 4, 4),
    "memorial day": lambda y: nth_weekday(y, 5, 1, -1),
    "labor day": lambda y: nth_weekday(y, 9, 1, 1),
    "labour day": lambda y: nth_weekday(y, 9, 1, 1),
    "columbus day": lambda y: nth_weekday(y, 10, 1, 2),
    "martin luther king day": lambda y: nth_weekday(y, 1, 1, 3),
    "martin luther king jr day": lambda y: nth_weekday(y, 1, 1, 3),
    "presidents day": lambda y: nth_weekday(y, 2, 1, 3),
    "election day": lambda y: nth_weekday(y, 11, 1, 1) + dt.timedelta(days=1),
    "easter": easter,
    "easter sunday": easter,
    "easter monday": lambda y: easter(y) + dt.timedelta(days=1),
    "good friday": lambda y: easter(y) - dt.timedelta(days=2),
    "palm sunday": lambda y: easter(y) - dt.timedelta(days=7),
    "ash wednesday": lambda y: easter(y) - dt.timedelta(days=46),
    "pentecost": lambda y: easter(y) + dt.timedelta(days=49),
}


def holiday_key(name: str) -> str:
    """"New Year's Day" -> "new years day": the lookup form of a holiday's name."""
    return _SPACES.sub(" ", _APOSTROPHES.sub("", name.lower())).strip()


def holiday_date(name: str, year: int) -> dt.date | None:
    """The date of a named holiday in a year, or None for a name we do not know."""
    key = holiday_key(name)
    if key in _FIXED:
        month, day = _FIXED[key]
        return dt.date(year, month, day)
    rule = _RULES.get(key)
    return rule(year) if rule else None
