"""The ingest readers: every kind of input, its limits, encodings, languages and hostile bytes.

All inputs are written here, in tmp_path; the feed and page tests serve them from a local
http.server thread on 127.0.0.1 (no other network).
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.contract import DocumentError, to_dict
from newsevents.ingest import FetchOptions, InputDocument, ReaderOptions, parse_csv_columns
from newsevents.ingest.limits import GuardedStream, read_at_most
from newsevents.ingest.options import CsvColumns, add_reader_options, parse_size, reader_options_from_args
from newsevents.ingest.readers import READERS, Entry, ReadContext, count_items, read_entry, read_sources

FAST_FETCH = FetchOptions(timeout=5.0, retries=2, backoff=0.01, host_delay=0.0)
OPTIONS = ReaderOptions(fetch=FAST_FETCH)

ARTICLE = ("Government forces recaptured the town of Marwen on Monday after three days of heavy "
           "fighting, officials said. At least twelve people were killed in the clashes, according "
           "to a local hospital, and residents said the shelling had stopped by the evening.")
FRENCH = ("Les forces gouvernementales ont repris lundi le contrôle de la ville après trois jours de "
          "combats acharnés, selon des responsables locaux. Au moins douze personnes ont été tuées "
          "dans les affrontements, d'après un hôpital de la région.")


def page(title: str = "Army retakes Marwen", body: str = ARTICLE, head: str = "") -> str:
    """A news page with the boilerplate a real one has around the article."""
    return f"""<!DOCTYPE html><html><head><title>{title} | Daily Courier</title>
<meta name="date" content="2016-11-29"><link rel="canonical" href="https://courier.example/army">{head}
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p>{body}</p></article>
<footer>Copyright 2016 Daily Courier. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""


def read(paths, options: ReaderOptions = OPTIONS, source: str | None = None) -> list:
    return list(read_sources([str(p) for p in paths], source, options))


def codes(items) -> list:
    return [(item.code if isinstance(item, DocumentError) else "ok") for item in items]


# ---- folders and plain text ---------------------------------------------------------------------

def test_folder_is_walked_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("Police arrested ten men in the capital.", encoding="utf-8")
    (tmp_path / "b" / "c" / "d.txt").write_text("Rebels shelled the port.", encoding="utf-8")
    (tmp_path / "b" / "notes.md").write_text("not read", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("not read", encoding="utf-8")
    items = read([tmp_path])
    assert [(i.id, i.text) for i in items] == [("a", "Police arrested ten men in the capital."),
                                               ("b/c/d", "Rebels shelled the port.")]
    assert count_items([str(tmp_path)]) == 2


@pytest.mark.parametrize("data, expected", [
    ("Troops entered Kherson; the café was shut.".encode("cp1252"), "Troops entered Kherson; the café was shut."),
    (codecs.BOM_UTF16_LE + "Troops entered Kherson.".encode("utf-16-le"), "Troops entered Kherson."),
    (codecs.BOM_UTF8 + "Troops entered Kherson.".encode("utf-8"), "Troops entered Kherson."),
    (b"Troops\x00 entered Kherson on Friday, witnesses said.\x1b",
     "Troops entered Kherson on Friday, witnesses said."),  # a few stray controls are dropped
])
def test_text_encodings_are_detected_and_controls_dropped(tmp_path, data, expected):
    (tmp_path / "a.txt").write_bytes(data)
    [item] = read([tmp_path / "a.txt"])
    assert item.text == expected


@pytest.mark.parametrize("text, encoding", [
    ("He said \u201cno\u201d \u2014 twice, in the caf\u00e9.", "cp1252"),
    ("\u041f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e "
     "\u0437\u0430\u044f\u0432\u0438\u043b\u043e \u0432\u043e \u0432\u0442\u043e\u0440\u043d\u0438\u043a", "cp1251"),
    ("Troops entered Kherson.", "utf-8"),
])
def test_decode_bytes_finds_the_encoding(text, encoding):
    from newsevents.ingest.decoding import decode_bytes

    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_undecodable_bytes_are_replaced_not_fatal(tmp_path):
    (tmp_path / "a.txt").write_bytes("Police arrested ten men in Kyiv on Friday.".encode() + b"\xff\xfe\xfa" * 2)
    [item] = read([tmp_path / "a.txt"])
    assert isinstance(item, InputDocument) and item.text.startswith("Police arrested ten men in Kyiv")


@pytest.mark.parametrize("data, code", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "binary_text"),
    (b"   \n\t ", "empty_text"),
])
def test_unreadable_text_files_name_the_file_and_the_run_goes_on(tmp_path, data, code):
    (tmp_path / "bad.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text("Rebels shelled the port.", encoding="utf-8")
    bad, good = read([tmp_path])
    assert (bad.code, bad.id, good.id) == (code, "bad", "good")
    assert bad.message.startswith(str(tmp_path / "bad.txt") + ": ") and "\n" not in bad.message


def test_a_50_megabyte_text_is_refused_after_reading_only_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.write(b"Rebels shelled the port. " * (2 * 1024 * 1024))  # 50 MiB
    [item] = read([big])
    assert item.code == "file_too_large" and "--max-bytes" in item.message

    class Counting(io.BytesIO):
        read_total = 0

        def read(self, size=-1):
            data = super().read(size)
            Counting.read_total += len(data)
            return data

    with pytest.raises(Exception, match="16,777,216-byte limit"):
        read_at_most(Counting(b"x" * (40 * 1024 * 1024)), 16 * 1024 * 1024)
    assert Counting.read_total == 16 * 1024 * 1024 + 1


# ---- JSON and JSONL ------------------------------------------------------------------------------

def test_jsonl_limits_name_file_and_line_and_go_on(tmp_path):
    deep = "[" * 100 + "]" * 100
    lines = [json.dumps({"id": "a", "text": "Rebels shelled the port."}),
             json.dumps({"id": "long", "text": "word " * 2000}),
             '{"id": "deep", "text": "x", "extra": ' + deep + "}",
             '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
             json.dumps({"id": "b", "text": "Police arrested ten men."})]
    (tmp_path / "d.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read([tmp_path / "d.jsonl"], ReaderOptions(max_line_bytes=6000, max_depth=20))
    assert codes(items) == ["ok", "line_too_long", "nesting_too_deep", "invalid_json", "ok"]
    assert items[1].message == f"{tmp_path / 'd.jsonl'}: line 2: longer than 6,000 bytes (--max-line-bytes)"
    assert "line 3" in items[2].message and "line 4" in items[3].message


def test_json_file_of_records(tmp_path):
    (tmp_path / "r.json").write_bytes(codecs.BOM_UTF8 + json.dumps(
        [{"id": "r1", "text": "Militias clashed near the dam.", "published": "2020-01-02"}, {"id": "r2"}]).encode())
    one, two = read([tmp_path / "r.json"])
    assert (one.id, one.published, two.code) == ("r1", dt.date(2020, 1, 2), "missing_text")
    assert two.message == f"{tmp_path / 'r.json'}: record 2: no string 'text'"


# ---- CSV ----------------------------------------------------------------------------------------

def test_csv_default_mapping_is_the_contract_names(tmp_path):
    (tmp_path / "a.csv").write_text(
        'ID,Text,published,title\n7,"Rebels shelled the port, witnesses said.",2021-03-04,Port shelled\n'
        ',"A row without an id, over\ntwo lines.",,\n', encoding="utf-8")
    first, second = read([tmp_path / "a.csv"])
    assert (first.id, first.text, first.published, first.title) == (
        "7", "Rebels shelled the port, witnesses said.", dt.date(2021, 3, 4), "Port shelled")
    assert (second.id, second.text) == ("a:4", "A row without an id, over\ntwo lines.")


def test_csv_column_mapping_flag(tmp_path):
    (tmp_path / "feed.csv").write_text(
        "guid,headline,body,date,link\n"
        "g1,Clashes,Soldiers raided a village near the border.,2019-05-06,https://x.example/1\n",
        encoding="cp1252")
    mapping = parse_csv_columns("text=body,id=guid,published=date,title=headline,url=link")
    assert mapping == CsvColumns(text="body", id="guid", published="date", title="headline", url="link")
    [item] = read([tmp_path / "feed.csv"], ReaderOptions(csv_columns=mapping))
    assert (item.id, item.title, item.url, item.published) == (
        "g1", "Clashes", "https://x.example/1", dt.date(2019, 5, 6))
    [error] = read([tmp_path / "feed.csv"])
    assert error.code == "invalid_csv" and "--csv-columns text=COLUMN" in error.message


def test_csv_long_lines_and_legacy_encodings(tmp_path):
    rows = ["id,text", "1,Troops entered the café district.", "2," + "x" * 5000, "3,Police arrested ten men."]
    (tmp_path / "a.csv").write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    one, long, three = read([tmp_path / "a.csv"], ReaderOptions(max_line_bytes=1000))
    assert (one.text, three.text) == ("Troops entered the café district.", "Police arrested ten men.")
    assert long.code == "line_too_long" and long.message.endswith(
        "a.csv: line 3: longer than 1,000 characters (--max-line-bytes)")


def test_csv_mapping_rejects_unknown_fields():
    with pytest.raises(ValueError, match="unknown field 'body'"):
        parse_csv_columns("body=text")


# ---- HTML ---------------------------------------------------------------------------------------

def test_html_boilerplate_removed_and_metadata_kept(tmp_path):
    (tmp_path / "army.html").write_text(page(), encoding="utf-8")
    [item] = read([tmp_path / "army.html"])
    assert item.text == "Army retakes Marwen\n" + ARTICLE
    assert (item.id, item.title, item.published, item.url) == (
        "army", "Army retakes Marwen", dt.date(2016, 11, 29), "https://courier.example/army")
    assert "Subscribe" not in item.text and "Sport" not in item.text


def test_html_dates_never_go_to_the_slow_free_text_parser(tmp_path, monkeypatch):
    import htmldate.extractors

    def refuse(*args, **kwargs):
        raise AssertionError("dateparser must not be used: it can take seconds on one page")

    from newsevents.ingest.readers import base

    monkeypatch.setattr(htmldate.extractors, "_external_date", refuse)
    monkeypatch.setattr(base, "RAISE_UNEXPECTED", True)
    htmldate.extractors.try_date_expr.cache_clear()
    broken = ('<html><head><title>Army retakes Marwen/title>\n<meta name="dat16-11\ufffd 9"></head>'
              f"<body><article><p>{ARTICLE}</p></article></body></html>")  # a page the fuzzer made
    (tmp_path / "p.html").write_text(broken, encoding="utf-8")
    assert codes(read([tmp_path / "p.html"])) == ["no_article_text"]  # the broken <title> eats the page


def test_html_meta_charset_is_honoured(tmp_path):
    body = ARTICLE.replace("Marwen", "Mañana")
    html = page(body=body, head='<meta charset="windows-1252">')
    (tmp_path / "cp.htm").write_bytes(html.encode("cp1252"))
    [item] = read([tmp_path / "cp.htm"])
    assert "town of Mañana on Monday" in item.text


def test_html_without_an_article(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>Home</title></head><body></body></html>",
                                         encoding="utf-8")
    [item] = read([tmp_path / "empty.html"])
    assert item.code == "no_article_text"


# ---- languages ----------------------------------------------------------------------------------

def test_foreign_text_is_skipped_with_its_language(tmp_path):
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "short.txt").write_text("Les soldats sont arrivés.", encoding="utf-8")
    en, fr, short = read([tmp_path])
    assert (fr.code, fr.language) == ("unsupported_language", "fr")
    assert to_dict(fr)["language"] == "fr" and set(to_dict(fr)["error"]) == {"code", "message"}
    assert en.language == "en"
    assert isinstance(short, InputDocument) and short.language is None  # too short to decide
    anything = read([tmp_path / "fr.txt"], ReaderOptions(languages=frozenset()))
    assert anything[0].language == "fr" and isinstance(anything[0], InputDocument)


# ---- archives -----------------------------------------------------------------------------------

def test_gzip_and_zip_containers(tmp_path):
    with gzip.open(tmp_path / "docs.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "g1", "text": "Rebels shelled the port."}) + "\n")
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2020/a.txt", "Police arrested ten men.")
        archive.writestr("2020/b.html", page())
        archive.writestr("inner.zip", b"PK")
        archive.writestr("__MACOSX/._a.txt", "junk")
    items = read([tmp_path])
    assert [(type(i).__name__, i.id) for i in items] == [
        ("InputDocument", "bundle/2020/a"), ("InputDocument", "bundle/2020/b"),
        ("DocumentError", "bundle/inner"), ("InputDocument", "g1")]
    assert items[2].code == "nested_archive"


def test_gzip_bomb_is_refused_after_bounded_work(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        for _ in range(100):
            out.write(b"\0" * (1024 * 1024))  # 100 MiB in ~100 kB
    assert bomb.stat().st_size < 1024 * 1024
    [item] = read([bomb])
    assert item.code == "decompression_bomb" and "--max-ratio" in item.message


def test_zip_bomb_is_refused_from_its_directory(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("a.txt", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(100):
                member.write(chunk)  # 100 MiB of NULs in ~100 kB
    assert bomb.stat().st_size < 1024 * 1024
    [item] = read([bomb])
    assert item.code == "decompression_bomb" and "archive refused" in item.message


def test_guarded_stream_stops_at_its_budget():
    stream = GuardedStream(io.BytesIO(b"x" * 5000), budget=4096, describe="test")
    with pytest.raises(Exception, match="more than 4,096 bytes"):
        io.BufferedReader(stream).read()


def test_damaged_archives_are_errors(tmp_path):
    (tmp_path / "a.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "b.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00 truncated")
    (tmp_path / "c.warc").write_bytes(b"this is no WARC at all\r\n\r\n")
    assert codes(read([tmp_path])) == ["invalid_archive", "invalid_archive", "invalid_warc"]


# ---- WARC ---------------------------------------------------------------------------------------

def write_warc(path: Path, compress: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        records = [
            ("https://courier.example/army", "text/html; charset=utf-8", page().encode()),
            ("https://courier.example/logo.png", "image/png", b"\x89PNG\r\n"),
            ("https://courier.example/fr", "text/html", page(body=FRENCH).encode()),
        ]
        for uri, content_type, body in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            writer.write_record(writer.create_warc_record(uri, "request", payload=request))
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=http))


@pytest.mark.parametrize("name, compress", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_documents(tmp_path, name, compress):
    write_warc(tmp_path / name, compress)
    army, french = read([tmp_path / name])
    assert (army.id, army.url, army.title) == ("https://courier.example/army", "https://courier.example/army",
                                                "Army retakes Marwen")
    assert army.text.endswith(ARTICLE)
    assert (french.code, french.language) == ("unsupported_language", "fr")


# ---- feeds and URLs, from a local server ------------------------------------------------------------

class Site:
    """Routes for the local test server; remembers every request."""

    def __init__(self):
        self.routes: dict[str, list[tuple[int, str, bytes]]] = {}
        self.requests: list[tuple[str, str]] = []

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200, failures: int = 0) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = [(503, "text/plain", b"busy")] * failures + [(status, content_type, data)]


@pytest.fixture
def site():
    routes = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server name
            routes.requests.append((self.path, self.headers.get("User-Agent", "")))
            answers = routes.routes.get(self.path)
            status, content_type, body = answers.pop(0) if answers and len(answers) > 1 else (
                answers[0] if answers else (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    routes.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield routes
    server.shutdown()
    server.server_close()


def rss(base: str, links: list[str]) -> str:
    items = "".join(f"""<item><title>Story {n}</title><link>{base}{link}</link><guid>story-{n}</guid>
<pubDate>Tue, 29 Nov 2016 10:00:00 GMT</pubDate><description>Summary {n}: {ARTICLE}</description></item>"""
                    for n, link in enumerate(links, start=1))
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Courier World</title>{items}</channel></rss>"""


def test_feed_pages_are_fetched_politely(tmp_path, site):
    site.add("/robots.txt", "User-agent: newsevents\nDisallow: /private/\n", "text/plain")
    site.add("/news/1", page("First story"), failures=1)  # one 503, then the page: retried
    site.add("/private/2", page("Secret story"))
    (tmp_path / "world.rss").write_text(rss(site.base, ["/news/1", "/private/2", "/missing/3"]), encoding="utf-8")
    first, second, third = read([tmp_path / "world.rss"])
    assert (first.id, first.title, first.published, first.source) == (
        "story-1", "Story 1", dt.date(2016, 11, 29), "Courier World")
    assert first.text == "First story\n" + ARTICLE and first.url == site.base + "/news/1"
    # robots.txt forbids the page, and a 404: the text the feed carries is used instead
    assert second.text.startswith("Summary 2: ") and third.text.startswith("Summary 3: ")
    paths = [path for path, _agent in site.requests]
    assert paths == ["/robots.txt", "/news/1", "/news/1", "/missing/3"]
    assert all(agent.startswith("newsevents/") for _path, agent in site.requests)


def test_fetch_failure_without_feed_text_is_an_error(tmp_path, site):
    site.add("/robots.txt", "", "text/plain", status=404)  # no robots.txt: everything allowed
    feed = f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><id>e1</id><title>Gone</title><link href="{site.base}/gone"/>
<updated>2016-11-29T00:00:00Z</updated></entry></feed>"""
    (tmp_path / "t.atom").write_text(feed, encoding="utf-8")
    [item] = read([tmp_path / "t.atom"])
    assert (item.code, item.id) == ("fetch_failed", "e1") and "HTTP 404" in item.message


def test_url_source_of_a_feed_and_of_a_page(site):
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
    site.add("/feed", rss(site.base, ["/a"]), "application/rss+xml")
    site.add("/a", page("Story A"))
    [from_feed] = read([site.base + "/feed"])
    [from_page] = read([site.base + "/a"])
    assert from_feed.title == "Story 1" and from_page.title == "Story A"
    assert from_page.id == site.base + "/a"


def test_host_delay_and_robots_crawl_delay(site):
    from newsevents.ingest.fetch import PoliteFetcher

    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 2\n", "text/plain")
    site.add("/a", page())
    pauses: list[float] = []
    with PoliteFetcher(FetchOptions(host_delay=0.5, backoff=0.01), 1024 * 1024) as fetcher:
        fetcher.sleep = pauses.append
        fetcher.get(site.base + "/a")
        fetcher.get(site.base + "/a")
    assert len(pauses) == 2 and all(1.5 < pause <= 2.0 for pause in pauses)  # waited for Crawl-delay


def test_unreachable_robots_disallows_and_oversized_pages_are_refused(site):
    from newsevents.ingest.fetch import FetchError, PoliteFetcher

    site.add("/robots.txt", "", "text/plain", status=200)
    site.add("/big", "x" * 5000)
    with PoliteFetcher(FAST_FETCH, 1000) as fetcher:
        with pytest.raises(FetchError, match="over the 1,000-byte limit"):
            fetcher.get(site.base + "/big")
    with PoliteFetcher(FAST_FETCH, 1000) as fetcher:
        with pytest.raises(FetchError) as refused:
            fetcher.get("http://127.0.0.1:9/closed-port")
        assert refused.value.code == "robots_disallowed"  # robots.txt unreachable: RFC 9309


# ---- command-line flags --------------------------------------------------------------------------

def test_ingest_command_has_the_reader_flags():
    import argparse

    from newsevents.store.commands import add_store_commands

    root = argparse.ArgumentParser(prog="newsevents")
    add_store_commands(root.add_subparsers(dest="command"))
    args = root.parse_args(["ingest", "feeds.csv", "--csv-columns", "text=body", "--max-bytes", "2M"])
    options = reader_options_from_args(args)
    assert (options.csv_columns.text, options.max_bytes) == ("body", 2 * 1024 * 1024)


def test_reader_flags_become_options():
    import argparse

    parser = argparse.ArgumentParser()
    add_reader_options(parser)
    args = parser.parse_args(["--csv-columns", "text=body,id=guid", "--max-bytes", "1M", "--max-line-bytes",
                              "64k", "--max-depth", "10", "--max-ratio", "50", "--max-total-bytes", "1G",
                              "--languages", "en,fr", "--fetch-delay", "2", "--no-fetch"])
    options = reader_options_from_args(args)
    assert (options.max_bytes, options.max_line_bytes, options.max_depth, options.max_ratio) == (
        1024 * 1024, 65536, 10, 50.0)
    assert options.max_total_bytes == 1024 ** 3 and options.languages == frozenset({"en", "fr"})
    assert options.csv_columns.text == "body" and options.csv_columns.id == "guid"
    assert options.fetch.host_delay == 2.0 and not options.fetch.enabled
    assert reader_options_from_args(parser.parse_args(["--languages", "any"])).languages == frozenset()
    assert reader_options_from_args(parser.parse_args([])) == ReaderOptions()
    with pytest.raises(ValueError):
        parse_size("lots")


# ---- property tests and the fuzz target --------------------------------------------------------------

FUZZ_OPTIONS = ReaderOptions(max_bytes=64 * 1024, max_line_bytes=16 * 1024, max_total_bytes=1024 * 1024,
                             fetch=FetchOptions(enabled=False))
KINDS = sorted(kind for kind in READERS if kind != "url")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(kind, data):
    entry = Entry(name=f"x.{kind}", doc_id="x", kind=kind, opener=lambda: io.BytesIO(data), size=len(data))
    for item in read_entry(entry, ReadContext(FUZZ_OPTIONS)):
        assert isinstance(item, (InputDocument, DocumentError))
        if isinstance(item, InputDocument):
            assert isinstance(item.text, str) and item.text.strip()
            item.text.encode("utf-8")


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=500), doc_id=st.text(min_size=1, max_size=20))
def test_arbitrary_jsonl_records_never_raise(tmp_path_factory, text, doc_id):
    line = json.dumps({"id": doc_id, "text": text}).encode() + b"\n"
    entry = Entry(name="x.jsonl", doc_id="x", kind="jsonl", opener=lambda: io.BytesIO(line))
    [item] = list(read_entry(entry, ReadContext(FUZZ_OPTIONS)))
    if isinstance(item, InputDocument):
        assert len(item.text) == len(text)  # offsets into the text given stay valid
        item.text.encode("utf-8")


# inputs the fuzz target once crashed on (the first byte, the reader choice, is dropped)
FUZZ_FINDINGS = [
    ("zip", "CFBLAwQUAAAAUEsBAhQDFAAARV0nAAB6AHmhK0wYAAAAF/////4AAAAAAAAAAAAAAIABAAABAAAAdHh0UEsFBgAAAAABAAEAMwAA"
            "ADsAAAAAAA=="),  # a member with an empty name
    ("zip", "CFBLAwQUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAekV5"
            "XSehK0wYAAAAGAAAAAUAQABhLnR4dFJlYmVscyBzaGVsbGVkIHRoZSBwb3J0LlBLAQIUAxQAAAAAAHpFeV0noStMGAAAABgAAAAFAAAA"
            "AAAAAAAAAACAAQAAAABhLnR4dFBLBQYAAAAAAQABADMAAAA7AEAAAAA="),  # a header offset before the file
]


@pytest.mark.parametrize("kind, encoded", FUZZ_FINDINGS)
def test_fuzz_findings_stay_fixed(monkeypatch, kind, encoded):
    import base64

    from newsevents.ingest.readers import base

    monkeypatch.setattr(base, "RAISE_UNEXPECTED", True)
    data = base64.b64decode(encoded)[1:]
    entry = Entry(name="x.zip", doc_id="x", kind=kind, opener=lambda: io.BytesIO(data), size=len(data))
    assert codes(read_entry(entry, ReadContext(FUZZ_OPTIONS))) in (["invalid_archive"], [])


def test_feed_links_that_are_no_urls_and_markup_with_controls(monkeypatch, tmp_path):
    from newsevents.ingest.readers import base

    monkeypatch.setattr(base, "RAISE_UNEXPECTED", True)
    entries = [("http://127.0.0.1:9oa/x", "Bad port. " + ARTICLE), ("http://127\x0e0.0.1/a", "Control. " + ARTICLE),
               ("/relative/link", "<p>Relative\x01 link.</p><p>" + ARTICLE + "</p>")]
    items = "".join(f"<item><title>T{n}</title><link>{link}</link><description><![CDATA[{text}]]></description>"
                    f"</item>" for n, (link, text) in enumerate(entries))
    (tmp_path / "f.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>',
                                    encoding="utf-8")
    texts = [item.text[:12] for item in read([tmp_path / "f.rss"])]
    assert texts == ["Bad port. Go", "Control. Gov", "Relative lin"]


def _seed_corpus(folder: Path) -> None:
    """One small valid input of each kind, prefixed with the byte that picks its reader."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "Rebels shelled the port.")
    warc = folder / "w.warc"
    write_warc(warc, compress=True)
    seeds = {
        "text": b"Rebels shelled the port.",
        "json": json.dumps([{"id": "a", "text": "Rebels shelled the port."}]).encode(),
        "jsonl": json.dumps({"id": "a", "text": "Rebels shelled the port."}).encode() + b"\n",
        "csv": b"id,text\n1,Rebels shelled the port.\n",
        "html": page().encode(),
        "feed": rss("http://127.0.0.1:9", ["/a"]).encode(),
        "gzip": gzip.compress(b'{"id": "a", "text": "Rebels shelled the port."}\n'),
        "zip": buffer.getvalue(),
        "warc": warc.read_bytes(),
    }
    warc.unlink()
    for kind, data in seeds.items():
        (folder / kind).write_bytes(bytes([KINDS.index(kind)]) + data)


def test_fuzz_readers_for_a_bounded_time(tmp_path):
    pytest.importorskip("atheris", reason="atheris is not installed")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _seed_corpus(corpus)
    seconds = os.environ.get("NEWSEVENTS_FUZZ_SECONDS", "20")
    script = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_readers.py"
    run = subprocess.run([sys.executable, str(script), f"-max_total_time={seconds}", "-seed=1", "-rss_limit_mb=3072",
                          "-timeout=20", f"-artifact_prefix={tmp_path}/", str(corpus)],
                         capture_output=True, text=True, timeout=int(seconds) + 120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done" in run.stderr


def test_markup_that_breaks_feedparser_is_an_invalid_feed(monkeypatch, tmp_path):
    # feedparser raises KeyError on this (found by the fuzzer): an error item, not a crash
    from newsevents.ingest.readers import base

    monkeypatch.setattr(base, "RAISE_UNEXPECTED", True)
    (tmp_path / "f.rss").write_bytes(b"<channel<item<link</item</link>")
    items = list(read([tmp_path / "f.rss"]))
    assert [getattr(item, "code", None) for item in items] == ["invalid_feed"]
