"""The readers: files, folders, archives, feeds and URLs into documents or errors.

`read_sources(paths)` is what `newsevents ingest` reads. Each kind of input has one reader
(`READERS`), every reader yields `InputDocument | DocumentError`, and a failure inside one
file becomes one error item naming the file and the reason: the run goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ...contract import DocumentError
from ..documents import InputDocument
from ..limits import bounded_lines, read_at_most
from ..options import DEFAULT_OPTIONS, ReaderOptions
from . import archives, feeds, plain, tabular, webpage
from .base import Entry, Item, ReadContext, contained, kind_of, without_suffixes

__all__ = [
    "Entry", "Item", "READERS", "ReadContext", "STDIN", "count_items", "file_entry", "kind_of",
    "read_entry", "read_path", "read_sources", "source_files",
]

STDIN = "-"

READERS: dict[str, Callable[[Entry, ReadContext], Iterator[Item]]] = {
    "text": plain.read_text,
    "json": plain.read_json,
    "jsonl": plain.read_jsonl,
    "csv": tabular.read_csv,
    "html": webpage.read_html,
    "feed": feeds.read_feed,
    "url": feeds.read_url,
    "warc": archives.read_warc,
    "gzip": lambda entry, context: archives.read_gzip(entry, context, read_entry),
    "zip": lambda entry, context: archives.read_zip(entry, context, read_entry),
}


def read_entry(entry: Entry, context: ReadContext) -> Iterator[Item]:
    """The entry's items through its kind's reader; failures contained to this entry."""
    return contained(READERS[entry.kind], entry, context)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def source_files(paths: Sequence[str]) -> Iterator[tuple[Path, Path]]:
    """(file, the root it was found under) for every readable file named by `paths`; folders
    are walked recursively in a stable order, hidden files and unknown suffixes are skipped."""
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if kind_of(path.name) is not None and not _hidden(relative) and path.is_file():
                    yield path, root
        else:
            yield root, root.parent


def file_entry(path: Path, root: Path) -> Entry:
    """A file to read; a file named explicitly with an unknown suffix is read as plain text."""
    relative = path.relative_to(root).as_posix()
    return Entry(name=str(path), doc_id=without_suffixes(relative), kind=kind_of(path.name) or "text",
                 opener=lambda: path.open("rb"), size=path.stat().st_size)


def _is_url(given: str) -> bool:
    return given.startswith(("http://", "https://"))


def _stdin_entry() -> Entry:
    return Entry(name="<stdin>", doc_id="stdin", kind="jsonl",
                 opener=lambda: contextlib.nullcontext(sys.stdin.buffer))  # type: ignore[arg-type,return-value]


def read_path(given: str, context: ReadContext) -> Iterator[Item]:
    """Items of one source: a file, a folder, a URL or '-'."""
    if given == STDIN:
        yield from read_entry(_stdin_entry(), context)
        return
    if _is_url(given):
        yield from read_entry(Entry(name=given, doc_id=given, kind="url", url=given), context)
        return
    if not Path(given).exists():
        yield DocumentError(given, "missing_source", f"{given}: no such file or folder")
        return
    for path, root in source_files([given]):
        try:
            entry = file_entry(path, root)
        except OSError as exc:
            yield DocumentError(str(path), "unreadable_file", f"{path}: {exc.strerror or exc}")
            continue
        yield from read_entry(entry, context)


def read_sources(paths: Sequence[str], source_name: str | None = None,
                 options: ReaderOptions | None = None, context: ReadContext | None = None) -> Iterator[Item]:
    """Documents from files, folders, URLs and '-' (JSONL on stdin), in order; an unreadable
    file becomes one error item and the run goes on. `source_name` fills a missing `source`."""
    context = context or ReadContext(options or DEFAULT_OPTIONS)
    try:
        for given in paths:
            for item in read_path(given, context):
                if source_name and isinstance(item, InputDocument) and not item.source:
                    item = dataclasses.replace(item, source=source_name)
                yield item
    finally:
        context.close()


def _items_in_file(path: Path, options: ReaderOptions) -> int | None:
    kind = kind_of(path.name) or "text"
    if kind in ("text", "html"):
        return 1
    if kind == "jsonl":
        with path.open("rb") as handle:
            return sum(1 for _n, line in bounded_lines(handle, options.max_line_bytes)
                       if line is None or line.strip())
    if kind == "json":
        with path.open("rb") as handle:
            try:
                data = json.loads(read_at_most(handle, options.max_bytes))
            except Exception:  # noqa: BLE001 - any failure is one error item when read
                return 1
        return len(data) if isinstance(data, list) else 1
    return None  # csv, feeds, archives: not known without reading them whole


def count_items(paths: Sequence[str], options: ReaderOptions | None = None) -> int | None:
    """How many items `read_sources` will yield (for a progress bar); None when that cannot be
    known cheaply (stdin, URLs, CSV, feeds, archives)."""
    options = options or DEFAULT_OPTIONS
    if any(given == STDIN or _is_url(given) for given in paths):
        return None
    total = 0
    for given in paths:
        if not Path(given).exists():
            total += 1
            continue
        for path, _root in source_files([given]):
            try:
                count = _items_in_file(path, options)
            except OSError:
                count = 1
            if count is None:
                return None
            total += count
    return total
