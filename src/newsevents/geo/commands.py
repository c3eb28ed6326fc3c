"""The `newsevents gazetteer` subcommands: `import` GeoNames dumps, `info`, `reverse` a point.

`add_gazetteer_commands(subparsers)` registers them on the `newsevents` parser; each `*_command`
takes the parsed arguments and returns the process exit code.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

from ..console import stderr

GEONAMES_FILES_HELP = ("allCountries.zip/.txt, a country file (SY.zip), cities500.zip, admin1CodesASCII.txt, "
                       "admin2Codes.txt, countryInfo.txt, alternateNamesV2.zip")


def import_command(args: argparse.Namespace) -> int:
    """`newsevents gazetteer import FILE...`: stream GeoNames files into the imported index."""
    from .geonames import DEFAULT_FEATURE_CLASSES, import_files

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        stderr.print(f"[red]error:[/red] no such file: {', '.join(missing)}")
        return 1
    started = time.perf_counter()
    progress = _byte_progress(args.quiet)
    try:
        with progress or contextlib.nullcontext():
            report = import_files(args.files, feature_classes=args.feature_classes or DEFAULT_FEATURE_CLASSES,
                                  progress=_updater(progress) if progress else None)
    except KeyboardInterrupt:  # every committed batch stays; the same command carries on
        stderr.print("interrupted: run the same command again to resume")
        return 130
    except (OSError, ValueError) as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        return 1
    if not args.quiet:
        for name, counts in report.files.items():
            if counts["already_done"]:
                stderr.print(f"{name}: already imported (unchanged file), skipped")
                continue
            resumed = f", resumed after line {counts['resumed_from_line']}" if counts["resumed_from_line"] else ""
            stderr.print(f"{name}: {counts['read']} rows read, {counts['written']} entries written{resumed}")
        stderr.print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def info_command(args: argparse.Namespace) -> int:
    """`newsevents gazetteer info`: what the gazetteer holds (builds the packaged index if needed)."""
    from .gazetteer import Gazetteer

    summary = Gazetteer.open_default().info()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    for label, part in summary.items():
        print(f"{label}: {part['places']:,} places, {part['size_mb']} MB, version {part['version']}")
        print(f"  file: {part['path']}")
        if part["files"]:
            print(f"  imported files: {', '.join(part['files'])}")
        print("  by feature: " + ", ".join(f"{code} {count:,}" for code, count in part["by_feature"].items()))
    if "imported" not in summary:
        print("imported: none (newsevents gazetteer import FILE... adds GeoNames dumps)")
    return 0


def reverse_command(args: argparse.Namespace) -> int:
    """`newsevents gazetteer reverse LAT LON`: the nearest town and its region and country."""
    from .gazetteer import Gazetteer

    found = Gazetteer.open_default().reverse(args.lat, args.lon)
    if found is None:
        print("no populated place within 250 km", file=sys.stderr)
        return 1
    print(json.dumps(found.__dict__, ensure_ascii=False))
    return 0


def add_gazetteer_commands(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register `gazetteer import|info|reverse` on the `newsevents` subcommand parser."""
    gazetteer = subparsers.add_parser("gazetteer", help="the offline gazetteer: import GeoNames, show what is loaded")
    commands = gazetteer.add_subparsers(dest="gazetteer_command", required=True)

    load = commands.add_parser(
        "import", help="import GeoNames dump files (streaming, resumable)",
        description=f"Import GeoNames files into the gazetteer's cache ({GEONAMES_FILES_HELP}). "
                    "An interrupted import resumes when run again; the packaged data stays the fallback.")
    load.add_argument("files", nargs="+", metavar="FILE")
    load.add_argument("--feature-classes", metavar="CLASSES",
                      help="GeoNames feature classes to keep, e.g. AP (default), APHLT, or 'all'")
    load.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    load.set_defaults(func=import_command)

    info = commands.add_parser("info", help="show what the gazetteer holds")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(func=info_command)

    reverse = commands.add_parser("reverse", help="the nearest town to a point, with region and country")
    reverse.add_argument("lat", type=float)
    reverse.add_argument("lon", type=float)
    reverse.set_defaults(func=reverse_command)


def _byte_progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                    console=stderr, transient=True)


def _updater(progress):
    tasks: dict[str, int] = {}

    def update(label: str, done: int, total: int) -> None:
        if label not in tasks:
            tasks[label] = progress.add_task(f"importing {label}", total=total)
        progress.update(tasks[label], completed=done)

    return update
