"""The store's command-line subcommands: `ingest`, `query` and `export`.

`add_store_commands(subparsers)` registers them on the `newsevents` parser; each `*_command`
takes the parsed arguments and returns the process exit code. SQLAlchemy and the store are
imported only when one of these commands runs, so `newsevents extract` starts no slower.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from ..console import add_pipeline_options, add_scale_options, annotator_factory, progress_bar, stderr
from ..contract import DocumentError
from ..ingest.options import add_reader_options

if TYPE_CHECKING:
    from .filters import EventFilters
    from ..ingest.readers import Item
    from .ingestion import Annotator
    from .store import Store

EXPORT_FORMATS = ("acled-csv", "gdelt-tsv", "geojson", "jsonl", "parquet")  # = newsevents.export.FORMATS

FILTER_FIELDS = ("date_from", "date_to", "country", "admin1", "bbox", "event_type", "actor", "text",
                 "min_confidence", "limit")
TABLE_LIMIT = 50  # rows a terminal table shows unless --limit says otherwise


def ingest_command(args: argparse.Namespace, make_pipeline: Callable[[], Annotator] | None = None) -> int:
    """`newsevents ingest SOURCE... --db URL`: annotate new articles and store them."""
    from ..ingest.options import reader_options_from_args
    from ..ingest.readers import count_items, read_sources
    from .dedup_commands import dedup_config_from_args
    from .ingestion import IngestTally, ingest_items
    from .store import open_store

    import sqlalchemy as sa

    try:
        store = open_store(args.db, dedup=dedup_config_from_args(args))
    except Exception as exc:  # a bad URL or an unwritable file: say so, no traceback
        stderr.print(f"[red]error:[/red] cannot open the store {args.db}: {_database_failure(exc)}",
                     soft_wrap=True)
        return 1
    reading = reader_options_from_args(args)
    progress = progress_bar("ingesting", args.quiet)
    task = progress.add_task("ingest", total=count_items(args.sources, reading), rate="") if progress else None
    tally = IngestTally()
    started = time.perf_counter()

    def report(item: Item, result: object) -> None:
        if isinstance(result, DocumentError) and not args.quiet:
            stderr.print(f"[yellow]skipped[/yellow] {result.id or '(no id)'}: {result.message}")
        if progress:
            elapsed = max(time.perf_counter() - started, 1e-9)
            elapsed = max(elapsed - tally.load_seconds, 1e-9)
            progress.update(task, advance=1, rate=f"{tally.annotated / elapsed:.1f} docs/s")

    try:
        with store, (progress or contextlib.nullcontext()), contextlib.ExitStack() as engine:
            ingest_items(store, read_sources(args.sources, args.source, reading),
                         make_pipeline or annotator_factory(args, engine), on_result=report, tally=tally)
    except KeyboardInterrupt:  # every article committed so far stays; a re-run carries on
        stderr.print("interrupted: " + tally.summary(time.perf_counter() - started), soft_wrap=True)
        return 130
    except (sa.exc.SQLAlchemyError, OSError) as exc:  # disk full, read-only, locked: the database failed
        stderr.print(f"[red]error:[/red] the store failed: {_database_failure(exc)}; "
                      + tally.summary(time.perf_counter() - started)
                      + ". The articles stored before it are whole and kept: re-run to carry on.", soft_wrap=True)
        return 1
    if not args.quiet:
        stderr.print(tally.summary(time.perf_counter() - started), soft_wrap=True)
    if tally.read == 0:
        stderr.print("[red]error:[/red] no articles found in " + ", ".join(args.sources))
        return 1
    return 1 if tally.errors == tally.read else 0


def _database_failure(exc: BaseException) -> str:
    """The driver's own words ("database or disk is full"), without SQLAlchemy's SQL dump."""
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]


# ---- query and export ---------------------------------------------------------------------------

def filters_from_args(args: argparse.Namespace) -> EventFilters:
    from .filters import EventFilters

    return EventFilters.of(**{name: getattr(args, name, None) for name in FILTER_FIELDS})


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _event_table(rows: list[dict[str, Any]]):
    from rich.table import Table

    table = Table(show_lines=False)
    for heading in ("id", "date", "event type", "actor 1", "actor 2", "location", "country",
                    "deaths", "article"):
        table.add_column(heading, overflow="fold")
    for r in rows:
        kind = r["event_type"] + (f" / {r['sub_event_type']}" if r["sub_event_type"] else "")
        table.add_row(str(r["id"]), r["date"].isoformat() if r["date"] else "", kind,
                      r["actor1_name"] or "", r["actor2_name"] or "",
                      r["location_name"] or r["location_text"] or "", r["location_country"] or "",
                      "" if r["fatalities"] is None else str(r["fatalities"]), r["doc_id"])
    return table


class MissingStore(ValueError):
    """A query or export named a SQLite file that does not exist (rather than create it)."""


def _open_existing(db: str | None) -> Store:
    from sqlalchemy.engine import make_url

    from .store import database_url, open_store

    url = make_url(database_url(db))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            raise MissingStore(f"no event store at {url.database}; run `newsevents ingest` first")
    return open_store(db)


def query_command(args: argparse.Namespace) -> int:
    """`newsevents query`: matching events as a table, JSON or CSV on stdout."""
    try:
        filters = filters_from_args(args)
        if args.format == "table" and filters.limit is None:
            filters = type(filters).of(filters, limit=TABLE_LIMIT)
        with _open_existing(args.db) as store:
            rows = store.event_rows(filters)
            columns = [c.name for c in store.event_columns()]
    except ValueError as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        return 2
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, default=_json_default, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _json_default(v) if isinstance(v, (dt.date, dt.datetime)) else v
                          for k, v in r.items()} for r in rows)
    else:
        Console().print(_event_table(rows))
        if args.limit is None and len(rows) == filters.limit:
            stderr.print(f"showing the first {len(rows)} events; use --limit to see more")
    return 0


def export_command(args: argparse.Namespace) -> int:
    """`newsevents export --format F --output FILE`: matching events in an exchange format."""
    from ..export import export_events

    if args.format == "parquet" and args.output == "-" and sys.stdout.isatty():
        stderr.print("[red]error:[/red] Parquet is binary: give --output FILE")
        return 2
    try:
        with _open_existing(args.db) as store:
            result = export_events(store, args.format, args.output, filters_from_args(args),
                                   header=getattr(args, "header", False))
    except (ValueError, RuntimeError) as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        return 2
    except OSError as exc:
        stderr.print(f"[red]error:[/red] cannot write {args.output}: {exc.strerror or exc}")
        return 1
    if not args.quiet:
        where = "stdout" if args.output == "-" else args.output
        reason = "a CAMEO code" if result.format == "gdelt-tsv" else "coordinates"
        note = f" ({result.skipped} without {reason} left out)" if result.skipped else ""
        stderr.print(f"{result.written} events written to {where} as {result.format}{note}")
    return 0


# ---- argparse ---------------------------------------------------------------------------------

def _bbox_argument(value: str) -> tuple[float, float, float, float]:
    from .filters import parse_bbox

    try:
        return parse_bbox(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _date_argument(value: str) -> dt.date | str:
    from .records import as_date

    if as_date(value) is None:
        raise argparse.ArgumentTypeError(f"not an ISO date: {value!r}")
    return value


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The event filters, shared by `query` and `export`."""
    group = parser.add_argument_group("filters")
    group.add_argument("--from", dest="date_from", type=_date_argument, metavar="DATE",
                       help="events on or after DATE (ISO: 2016-11-01, 2016-11, 2016)")
    group.add_argument("--to", dest="date_to", type=_date_argument, metavar="DATE",
                       help="events on or before DATE (a month or year means its last day)")
    group.add_argument("--country", help="ISO code or English name of the event's country")
    group.add_argument("--admin1", help="first-level region (province, state, governorate)")
    group.add_argument("--bbox", type=_bbox_argument, metavar="W,S,E,N",
                       help="bounding box in degrees; write --bbox=-10,5,20,30 for a negative west")
    group.add_argument("--event-type", help="ACLED event type or sub-event type, e.g. Battles")
    group.add_argument("--actor", help="part of an actor's name, e.g. 'Syria' or 'Taliban'")
    group.add_argument("--text", help="words that must occur in the reporting article")
    group.add_argument("--min-confidence", type=float, metavar="X", help="events with confidence >= X")
    group.add_argument("--limit", type=int, metavar="N", help="at most N events")


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """--db, for every command that works on a store."""
    parser.add_argument("--db", default=None, metavar="URL",
                        help="database URL or SQLite file (default: $NEWSEVENTS_DB or newsevents.db)")


def add_store_commands(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register `ingest`, `query`, `export` and `dedup` on the `newsevents` subcommand parser."""
    from .dedup_commands import add_dedup_command, add_dedup_options

    ingest = subparsers.add_parser(
        "ingest", help="annotate articles from files, folders, feeds or crawls and store them",
        description="Annotate new articles and store them: .txt, .html, .json, .jsonl, .csv, RSS/Atom "
                    "(.rss, .atom, .xml), WARC, their .gz and .zip; folders recursively; http(s) URLs of "
                    "feeds or pages; '-' for JSONL on stdin. Articles already stored are skipped.")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE")
    add_db_option(ingest)
    ingest.add_argument("--source", help="publication name for articles that do not give one")
    add_pipeline_options(ingest)
    add_scale_options(ingest, triage_default=True)
    add_reader_options(ingest)
    add_dedup_options(ingest)
    ingest.set_defaults(func=ingest_command)
    add_dedup_command(subparsers)

    query = subparsers.add_parser("query", help="list stored events",
                                  description="Stored events matching the filters, oldest first.")
    add_db_option(query)
    query.add_argument("--format", "-f", choices=("table", "json", "csv"), default="table")
    add_filter_options(query)
    query.set_defaults(func=query_command)

    export = subparsers.add_parser("export", help="export stored events (ACLED CSV, GeoJSON, ...)",
                                   description="Write stored events in an exchange format.")
    add_db_option(export)
    export.add_argument("--format", "-f", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--output", "-o", default="-", help="output file (default: stdout)")
    export.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    export.add_argument("--header", action="store_true",
                        help="gdelt-tsv: a first line of column names (GDELT's own files have none)")
    add_filter_options(export)
    export.set_defaults(func=export_command)
