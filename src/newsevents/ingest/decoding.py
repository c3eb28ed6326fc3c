"""Bytes to text: find the encoding, replace what cannot be decoded, drop stray controls.

Policy (documented in docs/ingest.md): a byte-order mark wins; then strict UTF-8; then a
charset the container declared (HTTP header, <meta charset>); then charset-normalizer's guess;
undecodable bytes become U+FFFD, never an error. Afterwards C0/C1 control characters other
than \\t \\n \\v \\f \\r (NUL included) and stray byte-order marks are removed; when more than 1%
of the characters are such controls, the data is binary and refused. The text a document
carries is this cleaned text, so every span indexes exactly what the pipeline read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .documents import MAX_CONTROL_RATIO

DETECT_SAMPLE_BYTES = 256 * 1024  # charset-normalizer looks at this much; enough to decide
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_LATIN_BLOCKS = ("Basic Latin", "Latin", "General Punctuation", "Control character", "Currency Symbols",
                 "Letterlike Symbols")
_STRAY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    removed: int  # control characters dropped


class BinaryData(ValueError):
    """The bytes are not text."""


def known_codec(name: str | None) -> str | None:
    """`name` when Python has a codec by that name, else None."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        return None


def html_declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its start."""
    found = _META_CHARSET.search(data[:4096])
    return known_codec(found.group(1).decode("ascii", "replace")) if found else None


def _latin_only(alphabets: list[str]) -> bool:
    return all(name.startswith(_LATIN_BLOCKS) for name in alphabets)


def _detected_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess; Latin-script text is read as windows-1252, the legacy
    encoding of English pages (short samples otherwise come out as mac_roman, cp1250...)."""
    from charset_normalizer import from_bytes

    sample = data[:DETECT_SAMPLE_BYTES]
    best = from_bytes(sample).best()
    if best is None:
        return None
    if _latin_only(best.alphabets):
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return known_codec(best.encoding)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used); never raises on content."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = known_codec(declared) or _detected_encoding(data) or "utf-8"
    try:
        return data.decode(encoding, errors="replace"), encoding
    except (LookupError, ValueError):  # a codec that cannot decode (e.g. a stateful oddity)
        return data.decode("utf-8", errors="replace"), "utf-8"


def clean_text(text: str) -> tuple[str, int]:
    """(text without stray controls, how many were removed)."""
    cleaned, removed = _STRAY.subn("", text)
    return cleaned, removed


def decode_document(data: bytes, declared: str | None = None) -> DecodedText:
    """Decoded, cleaned text; BinaryData when the bytes are not text."""
    text, encoding = decode_bytes(data, declared)
    cleaned, removed = clean_text(text)
    if removed > MAX_CONTROL_RATIO * len(text) + 2:
        raise BinaryData(f"{removed:,} control characters in {len(text):,}: it looks like binary data")
    replaced = cleaned.count("\ufffd")
    if replaced > 0.2 * len(cleaned) + 8:
        raise BinaryData(f"{replaced:,} of {len(cleaned):,} characters could not be decoded: "
                         "it looks like binary data")
    return DecodedText(cleaned, encoding, removed)
