"""Command-line side of deduplication: `ingest --dedup/--no-dedup --dedup-threshold X` and
`newsevents dedup --db URL` (redo every merge of a store with the given thresholds).

Kept apart from commands.py so the ingest/query/export code and this stay small; nothing here
imports SQLAlchemy or numpy until a command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..console import stderr

if TYPE_CHECKING:
    from ..dedup import DedupConfig

# Off unless asked (`ingest --dedup`, `newsevents dedup` over a store, `open_store(url, dedup=True)`): merging
# encodes evidence sentences (~50 ms an article on FA-KES), which would make storing, not parsing, the
# bottleneck of an ingest (docs/dedup.md)
DEDUP_BY_DEFAULT = False


def add_dedup_options(parser: argparse.ArgumentParser, switch: bool = True) -> None:
    """--dedup/--no-dedup (when `switch`) and the thresholds that matter most."""
    group = parser.add_argument_group("deduplication (docs/dedup.md)")
    if switch:
        group.add_argument("--dedup", action=argparse.BooleanOptionalAction, default=DEDUP_BY_DEFAULT,
                           help="merge events that stored events already report (default: %(default)s)")
    group.add_argument("--dedup-threshold", type=float, metavar="X", dest="dedup_threshold",
                       help="weighted match score needed to merge, 0-1 (default 0.60); higher merges less")
    group.add_argument("--dedup-min-text", type=float, metavar="X", dest="dedup_min_text",
                       help="least evidence-sentence similarity (cosine) of a merge (default 0.40)")
    group.add_argument("--dedup-days", type=int, metavar="N", dest="dedup_days",
                       help="days two day-precise dates may differ (default 1)")


def dedup_config_from_args(args: argparse.Namespace) -> DedupConfig | None:
    """The thresholds the options ask for; None when deduplication is switched off."""
    if not getattr(args, "dedup", True):
        return None
    from ..dedup import DedupConfig

    return DedupConfig().with_options(threshold=getattr(args, "dedup_threshold", None),
                                      min_text_similarity=getattr(args, "dedup_min_text", None),
                                      date_tolerance_days=getattr(args, "dedup_days", None))


def dedup_command(args: argparse.Namespace) -> int:
    """`newsevents dedup --db URL`: undo every merge and deduplicate the whole store again."""
    from .commands import MissingStore, _open_existing

    config = dedup_config_from_args(args)
    assert config is not None
    try:
        with _open_existing(args.db) as store:
            report = store.deduplicate(config)
    except (MissingStore, ValueError) as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        return 2
    if not args.quiet:
        stderr.print(report.summary())
    return 0


def add_dedup_command(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from .commands import add_db_option  # the module that registers this one: imported when it runs

    parser = subparsers.add_parser(
        "dedup", help="deduplicate a store's events again (e.g. with other thresholds)",
        description="Undo every cross-article merge of a store and deduplicate all its events again, "
                    "oldest article first, as an ingest with these thresholds would have.")
    add_db_option(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    add_dedup_options(parser, switch=False)
    parser.set_defaults(func=dedup_command)
