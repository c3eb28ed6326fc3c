"""Annotating on several cores: one pipeline per worker process, results in input order.

spaCy's own `n_process` parallelises only the parse; the later stages would still run in one
process. Here each worker runs the whole pipeline on chunks of documents. The main process reads
the input itself and keeps a bounded window of chunks in flight (so a huge input is never queued
whole, and a caller's input generator, e.g. one that asks the store what is already stored, only
ever runs in the caller's thread), and hands results back in input order.

`run_ordered` is shared with the Dask engine: it only needs a `submit(chunk) -> future`.
"""

from __future__ import annotations

import collections
import gc
import itertools
import json
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import Any, Protocol

from .pipeline import Item, Pipeline, Result


@dataclass(frozen=True)
class PipelineOptions:
    """What a worker needs to build its own pipeline (picklable, sent once per worker)."""

    batch_size: int = 32
    actor_lexicons: tuple[str, ...] = ()
    triage: bool = False
    triage_rules: str | None = None  # a YAML file replacing the shipped triage words

    @classmethod
    def of(cls, batch_size: int = 32, actor_lexicons: Sequence[str | PathLike] = (), triage: bool = False,
           triage_rules: str | PathLike | None = None) -> PipelineOptions:
        return cls(batch_size, tuple(str(p) for p in actor_lexicons), triage,
                   str(triage_rules) if triage_rules else None)

    def build(self) -> Pipeline:
        from .triage import Triage, load_triage_rules

        triage = Triage(load_triage_rules(self.triage_rules)) if self.triage else None
        return Pipeline(batch_size=self.batch_size, actor_lexicons=self.actor_lexicons, triage=triage)


class Future(Protocol):
    def result(self) -> Any: ...


@dataclass(frozen=True)
class _PoolFuture:
    """A multiprocessing result seen as a future."""

    pending: Any

    def result(self) -> Any:
        return self.pending.get()


_worker_pipeline: Pipeline | None = None


def _start_worker(options: PipelineOptions) -> None:
    global _worker_pipeline
    _worker_pipeline = options.build()
    gc.freeze()  # the loaded models are permanent: keep them out of every garbage collection


def _annotate_chunk(chunk: list[Item], transform: Callable[[Result], Any] | None) -> list[Any]:
    assert _worker_pipeline is not None, "worker started without its pipeline"
    results = list(_worker_pipeline.process(chunk))
    return [transform(r) for r in results] if transform else results


def serialised(result: Result) -> tuple[str, Result | None]:
    """(the output line, the error or None): lets workers do the JSON encoding for `extract`."""
    from .contract import DocumentError, to_dict

    line = json.dumps(to_dict(result), ensure_ascii=False)
    return line, result if isinstance(result, DocumentError) else None


def chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def run_ordered(items: Iterable[Item], submit: Callable[[list[Item]], Future], chunk_size: int,
                window: int) -> Iterator[Any]:
    """Submit chunks of `items`, at most `window` at a time, and yield their results in order."""
    in_flight: collections.deque[Future] = collections.deque()
    for chunk in chunks(items, chunk_size):
        in_flight.append(submit(chunk))
        if len(in_flight) >= window:
            yield from in_flight.popleft().result()
    while in_flight:
        yield from in_flight.popleft().result()


def process_in_parallel(items: Iterable[Item], workers: int, batch_size: int = 32,
                        actor_lexicons: Sequence[str | PathLike] = (), *,
                        options: PipelineOptions | None = None,
                        transform: Callable[[Result], Any] | None = None) -> Iterator[Any]:
    """Results for `items`, in order, computed by `workers` processes (each loads the models once).

    `transform` (a module-level function) is applied in the workers, e.g. to serialise each result
    there instead of in the main process.
    """
    options = options or PipelineOptions.of(batch_size, actor_lexicons)
    context = multiprocessing.get_context("spawn")  # no inherited spaCy or SQLite state
    with context.Pool(workers, initializer=_start_worker, initargs=(options,)) as pool:
        def submit(chunk: list[Item]) -> Future:
            return _PoolFuture(pool.apply_async(_annotate_chunk, (chunk, transform)))

        yield from run_ordered(items, submit, options.batch_size, window=3 * workers)


@dataclass
class PoolAnnotator:
    """A pipeline stand-in for `ingest`: the same `process(items)`, annotated by worker processes;
    the caller (the one writer to the store) consumes the results in input order.

    The workers load their models while the first chunks wait, so that time is part of the run
    (`load_seconds` stays 0)."""

    workers: int
    options: PipelineOptions = field(default_factory=PipelineOptions)
    load_seconds: float = 0.0

    def process(self, items: Iterable[Item]) -> Iterator[Result]:
        yield from process_in_parallel(items, self.workers, options=self.options)
