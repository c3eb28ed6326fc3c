"""The readers' limits and settings, with their command-line flags.

Defaults are sized for news: an article is a few kB of text, a page with its scripts rarely
over a few MB. Every limit refuses (never truncates) and names the flag that raises it.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from dataclasses import dataclass, field

from .documents import DEFAULT_LANGUAGES

MiB = 1024 * 1024
GiB = 1024 * MiB

CSV_FIELDS = ("text", "id", "published", "title", "url", "source")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "k": 1024, "m": MiB, "g": GiB}


@dataclass(frozen=True)
class CsvColumns:
    """Which CSV column holds each document field (header names, matched case-insensitively)."""

    text: str = "text"
    id: str = "id"
    published: str = "published"
    title: str = "title"
    url: str = "url"
    source: str = "source"


@dataclass(frozen=True)
class FetchOptions:
    """How feeds and article pages are fetched over HTTP: politely."""

    timeout: float = 15.0  # seconds, per request
    retries: int = 2  # extra tries after a timeout, a connection error, 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    host_delay: float = 1.0  # seconds between two requests to the same host (robots Crawl-delay wins if longer)
    user_agent: str = "newsevents/0.1 (news event coding; +https://pypi.org/project/newsevents/)"
    enabled: bool = True  # fetch article pages of feed entries (else use the entry's own content)


@dataclass(frozen=True)
class ReaderOptions:
    max_bytes: int = 16 * MiB  # one document: a file, a page, an archive member, a WARC record
    max_line_bytes: int = 8 * MiB  # one JSONL line or CSV record
    max_depth: int = 64  # JSON nesting
    max_ratio: float = 200.0  # decompressed bytes per compressed byte in gz/zip/warc.gz
    max_total_bytes: int = 2 * GiB  # decompressed bytes of one container (gz, zip, warc.gz)
    languages: frozenset[str] = DEFAULT_LANGUAGES  # accepted languages; empty accepts any
    csv_columns: CsvColumns = field(default_factory=CsvColumns)
    fetch: FetchOptions = field(default_factory=FetchOptions)


DEFAULT_OPTIONS = ReaderOptions()


def parse_csv_columns(spec: str) -> CsvColumns:
    """`text=body,id=guid` -> CsvColumns(text="body", id="guid", ...); unnamed fields keep defaults."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, column = part.partition("=")
        name, column = name.strip().lower(), column.strip()
        if not sep or not column:
            raise ValueError(f"{part!r} is not FIELD=COLUMN")
        if name not in CSV_FIELDS:
            raise ValueError(f"unknown field {name!r}; fields are {', '.join(CSV_FIELDS)}")
        mapping[name] = column
    return CsvColumns(**mapping)


def parse_size(value: str) -> int:
    """`16M`, `2G`, `500k`, `1048576` -> bytes."""
    found = _SIZE.match(value)
    if not found:
        raise ValueError(f"not a size: {value!r} (examples: 16M, 2G, 500k)")
    size = int(float(found.group(1)) * _SIZE_UNITS[found.group(2).lower()])
    if size < 1:
        raise ValueError(f"a size must be at least 1 byte: {value!r}")
    return size


def _argument(parse):
    def convert(value: str):
        try:
            return parse(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc
    return convert


def add_reader_options(parser: argparse.ArgumentParser) -> None:
    """The readers' flags (`newsevents ingest`)."""
    d = DEFAULT_OPTIONS
    group = parser.add_argument_group("reading")
    group.add_argument("--csv-columns", type=_argument(parse_csv_columns), metavar="MAP",
                       help="CSV columns of the document fields, e.g. text=body,id=guid,published=date,"
                            "title=headline,url=link (default: columns named text, id, published, "
                            "title, url, source)")
    group.add_argument("--max-bytes", type=_argument(parse_size), default=d.max_bytes, metavar="SIZE",
                       help="refuse a document (file, page, archive member) larger than this (default 16M)")
    group.add_argument("--max-line-bytes", type=_argument(parse_size), default=d.max_line_bytes,
                       metavar="SIZE", help="refuse a JSONL line or CSV record longer than this (default 8M)")
    group.add_argument("--max-depth", type=int, default=d.max_depth, metavar="N",
                       help="refuse JSON nested deeper than this (default 64)")
    group.add_argument("--max-ratio", type=float, default=d.max_ratio, metavar="X",
                       help="refuse gz/zip/warc.gz data that expands more than X times (default 200)")
    group.add_argument("--max-total-bytes", type=_argument(parse_size), default=d.max_total_bytes,
                       metavar="SIZE", help="refuse a gz/zip/warc.gz that expands beyond this (default 2G)")
    group.add_argument("--languages", default=",".join(sorted(d.languages)), metavar="CODES",
                       help="accepted languages, comma-separated ISO 639-1 codes, or 'any' (default en)")
    group.add_argument("--fetch-delay", type=float, default=d.fetch.host_delay, metavar="SECONDS",
                       help="pause between two requests to one host (default 1)")
    group.add_argument("--fetch-timeout", type=float, default=d.fetch.timeout, metavar="SECONDS",
                       help="HTTP timeout per request (default 15)")
    group.add_argument("--no-fetch", action="store_true",
                       help="do not fetch feed entries' pages; use the text the feed carries")


def reader_options_from_args(args: argparse.Namespace) -> ReaderOptions:
    """ReaderOptions from the flags of `add_reader_options` (absent flags keep the defaults)."""
    d = DEFAULT_OPTIONS
    languages = getattr(args, "languages", None)
    accepted = (frozenset() if languages and languages.strip().lower() == "any"
                else frozenset(c.strip().lower() for c in languages.split(",") if c.strip())
                if languages else d.languages)
    fetch = dataclasses.replace(
        d.fetch,
        host_delay=getattr(args, "fetch_delay", d.fetch.host_delay),
        timeout=getattr(args, "fetch_timeout", d.fetch.timeout),
        enabled=not getattr(args, "no_fetch", False))
    return ReaderOptions(
        max_bytes=getattr(args, "max_bytes", d.max_bytes),
        max_line_bytes=getattr(args, "max_line_bytes", d.max_line_bytes),
        max_depth=getattr(args, "max_depth", d.max_depth),
        max_ratio=getattr(args, "max_ratio", d.max_ratio),
        max_total_bytes=getattr(args, "max_total_bytes", d.max_total_bytes),
        languages=accepted,
        csv_columns=getattr(args, "csv_columns", None) or d.csv_columns,
        fetch=fetch)
