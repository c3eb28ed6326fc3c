"""The ingest stage: turn raw input lines into documents, or into errors that say what was wrong.

A bad line never stops a run: it becomes a `DocumentError` in the same position of the output, so
that output line N always answers input line N.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .contract import DocumentError

MAX_TEXT_CHARS = 1_000_000  # about 150,000 words: far beyond any news article
MAX_CONTROL_RATIO = 0.01  # more control characters than this and the "text" is binary
_ID_IN_BROKEN_LINE = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.){1,200})"')


@dataclass(frozen=True)
class InputDocument:
    id: str
    text: str
    published: dt.date | None = None
    published_error: str | None = None  # a `published` that was given but could not be read
    title: str | None = None
    url: str | None = None
    source: str | None = None


def parse_published(value: object) -> dt.date:
    """An ISO date or datetime (`2016-11-29`, `2016-11-29T10:00:00Z`) as a date."""
    if not isinstance(value, str):
        raise ValueError(f"published must be an ISO date string, not {type(value).__name__}")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError as exc:
        raise ValueError(f"published {value!r} is not an ISO date") from exc


def text_problem(text: str) -> tuple[str, str] | None:
    """(code, message) when a text cannot be processed, else None."""
    if not text.strip():
        return "empty_text", "text is empty"
    if len(text) > MAX_TEXT_CHARS:
        return "text_too_long", f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
    if "\x00" in text:
        return "binary_text", "text contains NUL characters: it looks like binary data"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > MAX_CONTROL_RATIO * len(text) + 2:
        return "binary_text", f"text has {controls} control characters: it looks like binary data"
    return None


def make_document(
    doc_id: str,
    text: str,
    published: object = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
) -> InputDocument | DocumentError:
    """Validate one document's fields; the single place input rules live."""
    problem = text_problem(text)
    if problem:
        return DocumentError(id=doc_id, code=problem[0], message=problem[1])
    published_date, published_error = None, None
    if published not in (None, ""):
        try:
            published_date = parse_published(published)
        except ValueError as exc:
            published_error = str(exc)
    return InputDocument(doc_id, text, published_date, published_error, title, url, source)


def _optional_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def parse_line(line: str, line_number: int) -> InputDocument | DocumentError | None:
    """One JSONL input line; None for a blank line (which has no output line)."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # keep the id when it can still be seen, so the user knows which document was lost
        found = _ID_IN_BROKEN_LINE.search(line)
        return DocumentError(found.group(1) if found else None, "invalid_json",
                             f"line {line_number}: not valid JSON ({exc.msg})")
    if not isinstance(record, dict):
        return DocumentError(None, "invalid_record", f"line {line_number}: expected a JSON object")
    doc_id = record.get("id")
    if isinstance(doc_id, (int, float)) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        return DocumentError(None, "missing_id", f"line {line_number}: no string 'id'")
    text = record.get("text")
    if not isinstance(text, str):
        return DocumentError(doc_id, "missing_text", f"line {line_number}: no string 'text'")
    return make_document(
        doc_id, text, record.get("published"),
        _optional_str(record, "title"), _optional_str(record, "url"), _optional_str(record, "source"),
    )


def read_jsonl(lines: Iterable[str]) -> Iterator[InputDocument | DocumentError]:
    """Documents and errors, in input order, from JSONL lines."""
    for number, line in enumerate(lines, start=1):
        item = parse_line(line, number)
        if item is not None:
            yield item
