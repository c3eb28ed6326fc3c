"""Country reference facts shared by every stage: ISO codes, names, demonyms, capitals, points.

Built once from the `countryinfo` and `pycountry` packages (public facts), with a short table of
common news usages that neither carries ("U.S.", "Britain", "DR Congo" ...). Keys are lower-cased.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources

import pycountry


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    demonym: str | None
    capital: str | None
    lat: float | None
    lon: float | None
    capital_lat: float | None
    capital_lon: float | None
    names: tuple[str, ...] = field(default=())  # every English name and spelling we accept


# News usages of country names and adjectives that the packaged data lacks.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "USA": ("U.S.", "US", "U.S.A.", "America", "United States of America", "the United States"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"),
    "COD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa", "Zaire"),
    "COG": ("Congo-Brazzaville", "Republic of Congo"),
    "RUS": ("Russian Federation",),
    "SYR": ("Syrian Arab Republic",),
    "IRN": ("Iran", "Persia"),
    "PRK": ("North Korea", "DPRK"),
    "KOR": ("South Korea",),
    "CIV": ("Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"),
    "MMR": ("Burma",),
    "CZE": ("Czech Republic",),
    "TUR": ("Turkey", "Türkiye", "Turkiye"),
    "PSE": ("Palestine", "Palestinian Territories", "West Bank", "Gaza", "Gaza Strip"),
    "VNM": ("Vietnam",),
    "LAO": ("Laos",),
    "BOL": ("Bolivia",),
    "VEN": ("Venezuela",),
    "TZA": ("Tanzania",),
    "MDA": ("Moldova",),
    "SSD": ("South Sudan",),
    "CAF": ("CAR", "Central African Republic"),
}
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "USA": ("American", "US", "U.S."),
    "GBR": ("British", "UK", "U.K.", "English", "Scottish", "Welsh"),
    "COD": ("Congolese",),
    "PSE": ("Palestinian",),
    "AFG": ("Afghan",),
    "SSD": ("South Sudanese",),
    "SDN": ("Sudanese",),
    "PAK": ("Pakistani",),
    "KEN": ("Kenyan",),
    "SOM": ("Somali",),
    "NLD": ("Dutch",),
    "PHL": ("Filipino", "Philippine"),
    "YEM": ("Yemeni",),
    "IRQ": ("Iraqi",),
    "ISR": ("Israeli",),
    "UKR": ("Ukrainian",),
    "SAU": ("Saudi",),
    "ARE": ("Emirati",),
    "NGA": ("Nigerian",),
    "NER": ("Nigerien",),
    "BGD": ("Bangladeshi",),
    "MMR": ("Burmese", "Myanmar"),
    "LBY": ("Libyan",),
    "MLI": ("Malian",),
    "BFA": ("Burkinabe", "Burkinabè"),
    "CAF": ("Central African",),
    "KOR": ("South Korean",),
    "PRK": ("North Korean",),
}


def _float_pair(value: object) -> tuple[float | None, float | None]:
    if isinstance(value, list) and len(value) == 2:
        try:
            return float(value[0]), float(value[1])
        except (TypeError, ValueError):
            pass
    return None, None


@functools.cache
def all_countries() -> dict[str, Country]:
    """Every country by ISO alpha-3 code."""
    data_dir = resources.files("countryinfo") / "data"
    info: dict[str, dict] = {}
    for entry in data_dir.iterdir():
        if entry.name.endswith(".json"):
            record = json.loads(entry.read_text(encoding="utf-8"))
            iso3 = (record.get("ISO") or {}).get("alpha3")
            if iso3:
                info[iso3] = record
    countries: dict[str, Country] = {}
    for entry in pycountry.countries:
        record = info.get(entry.alpha_3, {})
        names = {entry.name, getattr(entry, "common_name", None), getattr(entry, "official_name", None),
                 record.get("name")}
        names.update(s for s in record.get("altSpellings", ()) if len(s) > 3)
        names.update(EXTRA_NAMES.get(entry.alpha_3, ()))
        lat, lon = _float_pair(record.get("latlng"))
        capital_lat, capital_lon = _float_pair(record.get("capital_latlng"))
        countries[entry.alpha_3] = Country(
            iso3=entry.alpha_3, iso2=entry.alpha_2,
            name=getattr(entry, "common_name", None) or record.get("name") or entry.name,
            demonym=record.get("demonym") or None, capital=record.get("capital") or None,
            lat=lat, lon=lon, capital_lat=capital_lat, capital_lon=capital_lon,
            names=tuple(sorted(n for n in names if n)),
        )
    return countries


@functools.cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in all_countries().values():
        for name in country.names:
            index.setdefault(name.lower(), country.iso3)
    for iso3, names in EXTRA_NAMES.items():  # the news usage wins over a coincidental alt spelling
        for name in names:
            index[name.lower()] = iso3
    return index


@functools.cache
def _demonym_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in all_countries().values():
        if country.demonym and country.demonym != country.name:
            index.setdefault(country.demonym.lower(), country.iso3)
    for iso3, words in EXTRA_DEMONYMS.items():
        for word in words:
            index[word.lower()] = iso3
    return index


def country_by_name(name: str) -> Country | None:
    """The country a name or spelling denotes ("Syria", "U.S.", "Britain"), else None."""
    iso3 = _name_index().get(name.strip().lower())
    if iso3 is None and name.lower().startswith("the "):
        iso3 = _name_index().get(name[4:].strip().lower())
    return all_countries().get(iso3) if iso3 else None


def country_by_demonym(word: str) -> Country | None:
    """The country of a nationality adjective ("Syrian", "Russian-backed" -> Russia), else None."""
    key = word.strip().lower()
    if key.endswith("-backed") or key.endswith("-led"):
        key = key.rsplit("-", 1)[0]
    iso3 = _demonym_index().get(key)
    return all_countries().get(iso3) if iso3 else None


def country_by_code(code: str) -> Country | None:
    """A country by ISO alpha-2 or alpha-3 code."""
    code = code.strip().upper()
    if len(code) == 2:
        entry = pycountry.countries.get(alpha_2=code)
        code = entry.alpha_3 if entry else ""
    return all_countries().get(code)


def demonyms() -> dict[str, str]:
    """Every known nationality adjective (lower-cased) with its ISO alpha-3 code."""
    return dict(_demonym_index())


def country_names() -> dict[str, str]:
    """Every known country name and spelling (lower-cased) with its ISO alpha-3 code."""
    return dict(_name_index())
