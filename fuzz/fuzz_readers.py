"""atheris fuzz target for the ingest readers: arbitrary bytes, as any kind of input file.

    python fuzz/fuzz_readers.py -max_total_time=60 [CORPUS_DIR]

The first byte picks the reader (text, json, jsonl, csv, html, feed, warc, gzip, zip); the rest
is the file. A reader may refuse the bytes with a DocumentError, never raise: the readers'
last-resort containment is switched off here so that any unexpected exception is a finding.
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports(include=["newsevents"]):
    from newsevents.contract import DocumentError
    from newsevents.ingest import FetchOptions, InputDocument, ReaderOptions
    from newsevents.ingest.readers import READERS, Entry, ReadContext, base, read_entry

base.RAISE_UNEXPECTED = True
KINDS = sorted(kind for kind in READERS if kind != "url")  # no network in a fuzz run
NAMES = {"text": "f.txt", "json": "f.json", "jsonl": "f.jsonl", "csv": "f.csv", "html": "f.html",
         "feed": "f.xml", "warc": "f.warc.gz", "gzip": "f.jsonl.gz", "zip": "f.zip"}
OPTIONS = ReaderOptions(max_bytes=256 * 1024, max_line_bytes=64 * 1024, max_depth=32,
                        max_total_bytes=4 * 1024 * 1024, fetch=FetchOptions(enabled=False))
CONTEXT = ReadContext(OPTIONS)


def read_bytes(kind: str, body: bytes) -> list:
    entry = Entry(name=NAMES[kind], doc_id="fuzz", kind=kind, opener=lambda: io.BytesIO(body), size=len(body))
    return list(read_entry(entry, CONTEXT))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    kind = KINDS[data[0] % len(KINDS)]
    for item in read_bytes(kind, data[1:]):
        assert isinstance(item, (InputDocument, DocumentError)), type(item)
        if isinstance(item, InputDocument):
            assert isinstance(item.text, str) and item.text.strip(), item
            item.text.encode("utf-8")  # storable and printable: no lone surrogates
        else:
            assert item.code and "\n" not in item.code, item


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
