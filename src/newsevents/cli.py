"""The `newsevents` command line: extract, demo, quotes."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO

from rich.console import Console

from . import __version__
from .console import add_pipeline_options, add_scale_options, load_pipeline, pipeline_options, progress_bar, stderr
from .contract import DocumentError, to_dict
from .ingest import make_document, read_jsonl

def _json_line(record) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False)


@contextlib.contextmanager
def _open_text(path: str, mode: str) -> Iterator[IO[str]]:
    """A file, or stdin/stdout for '-'; input undecodable bytes are replaced, never fatal."""
    if path == "-":
        stream = sys.stdin if "r" in mode else sys.stdout
        if "r" in mode:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        yield stream
        return
    kwargs = {"errors": "replace"} if "r" in mode else {}
    with open(path, mode, encoding="utf-8", **kwargs) as handle:
        yield handle


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def cmd_extract(args: argparse.Namespace) -> int:
    if args.file:
        return _extract_one_file(args)
    if args.engine == "dask":
        from .dask_engine import run_extract

        return run_extract(args)
    if args.output_format != "jsonl":
        stderr.print("[red]error:[/red] --output-format parquet writes part files: use it with --engine dask")
        return 2
    with contextlib.ExitStack() as stack:
        try:
            total = _count_lines(args.input)
            lines = stack.enter_context(_open_text(args.input, "r"))
        except OSError as exc:
            stderr.print(f"[red]error:[/red] cannot read {args.input}: {exc.strerror or exc}")
            return 1
        if args.workers > 1:
            from .parallel import process_in_parallel, serialised

            results = process_in_parallel(read_jsonl(lines), args.workers, options=pipeline_options(args),
                                          transform=serialised)
        else:
            results = load_pipeline(args).process(read_jsonl(lines))
        out = stack.enter_context(_open_text(args.output, "w"))
        progress = progress_bar("extracting", args.quiet)
        if progress:
            stack.enter_context(progress)
        started = time.perf_counter()
        tally = _write_results(results, out, progress, total, args.quiet)
    elapsed = time.perf_counter() - started
    read = tally["documents"] + tally["errors"]
    if not args.quiet:
        stderr.print(
            f"{tally['documents']} documents annotated, {tally['errors']} errors, "
            f"{elapsed:.1f} s ({read / elapsed if elapsed else 0:.1f} docs/s)"
        )
    if read and tally["unreadable"] == read:
        stderr.print("[red]error:[/red] no line of the input could be read as a document")
        return 1
    return 0


def _write_results(results, out: IO[str], progress, total: int | None, quiet: bool) -> dict[str, int]:
    """Write each result as it comes; count documents, errors and lines with no readable record."""
    tally = {"documents": 0, "errors": 0, "unreadable": 0}
    task = progress.add_task("extract", total=total, rate="") if progress else None
    started = time.perf_counter()
    for result in results:
        # worker processes send (line, error) pairs: serialised there, not here
        line, result = result if isinstance(result, tuple) else (_json_line(result), result)
        out.write(line + "\n")
        if isinstance(result, DocumentError):
            tally["errors"] += 1
            tally["unreadable"] += result.id is None
            if not quiet:
                stderr.print(f"[yellow]skipped[/yellow] {result.id or '(no id)'}: {result.message}")
        else:
            tally["documents"] += 1
        if progress:
            rate = (tally["documents"] + tally["errors"]) / max(time.perf_counter() - started, 1e-9)
            progress.update(task, advance=1, rate=f"{rate:.1f} docs/s")
    out.flush()
    return tally


def _annotate_text_file(args: argparse.Namespace, doc_id: str | None = None):
    """(text, result) for one plain-text article, or None (said on stderr) when it cannot be read."""
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        stderr.print(f"[red]error:[/red] cannot read {path}: {exc.strerror or exc}")
        return None
    pipeline = load_pipeline(args)
    return text, next(pipeline.process([make_document(doc_id or path.stem, text, args.published)]))


def _extract_one_file(args: argparse.Namespace) -> int:
    annotated = _annotate_text_file(args, args.id)
    if annotated is None:
        return 1
    result = annotated[1]
    rendered = json.dumps(to_dict(result), ensure_ascii=False, indent=2)
    with _open_text(args.output, "w") as out:
        out.write(rendered + "\n")
    if isinstance(result, DocumentError):
        stderr.print(f"[red]error:[/red] {result.message}")
        return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .report import print_summary

    article = json.loads(resources.files("newsevents").joinpath("data/demo_article.json").read_text("utf-8"))
    pipeline = load_pipeline(args)
    result = pipeline.extract(article["text"], published=article["published"], doc_id=article["id"])
    if args.json:
        print(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
        return 0
    console = Console()
    console.print(f"[bold]{article['title']}[/bold]  ({article['published']}, {article['source']})\n")
    console.print(article["text"].strip(), highlight=False)
    console.print()
    print_summary(result, console)
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from .quotes import format_quotes_table

    annotated = _annotate_text_file(args)
    if annotated is None:
        return 1
    text, result = annotated
    if isinstance(result, DocumentError):
        stderr.print(f"[red]error:[/red] {result.message}")
        return 1
    Console().print(format_quotes_table(text, result.quotes))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsevents", description="News articles to event data with evidence spans.")
    parser.add_argument("--version", action="version", version=f"newsevents {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="annotate articles (JSONL in, JSONL out)",
                                  description="Annotate articles per the document contract.")
    extract.add_argument("file", nargs="?", help="one plain-text article; prints pretty JSON")
    extract.add_argument("--input", "-i", default="-", help="JSONL input (default: stdin)")
    extract.add_argument("--output", "-o", default="-", help="output file (default: stdout)")
    extract.add_argument("--published", help="publication date of FILE (ISO)")
    extract.add_argument("--id", help="document id for FILE (default: the file name)")
    extract.add_argument("--workers", type=int, default=1, metavar="N",
                         help="worker processes, each with its own pipeline (default: 1)")
    add_pipeline_options(extract)
    add_scale_options(extract, triage_default=False, workers=False, partitioned_output=True)
    extract.set_defaults(func=cmd_extract)

    demo = commands.add_parser("demo", help="run on a bundled example article and show a summary")
    demo.add_argument("--json", action="store_true", help="print the contract JSON instead")
    add_pipeline_options(demo)
    demo.set_defaults(func=cmd_demo)

    quotes = commands.add_parser("quotes", help="who said what in one plain-text article")
    quotes.add_argument("file")
    quotes.add_argument("--published", help="publication date (ISO)")
    add_pipeline_options(quotes)
    quotes.set_defaults(func=cmd_quotes)

    from .geo.commands import add_gazetteer_commands
    from .serve.commands import add_serve_command
    from .store.commands import add_store_commands

    add_store_commands(commands)
    add_serve_command(commands)
    add_gazetteer_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for option in ("batch_size", "workers"):
        if getattr(args, option, 1) < 1:
            stderr.print(f"[red]error:[/red] --{option.replace('_', '-')} must be at least 1")
            return 2
    return args.func(args)
