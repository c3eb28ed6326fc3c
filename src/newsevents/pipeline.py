"""The pipeline: ingest -> nlp -> time, geo, actors -> events, quotes -> contract records.

Models and the gazetteer are loaded once per `Pipeline`; documents stream through `nlp.pipe` in
batches, and each document's failure is contained to that document.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike

from spacy.tokens import Doc

from .actors import ActorRecognizer
from .contract import DocumentAnnotation, DocumentError
from .events import EventContext, extract_events
from .geo import Geoparser
from .ingest import InputDocument, make_document
from .nlp import load_language
from .quotes import extract_quotes
from .time import infer_document_date, tag_times

log = logging.getLogger(__name__)

Item = InputDocument | DocumentError
Result = DocumentAnnotation | DocumentError


class Pipeline:
    """Loads every model once; turns documents into contract annotations."""

    def __init__(self, batch_size: int = 32, actor_lexicons: Sequence[str | PathLike] = ()):
        started = time.perf_counter()
        self.batch_size = batch_size
        self.geoparser = Geoparser()
        self.actor_recognizer = ActorRecognizer(actor_lexicons)
        patterns = [*self.geoparser.entity_patterns(), *self.actor_recognizer.entity_patterns()]
        self.nlp = load_language(patterns).nlp
        self.load_seconds = time.perf_counter() - started

    def extract(self, text: str, published: str | dt.date | None = None, doc_id: str = "doc") -> Result:
        """One text; a `DocumentError` when the text cannot be processed."""
        if isinstance(published, dt.date):
            published = published.isoformat()
        return next(self.process([make_document(doc_id, text, published)]))

    def process(self, items: Iterable[Item]) -> Iterator[Result]:
        """Annotations (or errors) for `items`, in the same order, one per item."""
        iterator = iter(items)
        while chunk := list(itertools.islice(iterator, self.batch_size)):
            yield from self._process_chunk(chunk)

    def _process_chunk(self, chunk: list[Item]) -> Iterator[Result]:
        documents = [item for item in chunk if isinstance(item, InputDocument)]
        try:
            parses: list[Doc | None] = list(self.nlp.pipe(d.text for d in documents))
        except Exception:  # a batch-level failure: parse one by one so only the culprit fails
            log.exception("batch parse failed; parsing documents one by one")
            parses = [None] * len(documents)
        parse_of = iter(parses)
        for item in chunk:
            if isinstance(item, DocumentError):
                yield item
                continue
            try:
                doc = next(parse_of)
                yield self.annotate(item, doc if doc is not None else self.nlp(item.text))
            except Exception as exc:  # contained: the run goes on, the document is reported
                log.exception("document %s failed", item.id)
                yield DocumentError(item.id, "internal_error", f"{type(exc).__name__}: {exc}")

    def annotate(self, document: InputDocument, doc: Doc) -> DocumentAnnotation:
        """Run the stages after the parse on one parsed document."""
        published, inferred, clue = document.published, False, None
        if published is None:
            found = infer_document_date(document.text)
            if found is not None:
                published, inferred, clue = found.date, True, found.clue
            if document.published_error:
                clue = f"{document.published_error}; " + (f"inferred from {clue}" if clue else "no date")
        times = tag_times(doc, published)
        places = self.geoparser.parse(doc)
        actors = self.actor_recognizer.recognise(doc)
        quotes = extract_quotes(doc, actors)
        events = extract_events(doc, EventContext(published, times, places, actors, quotes))
        return DocumentAnnotation(
            id=document.id,
            published=published.isoformat() if published else None,
            published_inferred=inferred,
            language="en",
            events=events, places=places, times=times, quotes=quotes, actors=actors,
            published_clue=clue,
        )
