"""Plain text files and the JSON input contract (.json, .jsonl)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..decoding import decode_bytes, decode_document
from ..jsonl import load_json, parse_record, read_jsonl_binary
from ..limits import read_at_most
from .base import Entry, Item, ReadContext, document


def read_text(entry: Entry, context: ReadContext) -> Iterator[Item]:
    """One file, one document; its id is the file's path under the folder given, sans suffix."""
    with entry.open() as stream:
        data = read_at_most(stream, context.options.max_bytes)
    decoded = decode_document(data, entry.charset)
    yield document(entry, entry.doc_id, decoded.text, context, url=entry.url)


def read_json(entry: Entry, context: ReadContext) -> Iterator[Item]:
    """A .json file: one contract record, or a list of them."""
    with entry.open() as stream:
        data = read_at_most(stream, context.options.max_bytes)
    text, _encoding = decode_bytes(data)
    value, error = load_json(text.removeprefix("\ufeff"), entry.name, context.options)
    if error is not None:
        yield dataclasses.replace(error, id=error.id or entry.doc_id)
        return
    records = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, start=1):
        yield parse_record(record, f"{entry.name}: record {number}", context.options)


def read_jsonl(entry: Entry, context: ReadContext) -> Iterator[Item]:
    """A .jsonl file, line by line; a line over --max-line-bytes is skipped without being held."""
    with entry.open() as stream:
        yield from read_jsonl_binary(stream, entry.name, context.options)
