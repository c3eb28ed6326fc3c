"""Where `newsevents ingest` reads articles from: files and folders of .txt, .json and .jsonl.

Every article comes out as an `InputDocument` or a `DocumentError`, through the same input
rules as `newsevents extract` (`ingest.parse_line` / `ingest.make_document`).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..contract import DocumentError
from ..ingest import InputDocument, make_document, parse_line, read_jsonl

Item = InputDocument | DocumentError
SUFFIXES = (".txt", ".json", ".jsonl")
STDIN = "-"


def source_files(paths: Sequence[str]) -> Iterator[tuple[Path, Path]]:
    """(file, the root it was found under) for every readable file named by `paths`; folders
    are walked recursively in a stable order, hidden files and other suffixes are skipped."""
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if (path.is_file() and path.suffix.lower() in SUFFIXES
                        and not any(part.startswith(".") for part in relative.parts)):
                    yield path, root
        else:
            yield root, root.parent


def _text_document(path: Path, root: Path) -> Item:
    text = path.read_text(encoding="utf-8", errors="replace")
    doc_id = path.relative_to(root).with_suffix("").as_posix()
    return make_document(doc_id, text)


def _json_documents(path: Path) -> Iterator[Item]:
    try:
        data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        yield DocumentError(str(path), "invalid_json", f"{path}: not valid JSON ({exc.msg})")
        return
    for number, record in enumerate(data if isinstance(data, list) else [data], start=1):
        item = parse_line(json.dumps(record), number)  # the same rules as a JSONL line
        if isinstance(item, DocumentError) and item.id is None:
            item = dataclasses.replace(item, message=f"{path}: {item.message}")
        if item is not None:
            yield item


def _file_items(path: Path, root: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open(encoding="utf-8", errors="replace") as lines:
            yield from read_jsonl(lines)
    elif suffix == ".json":
        yield from _json_documents(path)
    else:  # .txt, or any file named explicitly: plain text
        yield _text_document(path, root)


def read_sources(paths: Sequence[str], source_name: str | None = None) -> Iterator[Item]:
    """Documents from files, folders and '-' (JSONL on stdin), in order; an unreadable file
    becomes one error item and the run goes on. `source_name` fills a missing `source`."""
    for given in paths:
        if given == STDIN:
            sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
            items: Iterator[Item] = read_jsonl(sys.stdin)
        else:
            items = _items_of(given)
        for item in items:
            if source_name and isinstance(item, InputDocument) and not item.source:
                item = dataclasses.replace(item, source=source_name)
            yield item


def _items_of(given: str) -> Iterator[Item]:
    if not Path(given).exists():
        yield DocumentError(given, "missing_source", f"{given}: no such file or folder")
        return
    for path, root in source_files([given]):
        try:
            yield from _file_items(path, root)
        except OSError as exc:
            yield DocumentError(str(path), "unreadable_file", f"{path}: {exc.strerror or exc}")


def count_items(paths: Sequence[str]) -> int | None:
    """How many documents `read_sources` will yield (for a progress bar); None for stdin."""
    if STDIN in paths:
        return None
    total = 0
    for path, _root in source_files(paths):
        try:
            if path.suffix.lower() == ".jsonl":
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif path.suffix.lower() == ".json":
                data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
                total += len(data) if isinstance(data, list) else 1
            else:
                total += 1
        except (OSError, ValueError):
            total += 1
    return total
