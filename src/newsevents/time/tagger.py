"""Find time expressions and normalise them to TIMEX3 values.

Relative expressions resolve against the publication date, or for "two days later" / "a week
earlier" against the last explicit date of the story (its narrative anchor). The tense of the
governing verb decides the direction of bare weekdays, months and day-months: "on Monday" in a
past-tense sentence is the Monday before publication, "will meet on Monday" the one after.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from ..contract import Timex
from .grammar import (
    MONTHS, NOT_A_MONTH_AFTER, NUMBER_WORDS, ORDINALS, PATTERNS, UNITS, WEEKDAYS,
)
from .values import (
    PARTS_OF_DAY, SEASONS, add_months, day_value, month_value, safe_date, week_value,
)

EDGE_MODS = {"early": "START", "beginning": "START", "start": "START", "first half": "START",
             "mid": "MID", "middle": "MID", "late": "END", "end": "END", "second half": "END"}
# kinds that resolve against the story's last explicit date rather than the publication date
_SENTENCE_FUTURE = re.compile(r"\b(?:will|shall|'ll)\b", re.IGNORECASE)
_PLANNING_VERBS = frozenset({"plan", "schedule", "expect", "intend", "hope", "aim", "set", "due", "want",
                             "agree", "promise", "vow", "threaten", "prepare", "propose", "decide"})
_NARRATIVE_KINDS = frozenset({"day_month", "month_day", "ago"})
_PRIORITY = {kind: rank for rank, (kind, _) in enumerate(PATTERNS)}


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


def _word_number(text: str) -> float | None:
    text = re.sub(r"\s+", " ", text.strip().lower())
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    return NUMBER_WORDS.get(text)


def _format_number(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _edge_mod(edge: str | None) -> str | None:
    if not edge:
        return None
    edge = re.sub(r"[-\s]+", " ", edge.lower()).strip()
    for key, mod in EDGE_MODS.items():
        if key in edge:
            return mod
    return None


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _year_of(text: str) -> int:
    return int(text)


# --- tense ---------------------------------------------------------------------------------

def _tense(doc: Doc, start: int, end: int) -> str:
    """"past", "future" or "present" for the clause an expression sits in (past when unclear)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "past"
    token = span.root
    for _ in range(6):  # walk up to the governing verb
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return "future" if _SENTENCE_FUTURE.search(token.sent.text) else "past"
    auxes = [child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")]
    if any(a in ("will", "shall", "'ll", "wo") for a in auxes):
        return "future"
    if token.tag_ in ("VBD", "VBN") or any(a in ("was", "were", "did", "had", "has", "have") for a in auxes):
        return "past"
    if "to" in auxes:  # "plans to meet on Monday", "is expected to vote in March"
        governor = token.head
        if governor.lemma_ in _PLANNING_VERBS or (governor.lower_ == "going" and governor.head is not governor):
            return "future"
        return _tense_of_token(governor)
    return _tense_of_token(token)


def _tense_of_token(token) -> str:
    if token.tag_ in ("VBD", "VBN"):
        return "past"
    if token.tag_ == "MD" or any(c.lower_ in ("will", "shall", "'ll") for c in token.children):
        return "future"
    return "present" if token.tag_ in ("VBZ", "VBP", "VBG", "VB") else "past"


# --- resolution helpers ----------------------------------------------------------------------

def _nearest_day(ref: dt.date, month: int, day: int, tense: str) -> dt.date | None:
    """The year for a day-month without one: the last before `ref`, the next after, or the nearest."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := safe_date(y, month, day))]
    if not options:
        return None
    if tense == "future":
        after = [d for d in options if d >= ref]
        return min(after) if after else None
    if tense == "past":
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
    if relation == "future":
        return ref.year if month >= ref.month else ref.year + 1
    if relation == "present":  # unclear: the nearest occurrence
        return min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs((y - ref.year) * 12 + month - ref.month))
    return ref.year if month <= ref.month else ref.year - 1  # past


_MODIFIER_RELATION = {"last": "last", "past": "last", "previous": "last", "next": "next", "coming": "next",
                      "this": "this"}


def _relation(modifier: str | None, tense: Callable[[], str]) -> str:
    """"last", "next" or "this" from a modifier word; else the clause's tense (past/future/present)."""
    return _MODIFIER_RELATION.get((modifier or "").lower().strip()) or tense()


def _weekday(ref: dt.date, weekday: int, relation: str) -> dt.date:
    today = ref.isoweekday()
    if relation == "last":
        return ref - dt.timedelta(days=(today - weekday) % 7 or 7)
    if relation == "next":
        return ref + dt.timedelta(days=(weekday - today) % 7 or 7)
    if relation == "this":
        return ref + dt.timedelta(days=weekday - today)
    if relation == "future":
        return ref + dt.timedelta(days=(weekday - today) % 7)
    return ref - dt.timedelta(days=(today - weekday) % 7)  # past: news says "on Tuesday" for today too


def _weekend(ref: dt.date, relation: str) -> str:
    on_weekend = ref.isoweekday() >= 6
    if relation == "last":
        return week_value(ref - dt.timedelta(days=7 if on_weekend else ref.isoweekday()), weekend=True)
    if relation == "next":
        return week_value(ref + dt.timedelta(days=7), weekend=True)
    if relation == "future" or (relation == "this" and not on_weekend) or on_weekend:
        return week_value(ref, weekend=True)
    return week_value(ref - dt.timedelta(days=ref.isoweekday()), weekend=True)  # the one just past


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


def _unit_code(word: str, amount_hint: str = "") -> str:
    word = word.lower().rstrip("s")
    if word.startswith("centur"):
        return "CE"
    if word == "minute":
        return "M_minute"
    return UNITS.get(word, "D")


def _duration(amount: float | None, unit: str) -> str:
    count = "X" if amount is None else _format_number(amount)
    if unit in ("H", "M_minute", "S"):
        return f"PT{count}{'M' if unit == 'M_minute' else unit}"
    return f"P{count}{unit}"


# --- normalisation of one match --------------------------------------------------------------

def _normalise(c: _Candidate, doc: Doc, published: dt.date | None, narrative: dt.date | None,
               text: str) -> _Value | None:
    g = c.match.groupdict()
    kind = c.kind
    ref = published  # deictic anchor
    story = narrative or published  # narrative anchor

    def tense() -> str:
        return _tense(doc, c.start, c.end)

    if kind == "iso_date":
        day = safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return _Value("DATE", day.isoformat(), fixes_day=day) if day else None
    if kind == "numeric_date":
        a, b, year = int(g["a"]), int(g["b"]), int(g["y"])
        year = year + (1900 if year >= 50 else 2000) if year < 100 else year
        month, day_number = (b, a) if a > 12 else (a, b)
        day = safe_date(year, month, day_number)
        return _Value("DATE", day.isoformat(), fixes_day=day) if day else None
    if kind in ("day_month_year", "month_day_year"):
        day = safe_date(int(g["y"]), _month_number(g["mon"]), int(re.sub(r"\D", "", g["d"])))
        return _Value("DATE", day.isoformat(), _edge_mod(g.get("edge")), fixes_day=day) if day else None
    if kind in ("day_month", "month_day"):
        month, day_number = _month_number(g["mon"]), int(re.sub(r"\D", "", g["d"]))
        if story is None:
            return _Value("DATE", f"XXXX-{month:02d}-{day_number:02d}") if safe_date(2000, month, day_number) else None
        day = _nearest_day(story, month, day_number, tense())
        return _Value("DATE", day.isoformat(), anchored=True, fixes_day=day) if day else None
    if kind == "month_year":
        return _Value("DATE", month_value(int(g["y"]), _month_number(g["mon"])), _edge_mod(g.get("edge")))
    if kind in ("month", "month_relative", "month_with_edge"):
        if g["mon"].rstrip(".").lower() == "may" and NOT_A_MONTH_AFTER.match(text[c.end:c.end + 12]):
            return None
        month = _month_number(g["mon"])
        relation = (g.get("mod") or "").lower().strip("- ")
        mod = _edge_mod(g.get("edge") or (relation if relation in ("early", "late", "mid") else None))
        if relation not in ("last", "next", "this"):
            relation = tense()
        if ref is None:
            return _Value("DATE", f"XXXX-{month:02d}", mod)
        return _Value("DATE", month_value(_month_year(ref, month, relation), month), mod, anchored=True)
    if kind == "decade":
        digits = g["dec"].lstrip("'")
        if len(digits) == 4:
            value = digits[:3]
        else:
            tens = int(digits[0])
            value = f"20{tens}" if tens <= 1 else f"19{tens}"
        if len(digits) == 2 and not g.get("the") and not g.get("edge"):
            return None  # a bare "90s" is more often an age or a temperature than a decade
        return _Value("DATE", value, _edge_mod(g.get("edge")))
    if kind == "century":
        number = int(g["n"])
        return _Value("DATE", f"{number - 1:02d}") if 1 <= number <= 21 else None
    if kind in ("year", "year_edge", "year_punct"):
        return _Value("DATE", g["y"], _edge_mod(g.get("edge")))
    if kind == "quarter":
        quarter = ORDINALS[g["q"].lower()]
        whole = c.match.group(0).lower()
        if g.get("y"):
            year = int(g["y"])
        elif ref is None:
            return _Value("DATE", f"XXXX-Q{quarter}")
        elif "last year" in whole:
            year = ref.year - 1
        else:
            current = (ref.month - 1) // 3 + 1
            year = ref.year - 1 if quarter > current and tense() == "past" else ref.year
        return _Value("DATE", f"{year}-Q{quarter}", anchored=not g.get("y"))
    if kind == "season":
        season = SEASONS[g["season"].lower()]
        relation = (g.get("rel") or "").lower()
        if not g.get("y") and relation in ("", "the"):
            if relation == "" or season == "FA" or re.match(r"\s+of\b", text[c.end:c.end + 4]):
                return None  # "winter clothes", "the fall of Aleppo"
        if g.get("y"):
            return _Value("DATE", f"{g['y']}-{season}", "START" if relation == "early" else "END" if relation == "late" else None)
        if ref is None:
            return _Value("DATE", f"XXXX-{season}")
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
        if relation == "this" or relation in ("early", "late"):
            year = ref.year
        elif relation == "next" or (relation == "the" and tense() == "future"):
            year = ref.year if start_month > ref.month else ref.year + 1
        else:
            year = ref.year if start_month <= ref.month else ref.year - 1
        return _Value("DATE", f"{year}-{season}", anchored=True)
    if kind == "weekday":
        weekday = WEEKDAYS[g["wd"].rstrip(".").lower()]
        relation = _relation(g.get("rel"), tense)
        pod = PARTS_OF_DAY.get((g.get("pod") or "").lower())
        if ref is None:
            return _Value("DATE", f"XXXX-WXX-{weekday}" + (f"T{pod}" if pod else ""))
        day = _weekday(ref, weekday, relation)
        return _Value("DATE", day.isoformat() + (f"T{pod}" if pod else ""), anchored=True)
    if kind in ("deictic_day", "this_part_of_day"):
        word = re.sub(r"\s+", " ", (g.get("day") or "this").lower())
        offset = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
        pod = PARTS_OF_DAY.get((g.get("pod") or "").lower()) or ("NI" if word in ("tonight", "last night") else None)
        if ref is None:
            return _Value("DATE", "PRESENT_REF" if word == "today" else "XXXX-XX-XX")
        day = ref + dt.timedelta(days=offset)
        return _Value("DATE", day.isoformat() + (f"T{pod}" if pod else ""), anchored=True)
    if kind == "ago":
        amount = _word_number(g["n"])
        unit = _unit_code(g["unit"])
        direction = g["dir"].lower()
        sign = -1 if direction in ("ago", "earlier", "before", "back", "previously") else 1
        base = ref if direction in ("ago", "back", "from now", "hence") else story
        if amount is None:
            return _Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
        if base is None:
            return _Value("DATE", "XXXX-XX-XX")
        if unit == "W" and g["unit"].lower().startswith("fortnight"):
            amount *= 2
        if unit in ("D", "H", "M_minute", "S"):
            days = int(amount) if unit == "D" else 0
            return _Value("DATE", (base + dt.timedelta(days=sign * days)).isoformat(), anchored=True)
        value = _shift(base, unit, sign * amount)
        return _Value("DATE", value, anchored=True) if value else None
    if kind in ("relative_unit", "the_unit"):
        relation = re.sub(r"\s+", " ", (g.get("rel") or g.get("the") or "").lower())
        unit = g["unit"].lower()
        if relation == "the" and not c.match.group(0).lower().startswith(("earlier", "later")):
            if unit != "weekend":
                return None  # "the year" alone is too often generic
        if ref is None:
            return _Value("DATE", "XXXX-XX-XX" if unit != "year" else "XXXX")
        base = story if relation == "the same" else ref
        step = -1 if relation.endswith("last") or relation in ("past", "previous") else 1 if relation.endswith("next") or relation == "coming" else 0
        if unit == "weekend":
            rel = {-1: "last", 1: "next"}.get(step) or ("this" if relation in ("this", "the same") else tense())
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
            return _Value("DATE", f"{year}-Q{(month - 1) // 3 + 1}", anchored=True)
        if unit == "decade":
            return _Value("DATE", f"{(base.year // 10 + step):03d}", anchored=True)
        if unit == "century":
            return _Value("DATE", f"{(base.year // 100 + step):02d}", anchored=True)
        return None
    if kind == "span_back":
        amount = _word_number(g["n"]) if g.get("n") else 1.0
        return _Value("DURATION", _duration(amount, _unit_code(g["unit"])))
    if kind == "duration":
        amount = _word_number(g["n"])
        unit = _unit_code(g["unit"])
        if unit == "W" and g["unit"].lower().startswith("fortnight") and amount is not None:
            amount *= 2
        if amount is not None and "and a half" in c.match.group(0).lower():
            amount += 0.5
        return _Value("DURATION", _duration(amount, unit))
    if kind == "plural_units":
        return _Value("DURATION", _duration(None, _unit_code(g["unit"])))
    if kind == "set":
        target = g["unit"].rstrip(".").lower()
        if target in WEEKDAYS:
            return _Value("SET", f"XXXX-WXX-{WEEKDAYS[target]}")
        if target in ("morning", "night", "evening"):
            return _Value("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[target]}")
        amount = _word_number(g["n"]) if g.get("n") else 1.0
        return _Value("SET", _duration(amount, _unit_code(target)))
    if kind == "set_adverb":
        value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                 "nightly": "XXXX-XX-XXTNI", "hourly": "PT1H"}[g["adv"].lower()]
        return _Value("SET", value)
    if kind in ("clock", "clock_24", "noon"):
        if kind == "noon":
            hour, minute = (0, 0) if g["word"].lower() == "midnight" else (12, 0)
        else:
            hour, minute = int(g["h"]), int(g.get("min") or 0)
            ampm = (g.get("ampm") or "").lower().replace(".", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            if ampm == "am" and hour == 12:
                hour = 0
            if hour > 23 or minute > 59:
                return None
        day = ref.isoformat() if ref else "XXXX-XX-XX"
        return _Value("TIME", f"{day}T{hour:02d}:{minute:02d}", anchored=ref is not None)
    if kind in ("present", "present_adjective"):
        return _Value("DATE", "PRESENT_REF")
    if kind in ("past", "past_adjective"):
        return _Value("DATE", "PAST_REF")
    if kind == "bare_year":
        return _Value("DATE", g["y"])
    if kind == "the_quarter":
        if ref is None:
            return _Value("DATE", "XXXX-QX")
        # reporting on "the quarter" in past tense means the last one completed
        back = 3 if tense() == "past" else 0
        year, month = add_months(ref.year, ref.month, -back)
        return _Value("DATE", f"{year}-Q{(month - 1) // 3 + 1}", anchored=True)
    if kind == "future":
        return _Value("DATE", "FUTURE_REF")
    return None


# --- the stage ------------------------------------------------------------------------------

def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("t") if "t" in pattern.groupindex and match.group("t") else match.span()
            if end > start:
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


def tag_times(doc: Doc, published: dt.date | None) -> list[Timex]:
    """Every time expression in the document, normalised (see module docstring)."""
    text = doc.text
    narrative: dt.date | None = None
    times: list[Timex] = []
    for candidate in _candidates(text):
        value = _normalise(candidate, doc, published, narrative, text)
        if value is None:
            continue
        anchor = None
        if value.anchored:
            narrative_kind = candidate.kind in _NARRATIVE_KINDS and narrative is not None
            anchor = narrative.isoformat() if narrative_kind else "published"
        times.append(Timex(text[candidate.start:candidate.end], (candidate.start, candidate.end),
                           value.type, value.value, value.mod, anchor))
        if value.fixes_day is not None and candidate.kind not in ("day_month", "month_day"):
            narrative = value.fixes_day
    return times
