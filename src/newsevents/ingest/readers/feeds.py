"""RSS/Atom feeds (feedparser) and URLs. A feed entry's article page is fetched politely
(see `fetch.PoliteFetcher`) and extracted like any page; when fetching is off or fails, the
text the feed itself carries (full content, else the summary) is used if there is any."""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Iterator
from typing import Any

from ..decoding import clean_text
from ..fetch import FetchError
from ..limits import read_at_most
from .base import Entry, Item, ReadContext, document, entry_error
from .webpage import page_document

FEED_MEDIA = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/feed+json")
_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def read_feed(entry: Entry, context: ReadContext) -> Iterator[Item]:
    with entry.open() as stream:
        data = read_at_most(stream, context.options.max_bytes)
    yield from feed_items(data, entry, context)


def read_url(entry: Entry, context: ReadContext) -> Iterator[Item]:
    """A URL given on the command line: a feed, or one article page."""
    fetched = context.fetcher().get(entry.url or entry.name)
    located = dataclasses.replace(entry, url=fetched.url, charset=fetched.charset)
    if looks_like_feed(fetched.content, fetched.content_type):
        yield from feed_items(fetched.content, located, context)
    else:
        yield page_document(fetched.content, located, context, doc_id=entry.url)


def looks_like_feed(data: bytes, media_type: str) -> bool:
    if media_type in FEED_MEDIA:
        return True
    head = data[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _feedparser() -> Any:
    import feedparser

    return feedparser


def feed_items(data: bytes, entry: Entry, context: ReadContext) -> Iterator[Item]:
    """One item per feed entry, in feed order."""
    try:
        parsed = _feedparser().parse(data)  # bytes: feedparser never fetches anything itself
    except (KeyError, IndexError, AttributeError, TypeError, ValueError) as exc:
        # feedparser's own state can break on damaged markup (an unclosed <link> inside an item)
        yield entry_error(entry, "invalid_feed", f"not a readable RSS/Atom feed ({type(exc).__name__})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception") if parsed.get("bozo") else "it has no entries"
        yield entry_error(entry, "invalid_feed", f"not a readable RSS/Atom feed ({reason})")
        return
    source = (parsed.get("feed") or {}).get("title") or None
    for number, feed_entry in enumerate(entries, start=1):
        yield _entry_item(feed_entry, number, entry, context, source)


def _date(feed_entry: Any) -> str | None:
    stamp = feed_entry.get("published_parsed") or feed_entry.get("updated_parsed")
    if isinstance(stamp, time.struct_time):
        return f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
    return None


def fragment_text(markup: str) -> str:
    """Text of an HTML fragment (feed content), one line per block element."""
    import lxml.etree
    import lxml.html

    markup = clean_text(markup)[0]  # lxml refuses control characters
    if "<" not in markup:
        return markup
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
        for script in root.xpath("//script|//style"):
            script.drop_tree()
        for block in root.iter(*_BLOCKS):
            block.tail = "\n" + (block.tail or "")
        return root.text_content().strip()
    except (lxml.etree.ParserError, ValueError):  # markup lxml cannot take: drop the tags crudely
        return _TAG.sub(" ", markup).strip()


def _carried_text(feed_entry: Any) -> str:
    """The article text a feed entry carries itself: full content if any, else the summary."""
    for content in feed_entry.get("content") or []:
        value = content.get("value") if hasattr(content, "get") else None
        if value and value.strip():
            return fragment_text(value)
    return fragment_text(feed_entry.get("summary") or "")


def _entry_item(feed_entry: Any, number: int, feed: Entry, context: ReadContext, source: str | None) -> Item:
    link = feed_entry.get("link") or None
    doc_id = feed_entry.get("id") or link or f"{feed.doc_id}#{number}"
    where = dataclasses.replace(feed, name=f"{feed.name}: entry {number}", doc_id=doc_id, url=link)
    known = {"title": feed_entry.get("title") or None, "published": _date(feed_entry), "source": source}
    fetch_failure: FetchError | None = None
    if link and context.options.fetch.enabled:
        try:
            page = context.fetcher().get(link)
            located = dataclasses.replace(where, url=page.url, charset=page.charset)
            return page_document(page.content, located, context, doc_id=doc_id, **known)
        except FetchError as exc:
            fetch_failure = exc
    carried = _carried_text(feed_entry)
    if carried.strip():
        return document(where, doc_id, carried, context, url=link, **known)
    if fetch_failure is not None:
        return entry_error(where, fetch_failure.code, fetch_failure.message)
    return entry_error(where, "no_article_text", "the entry has no text and no page to fetch")
