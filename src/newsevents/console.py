"""Terminal plumbing shared by the commands: stderr, pipeline loading, progress bars, options."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

    from .pipeline import Pipeline

stderr = Console(stderr=True, highlight=False)


def add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that runs the pipeline."""
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or messages on stderr")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per nlp.pipe batch")
    parser.add_argument("--actor-lexicon", action="append", metavar="FILE",
                        help="an extra actor lexicon file (YAML or CSV); repeatable")


def load_pipeline(args: argparse.Namespace) -> "Pipeline":
    """The pipeline for a command; its load time on one plain line, so benchmarks can subtract it."""
    from .pipeline import Pipeline

    pipeline = Pipeline(batch_size=args.batch_size, actor_lexicons=args.actor_lexicon or ())
    if not args.quiet:
        print(f"model load: {pipeline.load_seconds:.2f} s", file=sys.stderr)
    return pipeline


def progress_bar(label: str, quiet: bool) -> "Progress | None":
    """A progress bar on stderr with a docs/s field, or None when quiet or stderr is no terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    TextColumn("{task.fields[rate]}"), console=stderr, transient=True)
