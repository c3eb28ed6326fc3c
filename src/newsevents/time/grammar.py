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
TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# "twenty-four", "twenty four"; "2 1/2" and "2.5"
COMPOUND_NUMBER = rf"(?:{'|'.join(TENS_WORDS)})[-\s](?:{'|'.join(UNIT_WORDS)})\b"
NUMBER = (r"(?:\d+(?:\s+1/2|\.\d+)?|" + COMPOUND_NUMBER + "|"
          + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + ")")
# spelled-out years as broadcast transcripts write them: "nineteen ninety-six", "two thousand one"
_TEENS = r"(?:fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
_YEAR_TAIL = rf"(?:(?:{'|'.join(TENS_WORDS)})(?:[-\s](?:{'|'.join(UNIT_WORDS)}))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred|oh[-\s](?:{'|'.join(UNIT_WORDS)}))"
SPELLED_YEAR = rf"(?:{_TEENS}[-\s]{_YEAR_TAIL}|two\s+thousand(?:\s+(?:and\s+)?(?:{'|'.join(UNIT_WORDS)}|ten|eleven|twelve))?)"
# holidays: fixed (month, day) or computed by name in `holidays.py`
HOLIDAY = (r"(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year'?s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|"
           r"Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Independence\s+Day|Halloween|Valentine'?s\s+Day|"
           r"Veterans'?\s+Day|Memorial\s+Day|Labou?r\s+Day|Election\s+Day|Boxing\s+Day|"
           r"Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day|Presidents'?\s+Day|Columbus\s+Day|"
           r"Armistice\s+Day|Bastille\s+Day|May\s+Day|All\s+Saints'?\s+Day|Ash\s+Wednesday|"
           r"Palm\s+Sunday|Pentecost|Fourth\s+of\s+July)")
UNIT = r"(?:second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ie))s?"
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
SEASON = r"(?:spring|summer|autumn|fall|winter)"
EDGE = r"(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)"
I = re.IGNORECASE

# (kind, pattern) in priority order: earlier kinds win ties between spans of equal length.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso_date", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("numeric_date", re.compile(r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])")),
    # "on 15/03", "(10/02)": a day and month without a year, as wire notes write them; only where the
    # context says it is a date, since "1/2" or "3/4" are fractions and scores
    ("numeric_day_month", re.compile(
        r"(?:\b(?:on|of|dated|since|from|until|till|by|between|and|to)\s+|\()"
        r"(?P<t>(?P<a>\d{1,2})/(?P<b>\d{1,2}))(?![\d/])(?!\s*(?:of|per|percent|%))", I)),
    ("weekday_date", re.compile(
        rf"\b(?P<wd>{WEEKDAY}),?\s+(?:(?P<d1>{DAY})(?:\s+of)?\s+(?P<mon1>{MONTH})|(?P<mon2>{MONTH})\s+(?P<d2>{DAY})\b)"
        rf"(?:,?\s+(?P<y>{YEAR}))?(?!\s*\d)")),
    ("clock_day", re.compile(
        rf"\b(?:(?P<h>\d{{1,2}})(?:[:.](?P<min>\d{{2}}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)|(?P<word>noon|midnight|midday))"
        rf"(?:\s+(?P<tz>GMT|UTC|EST|EDT|CST|CDT|PST|PDT|CET|local\s+time))?,?\s+(?:on\s+)?"
        rf"(?P<day>(?:(?i:last|next|this)\s+)?{WEEKDAY}|(?i:today|yesterday|tomorrow)|{MONTH}\s+{DAY}\b|{DAY}\s+{MONTH}\b)(?!\s*,?\s*\d)")),
    ("day_month_year", re.compile(
        rf"\b(?P<edge>{EDGE}[-\s]+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH}),?\s+(?P<y>{YEAR})\b")),
    ("month_day_year", re.compile(
        rf"\b(?P<mon>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})\b")),
    ("week_of", re.compile(rf"\b(?i:the\s+week\s+of)\s+(?:(?P<d1>{DAY})\s+(?P<mon1>{MONTH})|(?P<mon2>{MONTH})\s+(?P<d2>{DAY}))\b(?!,?\s*\d)")),
    ("day_month", re.compile(rf"\b(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MONTH})\b")),
    ("month_day", re.compile(rf"\b(?P<mon>{MONTH})\s+(?P<d>{DAY})\b(?!\s*(?:,\s*)?\d)(?!-)")),
    ("month_year", re.compile(
        rf"\b(?P<edge>(?i:{EDGE})[-\s]+)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR})\b")),
    ("month_spelled_year", re.compile(rf"\b(?P<mon>{MONTH})\s+(?:of\s+)?(?P<sy>(?i:{SPELLED_YEAR}))\b")),
    ("month_rel_year", re.compile(
        rf"\b(?P<mon>{MONTH})\s+(?:of\s+)?(?P<rel>(?i:this|last|next))\s+year\b(?!'s)")),
    ("spelled_year", re.compile(
        rf"(?:\b(?i:in|since|until|till|by|of|during|from|to|before|after|through|between|and|or|for|fiscal|year|around|circa|the\s+year)\s+|^|(?<=[.!?]\s))"
        rf"(?P<t>(?P<sy>(?i:{SPELLED_YEAR})))\b(?![-\s]+(?:year|month|day|week|hour|minute|dollar|percent|people|times)s?\b)")),
    ("spelled_year_the", re.compile(rf"\bthe\s+year\s+(?P<sy>(?i:{SPELLED_YEAR}))\b", I)),
    ("holiday", re.compile(
        rf"\b(?P<t>(?:(?P<rel>(?i:last|next|this))\s+)?(?P<name>{HOLIDAY})(?:\s+(?P<y>{YEAR}))?)\b(?!\s+(?:Island|tree|card|party|parade|present|gift|season|sale)s?\b)")),
    ("month", re.compile(
        rf"\b(?i:in|since|until|till|by|during|from|through|before|after|of|and|or|to|between|for)\s+"
        rf"(?P<t>(?P<mon>{MONTH}))\b(?!\s+\d)")),
    ("month_relative", re.compile(
        rf"\b(?P<mod>(?i:last|next|this|early|late|mid))[-\s]+(?P<mon>{MONTH})\b(?!\s+\d)")),
    ("month_with_edge", re.compile(rf"\b(?P<edge>(?i:{EDGE}))[-\s]+(?P<mon>{MONTH})\b(?!\s+\d)")),
    ("decade", re.compile(
        r"\b(?P<the>the\s+)?(?P<edge>(?:early|mid|late)[-\s]+)?(?P<dec>(?:1[5-9]|20)\d0|'\d0|\d0)s\b", I)),
    ("half_year", re.compile(
        rf"\b(?:the\s+)?(?P<h>first|second|last|latter)\s+(?:half|two\s+quarters)(?:\s+of\s+(?:(?P<y>{YEAR})|(?P<rel>this|last|next)\s+year|the\s+year))\b", I)),
    ("spelled_decade", re.compile(
        r"\bthe\s+(?P<edge>(?:early|mid|late)[-\s]+)?(?P<dec>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b", I)),
    ("century", re.compile(r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[-\s]+century\b", I)),
    ("year", re.compile(
        rf"(?:\b(?i:in|since|until|till|by|of|during|from|to|before|after|through|between|and|or|for|fiscal|year|around|circa)\s+|^)"
        rf"(?P<t>(?P<edge>(?i:{EDGE})[-\s]+)?(?P<y>{YEAR}))\b(?!\s*(?:%|per\s*cent|percent))(?![,.]\d)")),
    ("year_edge", re.compile(rf"\b(?P<edge>(?i:{EDGE}))[-\s]+(?P<y>{YEAR})\b")),
    ("year_punct", re.compile(rf"(?<![\d,.$])\b(?P<y>{YEAR})(?=(?:'s)?\s*[.,;:)](?!\d)|\s*$)")),
    ("quarter", re.compile(
        rf"\b(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last)[-\s]+quarter\b"
        rf"(?:\s+of\s+(?:(?P<y>{YEAR})|this\s+year|last\s+year))?", I)),
    ("season", re.compile(
        rf"\b(?:(?P<rel>last|this|next|early|late|the)\s+)?(?P<season>{SEASON})(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<sy>{SPELLED_YEAR})))?\b", I)),
    ("weekday", re.compile(
        rf"\b(?:(?P<rel>(?i:last|next|this|coming|past|previous))\s+)?(?P<wd>{WEEKDAY})"
        rf"(?:\s+(?P<pod>(?i:{PART_OF_DAY})))?\b(?!\s*\(?\s*\d)")),
    ("weekday_set", re.compile(
        rf"\b(?P<wd>{WEEKDAY})(?:s|\s+(?P<pod>(?i:mornings|afternoons|evenings|nights)))\b")),
    ("deictic_day", re.compile(
        rf"\b(?P<day>today|yesterday|tomorrow|tonight|last\s+night)(?:\s+(?P<pod>{PART_OF_DAY}))?\b", I)),
    ("this_part_of_day", re.compile(rf"\bthis\s+(?P<pod>morning|afternoon|evening)\b", I)),
    ("ago", re.compile(
        rf"\b(?P<n>{NUMBER}|several|a\s+few|few)\s+(?P<unit>{UNIT})\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|later|back|previously|from\s+now|hence|"
        rf"(?:before|after)(?=\s*(?:[.,;:!?)'\"]|$|--|_|\s+(?:and|or|but|when|that)\b)))", I)),
    ("anaphoric_unit", re.compile(
        r"\b(?P<rel>the\s+(?:following|next|previous|preceding|prior)|that|that\s+same|the\s+same)\s+"
        r"(?P<unit>day|morning|afternoon|evening|night|week|weekend|month|year)\b(?!\s+(?:of|before|after)\b)(?!-)", I)),
    ("that_unit_edge", re.compile(
        r"\b(?P<edge>earlier|later)\s+(?P<rel>that|the\s+same)\s+(?P<unit>day|week|month|year)\b", I)),
    ("year_end", re.compile(r"\b(?:the\s+)?(?:year[-\s]end|year's\s+end|end\s+of\s+the\s+year)\b", I)),
    ("relative_unit", re.compile(
        r"\b(?:(?:earlier|later)\s+(?:in\s+)?)?(?P<t>(?P<rel>last|next|this|coming|past|previous|current|the\s+current|the\s+same|early\s+this|late\s+last|early\s+last|early\s+next|late\s+this)\s+"
        r"(?:fiscal\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century))\b(?!'s\s+(?:first|second|third|fourth)\b)(?!-(?:old|long)\b)", I)),
    ("edge_the_unit", re.compile(
        r"\b(?:earlier|later)\s+(?:in\s+)?(?P<t>(?P<rel>the)\s+(?P<unit>week|month|year))\b(?!'s)", I)),
    ("the_unit", re.compile(r"\b(?P<the>the|that|this)\s+(?P<unit>weekend)\b", I)),
    ("span_back", re.compile(
        rf"\b(?P<rel>the\s+(?:past|last|previous|next|first|following|final)|(?:past|last|next|first|previous))\s+"
        rf"(?:(?P<n>{NUMBER}|several|a\s+few|few|many|couple\s+of|a\s+couple\s+of)\s+)?(?P<unit>{UNIT})\b(?!-)", I)),
    ("vague_span", re.compile(
        r"\b(?:(?:in|over|during|for)\s+the\s+|in\s+)?(?P<t>(?P<rel>recent|coming|past|ensuing|following)\s+(?P<unit>days|weeks|months|years|decades|quarters))\b", I)),
    ("duration", re.compile(
        rf"\b(?P<n>{NUMBER}|several|a\s+few|few|many|some)(?P<half1>\s+and\s+a\s+half)?(?:\s+more)?[-\s]+(?P<unit>{UNIT})"
        rf"(?P<half>\s+and\s+a\s+half)?(?![-\s]+old)\b", I)),
    ("plural_units", re.compile(r"\b(?i:for|over|within)\s+(?P<t>(?P<unit>(?:days|weeks|months|years|decades|centuries)))\b")),
    ("set", re.compile(
        rf"\b(?P<q>(?i:every|each|per))\s+(?:(?P<n>{NUMBER})\s+)?(?P<unit>(?i:{UNIT})|{WEEKDAY}|{MONTH}|(?i:morning|night|evening))\b")),
    ("set_adverb", re.compile(r"\b(?:on\s+an?\s+)?(?P<adv>daily|weekly|monthly|annually|yearly|nightly|hourly)(?:\s+basis)?\b(?!\s+(?:newspaper|paper|magazine))", I)),
    ("clock", re.compile(
        r"\b(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?P<tz>GMT|UTC|EST|EDT|PST|PDT|CET|local\s+time))?", I)),
    ("clock_24", re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)\s*(?P<tz>GMT|UTC|EST|EDT|local\s+time)\b", I)),
    ("noon", re.compile(r"\b(?P<word>noon|midnight|midday)\b", I)),
    ("present", re.compile(r"\b(?:now|currently|at\s+present|nowadays|these\s+days|at\s+the\s+moment|right\s+now)\b", I)),
    ("past", re.compile(r"\b(?:(?:more\s+|most\s+|until\s+)?recently|lately|in\s+the\s+past)\b", I)),
    ("past_adjective", re.compile(r"\brecent(?=\s+(?:times|history|past|weeks\s+and\s+months)\b)", I)),
    ("present_adjective", re.compile(
        r"\bcurrent(?=\s+(?!accounts?\b|affairs\b|events\b|quarter\b|year\b|month\b|week\b|fiscal\b)[a-z])", I)),
    ("future", re.compile(
        r"\b(?:(?:the\s+)?(?:near\s+|foreseeable\s+|distant\s+)?future|(?<!as\s)soon(?!\s+(?:as|after|afterwards?|thereafter)\b)|as\s+soon\s+as\s+possible)\b(?!\s+(?:tense|contracts?|generations?))", I)),
    ("the_quarter", re.compile(
        r"\bthe\s+(?:(?P<latest>latest|most\s+recent|recent|fiscal|current|full|just-ended|just\s+ended)\s+)?(?:fiscal\s+)?(?P<which>quarter|period|three\s+months|year)\b"
        r"(?!\s+(?:of|century|mile|million|billion|point|share|percent|stake|interest|in\s+which|when\s+the|before|after|earlier|later|ago)\b)(?!-|'s)", I)),
    ("year_ago_period", re.compile(
        r"\b(?:(?:the|a|its)\s+)?(?:comparable\s+|corresponding\s+|same\s+)?(?:year-?\s?(?:ago|earlier)|prior-year|previous-year)\s+"
        r"(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?(?P<which>quarter|period|three\s+months|months)\b", I)),
    ("year_ago_adjective", re.compile(r"\b(?<!-)(?:year-(?:ago|earlier))\b(?!\s+(?:quarter|period|three|first|second|third|fourth|1st|2nd|3rd|4th)\b)", I)),
    ("period_last_year", re.compile(
        r"\b(?:the\s+)?(?:(?:same|corresponding|comparable|year-ago)\s+)?(?P<which>quarter|period|three\s+months)\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year|of\s+last\s+year|in\s+(?P<y>(?:19|20)\d\d))\b", I)),
    ("last_years_quarter", re.compile(
        r"\b(?P<rel>last|this|next)\s+year's\s+(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?(?P<which>quarter|period|half)\b", I)),
    ("year_quarter", re.compile(
        rf"\b(?:the\s+)?(?P<y>{YEAR})\s+(?:(?:fiscal|calendar)\s+)?(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+)?(?P<which>quarter|period|half)\b", I)),
    ("bare_year", re.compile(
        r"(?<![\d$#.,/-])\b(?P<y>(?:19[0-9]\d|20[0-4]\d))\b(?!\s*(?:GMT|UTC|Z\b|hrs\b|hours\b|h\b|local\b))(?![,.]?\d)(?!\s*(?:%|per\s*cent|percent))"
        r"(?!\s+(?:people|persons|troops|soldiers|men|women|children|feet|foot|meters|metres|miles|km|kilometers|kilometres|tons|tonnes|dollars|euros|pounds|yen|points|votes|cases|deaths|members|residents|families|homes|units|shares|acres|hectares|barrels|calories|cc|kg|pounds|ft)\b)")),
]

# Words that keep a capitalised month name from being the month ("May" the modal verb).
NOT_A_MONTH_AFTER = re.compile(r"^\s+(?:be|have|not|also|well|never|still|want|need|take|make|do|go|come|help|lead)\b", I)

# Substrings (lower case) a text must contain for a pattern to be worth running: a cheap gate that
# keeps rare patterns from scanning every document.
GATES: dict[str, tuple[str, ...]] = {
    "spelled_year": ("teen", "twenty", "thousand"),
    "spelled_year_the": ("the year",),
    "month_spelled_year": ("teen", "twenty", "thousand"),
    "spelled_decade": ("ties",),
    "holiday": ("christmas", "new year", "thanksgiving", "easter", "good friday", "independence day",
                "halloween", "valentine", "veteran", "memorial day", "labor day", "labour day",
                "election day", "boxing day", "king", "presidents", "columbus day", "armistice",
                "bastille", "may day", "saints", "ash wednesday", "palm sunday", "pentecost", "of july"),
    "century": ("centur",),
    "clock": ("a.m", "p.m", "am", "pm"),
    "clock_day": ("a.m", "p.m", "am", "pm", "noon", "midnight", "midday"),
    "clock_24": (":",),
    "noon": ("noon", "midnight", "midday"),
    "quarter": ("quarter",),
    "the_quarter": ("quarter", "period", "months", "year"),
    "year_ago_period": ("year-", "year ", "prior-", "previous-"),
    "year_ago_adjective": ("year-",),
    "period_last_year": ("last year", "a year", " in 19", " in 20"),
    "last_years_quarter": ("year's",),
    "year_quarter": ("quarter", "period", "half"),
    "half_year": ("half", "two quarters"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "year_end": ("end",),
    "weekday_date": ("day,", "day ",),
    "set": ("every", "each", "per"),
}

# Patterns that always contain a unit word ("two days ago", "the past three years") run only in
# windows around the unit words of a text: scanning a number alternation at every word is the
# stage's main cost. The window reaches further than any such expression does.
UNIT_WORD = re.compile(
    r"\b(?:second|minute|hour|day|week|weekend|fortnight|month|year|decade|centur(?:y|ie)|quarter|morning|afternoon"
    r"|evening|night)s?\b", I)
WINDOWED = frozenset({"ago", "duration", "span_back", "vague_span", "plural_units", "relative_unit", "edge_the_unit",
                      "the_unit", "anaphoric_unit", "that_unit_edge", "year_end", "this_part_of_day"})
WINDOW_BEFORE, WINDOW_AFTER = 64, 48

# Cheap tests a text must pass for a family of patterns to run at all.
_MONTH_WORD = re.compile(MONTH + r"(?![a-z])")
_WEEKDAY_WORD = re.compile(WEEKDAY)
_DIGIT = re.compile(r"\d")
_REFERENCE_WORD = re.compile(
    r"\b(?:now|current|recent|present|moment|these\s+days|previous|formerly|lately|past|future|soon)", I)
_DEICTIC_WORD = re.compile(r"\b(?:today|yesterday|tomorrow|tonight|night|morning|afternoon|evening)\b", I)
FAMILY_GATES: dict[str, re.Pattern[str]] = {
    **dict.fromkeys(("day_month_year", "month_day_year", "day_month", "month_day", "month_year", "month",
                     "month_relative", "month_with_edge", "month_spelled_year", "month_rel_year"), _MONTH_WORD),
    **dict.fromkeys(("weekday", "weekday_date", "weekday_set"), _WEEKDAY_WORD),
    **dict.fromkeys(("iso_date", "numeric_date", "numeric_day_month", "year", "year_edge", "year_punct", "bare_year", "decade",
                     "year_quarter", "clock", "clock_24"), _DIGIT),
    **dict.fromkeys(("present", "past", "past_adjective", "present_adjective", "future"), _REFERENCE_WORD),
    **dict.fromkeys(("deictic_day", "this_part_of_day"), _DEICTIC_WORD),
}
