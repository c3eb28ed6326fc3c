"""CSV (and TSV) files: one document per row, fields found through a column mapping.

The default mapping is the contract's own names: columns `text`, `id`, `published`, `title`,
`url`, `source` (header names match case-insensitively); `--csv-columns text=body,id=guid`
changes any of them. Only the text column is required; a row without an id gets
`<file id>:<line>`.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import TextIO

from ...contract import DocumentError
from ..decoding import DETECT_SAMPLE_BYTES, clean_text, decode_bytes
from ..limits import SKIP_CHUNK
from .base import Entry, Item, ReadContext, document, entry_error

MAX_BAD_ROWS = 100  # this many unreadable rows in a row and the file is given up


def sniff_encoding(sample: bytes) -> str:
    """The encoding of a file from its first bytes (the sample may end inside a character)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return decode_bytes(sample)[1]
    return "utf-8-sig" if sample.startswith(codecs.BOM_UTF8) else "utf-8"


def bounded_text_lines(stream: TextIO, limit: int, too_long: list[int]) -> Iterator[str]:
    """Lines of at most `limit` characters; a longer line is skipped (its number noted in
    `too_long`) and replaced by an empty line, which csv reads as no row."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(("\n", "\r")):
            while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(("\n", "\r")):
                pass
            too_long.append(number)
            yield "\n"
        else:
            yield line


def read_csv(entry: Entry, context: ReadContext) -> Iterator[Item]:
    options = context.options
    columns = options.csv_columns
    with entry.open() as probe:
        encoding = sniff_encoding(probe.read(DETECT_SAMPLE_BYTES))
    csv.field_size_limit(options.max_line_bytes)
    too_long: list[int] = []
    with entry.open() as stream:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
        delimiter = "\t" if entry.name.lower().endswith((".tsv", ".tsv.gz")) else ","
        rows = csv.reader(bounded_text_lines(text, options.max_line_bytes, too_long), delimiter=delimiter)
        try:
            header = next(rows, None)
        except csv.Error as exc:
            yield entry_error(entry, "invalid_csv", f"unreadable header ({exc})")
            return
        if not header:
            yield entry_error(entry, "invalid_csv", "no header row")
            return
        index = {name.strip().lstrip("\ufeff").lower(): i for i, name in enumerate(header)}
        if columns.text.lower() not in index:
            yield entry_error(entry, "invalid_csv",
                              f"no column {columns.text!r} for the text (columns: {', '.join(header)[:200]}); "
                              "name it with --csv-columns text=COLUMN")
            return
        where = {name: index.get(getattr(columns, name).lower())
                 for name in ("text", "id", "published", "title", "url", "source")}
        bad_rows = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                yield DocumentError(None, "invalid_csv", f"{entry.name}: line {rows.line_num}: {exc}")
                bad_rows += 1
                if bad_rows >= MAX_BAD_ROWS:
                    yield entry_error(entry, "invalid_csv", f"{MAX_BAD_ROWS} unreadable rows in a row: given up")
                    return
                continue
            bad_rows = 0
            yield from _too_long_errors(entry, too_long, options.max_line_bytes)
            if any(cell.strip() for cell in row):
                yield _row_document(entry, context, row, where, rows.line_num)
        yield from _too_long_errors(entry, too_long, options.max_line_bytes)


def _too_long_errors(entry: Entry, too_long: list[int], limit: int) -> Iterator[DocumentError]:
    """One error per line skipped as too long since the last row (and forget them)."""
    for number in too_long:
        yield DocumentError(None, "line_too_long",
                            f"{entry.name}: line {number}: longer than {limit:,} characters (--max-line-bytes)")
    too_long.clear()


def _row_document(entry: Entry, context: ReadContext, row: list[str], where: dict[str, int | None],
                  line: int) -> Item:
    def cell(name: str) -> str | None:
        position = where[name]
        value = row[position].strip() if position is not None and position < len(row) else ""
        return value or None

    doc_id = cell("id") or f"{entry.doc_id}:{line}"
    text, _removed = clean_text(row[where["text"]] if where["text"] < len(row) else "")  # type: ignore[operator]
    return document(entry, doc_id, text, context, published=cell("published"), title=cell("title"),
                    url=cell("url"), source=cell("source"))
