"""The ingest stage: raw input into documents, or into errors that say what was wrong.

- `documents`: `InputDocument` and `make_document`, the one place input rules live;
- `jsonl`: the JSON input contract (`parse_line`, `read_jsonl`), used by `newsevents extract`;
- `readers`: files, folders, CSV, HTML, feeds, URLs, WARC, gz/zip (`read_sources`), used by
  `newsevents ingest`; imported on first use, so `extract` does not pay for httpx or trafilatura;
- `options`: the limits (`ReaderOptions`) and their command-line flags.

A bad line never stops a run: it becomes a `DocumentError` in the same position of the output.
"""

from __future__ import annotations

from typing import Any

from .documents import (
    DEFAULT_LANGUAGES,
    MAX_CONTROL_RATIO,
    MAX_TEXT_CHARS,
    InputDocument,
    make_document,
    parse_published,
    text_problem,
)
from .jsonl import parse_line, parse_record, read_jsonl, read_jsonl_binary
from .language import LanguageGuess, guess_language
from .options import DEFAULT_OPTIONS, CsvColumns, FetchOptions, ReaderOptions, parse_csv_columns

__all__ = [
    "DEFAULT_LANGUAGES", "DEFAULT_OPTIONS", "MAX_CONTROL_RATIO", "MAX_TEXT_CHARS", "CsvColumns",
    "FetchOptions", "InputDocument", "LanguageGuess", "ReaderOptions", "count_items", "guess_language",
    "make_document", "parse_csv_columns", "parse_line", "parse_published", "parse_record", "read_jsonl",
    "read_jsonl_binary", "read_sources", "text_problem",
]

_LAZY = {"read_sources", "count_items", "source_files", "Item"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import readers

        return getattr(readers, name)
    raise AttributeError(f"module 'newsevents.ingest' has no attribute {name!r}")
