"""Annotating on several cores: one pipeline per worker process, results in input order.

spaCy's own `n_process` parallelises only the parse; the later stages would still run in one
process. Here each worker runs the whole pipeline on chunks of documents, and `imap` hands the
chunks back in the order they went out.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike

from .pipeline import Item, Pipeline, Result

_worker_pipeline: Pipeline | None = None


def _start_worker(batch_size: int, actor_lexicons: Sequence[str | PathLike]) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(batch_size=batch_size, actor_lexicons=actor_lexicons)


def _annotate_chunk(chunk: list[Item]) -> list[Result]:
    assert _worker_pipeline is not None, "worker started without its pipeline"
    return list(_worker_pipeline.process(chunk))


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def process_in_parallel(items: Iterable[Item], workers: int, batch_size: int = 32,
                        actor_lexicons: Sequence[str | PathLike] = ()) -> Iterator[Result]:
    """Results for `items`, in order, computed by `workers` processes (each loads the models once)."""
    context = multiprocessing.get_context("spawn")  # no inherited spaCy or SQLite state
    with context.Pool(workers, initializer=_start_worker, initargs=(batch_size, tuple(actor_lexicons))) as pool:
        for results in pool.imap(_annotate_chunk, _chunks(items, batch_size)):
            yield from results
