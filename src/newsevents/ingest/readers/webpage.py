"""HTML pages: the article text without boilerplate (menus, footers, comments), by trafilatura,
with the title, date, url and site name from the page's metadata when it has them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..decoding import clean_text, decode_document, html_declared_charset
from ..limits import read_at_most
from .base import Entry, Item, ReadContext, document, entry_error


def _trafilatura() -> Any:
    """trafilatura takes ~0.7 s to import: only when a page is read."""
    import trafilatura

    return trafilatura


def extract_article(html: str, url: str | None) -> Any:
    """trafilatura's Document (text, title, date, url, sitename), or None when no article is found.

    Dates come from the page's metadata and markup only: htmldate's "extensive search" hands
    free text to dateparser, which took 25 s on one 300-byte page the fuzzer made, and a date
    guessed from the body is the pipeline's job (datelines), not the reader's."""
    return _trafilatura().bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False,
        date_extraction_params={"original_date": True, "extensive_search": False,
                                "max_date": dt.date.today().isoformat()})


def _absolute_http(url: str | None) -> str | None:
    return url if url and urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else None


def page_document(data: bytes, entry: Entry, context: ReadContext, doc_id: str | None = None,
                  **known: str | None) -> Item:
    """One page's bytes as a document. `known` fields (from a feed entry) win over the page's."""
    decoded = decode_document(data, entry.charset or html_declared_charset(data))
    try:
        article = extract_article(decoded.text, entry.url)
    except (ValueError, TypeError, RecursionError) as exc:  # lxml's limits on hostile markup
        return entry_error(entry, "invalid_html", f"the page could not be parsed ({type(exc).__name__}: {exc})")
    text = getattr(article, "text", None) if article is not None else None
    if not text or not text.strip():
        return entry_error(entry, "no_article_text", "no article text found in the page")
    text, _removed = clean_text(text)
    fields = {
        "title": getattr(article, "title", None),
        "published": getattr(article, "date", None),
        "url": entry.url or _absolute_http(getattr(article, "url", None)),
        "source": getattr(article, "sitename", None),
    }
    fields.update({name: value for name, value in known.items() if value})
    return document(entry, doc_id or entry.doc_id, text, context, **fields)


def read_html(entry: Entry, context: ReadContext) -> Iterator[Item]:
    with entry.open() as stream:
        data = read_at_most(stream, context.options.max_bytes)
    yield page_document(data, entry, context)
