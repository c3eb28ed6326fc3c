"""Containers: gzip around any other kind, zip archives of files, and WARC crawls.

Every decompressed byte passes through `limits.GuardedStream`, so output beyond
`--max-ratio` times the compressed size (or `--max-total-bytes`) stops the container with a
`decompression_bomb` error after bounded work. Archives inside archives are not opened.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import IO, Any

from ..limits import DecompressionBomb, LimitExceeded, decompression_budget, guarded, read_at_most
from .base import CONTAINERS, Entry, Item, ReadContext, entry_error, kind_of, without_suffixes
from .webpage import page_document

GZIP_MAGIC = b"\x1f\x8b"
HTML_MEDIA = ("text/html", "application/xhtml+xml")
WARC_STARTS = (b"WARC/", b"filedesc://")

Dispatch = Callable[[Entry, ReadContext], Iterator[Item]]


def _budget(compressed: int | None, context: ReadContext) -> int:
    options = context.options
    return decompression_budget(compressed or 0, options.max_ratio, options.max_total_bytes)


def gunzipped(entry: Entry, context: ReadContext) -> IO[bytes]:
    """The entry's decompressed bytes behind the bomb guard."""
    raw = entry.open()
    return guarded(gzip.GzipFile(fileobj=raw, mode="rb"), _budget(entry.size, context),
                   f"{entry.name} (gzip)", closing=(raw,))


def read_gzip(entry: Entry, context: ReadContext, dispatch: Dispatch) -> Iterator[Item]:
    """`x.jsonl.gz`, `x.html.gz`...: the inner kind's reader on the decompressed stream."""
    inner = kind_of(entry.name[:-3]) or "text"
    if inner in CONTAINERS:
        yield entry_error(entry, "nested_archive", "archives inside archives are not read")
        return
    yield from dispatch(dataclasses.replace(entry, kind=inner, opener=lambda: gunzipped(entry, context)),
                        context)


def _visible(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return not any(part.startswith(".") or part == "__MACOSX" for part in parts)


def read_zip(entry: Entry, context: ReadContext, dispatch: Dispatch) -> Iterator[Item]:
    """Each readable member in archive order; members declared to expand beyond the limits
    refuse the whole archive before anything is decompressed."""
    options = context.options
    with entry.open() as raw, _open_zip(raw) as archive:
        members = [m for m in archive.infolist() if m.filename and not m.is_dir() and _visible(m.filename)
                   and kind_of(m.filename) is not None]
        declared = sum(m.file_size for m in members)
        if declared > options.max_total_bytes:
            yield entry_error(entry, "decompression_bomb", f"members declare {declared:,} bytes, over the "
                              f"{options.max_total_bytes:,}-byte limit (--max-total-bytes)")
            return
        for member in members:
            budget = _budget(member.compress_size, context)
            if member.file_size > budget:
                yield entry_error(entry, "decompression_bomb",
                                  f"{member.filename} expands {member.compress_size:,} bytes to "
                                  f"{member.file_size:,} (--max-ratio, --max-total-bytes): archive refused")
                return
        for member in members:
            yield from _zip_member(archive, member, entry, context, dispatch)


ZIP_DAMAGE = (ValueError, NotImplementedError, RuntimeError, EOFError)  # what zipfile raises on bad data


def _open_zip(raw: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(raw)
    except ZIP_DAMAGE as exc:
        raise zipfile.BadZipFile(f"{type(exc).__name__}: {exc}") from exc


def _open_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> IO[bytes]:
    """The member's stream; damage, encryption or an unknown method become BadZipFile."""
    try:
        return archive.open(member)
    except ZIP_DAMAGE as exc:
        raise zipfile.BadZipFile(f"{member.filename}: {type(exc).__name__}: {exc}") from exc


def _zip_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, entry: Entry, context: ReadContext,
                dispatch: Dispatch) -> Iterator[Item]:
    name = f"{entry.name}:{member.filename}"
    kind = kind_of(member.filename)
    inner = Entry(name=name, doc_id=f"{entry.doc_id}/{without_suffixes(member.filename)}", kind=kind or "text",
                  opener=lambda: guarded(_open_member(archive, member), _budget(member.compress_size, context), name),
                  size=member.compress_size)
    if kind in CONTAINERS:
        yield entry_error(inner, "nested_archive", "archives inside archives are not read")
        return
    yield from dispatch(inner, context)


# ---- WARC ---------------------------------------------------------------------------------------

def _peekable(stream: IO[bytes]) -> IO[bytes]:
    return stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]


def _open_warc(entry: Entry, context: ReadContext) -> IO[bytes]:
    """The WARC's bytes, decompressed behind the bomb guard when gzipped (by magic, not name)."""
    raw = _peekable(entry.open())
    if raw.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
        return guarded(gzip.GzipFile(fileobj=raw, mode="rb"), _budget(entry.size, context),
                       f"{entry.name} (gzip)", closing=(raw,))
    return raw


def read_warc(entry: Entry, context: ReadContext) -> Iterator[Item]:
    """HTML responses (and resources) of a WARC, each as a page; other records are skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with _open_warc(entry, context) as stream:
        if not stream.peek(16).lstrip(b"\r\n").startswith(WARC_STARTS):  # type: ignore[attr-defined]
            yield entry_error(entry, "invalid_warc", "not a WARC file (it does not start with a WARC record)")
            return
        try:
            for number, record in enumerate(ArchiveIterator(stream, arc2warc=True), start=1):
                item = _record_item(record, number, entry, context)
                if item is not None:
                    yield item
        except ArchiveLoadFailed as exc:
            yield entry_error(entry, "invalid_warc", f"not a readable WARC ({str(exc).strip()[:200]})")


def _record_item(record: Any, number: int, warc: Entry, context: ReadContext) -> Item | None:
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not str(http.get_statuscode()).startswith("2"):
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media, _, params = content_type.partition(";")
    if media.strip().lower() not in HTML_MEDIA:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    charset = params.partition("charset=")[2].strip().strip('"') or None
    where = Entry(name=f"{warc.name}: record {number}", doc_id=uri or f"{warc.doc_id}#{number}",
                  kind="html", url=uri, charset=charset)
    try:
        data = read_at_most(record.content_stream(), context.options.max_bytes)
    except DecompressionBomb:
        raise  # the whole file is refused
    except LimitExceeded as exc:  # one oversized page: refused, the crawl goes on
        return entry_error(where, exc.code, exc.message)
    except (OSError, ValueError, EOFError, zlib.error) as exc:  # a damaged record (chunking, encoding)
        return entry_error(where, "invalid_warc", f"unreadable record ({type(exc).__name__}: {exc})")
    return page_document(data, where, context)
