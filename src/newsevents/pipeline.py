"""The pipeline: ingest -> nlp -> time, geo, actors -> events, quotes -> contract records.

Models and the gazetteer are loaded once per `Pipeline`; documents stream through `nlp.pipe` in
batches, and each document's failure is contained to that document.
"""

from __future__ import annotations

import collections
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
from .triage import Triage

log = logging.getLogger(__name__)

Item = InputDocument | DocumentError
# Relative dates ("last year", "three weeks ago") are computed from the publication date; a date
# at the edge of what `datetime` holds (year 1, year 9999) makes that arithmetic overflow, and no
# news article is dated there: such a date is a typo, treated like one that cannot be read.
_PLAUSIBLE_PUBLISHED = (dt.date(1000, 1, 1), dt.date(9000, 12, 31))
Result = DocumentAnnotation | DocumentError


class Pipeline:
    """Loads every model once; turns documents into contract annotations."""

    def __init__(self, batch_size: int = 32, actor_lexicons: Sequence[str | PathLike] = (),
                 triage: Triage | None = None):
        started = time.perf_counter()
        self.batch_size = batch_size
        self.triage = triage  # None: every document is parsed
        self.geoparser = Geoparser()
        self.actor_recognizer = ActorRecognizer(actor_lexicons)
        patterns = [*self.geoparser.entity_patterns(), *self.actor_recognizer.entity_patterns()]
        self.nlp = load_language(patterns).nlp
        self.stage_seconds: collections.Counter[str] = collections.Counter()  # wall time per stage
        self._warm_up()
        self.load_seconds = time.perf_counter() - started

    def _warm_up(self) -> None:
        """Run one short text through every stage, so lexicons that stages load on first use are
        loaded here (counted as load time) rather than inside the first batch of real documents."""
        text = "Police arrested 15 protesters in Damascus on Monday, the interior ministry said."
        self.annotate(InputDocument("warm-up", text, dt.date(2016, 11, 29)), self.nlp(text))
        self.stage_seconds.clear()

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

    def _relevant(self, document: InputDocument) -> bool:
        if self.triage is None:
            return True
        started = time.perf_counter()
        relevant = self.triage.is_relevant(f"{document.title}\n{document.text}" if document.title
                                           else document.text)
        self.stage_seconds["triage"] += time.perf_counter() - started
        return relevant

    def _process_chunk(self, chunk: list[Item]) -> Iterator[Result]:
        skipped = {i for i, item in enumerate(chunk)
                   if isinstance(item, InputDocument) and not self._relevant(item)}
        documents = [item for i, item in enumerate(chunk) if isinstance(item, InputDocument) and i not in skipped]
        started = time.perf_counter()
        try:
            parses: list[Doc | None] = list(self.nlp.pipe(d.text for d in documents))
        except Exception:  # a batch-level failure: parse one by one so only the culprit fails
            log.exception("batch parse failed; parsing documents one by one")
            parses = [None] * len(documents)
        self.stage_seconds["parse"] += time.perf_counter() - started
        parse_of = iter(parses)
        for i, item in enumerate(chunk):
            if isinstance(item, DocumentError):
                yield item
                continue
            try:
                if i in skipped:
                    yield self.skipped_annotation(item)
                    continue
                doc = next(parse_of)
                yield self.annotate(item, doc if doc is not None else self.nlp(item.text))
            except Exception as exc:  # contained: the run goes on, the document is reported
                log.exception("document %s failed", item.id)
                yield DocumentError(item.id, "internal_error", f"{type(exc).__name__}: {exc}")

    def skipped_annotation(self, document: InputDocument) -> DocumentAnnotation:
        """The annotation of a document the triage found no event language in: its id and date
        (read from the text when not given, which needs no parse) and empty lists."""
        published, inferred, clue = self._document_date(document)
        return DocumentAnnotation(
            id=document.id, published=published.isoformat() if published else None,
            published_inferred=inferred, language="en", published_clue=clue, triage_skipped=True)

    def annotate(self, document: InputDocument, doc: Doc) -> DocumentAnnotation:
        """Run the stages after the parse on one parsed document."""
        published, inferred, clue = self._document_date(document)
        clock, seconds = time.perf_counter, self.stage_seconds
        t0 = clock()
        times = tag_times(doc, published)
        t1 = clock()
        places = self.geoparser.parse(doc)
        t2 = clock()
        actors = self.actor_recognizer.recognise(doc)
        t3 = clock()
        quotes = extract_quotes(doc, actors)
        t4 = clock()
        events = extract_events(doc, EventContext(published, times, places, actors, quotes))
        t5 = clock()
        seconds["time"] += t1 - t0
        seconds["geo"] += t2 - t1
        seconds["actors"] += t3 - t2
        seconds["quotes"] += t4 - t3
        seconds["events"] += t5 - t4
        return DocumentAnnotation(
            id=document.id,
            published=published.isoformat() if published else None,
            published_inferred=inferred,
            language="en",
            events=events, places=places, times=times, quotes=quotes, actors=actors,
            published_clue=clue,
        )

    @staticmethod
    def _document_date(document: InputDocument) -> tuple[dt.date | None, bool, str | None]:
        """(publication date, whether it was inferred from the text, how it was found)."""
        published, inferred, clue = document.published, False, None
        published_error = document.published_error
        if published is not None and not _PLAUSIBLE_PUBLISHED[0] <= published <= _PLAUSIBLE_PUBLISHED[1]:
            published_error = f"published {published.isoformat()} is outside the years 1000-9000"
            published = None
        if published is None:
            found = infer_document_date(document.text)
            if found is not None and _PLAUSIBLE_PUBLISHED[0] <= found.date <= _PLAUSIBLE_PUBLISHED[1]:
                published, inferred, clue = found.date, True, found.clue
            if published_error:
                clue = f"{published_error}; " + (f"inferred from {clue}" if clue else "no date")
        return published, inferred, clue
