"""The grammar of English time expressions in news: compiled patterns and their word tables.

Each pattern names the kind of expression it finds; `tagger` turns a match into a TIMEX3 value.
Month and weekday names are matched case-sensitively ("March" the month, not "march" the verb;
"May" the month only where a date context confirms it).
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
            "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
            "fri": 5, "sat": 6, "sun": 7}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
    "half a": 0.5, "a half": 0.5,
}
VAGUE_NUMBERS = ("several", "a few", "few", "many", "some", "numerous", "recent", "coming", "past")
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "fortnight": "W",
         "month": "M", "year": "Y", "decade": "DE", "century": "CE"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
            "final": 4, "last": 4}


def _names(words: dict[str, int], min_len: int = 3) -> str:
    """Alternation of Capitalised and UPPER forms (abbreviations may end in a full stop)."""
    forms: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        if len(word) < min_len:
            continue
        dot = r"\.?" if len(word) <= 4 and word not in ("may", "june", "july") else ""
        forms += [re.escape(word.capitalize()) + dot, re.escape(word.upper()) + dot]
    return "(?:" + "|".join(forms) + ")"


MONTH = _names(MONTHS)
WEEKDAY = _names({w: n for w, n in WEEKDAYS.items() if len(w) > 4})  # full names only: "Sun" is a paper
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
# a year, unless it is a 24-hour clock time ("at 1800 GMT", "0600 hours")
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?!\s*(?:GMT|UTC|Z\b|hrs\b|hours\b|h\b|local\b))"
NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")"
UNIT = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ie))s?"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
EDGE = r"(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)"
I = re.IGNORECASE

# (kind, pattern) in priority order: earlier kinds win ties between spans of equal length.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso_date", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("numeric_date", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")),
    ("day_month_year", re.compile(
        rf"\b(?P<edge>{EDGE}[-\s]+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH}),?\s+(?P<y>{YEAR})\b")),
    ("month_day_year", re.compile(
        rf"\b(?P<mon>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})\b")),
    ("day_month", re.compile(rf"\b(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH})\b")),
    ("month_day", re.compile(rf"\b(?P<mon>{MONTH})\s+(?P<d>{DAY})\b(?!\s*(?:,\s*)?\d)(?!-)")),
    ("month_year", re.compile(
        rf"\b(?P<edge>(?i:{EDGE})[-\s]+)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR})\b")),
    ("month", re.compile(
        rf"\b(?i:in|since|until|till|by|during|from|through|before|after|of|and|or|to|between)\s+"
        rf"(?P<t>(?P<mon>{MONTH}))\b(?!\s+\d)")),
    ("month_relative", re.compile(
        rf"\b(?P<mod>(?i:last|next|this|early|late|mid))[-\s]+(?P<mon>{MONTH})\b(?!\s+\d)")),
    ("month_with_edge", re.compile(rf"\b(?P<edge>(?i:{EDGE}))[-\s]+(?P<mon>{MONTH})\b(?!\s+\d)")),
    ("decade", re.compile(
        r"\b(?P<the>the\s+)?(?P<edge>(?:early|mid|late)[-\s]+)?(?P<dec>(?:1[5-9]|20)\d0|'\d0|\d0)s\b", I)),
    ("century", re.compile(r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[-\s]+century\b", I)),
    ("year", re.compile(
        rf"(?:\b(?i:in|since|until|till|by|of|during|from|to|before|after|through|between|and|or|for|fiscal|year|around|circa)\s+|^)"
        rf"(?P<t>(?P<edge>(?i:{EDGE})[-\s]+)?(?P<y>{YEAR}))\b(?!\s*(?:%|per\s*cent|percent))(?![,.]\d)")),
    ("year_edge", re.compile(rf"\b(?P<edge>(?i:{EDGE}))[-\s]+(?P<y>{YEAR})\b")),
    ("year_punct", re.compile(rf"(?<![\d,.$])\b(?P<y>{YEAR})(?=(?:'s)?\s*[.,;:)]|\s*$)")),
    ("quarter", re.compile(
        rf"\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[-\s]+quarter\b"
        rf"(?:\s+of\s+(?:(?P<y>{YEAR})|this\s+year|last\s+year))?", I)),
    ("season", re.compile(
        rf"\b(?:(?P<rel>last|this|next|early|late|the)\s+)?(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR}))?\b", I)),
    ("weekday", re.compile(
        rf"\b(?:(?P<rel>(?i:last|next|this|coming|past|previous))\s+)?(?P<wd>{WEEKDAY})"
        rf"(?:\s+(?P<pod>(?i:{PART_OF_DAY})))?\b(?!\s*\(?\s*\d)")),
    ("deictic_day", re.compile(
        rf"\b(?P<day>today|yesterday|tomorrow|tonight|last\s+night)(?:\s+(?P<pod>{PART_OF_DAY}))?\b", I)),
    ("this_part_of_day", re.compile(rf"\bthis\s+(?P<pod>morning|afternoon|evening)\b", I)),
    ("ago", re.compile(
        rf"\b(?P<n>{NUMBER}|several|a\s+few|few)\s+(?P<unit>{UNIT})\s+(?P<dir>ago|earlier|later|before|after|back|previously|from\s+now|hence)\b", I)),
    ("relative_unit", re.compile(
        r"\b(?:(?:earlier|later)\s+(?:in\s+)?)?(?P<t>(?P<rel>last|next|this|coming|past|previous|current|the\s+same|early\s+this|late\s+last|early\s+last|early\s+next|late\s+this|the)\s+"
        r"(?P<unit>week|weekend|month|year|quarter|decade|century))\b", I)),
    ("the_unit", re.compile(r"\b(?P<the>the|that|this)\s+(?P<unit>weekend)\b", I)),
    ("span_back", re.compile(
        rf"\b(?P<rel>the\s+(?:past|last|previous|next|coming|first|following|final)|(?:past|last|next|coming|first|previous))\s+"
        rf"(?:(?P<n>{NUMBER}|several|a\s+few|few|many)\s+)?(?P<unit>{UNIT})\b", I)),
    ("duration", re.compile(
        rf"\b(?P<n>{NUMBER}|several|a\s+few|few|many|some)(?:\s+and\s+a\s+half)?(?:\s+more)?[-\s]+(?P<unit>{UNIT})(?![-\s]+old)\b", I)),
    ("plural_units", re.compile(r"\b(?i:for|over|within)\s+(?P<t>(?P<unit>(?:days|weeks|months|years|decades)))\b")),
    ("set", re.compile(
        rf"\b(?P<q>every|each|per)\s+(?:(?P<n>{NUMBER})\s+)?(?P<unit>{UNIT}|{WEEKDAY}|morning|night|evening)\b", I)),
    ("set_adverb", re.compile(r"\b(?P<adv>daily|weekly|monthly|annually|yearly|nightly|hourly)\b(?!\s+(?:newspaper|paper|basis))", I)),
    ("clock", re.compile(
        r"\b(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?P<tz>GMT|UTC|EST|EDT|PST|PDT|CET|local\s+time))?", I)),
    ("clock_24", re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)\s*(?P<tz>GMT|UTC|EST|EDT|local\s+time)\b", I)),
    ("noon", re.compile(r"\b(?P<word>noon|midnight|midday)\b", I)),
    ("present", re.compile(r"\b(?:now|currently|at\s+present|nowadays|these\s+days|at\s+the\s+moment|right\s+now)\b", I)),
    ("past", re.compile(r"\b(?:recently|lately|in\s+the\s+past|in\s+recent\s+(?:years|months|weeks|days))\b", I)),
    ("past_adjective", re.compile(r"\brecent(?=\s+(?:years|months|weeks|days|times|history|past|decades)\b)", I)),
    ("present_adjective", re.compile(r"\bcurrent(?=\s+(?:quarter|year|month|week|period|fiscal|season|session|term)\b)", I)),
    ("future", re.compile(r"\b(?:(?:the\s+)?(?:near\s+)?future|soon|in\s+the\s+coming\s+(?:days|weeks|months|years))\b(?!\s+(?:tense|contracts?|generations?))", I)),
    ("the_quarter", re.compile(r"\bthe\s+(?:latest|most\s+recent|recent|fiscal|same|year-(?:ago|earlier)\s+)?\s*(?P<which>quarter|period)\b(?=\s*(?:[,.;]|ended|ending|earlier|compared|,?\s+when|\s+a\s+year))", I)),
    ("bare_year", re.compile(
        r"(?<![\d$#.,/-])\b(?P<y>(?:19[0-9]\d|20[0-4]\d))\b(?!\s*(?:GMT|UTC|Z\b|hrs\b|hours\b|h\b|local\b))(?![,.]?\d)(?!\s*(?:%|per\s*cent|percent))"
        r"(?!\s+(?:people|persons|troops|soldiers|men|women|children|feet|foot|meters|metres|miles|km|kilometers|kilometres|tons|tonnes|dollars|euros|pounds|yen|points|votes|cases|deaths|members|residents|families|homes|units|shares|acres|hectares|barrels|calories|cc|kg|pounds|ft)\b)")),
]

# Words that keep a capitalised month name from being the month ("May" the modal verb).
NOT_A_MONTH_AFTER = re.compile(r"^\s+(?:be|have|not|also|well|never|still|want|need|take|make|do|go|come|help|lead)\b", I)
