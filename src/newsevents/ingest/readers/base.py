"""What every reader shares: the `Entry` it reads, the run's context, and turning a failure
into one clear error item so the run goes on with the next entry."""

from __future__ import annotations

import dataclasses
import gzip
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any

from ...contract import DocumentError
from ..decoding import BinaryData
from ..documents import InputDocument, make_document
from ..fetch import FetchError, PoliteFetcher
from ..limits import LimitExceeded
from ..options import DEFAULT_OPTIONS, ReaderOptions

log = logging.getLogger(__name__)

Item = InputDocument | DocumentError
RAISE_UNEXPECTED = False  # the fuzz target sets it: a reader bug must crash there, not be contained

SUFFIX_KINDS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "csv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
    ".gz": "gzip", ".zip": "zip",
}
CONTAINERS = frozenset({"gzip", "zip"})


def kind_of(name: str) -> str | None:
    """The reader for a file name, from its suffix(es); None for a file no reader takes.
    `x.warc.gz` is a WARC (warcio reads it record by record); `x.jsonl.gz` is gzip around JSONL."""
    lower = name.lower()
    if lower.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    suffix = PurePosixPath(lower).suffix
    kind = SUFFIX_KINDS.get(suffix)
    if kind == "gzip" and SUFFIX_KINDS.get(PurePosixPath(lower[:-3]).suffix) in (None, "gzip", "zip"):
        return None  # x.tar.gz, x.pdf.gz, x.gz.gz: nothing a reader takes
    return kind


def without_suffixes(relative: str) -> str:
    """A document id from a relative path: `2020/jan/a.html.gz` -> `2020/jan/a`."""
    path = PurePosixPath(relative)
    while path.suffix.lower() in SUFFIX_KINDS and path.stem:
        path = path.with_suffix("")
    return path.as_posix()


@dataclass(frozen=True)
class Entry:
    """One thing to read: a file, an archive member, a URL, stdin."""

    name: str  # what messages call it: a path, `archive.zip:member.txt`, a URL
    doc_id: str  # the id of its document, or the stem of its documents' ids
    kind: str  # a reader name (SUFFIX_KINDS values, or "url")
    opener: Callable[[], IO[bytes]] | None = None  # a fresh binary stream each call
    size: int | None = None  # bytes as stored: the base of the decompression ratio
    url: str | None = None
    charset: str | None = None  # declared by the container (an HTTP header)

    def open(self) -> IO[bytes]:
        if self.opener is None:
            raise OSError(f"{self.name} cannot be opened")
        return self.opener()


@dataclass
class ReadContext:
    """The run: options, and the HTTP fetcher (made on first use, closed at the end)."""

    options: ReaderOptions = DEFAULT_OPTIONS
    fetcher_factory: Callable[[ReaderOptions], PoliteFetcher] | None = None
    _fetcher: PoliteFetcher | None = field(default=None, repr=False)

    def fetcher(self) -> PoliteFetcher:
        if self._fetcher is None:
            make = self.fetcher_factory or (lambda o: PoliteFetcher(o.fetch, o.max_bytes))
            self._fetcher = make(self.options)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None


def entry_error(entry: Entry, code: str, message: str) -> DocumentError:
    """One line that names where and why."""
    return DocumentError(entry.doc_id, code, f"{entry.name}: {message}")


def document(entry: Entry, doc_id: str, text: str, context: ReadContext, **fields: Any) -> Item:
    """`make_document` with the entry named in any error message."""
    item = make_document(doc_id, text, languages=context.options.languages, **fields)
    if isinstance(item, DocumentError):
        return dataclasses.replace(item, message=f"{entry.name}: {item.message}")
    return item


Reader = Callable[[Entry, ReadContext], Iterator[Item]]


def contained(reader: Reader, entry: Entry, context: ReadContext) -> Iterator[Item]:
    """The reader's items; a failure becomes one error item after those already read."""
    try:
        yield from reader(entry, context)
    except LimitExceeded as exc:
        yield entry_error(entry, exc.code, exc.message)
    except BinaryData as exc:
        yield entry_error(entry, "binary_text", str(exc))
    except FetchError as exc:
        yield entry_error(entry, exc.code, exc.message)
    except (zipfile.BadZipFile, gzip.BadGzipFile, zlib.error, EOFError) as exc:
        yield entry_error(entry, "invalid_archive",
                          f"damaged or truncated compressed data ({exc or type(exc).__name__})")
    except OSError as exc:
        yield entry_error(entry, "unreadable_file", str(exc.strerror or exc))
    except Exception as exc:  # a reader bug or a library surprise: contained to this entry
        if RAISE_UNEXPECTED:
            raise
        log.warning("reading %s failed", entry.name, exc_info=True)
        yield entry_error(entry, "unreadable_file", f"{type(exc).__name__}: {exc}")
