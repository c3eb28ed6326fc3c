"""Terminal plumbing shared by the commands: stderr, pipeline loading, progress bars, options."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

    from .parallel import PipelineOptions
    from .pipeline import Pipeline

stderr = Console(stderr=True, highlight=False)


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that runs the pipeline."""
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or messages on stderr")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per nlp.pipe batch")
    parser.add_argument("--actor-lexicon", action="append", metavar="FILE",
                        help="an extra actor lexicon file (YAML or CSV); repeatable")


def add_scale_options(parser: argparse.ArgumentParser, *, triage_default: bool,
                      workers: bool = True, partitioned_output: bool = False) -> None:
    """Worker processes, the Dask engine and the relevance triage (`extract`, `ingest`).

    `workers=False` for a parser that already has its own `--workers`; `partitioned_output` adds
    the Dask output options of `extract`."""
    group = parser.add_argument_group("speed and scale-out")
    if workers:
        group.add_argument("--workers", type=int, default=1, metavar="N",
                           help="worker processes, each with its own pipeline (default: 1)")
    group.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local processes, or a Dask cluster (--scheduler, or a local one of "
                            "--workers processes)")
    group.add_argument("--scheduler", metavar="ADDRESS",
                       help="Dask scheduler address, e.g. tcp://host:8786 (with --engine dask)")
    group.add_argument("--triage", action=argparse.BooleanOptionalAction, default=triage_default,
                       help="skip the parse of articles with no event language (default: "
                            f"{'on' if triage_default else 'off'})")
    group.add_argument("--triage-rules", metavar="FILE",
                       help="a YAML word list replacing the shipped triage words")
    if partitioned_output:
        group.add_argument("--output-format", choices=("jsonl", "parquet"), default="jsonl",
                           help="with --engine dask: parquet (or an --output ending in '/') writes "
                                "one part file per input partition into the --output folder")
        group.add_argument("--partition-size", type=int, default=1 << 20, metavar="BYTES",
                           help="with --engine dask: bytes of JSONL input per partition (default: 1 MiB)")


def pipeline_options(args: argparse.Namespace) -> "PipelineOptions":
    """What a worker needs to build the pipeline this command asked for."""
    from .parallel import PipelineOptions

    return PipelineOptions.of(args.batch_size, args.actor_lexicon or (), getattr(args, "triage", False),
                              getattr(args, "triage_rules", None))


def _load_input_reader() -> None:
    """The input reader loads its language identifier on the first article it reads; load it
    here, with the models, rather than inside the first batch."""
    from .ingest import guess_language

    guess_language("The minister said on Monday that the talks between the two parties would resume "
                   "next week in the capital, after a pause of several months. " * 2)


def load_pipeline(args: argparse.Namespace) -> "Pipeline":
    """The pipeline for a command; its load time on one plain line, so benchmarks can subtract it.

    The load time includes importing spaCy and the stages (as the bare-spaCy baseline's load
    includes importing its model package)."""
    started = time.perf_counter()
    pipeline = pipeline_options(args).build()
    _load_input_reader()
    gc.freeze()  # the models stay for the whole run: keep them out of every garbage collection
    if not args.quiet:
        print(f"model load: {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return pipeline


def annotator_factory(args: argparse.Namespace, resources: contextlib.ExitStack) -> Callable[[], Any]:
    """What makes `ingest`'s annotator: the pipeline in this process, a pool of `--workers`
    processes, or a Dask cluster (closed with `resources`). The caller stays the one writer."""
    def make() -> Any:
        if getattr(args, "engine", "local") == "dask":
            from .dask_engine import DaskAnnotator, dask_client

            options = pipeline_options(args)
            client = resources.enter_context(dask_client(args.scheduler, args.workers, options))
            return DaskAnnotator(client, options)
        if getattr(args, "workers", 1) > 1:
            from .parallel import PoolAnnotator

            return PoolAnnotator(args.workers, pipeline_options(args))
        return load_pipeline(args)

    return make


def progress_bar(label: str, quiet: bool) -> "Progress | None":
    """A progress bar on stderr with a docs/s field, or None when quiet or stderr is no terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("{task.fields[rate]}"), console=stderr, transient=True)
