"""The input contract: JSON records {id, text, published?, title?, url?, source?}.

A bad line never stops a run: it becomes a `DocumentError` in the same position of the
output, so that output line N always answers input line N.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..contract import DocumentError
from .documents import InputDocument, make_document
from .limits import bounded_lines
from .options import DEFAULT_OPTIONS, ReaderOptions

_ID_IN_BROKEN_LINE = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.){1,200})"')
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # strings are skipped whole


def nesting_depth_exceeds(line: str, max_depth: int) -> bool:
    """True when the JSON in `line` opens more than `max_depth` arrays/objects at once.
    Cheap for normal records: only a line with that many brackets at all is scanned."""
    if line.count("[") + line.count("{") <= max_depth:
        return False
    depth = 0
    for token in _JSON_TOKEN.finditer(line):
        symbol = token.group()
        if symbol in "[{":
            depth += 1
            if depth > max_depth:
                return True
        elif symbol in "]}":
            depth -= 1
    return False


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def parse_record(record: object, where: str, options: ReaderOptions = DEFAULT_OPTIONS
                 ) -> InputDocument | DocumentError:
    """One decoded JSON value as a document; `where` ("line 3", "x.json: record 2") starts messages."""
    if not isinstance(record, dict):
        return DocumentError(None, "invalid_record", f"{where}: expected a JSON object")
    doc_id = record.get("id")
    if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        return DocumentError(None, "missing_id", f"{where}: no string 'id'")
    text = record.get("text")
    if not isinstance(text, str):
        return DocumentError(doc_id, "missing_text", f"{where}: no string 'text'")
    return make_document(
        doc_id, text, record.get("published"),
        _optional_str(record, "title"), _optional_str(record, "url"), _optional_str(record, "source"),
        languages=options.languages,
    )


def load_json(text: str, where: str, options: ReaderOptions = DEFAULT_OPTIONS
              ) -> tuple[object, DocumentError | None]:
    """(value, None) or (None, the error) for one JSON text, with the nesting limit applied."""
    if nesting_depth_exceeds(text, options.max_depth):
        return None, DocumentError(None, "nesting_too_deep",
                                   f"{where}: JSON nested deeper than {options.max_depth} (--max-depth)")
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        # keep the id when it can still be seen, so the user knows which document was lost
        found = _ID_IN_BROKEN_LINE.search(text[:100_000])
        return None, DocumentError(found.group(1) if found else None, "invalid_json",
                                   f"{where}: not valid JSON ({exc.msg})")
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        return None, DocumentError(None, "invalid_json", f"{where}: not valid JSON ({exc})")


def parse_line(line: str, line_number: int, options: ReaderOptions = DEFAULT_OPTIONS,
               where: str = "") -> InputDocument | DocumentError | None:
    """One JSONL input line; None for a blank line (which has no output line)."""
    if not line.strip():
        return None
    place = f"{where}: line {line_number}" if where else f"line {line_number}"
    if len(line) > options.max_line_bytes:
        return DocumentError(None, "line_too_long",
                             f"{place}: longer than {options.max_line_bytes:,} characters (--max-line-bytes)")
    record, error = load_json(line, place, options)
    return error if error else parse_record(record, place, options)


def read_jsonl(lines: Iterable[str], options: ReaderOptions = DEFAULT_OPTIONS
               ) -> Iterator[InputDocument | DocumentError]:
    """Documents and errors, in input order, from JSONL lines."""
    for number, line in enumerate(lines, start=1):
        item = parse_line(line, number, options)
        if item is not None:
            yield item


def read_jsonl_binary(stream: BinaryIO, name: str = "<input>", options: ReaderOptions = DEFAULT_OPTIONS
                      ) -> Iterator[InputDocument | DocumentError]:
    """Documents and errors from a binary JSONL stream, UTF-8 with bad bytes replaced; a line
    over `options.max_line_bytes` is refused and skipped without ever being held in memory."""
    limit = options.max_line_bytes
    for number, raw in bounded_lines(stream, limit):
        if raw is None:
            yield DocumentError(None, "line_too_long",
                                f"{name}: line {number}: longer than {limit:,} bytes (--max-line-bytes)")
            continue
        line = raw.decode("utf-8", errors="replace")
        item = parse_line(line.removeprefix("\ufeff") if number == 1 else line, number, options, where=name)
        if item is not None:
            yield item
