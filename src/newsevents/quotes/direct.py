"""Quotation-mark regions of a text: where direct speech (or a scare quote) is.

One linear pass per paragraph over the quotation marks, in every common style: straight "...",
curly “...”, guillemets «...», low-high „...“, TimeBank's ``...'' and single ‘...’ / '...'.
Double-mark regions are found first; single marks are then read only outside them, because inside
a double quotation they are nested quotes, and elsewhere most ’ are apostrophes.

A paragraph that ends inside an open quotation continues into the next paragraph when that one
opens with a quotation mark (the newspaper convention for multi-paragraph quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `` and '' first, so that they are read as one mark rather than two.
_DOUBLE_MARK = re.compile(r"``|''|[\"“”«»„]")
_SINGLE_MARK = re.compile(r"[‘’']")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_OPENERS = frozenset({"``", "“", "«", "„"})
_CLOSERS = frozenset({"''", "”", "»"})
_LETTER_OR_DIGIT = re.compile(r"\w")


@dataclass(frozen=True)
class QuoteRegion:
    """A quotation: `start`/`end` include the marks, `inner_start`/`inner_end` are the words inside."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool  # False when the paragraph ended before a closing mark

    def words(self, text: str) -> int:
        return len(text[self.inner_start:self.inner_end].split())


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _starts_with_mark(text: str, start: int, end: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    match = pattern.match(text, start, end)
    return match if match and _is_opening(text, match) else None


def _is_opening(text: str, match: re.Match[str]) -> bool:
    """Whether a mark opens a quotation, from its shape or (for ambiguous marks) its neighbours."""
    mark = match.group()
    if mark in _OPENERS or mark == "‘":
        return True
    if mark in _CLOSERS or mark == "’":
        # a closing mark misused as an opener: space (or start) before it, a word right after it
        before = text[match.start() - 1] if match.start() > 0 else " "
        after = text[match.end()] if match.end() < len(text) else " "
        return before.isspace() and bool(_LETTER_OR_DIGIT.match(after))
    before = text[match.start() - 1] if match.start() > 0 else " "
    return before.isspace() or before in "([{—–-/:"


def _single_is_closing(text: str, match: re.Match[str]) -> bool:
    """A single mark closes a quote only when no letter follows it (else: "don’t", "Clinton’s")."""
    after = text[match.end()] if match.end() < len(text) else " "
    before = text[match.start() - 1] if match.start() > 0 else " "
    return not _LETTER_OR_DIGIT.match(after) and not before.isspace()


def _single_is_opening(text: str, match: re.Match[str]) -> bool:
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if match.group() == "‘":
        return not _LETTER_OR_DIGIT.match(before)
    return (before.isspace() or before in "([{—–-\"“") and bool(_LETTER_OR_DIGIT.match(after))


def _region(open_end: int, close_start: int, start: int, end: int, text: str, closed: bool) -> QuoteRegion | None:
    inner = text[open_end:close_start]
    inner_start = open_end + (len(inner) - len(inner.lstrip()))
    inner_end = close_start - (len(inner) - len(inner.rstrip()))
    if inner_end <= inner_start:
        return None
    return QuoteRegion(start, end, inner_start, inner_end, closed)


def _scan(text: str, spans: list[tuple[int, int]], single: bool) -> list[QuoteRegion]:
    """Pair marks within each span; an open quote runs on into a next span that opens with a mark."""
    pattern = _SINGLE_MARK if single else _DOUBLE_MARK
    regions: list[QuoteRegion] = []
    open_start = open_end = None
    skip_until = -1  # end of a paragraph-opening continuation mark, which is not a closer
    for index, (span_start, span_end) in enumerate(spans):
        for match in pattern.finditer(text, span_start, span_end):
            if match.start() < skip_until:
                continue  # the continuation mark opening this paragraph, already consumed
            if open_start is None:
                opens = _single_is_opening(text, match) if single else _is_opening(text, match)
                if opens:
                    open_start, open_end = match.start(), match.end()
                continue
            closes = _single_is_closing(text, match) if single else match.group() not in _OPENERS
            if closes:
                region = _region(open_end, match.start(), open_start, match.end(), text, True)
                if region:
                    regions.append(region)
                open_start = open_end = None
        if open_start is None:
            continue
        following = spans[index + 1] if index + 1 < len(spans) else None
        continuation = following and _starts_with_mark(text, following[0], following[1], pattern)
        if continuation:
            skip_until = continuation.end()
            continue
        # an unclosed double quote ends with its paragraph; an unclosed single mark was an apostrophe
        region = None if single else _region(open_end, span_end, open_start, span_end, text, False)
        if region:
            regions.append(region)
        open_start = open_end = None
    return regions


def find_quote_regions(text: str) -> list[QuoteRegion]:
    """All outermost quotation regions of `text`, in text order."""
    paragraphs = _paragraphs(text)
    doubles = _scan(text, paragraphs, single=False)
    # single marks: only in the stretches outside double quotations, split at paragraphs
    outside: list[tuple[int, int]] = []
    cursor_regions = iter(doubles)
    region = next(cursor_regions, None)
    for start, end in paragraphs:
        position = start
        while region is not None and region.start < end:
            if region.start > position:
                outside.append((position, region.start))
            position = max(position, region.end)
            if region.end > end:
                break
            region = next(cursor_regions, None)
        if position < end:
            outside.append((position, end))
    singles = _scan(text, outside, single=True)
    return sorted(doubles + singles, key=lambda r: r.start)
