"""Find time expressions and normalise them to TIMEX3 values.

Relative expressions resolve against the publication date, or for "two days later" / "the
following year" against the last explicit date of the story (its narrative anchor). The grammar of
the governing clause (`tense.py`) decides the direction of bare weekdays, months, day-months and
holidays: "on Monday" in a past-tense sentence is the Monday before publication, "will meet on
Monday" the one after. Financial reports compare a reporting period with the one a year before:
in a story about quarterly results "a year earlier" and "the year-ago quarter" are that quarter of
the previous year (see `_Story`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..contract import Timex
from .grammar import (
    FAMILY_GATES, GATES, MONTHS, NOT_A_MONTH_AFTER, NUMBER_WORDS, ORDINALS, PATTERNS, UNIT_WORD, UNITS,
    WEEKDAYS, WINDOW_AFTER, WINDOW_BEFORE, WINDOWED,
)
from .holidays import holiday_date
from .tense import FUTURE, NEAR, PAST, clause_direction
from .values import PARTS_OF_DAY, SEASONS, add_months, day_value, month_value, safe_date, week_value

EDGE_MODS = {"early": "START", "beginning": "START", "start": "START", "first half": "START",
             "mid": "MID", "middle": "MID", "late": "END", "end": "END", "second half": "END"}
# kinds that resolve against the story's last explicit date rather than the publication date
_NARRATIVE_KINDS = frozenset({"day_month", "month_day", "numeric_day_month", "ago", "anaphoric_unit", "that_unit_edge"})
# kinds whose value is an explicit calendar day: it becomes the story's narrative anchor
_ANCHORING_KINDS = frozenset({"iso_date", "numeric_date", "numeric_day_month", "day_month_year", "month_day_year", "weekday_date"})
_YEAR_KINDS = frozenset({"month_year", "year", "year_punct", "bare_year", "spelled_year", "month_spelled_year"})
_PRIORITY = {kind: rank for rank, (kind, _) in enumerate(PATTERNS)}
# a story reporting results for a period: the words of an earnings report
_PERIOD_WORDS = re.compile(r"\b(?:quarter|quarterly|fiscal)\b", re.IGNORECASE)
_RESULTS_WORDS = re.compile(r"\b(?:net\s+income|earnings|profit|revenue|sales|net\s+loss|a\s+share)\b", re.IGNORECASE)
_FIGURES = re.compile(r"[$%\d]|\bcents\b")
_DURATION_CONTEXT = re.compile(r"(?:\b(?:over|for|within|during|through|throughout|in)\s+)$", re.IGNORECASE)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_WORD_AFTER = re.compile(r"\s+(?!ago\b|later\b|earlier\b|before\b|after\b|or\b|and\b|of\b|to\b|in\b)[a-z]")
_NARRATIVE_REACH_DAYS = 60  # how far from the story's last date a day-month without a year still belongs to it
_RATE_BEFORE = re.compile(r"\d[^.;:!?\d]{0,24}\s$")
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_SPELLED_UNITS = {w: n for n, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), 1)}
_SPELLED_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SPELLED_DECADES = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                    "eighties": 8, "nineties": 9}


@dataclass
class _Candidate:
    kind: str
    start: int
    end: int
    match: re.Match[str]


@dataclass
class _Value:
    type: str
    value: str
    mod: str | None = None
    anchored: bool = False  # resolved against an anchor date
    fixes_day: dt.date | None = None  # an explicit date that becomes the narrative anchor
    span: tuple[int, int] | None = None  # a narrower extent than the match ("two days" of "two days after")


@dataclass
class _Story:
    """What one document's expressions resolve against, updated in text order."""

    doc: Doc
    text: str
    published: dt.date | None
    narrative: dt.date | None = None
    narrative_year: int | None = None  # the last year the story named ("in June 1998 ... later that year")
    financial: bool = False  # the story reports results for quarters or fiscal years
    reporting: tuple[int, int] | None = None  # (year, quarter) the results are for
    _direction_cache: dict[tuple[int, int], str] = field(default_factory=dict)

    def direction(self, start: int, end: int) -> str:
        key = (start, end)
        if key not in self._direction_cache:
            self._direction_cache[key] = clause_direction(self.doc, start, end)
        return self._direction_cache[key]

    def reporting_quarter(self) -> tuple[int, int] | None:
        """The quarter under report: the last one named, else the last completed before publication."""
        if self.reporting is None and self.published is not None:
            year, month = add_months(self.published.year, self.published.month, -3)
            self.reporting = (year, (month - 1) // 3 + 1)
        return self.reporting

    def sentence_has_figures(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return bool(span is not None and len(span) and _FIGURES.search(span.sent.text))


# --- small helpers ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_HALF_NUMBER = re.compile(r"(\d+) 1/2")
_DECIMAL = re.compile(r"\d+(\.\d+)?")
_TWO_WORDS = re.compile(r"([a-z]+)[- ]([a-z]+)")
_WORD_SEPARATORS = re.compile(r"[-\s]+")
_NOT_DIGIT = re.compile(r"\D")
_OF_AFTER = re.compile(r"\s+of\b")


def _word_number(text: str) -> float | None:
    text = _SPACES.sub(" ", text.strip().lower())
    if match := _HALF_NUMBER.fullmatch(text):
        return int(match[1]) + 0.5
    if _DECIMAL.fullmatch(text):
        return float(text)
    if match := _TWO_WORDS.fullmatch(text):
        tens, units = _SPELLED_TENS.get(match[1]), _SPELLED_UNITS.get(match[2])
        if tens and units:
            return float(tens + units)
    return NUMBER_WORDS.get(text)


def _spelled_year(text: str) -> int | None:
    """"nineteen ninety-six" -> 1996; "two thousand one" -> 2001."""
    words = _WORD_SEPARATORS.sub(" ", text.lower().replace(" and ", " ")).split()
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        tail = 0 if not rest else (_SPELLED_UNITS.get(rest[0]) or _SPELLED_TENS.get(rest[0]) or 0)
        return 2000 + tail
    century = _SPELLED_TENS.get(words[0])
    if century is None or len(words) < 2:
        return None
    if words[1] == "hundred":
        return century * 100
    if words[1] == "oh" and len(words) == 3:
        return century * 100 + _SPELLED_UNITS.get(words[2], 0)
    tail = _SPELLED_TENS.get(words[1], 0) + (_SPELLED_UNITS.get(words[2], 0) if len(words) > 2 else 0)
    return century * 100 + tail if tail else None


def _format_number(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _edge_mod(edge: str | None) -> str | None:
    if not edge:
        return None
    edge = _WORD_SEPARATORS.sub(" ", edge.lower()).strip()
    for key, mod in EDGE_MODS.items():
        if key in edge:
            return mod
    return None


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day_number(text: str) -> int:
    return int(_NOT_DIGIT.sub("", text))


def _quarter_value(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


# --- resolution of deictic expressions -------------------------------------------------------

def _nearest_day(ref: dt.date, month: int, day: int, direction: str) -> dt.date | None:
    """The year for a day-month without one: the last before `ref`, the next after, or the nearest."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := safe_date(y, month, day))]
    if not options:
        return None
    if direction == FUTURE:
        after = [d for d in options if d >= ref]
        return min(after) if after else None
    if direction == PAST:
        before = [d for d in options if d <= ref]
        return max(before) if before else None
    return min(options, key=lambda d: abs((d - ref).days))


def _month_year(ref: dt.date, month: int, relation: str) -> int:
    if relation == "this":
        return ref.year
    if relation == "last":
        return ref.year if month < ref.month else ref.year - 1
    if relation == "next":
        return ref.year if month > ref.month else ref.year + 1
    if relation == FUTURE:
        return ref.year if month >= ref.month else ref.year + 1
    if relation == PAST:
        return ref.year if month <= ref.month else ref.year - 1
    # near or unknown: the nearest occurrence
    return min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs((y - ref.year) * 12 + month - ref.month))


_MODIFIER_RELATION = {"last": "last", "past": "last", "previous": "last", "next": "next", "coming": "next",
                      "this": "this"}


def _weekday(ref: dt.date, weekday: int, relation: str) -> dt.date:
    today = ref.isoweekday()
    if relation == "last":
        return ref - dt.timedelta(days=(today - weekday) % 7 or 7)
    if relation == "next":
        return ref + dt.timedelta(days=(weekday - today) % 7 or 7)
    if relation == "this":
        return ref + dt.timedelta(days=weekday - today)
    if relation in (FUTURE, NEAR):  # "will meet Monday", "meet Monday": the next one (today included)
        return ref + dt.timedelta(days=(weekday - today) % 7)
    return ref - dt.timedelta(days=(today - weekday) % 7)  # past: news says "on Tuesday" for today too


def _weekend(ref: dt.date, relation: str) -> str:
    on_weekend = ref.isoweekday() >= 6
    if relation == "last":
        return week_value(ref - dt.timedelta(days=7 if on_weekend else ref.isoweekday()), weekend=True)
    if relation == "next":
        return week_value(ref + dt.timedelta(days=7), weekend=True)
    if relation in (FUTURE, NEAR) or relation == "this" or on_weekend:
        return week_value(ref, weekend=True)
    return week_value(ref - dt.timedelta(days=ref.isoweekday()), weekend=True)  # the one just past


def _holiday(ref: dt.date, name: str, relation: str) -> dt.date | None:
    """The occurrence of a holiday the relation points to (last/next/this, or the clause's direction)."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := holiday_date(name, y))]
    if not options:
        return None
    if relation == "this":
        return next((d for d in options if d.year == ref.year), None)
    if relation in ("next", FUTURE, NEAR):
        strict = relation == "next"
        after = [d for d in options if d > ref or (d == ref and not strict)]
        return min(after) if after else None
    before = [d for d in options if d < ref or (d == ref and relation != "last")]
    return max(before) if before else None


def _shift(ref: dt.date, unit: str, amount: float) -> str | None:
    """The value `amount` units away from `ref`, at the unit's granularity."""
    whole = int(amount)
    if unit in ("S", "M_minute", "H", "D"):
        days = whole if unit == "D" else 0
        return day_value(ref + dt.timedelta(days=days))
    if unit == "W":
        return week_value(ref + dt.timedelta(weeks=whole))
    if unit == "M":
        year, month = add_months(ref.year, ref.month, whole)
        return month_value(year, month)
    if unit == "Y":
        return f"{ref.year + whole:04d}"
    if unit == "DE":
        return f"{(ref.year + 10 * whole) // 10:03d}"
    if unit == "CE":
        return f"{(ref.year + 100 * whole) // 100:02d}"
    return None


def _unit_code(word: str) -> str:
    word = word.lower().rstrip("s")
    if word.startswith("centur"):
        return "CE"
    if word == "minute":
        return "M_minute"
    if word == "quarter":
        return "Q"
    return UNITS.get(word, "D")


# a half of a unit in the next smaller one: "2 1/2 years" is P2Y6M, "an hour and a half" PT1H30M
_HALVES = {"Y": "6M", "D": "T12H", "H": "30M", "M_minute": "30S"}


def _duration(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration; decades and centuries in years, halves in the next smaller unit."""
    if amount is not None and unit in ("DE", "CE"):
        amount, unit = amount * (10 if unit == "DE" else 100), "Y"
    half = ""
    if amount is None:
        count = "X"
    elif amount % 1 == 0.5 and unit in _HALVES:
        count, half = (str(int(amount)) if amount >= 1 else ""), _HALVES[unit]
    else:
        count = _format_number(amount)
    if unit in ("H", "M_minute", "S"):
        return "PT" + (f"{count}{'M' if unit == 'M_minute' else unit}" if count else "") + half
    return f"P{count}{unit}{half}" if count else f"P{half}"  # "half a year" is P6M


def _clock(g: dict[str, str | None]) -> tuple[int, int] | None:
    if g.get("word"):
        return (0, 0) if g["word"].lower() == "midnight" else (12, 0)
    hour, minute = int(g["h"]), int(g.get("min") or 0)
    ampm = (g.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour, minute


# --- normalisation, one handler per group of kinds --------------------------------------------

Handler = Callable[[_Candidate, dict, _Story], "_Value | None"]


def _absolute_day(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    if c.kind == "iso_date":
        day = safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    elif c.kind == "numeric_date":
        a, b, year = int(g["a"]), int(g["b"]), int(g["y"])
        year = year + (1900 if year >= 50 else 2000) if year < 100 else year
        month, day_number = (b, a) if a > 12 else (a, b)
        day = safe_date(year, month, day_number)
    else:
        day = safe_date(int(g["y"]), _month_number(g["mon"]), _day_number(g["d"]))
    return _Value("DATE", day.isoformat(), _edge_mod(g.get("edge")), fixes_day=day) if day else None


def _numeric_day_month(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    """"on 10/02": day/month or month/day, whichever reading is a real date nearest the story's
    reference in the clause's direction (day first when both are equally near)."""
    a, b = int(g["a"]), int(g["b"])
    readings = [(month, day) for month, day in ((b, a), (a, b)) if 1 <= month <= 12 and safe_date(2000, month, day)]
    if not readings:
        return None
    ref = story.narrative or story.published
    if ref is None:
        month, day = readings[0]
        return _Value("DATE", f"XXXX-{month:02d}-{day:02d}")
    direction = story.direction(c.start, c.end)
    days = [d for month, day in readings if (d := _nearest_day(ref, month, day, direction))]
    if not days:
        return None
    best = min(days, key=lambda d: abs((d - ref).days))
    return _Value("DATE", best.isoformat(), anchored=True, fixes_day=best)


def _weekday_date(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    """"Monday, Oct. 26": the year in which that day-month falls on that weekday, nearest first."""
    month = _month_number(g["mon1"] or g["mon2"])
    day_number = _day_number(g["d1"] or g["d2"])
    weekday = WEEKDAYS[g["wd"].rstrip(".").lower()]
    if g.get("y"):
        day = safe_date(int(g["y"]), month, day_number)
    else:
        ref = story.narrative or story.published
        if ref is None:
            return _Value("DATE", f"XXXX-{month:02d}-{day_number:02d}") if safe_date(2000, month, day_number) else None
        options = [d for y in (ref.year, ref.year - 1, ref.year + 1) if (d := safe_date(y, month, day_number))]
        agreeing = [d for d in options if d.isoweekday() == weekday] or options
        day = min(agreeing, key=lambda d: abs((d - ref).days)) if agreeing else None
    return _Value("DATE", day.isoformat(), fixes_day=day) if day else None


def _week_of(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    """"the week of March 6": the ISO week that day falls in."""
    inner = _day_month(c, {"mon": g["mon1"] or g["mon2"], "d": g["d1"] or g["d2"]}, story)
    if inner is None or not inner.value[:4].isdigit():
        return inner
    return _Value("DATE", week_value(dt.date.fromisoformat(inner.value[:10])), anchored=True)


def _day_month(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    month, day_number = _month_number(g["mon"]), _day_number(g["d"])
    ref = story.narrative or story.published
    if ref is None:
        return _Value("DATE", f"XXXX-{month:02d}-{day_number:02d}") if safe_date(2000, month, day_number) else None
    direction = story.direction(c.start, c.end)
    day = _nearest_day(ref, month, day_number, direction)
    if day and story.narrative and story.published and abs((day - story.narrative).days) > _NARRATIVE_REACH_DAYS:
        # far from the story's last date: it is not a step in that narrative but a date of the news
        day = _nearest_day(story.published, month, day_number, direction)
    return _Value("DATE", day.isoformat(), anchored=True) if day else None


def _month(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    if g["mon"].rstrip(".").lower() == "may" and NOT_A_MONTH_AFTER.match(story.text[c.end:c.end + 12]):
        return None
    if (g["mon"].lower() not in ("may", "june", "july") and len(g["mon"]) <= 4
            and _NAME_AFTER.match(story.text, c.end)):
        return None  # "Jan Kavan": a first name, not an abbreviated month
    month = _month_number(g["mon"])
    relation = (g.get("mod") or "").lower().strip("- ")
    mod = _edge_mod(g.get("edge") or (relation if relation in ("early", "late", "mid") else None))
    if relation not in ("last", "next", "this"):
        relation = PAST if _SINCE.search(story.text[max(0, c.start - 7):c.start]) else story.direction(c.start, c.end)
    if story.published is None:
        return _Value("DATE", f"XXXX-{month:02d}", mod)
    return _Value("DATE", month_value(_month_year(story.published, month, relation), month), mod, anchored=True)


def _month_with_year(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    month = _month_number(g["mon"])
    if c.kind == "month_year":
        return _Value("DATE", month_value(int(g["y"]), month), _edge_mod(g.get("edge")))
    if c.kind == "month_spelled_year":
        year = _spelled_year(g["sy"])
        return _Value("DATE", month_value(year, month)) if year else None
    if story.published is None:  # month_rel_year: "January this year", "June last year"
        return _Value("DATE", f"XXXX-{month:02d}")
    offset = {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
    return _Value("DATE", month_value(story.published.year + offset, month), anchored=True)


def _years(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    if c.kind in ("spelled_year", "spelled_year_the"):
        year = _spelled_year(g["sy"])
        return _Value("DATE", f"{year:04d}") if year and 1000 <= year <= 2099 else None
    if c.kind == "decade":
        digits = g["dec"].lstrip("'")
        if len(digits) == 4:
            value = digits[:3]
        else:
            tens = int(digits[0])
            value = f"20{tens}" if tens <= 1 else f"19{tens}"
        if len(digits) == 2 and not g.get("the") and not g.get("edge"):
            return None  # a bare "90s" is more often an age or a temperature than a decade
        return _Value("DATE", value, _edge_mod(g.get("edge")))
    if c.kind == "spelled_decade":
        return _Value("DATE", f"19{_SPELLED_DECADES[g['dec'].lower()]}", _edge_mod(g.get("edge")))
    if c.kind == "century":
        number = int(g["n"])
        return _Value("DATE", f"{number - 1:02d}") if 1 <= number <= 21 else None
    return _Value("DATE", g["y"], _edge_mod(g.get("edge")))  # year, year_edge, year_punct, bare_year


def _quarter(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    """"the third quarter": of the year named, else the last such quarter (the coming one in future)."""
    quarter = ORDINALS[g["q"].lower()]
    whole = c.match.group(0).lower()
    ref = story.published
    if g.get("y"):
        year = int(g["y"])
    elif ref is None:
        return _Value("DATE", f"XXXX-Q{quarter}")
    elif "last year" in whole:
        year = ref.year - 1
    else:
        current = (ref.month - 1) // 3 + 1
        year = ref.year - 1 if quarter > current and story.direction(c.start, c.end) == PAST else ref.year
    if ref is not None and "last year" not in whole and (not g.get("y") or year == ref.year) \
            and add_months(year, 3 * quarter, 1) <= (ref.year, ref.month):
        story.reporting = (year, quarter)  # a completed quarter the story now reports on
    return _Value("DATE", _quarter_value(year, quarter), anchored=not g.get("y"))


def _financial_period(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    """Reporting periods: "the quarter", "the year-ago period", "the 1988 third quarter"..."""
    kind, which = c.kind, (g.get("which") or "quarter").lower()
    ordinal = ORDINALS.get((g.get("q") or "").lower())
    if story.published is None:
        return None
    reporting = story.reporting_quarter()
    year, quarter = reporting if reporting else (story.published.year, 1)
    if kind == "the_quarter":
        if not story.financial:
            return None
        if which == "year":
            if _ENDING.match(story.text, c.end):  # "the year ended March 31": a year-long period
                return _Value("DURATION", "P1Y")
            return _Value("DATE", f"{story.published.year}", anchored=True)  # "for the year", "the full year"
        if ended := _QUARTER_ENDED.match(story.text, c.end):
            # "the quarter ended Sept. 30": the quarter that ended on that day, before publication
            month = _month_number(ended["mon"])
            year = story.published.year if month <= story.published.month else story.published.year - 1
            quarter = (month - 1) // 3 + 1
            story.reporting = (year, quarter)
        return _Value("DATE", _quarter_value(year, quarter), anchored=True)
    if kind in ("year_ago_period", "year_ago_adjective", "period_last_year"):
        if not story.financial:
            return _Value("DATE", f"{story.published.year - 1}", anchored=True)
        if g.get("y"):
            return _Value("DATE", _quarter_value(int(g["y"]), quarter), anchored=True)
        return _Value("DATE", _quarter_value(year - 1, ordinal or quarter), anchored=True)
    if kind == "last_years_quarter":
        named_year = story.published.year + {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
        if which == "half":
            return _Value("DATE", f"{named_year}-H{2 if ordinal and ordinal > 1 else 1}", anchored=True)
        return _Value("DATE", _quarter_value(named_year, ordinal or quarter), anchored=True)
    if kind == "year_quarter":
        named_year = int(g["y"])
        if which == "half":
            return _Value("DATE", f"{named_year}-H{2 if ordinal and ordinal > 1 else 1}") if ordinal else None
        if not ordinal and not story.financial:
            return None
        return _Value("DATE", _quarter_value(named_year, ordinal or quarter))
    if kind == "half_year":
        half = 1 if g["h"].lower() == "first" else 2
        named_year = int(g["y"]) if g.get("y") else story.published.year + {"this": 0, "last": -1, "next": 1}.get(
            (g.get("rel") or "this").lower(), 0)
        return _Value("DATE", f"{named_year}-H{half}", anchored=not g.get("y"))
    return None


def _season(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    season = SEASONS[g["season"].lower()]
    relation = (g.get("rel") or "").lower()
    ref = story.published
    if g.get("sy") and (spelled := _spelled_year(g["sy"])):
        g = {**g, "y": str(spelled)}
    if not g.get("y") and relation in ("", "the"):
        if relation == "" or season == "FA" or _OF_AFTER.match(story.text, c.end):
            return None  # "winter clothes", "the fall of Aleppo"
    if g.get("y"):
        return _Value("DATE", f"{g['y']}-{season}", "START" if relation == "early" else "END" if relation == "late" else None)
    if ref is None:
        return _Value("DATE", f"XXXX-{season}")
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    if relation == "this" or relation in ("early", "late"):
        year = ref.year
    elif relation == "next" or (relation == "the" and story.direction(c.start, c.end) == FUTURE):
        year = ref.year if start_month > ref.month else ref.year + 1
    elif relation == "last" and start_month <= ref.month < start_month + 3:
        year = ref.year - 1  # "last spring" said in spring is the one a year ago
    else:
        year = ref.year if start_month <= ref.month else ref.year - 1
    return _Value("DATE", f"{year}-{season}", anchored=True)


def _weekday_relation(c: _Candidate, story: _Story) -> str:
    """A weekday's direction: "since Monday" and "Monday's vote" look back unless the clause is future."""
    if _SINCE.search(story.text[max(0, c.start - 7):c.start]):
        return PAST
    direction = story.direction(c.start, c.end)
    if direction == NEAR and story.text.startswith("'s", c.end):
        return PAST
    return direction


def _weekday_kind(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    weekday = WEEKDAYS[g["wd"].rstrip(".").lower()]
    relation = _MODIFIER_RELATION.get((g.get("rel") or "").lower()) or _weekday_relation(c, story)
    pod = PARTS_OF_DAY.get((g.get("pod") or "").lower())
    type_ = "TIME" if pod else "DATE"
    if story.published is None:
        return _Value(type_, f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else ""))
    day = _weekday(story.published, weekday, relation)
    return _Value(type_, day.isoformat() + (f"T{pod}" if pod else ""), anchored=True)


def _deictic_day(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    word = _SPACES.sub(" ", (g.get("day") or "this").lower())
    offset = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
    pod = PARTS_OF_DAY.get((g.get("pod") or "").lower()) or ("NI" if word in ("tonight", "last night") else None)
    type_ = "TIME" if pod else "DATE"
    if story.published is None:
        return _Value(type_, "PRESENT_REF" if word == "today" else "XXXX-XX-XX")
    day = story.published + dt.timedelta(days=offset)
    return _Value(type_, day.isoformat() + (f"T{pod}" if pod else ""), anchored=True)


def _holiday_kind(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    name = g["name"]
    if g.get("y"):
        day = holiday_date(name, int(g["y"]))
        return _Value("DATE", day.isoformat(), fixes_day=day) if day else None
    if story.published is None:
        return None
    relation = (g.get("rel") or "").lower()
    if relation not in ("last", "next", "this"):
        relation = story.direction(c.start, c.end)
    day = _holiday(story.published, name, relation)
    return _Value("DATE", day.isoformat(), anchored=True) if day else None


def _ago(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    amount = _word_number(g["n"])
    unit = _unit_code(g["unit"])
    direction = g["dir"].lower()
    sign = -1 if direction in ("ago", "earlier", "before", "back", "previously") else 1
    base = story.published if direction in ("ago", "back", "from now", "hence") else (story.narrative or story.published)
    if amount is None:
        return _Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if base is None:
        return _Value("DATE", "XXXX-XX-XX")
    if (unit == "Y" and amount == 1 and sign < 0 and story.financial
            and story.sentence_has_figures(c.start, c.end) and (reporting := story.reporting_quarter())):
        # "profit rose to $5 million from $4 million a year earlier": the year-ago quarter
        return _Value("DATE", _quarter_value(reporting[0] - 1, reporting[1]), anchored=True)
    if unit == "W" and g["unit"].lower().startswith("fortnight"):
        amount *= 2
    if unit in ("D", "H", "M_minute", "S"):
        days = int(amount) if unit == "D" else 0
        return _Value("DATE", (base + dt.timedelta(days=sign * days)).isoformat(), anchored=True)
    value = _shift(base, unit, sign * amount)
    return _Value("DATE", value, anchored=True) if value else None


def _anaphoric(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    """"the following year", "the next morning", "that day", "later that year": from the story's anchor."""
    relation = _SPACES.sub(" ", g["rel"].lower())
    unit = g["unit"].lower()
    base = story.narrative or story.published
    if unit == "year" and story.narrative_year and (story.narrative is None or story.narrative.year != story.narrative_year):
        base = dt.date(story.narrative_year, 7, 1)  # only the year is known
    if base is None:
        return None
    if relation.startswith("that") and story.narrative is None and (unit != "year" or not story.narrative_year):
        return None  # "that day" needs a day the story named
    if (c.kind == "anaphoric_unit" and relation in ("the next", "the following")
            and _DURATION_CONTEXT.search(story.text[max(0, c.start - 12):c.start])):
        return _Value("DURATION", _duration(1, _unit_code(unit)))  # "over the next year"
    step = 1 if relation in ("the following", "the next") else -1 if relation in ("the previous", "the preceding", "the prior") else 0
    pod = PARTS_OF_DAY.get(unit)
    if unit in ("day",) or pod:
        day = base + dt.timedelta(days=step)
        return _Value("TIME" if pod else "DATE", day.isoformat() + (f"T{pod}" if pod else ""), anchored=True)
    if unit == "week":
        return _Value("DATE", week_value(base + dt.timedelta(weeks=step)), anchored=True)
    if unit == "weekend":
        return _Value("DATE", week_value(base + dt.timedelta(weeks=step), weekend=True), anchored=True)
    if unit == "month":
        return _Value("DATE", month_value(*add_months(base.year, base.month, step)), anchored=True)
    return _Value("DATE", f"{base.year + step}", anchored=True)


def _year_end(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    if story.published is None:
        return _Value("DATE", "XXXX", "END")
    past = _SINCE.search(story.text[max(0, c.start - 7):c.start])
    return _Value("DATE", f"{story.published.year - (1 if past else 0)}", "END", anchored=True)


def _relative_unit(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    relation = _SPACES.sub(" ", (g.get("rel") or g.get("the") or "").lower())
    unit = g["unit"].lower()
    if relation == "the" and not c.match.group(0).lower().startswith(("earlier", "later")):
        if unit != "weekend":
            return None  # "the year" alone is too often generic
    if story.published is None:
        return _Value("DATE", "XXXX-XX-XX" if unit != "year" else "XXXX")
    base = (story.narrative or story.published) if relation == "the same" else story.published
    step = (-1 if relation.endswith("last") or relation in ("past", "previous")
            else 1 if relation.endswith("next") or relation == "coming" else 0)
    if unit == "weekend":
        rel = {-1: "last", 1: "next"}.get(step) or ("this" if relation in ("this", "the same") else story.direction(c.start, c.end))
        return _Value("DATE", _weekend(base, rel), anchored=True)
    if unit == "week":
        return _Value("DATE", week_value(base + dt.timedelta(weeks=step)), anchored=True)
    if unit == "month":
        return _Value("DATE", month_value(*add_months(base.year, base.month, step)), anchored=True)
    if unit == "year":
        mod = "START" if relation.startswith("early") else "END" if relation.startswith("late") else None
        return _Value("DATE", f"{base.year + step}", mod, anchored=True)
    if unit == "quarter":
        year, month = add_months(base.year, base.month, 3 * step)
        return _Value("DATE", _quarter_value(year, (month - 1) // 3 + 1), anchored=True)
    if unit == "decade":
        return _Value("DATE", f"{(base.year // 10 + step):03d}", anchored=True)
    if unit == "century":
        return _Value("DATE", f"{(base.year // 100 + step):02d}", anchored=True)
    return None


def _durations(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    kind = c.kind
    if kind == "span_back":  # "the past two weeks", "the past year"; "the past few weeks", "past years" are vague
        plural = g["unit"].lower().endswith("s") and not g["unit"].lower().endswith("ss")
        amount = _word_number(g["n"]) if g.get("n") else (None if plural else 1.0)
        return _Value("DURATION", _duration(amount, _unit_code(g["unit"])))
    if kind in ("plural_units", "vague_span"):
        return _Value("DURATION", _duration(None, _unit_code(g["unit"])))
    amount = _word_number(g["n"])
    unit = _unit_code(g["unit"])
    if unit == "S" and amount == 1 and _WORD_AFTER.match(story.text, c.end):
        return None  # "a second betrayal": the ordinal
    if kind == "duration" and g["n"].lower() in ("a", "an") and _RATE_BEFORE.search(story.text, max(0, c.start - 32), c.start):
        return None  # "$2 million a year", "four flights a week": the denominator of a rate
    if unit == "W" and g["unit"].lower().startswith("fortnight") and amount is not None:
        amount *= 2
    if amount is not None and (g.get("half1") or g.get("half")):
        amount += 0.5
    return _Value("DURATION", _duration(amount, unit))


def _sets(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    if c.kind == "set_adverb":
        value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                 "nightly": "XXXX-XX-XXTNI", "hourly": "PT1H"}[g["adv"].lower()]
        return _Value("SET", value)
    target = g["unit"].rstrip(".").lower()
    if target in WEEKDAYS:
        return _Value("SET", f"XXXX-WXX-{WEEKDAYS[target]}")
    if target in MONTHS:  # "each July"
        return _Value("SET", f"XXXX-{MONTHS[target]:02d}")
    if target in ("morning", "night", "evening"):
        return _Value("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[target]}")
    amount = _word_number(g["n"]) if g.get("n") else 1.0
    return _Value("SET", _duration(amount, _unit_code(target)))


def _clock_kind(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    clock = _clock(g)
    if clock is None:
        return None
    ref = story.published
    day_text = g.get("day") if c.kind == "clock_day" else None
    day: dt.date | None = ref
    if day_text and ref is not None:
        day = _day_of(day_text, c, story)
    if day is None and ref is not None:
        return None
    stamp = day.isoformat() if day else "XXXX-XX-XX"
    return _Value("TIME", f"{stamp}T{clock[0]:02d}:{clock[1]:02d}", anchored=ref is not None)


def _day_of(day_text: str, c: _Candidate, story: _Story) -> dt.date | None:
    """The day a clock time is on: "Tuesday", "tomorrow", "Nov. 9"."""
    ref = story.published
    assert ref is not None
    words = day_text.split()
    lower = day_text.lower()
    if lower in ("today", "yesterday", "tomorrow"):
        return ref + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[lower])
    if words[-1].rstrip(".").lower() in WEEKDAYS:
        relation = _MODIFIER_RELATION.get(words[0].lower()) if len(words) > 1 else None
        return _weekday(ref, WEEKDAYS[words[-1].rstrip(".").lower()], relation or _weekday_relation(c, story))
    month_word = next((w for w in words if w.rstrip(".").lower() in MONTHS), None)
    number = next((w for w in words if w[0].isdigit()), None)
    if month_word and number:
        return _nearest_day(story.narrative or ref, _month_number(month_word), _day_number(number),
                            story.direction(c.start, c.end))
    return None


def _weekday_set(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    """"on Mondays", "Tuesday nights": a weekly recurrence."""
    pod = PARTS_OF_DAY.get((g.get("pod") or "").lower().rstrip("s"))
    return _Value("SET", f"XXXX-WXX-{WEEKDAYS[g['wd'].lower()]}" + (f"T{pod}" if pod else ""))


def _references(c: _Candidate, g: dict, story: _Story) -> _Value | None:
    if c.kind in ("present", "present_adjective"):
        return _Value("DATE", "PRESENT_REF")
    if c.kind in ("past", "past_adjective"):
        return _Value("DATE", "PAST_REF")
    return _Value("DATE", "FUTURE_REF")


_HANDLERS: dict[str, Handler] = {
    **dict.fromkeys(("iso_date", "numeric_date", "day_month_year", "month_day_year"), _absolute_day),
    "weekday_date": _weekday_date,
    "numeric_day_month": _numeric_day_month,
    "clock_day": _clock_kind, "clock": _clock_kind, "clock_24": _clock_kind, "noon": _clock_kind,
    **dict.fromkeys(("day_month", "month_day"), _day_month),
    "week_of": _week_of,
    **dict.fromkeys(("month", "month_relative", "month_with_edge"), _month),
    **dict.fromkeys(("month_year", "month_spelled_year", "month_rel_year"), _month_with_year),
    **dict.fromkeys(("spelled_year", "spelled_year_the", "decade", "spelled_decade", "century", "year",
                     "year_edge", "year_punct", "bare_year"), _years),
    "holiday": _holiday_kind,
    "quarter": _quarter,
    **dict.fromkeys(("the_quarter", "year_ago_period", "year_ago_adjective", "period_last_year",
                     "last_years_quarter", "year_quarter", "half_year"), _financial_period),
    "season": _season,
    "weekday": _weekday_kind, "weekday_set": _weekday_set,
    "deictic_day": _deictic_day, "this_part_of_day": _deictic_day,
    "ago": _ago,
    **dict.fromkeys(("anaphoric_unit", "that_unit_edge"), _anaphoric),
    "year_end": _year_end,
    **dict.fromkeys(("relative_unit", "edge_the_unit", "the_unit"), _relative_unit),
    **dict.fromkeys(("span_back", "vague_span", "duration", "plural_units"), _durations),
    **dict.fromkeys(("set", "set_adverb"), _sets),
    **dict.fromkeys(("present", "present_adjective", "past", "past_adjective", "future"), _references),
}
_ENDING = re.compile(r"\s+(?:that\s+)?(?:ended|ending|ends|through)\b", re.IGNORECASE)
_QUARTER_ENDED = re.compile(
    r"\s+(?:ended|ending|that\s+ended|through)\s+(?P<mon>" + "|".join(
        sorted((re.escape(m.capitalize()) for m in MONTHS), key=len, reverse=True)) + r")\.?\s+\d", re.IGNORECASE)


# --- the stage ------------------------------------------------------------------------------

def _unit_windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of text around its unit words, where unit-bearing expressions can be."""
    windows: list[tuple[int, int]] = []
    for match in UNIT_WORD.finditer(text):
        start, end = max(0, match.start() - WINDOW_BEFORE), min(len(text), match.end() + WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _runs(kind: str, text: str, lower: str, families: dict[re.Pattern[str], bool]) -> bool:
    """Whether a pattern can match this text at all (cheap gates before the real scan)."""
    gate = GATES.get(kind)
    if gate and not any(word in lower for word in gate):
        return False
    family = FAMILY_GATES.get(kind)
    if family is not None:
        if family not in families:
            families[family] = family.search(text) is not None
        return families[family]
    return True


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    lower = text.lower()
    families: dict[re.Pattern[str], bool] = {}
    windows = _unit_windows(text)
    for kind, pattern in PATTERNS:
        if not _runs(kind, text, lower, families):
            continue
        has_target = "t" in pattern.groupindex
        stretches = windows if kind in WINDOWED else ((0, len(text)),)
        seen: set[tuple[int, int]] = set()
        for window_start, window_end in stretches:
            for match in pattern.finditer(text, window_start, window_end):
                start, end = match.span("t") if has_target and match.group("t") else match.span()
                if end > start and (start, end) not in seen:
                    seen.add((start, end))
                    found.append(_Candidate(kind, start, end, match))
    # longest first, then the grammar's priority; keep what does not overlap a better one
    found.sort(key=lambda c: (-(c.end - c.start), _PRIORITY[c.kind], c.start))
    chosen: list[_Candidate] = []
    taken = bytearray(len(text))
    for candidate in found:
        if not any(taken[candidate.start:candidate.end]):
            chosen.append(candidate)
            taken[candidate.start:candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return sorted(chosen, key=lambda c: c.start)


def _is_financial(text: str) -> bool:
    return bool(_PERIOD_WORDS.search(text) and _RESULTS_WORDS.search(text))


def tag_times(doc: Doc, published: dt.date | None) -> list[Timex]:
    """Every time expression in the document, normalised (see module docstring)."""
    text = doc.text
    story = _Story(doc, text, published, financial=_is_financial(text))
    times: list[Timex] = []
    for candidate in _candidates(text):
        try:
            value = _HANDLERS[candidate.kind](candidate, candidate.match.groupdict(), story)
        except (OverflowError, ValueError):  # "99999999 days ago": no such date, so no value
            value = None
        if value is None:
            continue
        start, end = value.span or (candidate.start, candidate.end)
        anchor = None
        if value.anchored:
            narrative_kind = candidate.kind in _NARRATIVE_KINDS and story.narrative is not None
            anchor = story.narrative.isoformat() if narrative_kind else "published"
        times.append(Timex(text[start:end], (start, end), value.type, value.value, value.mod, anchor))
        if value.fixes_day is not None and candidate.kind in _ANCHORING_KINDS | {"holiday"}:
            story.narrative = value.fixes_day
            story.narrative_year = value.fixes_day.year
        elif candidate.kind in _YEAR_KINDS and value.value[:4].isdigit():
            story.narrative_year = int(value.value[:4])
    return times
