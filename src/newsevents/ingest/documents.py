"""One document's rules: what an `InputDocument` is and when a text cannot be processed.

Every reader ends in `make_document`, so the input rules (empty, binary, too long, foreign
language, readable `published`) live in exactly one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from ..contract import DocumentError
from .language import guess_language

MAX_TEXT_CHARS = 1_000_000  # about 150,000 words: far beyond any news article
MAX_CONTROL_RATIO = 0.01  # more control characters than this and the "text" is binary
DEFAULT_LANGUAGES: frozenset[str] = frozenset({"en"})  # what the English-only pipeline can read

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # C0 controls other than whitespace \t\n\v\f\r
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class InputDocument:
    id: str
    text: str
    published: dt.date | None = None
    published_error: str | None = None  # a `published` that was given but could not be read
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None  # ISO 639-1 code when identified with confidence, else None


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
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_RATIO * len(text) + 2:
        return "binary_text", f"text has {controls} control characters: it looks like binary data"
    return None


def without_lone_surrogates(text: str) -> str:
    """Lone UTF-16 surrogates (JSON's "\\ud800") become U+FFFD: one character for one, so every
    offset stays valid, and the text can be written as UTF-8 again."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def make_document(
    doc_id: str,
    text: str,
    published: object = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    languages: Collection[str] = DEFAULT_LANGUAGES,
) -> InputDocument | DocumentError:
    """Validate one document's fields; the single place input rules live.

    `languages` are the language codes accepted; a text identified with confidence as another
    language is refused (`unsupported_language`); an empty collection accepts any language.
    """
    problem = text_problem(text)
    if problem:
        return DocumentError(id=doc_id, code=problem[0], message=problem[1])
    text = without_lone_surrogates(text)
    guess = guess_language(text)
    if languages and guess.code is not None and guess.code not in languages:
        return DocumentError(
            id=doc_id, code="unsupported_language", language=guess.code,
            message=f"text is in language '{guess.code}' (confidence {guess.confidence:.2f}); "
                    f"accepted: {', '.join(sorted(languages))}")
    published_date, published_error = None, None
    if published not in (None, ""):
        try:
            published_date = parse_published(published)
        except ValueError as exc:
            published_error = str(exc)
    return InputDocument(doc_id, text, published_date, published_error, title, url, source, guess.code)
