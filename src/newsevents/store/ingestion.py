"""The ingest loop: read documents, skip what is stored, annotate the rest, store each one.

Kept apart from the pipeline itself so it runs (and is tested) with any object that has
`process(items)`, and apart from the argparse code so the command line stays quick to start.
"""

from __future__ import annotations

import collections
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa

from ..contract import DocumentAnnotation, DocumentError
from ..ingest import InputDocument
from .records import content_hash, url_key
from .sources import Item
from .store import Store


class Annotator(Protocol):
    """What ingest needs of a pipeline: results in input order, one per item."""

    def process(self, items: Iterable[Item]) -> Iterator[DocumentAnnotation | DocumentError]: ...


# ---- ingest -----------------------------------------------------------------------------------

@dataclass
class IngestTally:
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    errors: int = 0
    events: int = 0
    annotated: int = 0  # documents that went through the pipeline
    load_seconds: float = 0.0  # making the pipeline (model loading), left out of the rate

    def summary(self, seconds: float) -> str:
        working = seconds - self.load_seconds
        rate = self.annotated / working if working > 0 else 0.0
        load = f" (model load {self.load_seconds:.1f} s)" if self.load_seconds else ""
        return (f"{self.read} articles read: {self.stored} stored ({self.events} events), "
                f"{self.already_stored} already stored, {self.errors} errors; "
                f"{seconds:.1f} s{load}, {rate:.1f} docs/s")


def _new_documents(store: Store, items: Iterable[Item], tally: IngestTally,
                   on_result: Callable[[Item, object], None]) -> Iterator[InputDocument]:
    """The documents worth annotating. Input errors are reported here (they need no NLP);
    articles already stored, or already seen in this run, are counted and dropped before any
    NLP is spent on them."""
    seen: set[str] = set()
    for item in items:
        tally.read += 1
        if isinstance(item, DocumentError):
            tally.errors += 1
            on_result(item, item)
            continue
        keys = {content_hash(item.text), url_key(item.url)} - {None}
        if keys & seen or store.has_document(item):
            tally.already_stored += 1
            on_result(item, False)
            continue
        seen.update(keys)  # type: ignore[arg-type]
        yield item


def ingest_items(store: Store, items: Iterable[Item], make_pipeline: Callable[[], Annotator],
                 on_result: Callable[[Item, object], None] = lambda item, result: None,
                 tally: IngestTally | None = None) -> IngestTally:
    """Annotate and store every new article; each article is committed on its own, so an
    interrupted run keeps what it finished and a re-run skips it. The pipeline is only made
    when there is something new to annotate. `on_result(item, result)` is called once per item
    read (`result` is False for an article skipped as already stored)."""
    tally = tally if tally is not None else IngestTally()
    pending: collections.deque[InputDocument] = collections.deque()

    def remembered(stream: Iterator[InputDocument]) -> Iterator[InputDocument]:
        for document in stream:
            pending.append(document)  # pipeline results come back in this order, one per item
            yield document

    fresh = _new_documents(store, items, tally, on_result)
    first = next(fresh, None)
    if first is None:
        return tally
    loading = time.perf_counter()
    pipeline = make_pipeline()
    tally.load_seconds = time.perf_counter() - loading
    for result in pipeline.process(remembered(itertools.chain([first], fresh))):
        document = pending.popleft()
        if isinstance(result, DocumentError):
            tally.errors += 1
        else:
            tally.annotated += 1
            try:
                added = store.add(document, result)
            except sa.exc.OperationalError:
                raise  # locked, read-only, disk full: the database itself fails, so stop
            except (sa.exc.DBAPIError, TypeError, ValueError, OverflowError) as exc:
                # this article's records could not be written (its transaction rolled back);
                # the run goes on.
                tally.errors += 1
                on_result(document, DocumentError(document.id, "store_error", f"{type(exc).__name__}: {exc}"))
                continue
            if added:
                tally.stored += 1
                tally.events += len(result.events)
            else:
                tally.already_stored += 1
        on_result(document, result)
    return tally
