"""The REST API (newsevents.serve) with FastAPI's TestClient against a real SQLite store.

The store is filled through `Store.add` with annotations written by hand for three short texts
written for these tests, so every span, coordinate and count below is known exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from newsevents.contract import (  # noqa: E402
    Actor, DocumentAnnotation, DocumentError, Event, Figure, Place, TextSpan, Timex,
)
from newsevents.ingest import make_document  # noqa: E402
from newsevents.serve import create_app  # noqa: E402
from newsevents.store import open_store  # noqa: E402

TOKEN = "s3cret-token-for-tests"

SHELLING_TEXT = ("ALEPPO - Government forces shelled the Hanano district of Aleppo on Monday, killing "
                 "12 civilians, a monitoring group said. Residents fled towards the west of the city.")
PROTEST_TEXT = ("Hundreds of people protested in Kabul on Friday against rising bread prices. "
                "The march ended peacefully near the parliament.")
SCRIPT_TEXT = ("Police arrested five men in Nairobi on Tuesday. <script>alert(1)</script> "
               "The men were released later that day.")
SCRIPT_TITLE = '<img src=x onerror="alert(2)">Arrests in Nairobi'


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def actor(text: str, phrase: str, name: str, kind: str, country: str | None = None) -> Actor:
    return Actor(text=phrase, span=span(text, phrase), name=name, type=kind, country=country)


def place(text: str, phrase: str, name: str, lat: float, lon: float, country: str, admin1: str) -> Place:
    return Place(text=phrase, span=span(text, phrase), name=name, lat=lat, lon=lon, country=country,
                 admin1=admin1, geo_precision=1, feature_code="PPLA")


def sentence(text: str, first_words: str, last_words: str) -> tuple[int, int]:
    return text.index(first_words), text.index(last_words) + len(last_words)


def shelling_article() -> tuple[str, DocumentAnnotation]:
    t = SHELLING_TEXT
    aleppo = place(t, "Aleppo", "Aleppo", 36.20124, 37.16117, "SYR", "Aleppo")
    monday = Timex(text="Monday", span=span(t, "Monday"), type="DATE", value="2016-11-28", anchor="published")
    forces = actor(t, "Government forces", "Military Forces of Syria", "state_forces", "SYR")
    civilians = actor(t, "civilians", "Civilians (Syria)", "civilians", "SYR")
    event = Event(
        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        cameo="195", date="2016-11-28", trigger=TextSpan("shelled", span(t, "shelled")),
        evidence=sentence(t, "Government forces", "a monitoring group said."), time_precision=1,
        actor1=forces, actor2=civilians, location=aleppo, fatalities=12, confidence=0.8, date_source="text",
        figures=[Figure(kind="fatalities", value=12, text="12 civilians", span=span(t, "12 civilians"))])
    return t, DocumentAnnotation(id="shelling", published="2016-11-29", published_inferred=False,
                                 language="en", events=[event], places=[aleppo], times=[monday],
                                 actors=[forces, civilians])


def protest_article() -> tuple[str, DocumentAnnotation]:
    t = PROTEST_TEXT
    kabul = place(t, "Kabul", "Kabul", 34.52813, 69.17233, "AFG", "Kabul")
    friday = Timex(text="Friday", span=span(t, "Friday"), type="DATE", value="2017-03-03")
    people = actor(t, "Hundreds of people", "Protesters (Afghanistan)", "protesters", "AFG")
    event = Event(
        event_type="Protests", sub_event_type="Peaceful protest", cameo="141", date="2017-03-03",
        trigger=TextSpan("protested", span(t, "protested")),
        evidence=sentence(t, "Hundreds of people", "bread prices."), time_precision=1, actor1=people,
        location=kabul, confidence=0.7, date_source="text")
    return t, DocumentAnnotation(id="protest", published="2017-03-04", published_inferred=False,
                                 language="en", events=[event], places=[kabul], times=[friday],
                                 actors=[people])


def script_article() -> tuple[str, DocumentAnnotation]:
    t = SCRIPT_TEXT
    nairobi = place(t, "Nairobi", "Nairobi", -1.28333, 36.81667, "KEN", "Nairobi Area")
    police = actor(t, "Police", "Police Forces of Kenya", "state_forces", "KEN")
    men = actor(t, "five men", "Civilians (Kenya)", "civilians", "KEN")
    event = Event(
        event_type="Strategic developments", sub_event_type="Arrests", cameo="173", date="2017-05-02",
        trigger=TextSpan("arrested", span(t, "arrested")), evidence=sentence(t, "Police", "Tuesday."),
        time_precision=1, actor1=police, actor2=men, location=nairobi, arrested=5, confidence=0.6,
        date_source="published",
        figures=[Figure(kind="arrested", value=5, text="five men", span=span(t, "five men"))])
    return t, DocumentAnnotation(id="script", published="2017-05-02", published_inferred=False,
                                 language="en", events=[event], places=[nairobi], actors=[police, men])


def fill_sample_store(url: str) -> dict[str, int]:
    """Store the three articles; returns doc id -> article id."""
    ids = {}
    with open_store(url) as store:
        for (text, annotation), title, link in (
            (shelling_article(), "Shelling in Aleppo", "https://news.example.org/aleppo"),
            (protest_article(), "Bread protest in Kabul", "https://news.example.org/kabul"),
            (script_article(), SCRIPT_TITLE, "javascript:alert(3)"),
        ):
            document = make_document(annotation.id, text, annotation.published, title, link, "Example News")
            assert store.add(document, annotation)
        import sqlalchemy as sa

        with store.engine.connect() as conn:
            for doc_id, article_id in conn.execute(sa.text("SELECT doc_id, id FROM articles")):
                ids[doc_id] = article_id
    return ids


class FakePipeline:
    """An annotator that finds one Riots event in any text mentioning "rioted" (the API's
    wiring is under test here, not the NLP); counts its loads and calls."""

    loads = 0

    def __init__(self) -> None:
        type(self).loads += 1
        self.calls = 0

    def process(self, items) -> Iterator[DocumentAnnotation | DocumentError]:
        for document in items:
            self.calls += 1
            text = document.text
            events = []
            if "rioted" in text:
                start, end = span(text, "rioted")
                events.append(Event(event_type="Riots", sub_event_type="Violent demonstration", cameo="145",
                                    date="2018-01-05", trigger=TextSpan("rioted", (start, end)),
                                    evidence=(0, len(text)), confidence=0.5, date_source="published"))
            yield DocumentAnnotation(id=document.id, published="2018-01-05", published_inferred=False,
                                     language="en", events=events)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> tuple[str, dict[str, int]]:
    path = tmp_path_factory.mktemp("serve") / "events.db"
    url = f"sqlite:///{path}"
    return url, fill_sample_store(url)


@pytest.fixture(scope="module")
def client(sample_db) -> TestClient:
    return TestClient(create_app(sample_db[0]))


@pytest.fixture
def writable(tmp_path) -> Iterator[tuple[TestClient, str]]:
    """A client over a fresh copy of the sample store, with a token and the fake pipeline."""
    url = f"sqlite:///{tmp_path / 'events.db'}"
    fill_sample_store(url)
    FakePipeline.loads = 0
    yield TestClient(create_app(url, api_token=TOKEN, pipeline_factory=FakePipeline)), url


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# ---- GET /events ---------------------------------------------------------------------------------

def test_events_lists_every_event_newest_first(client):
    answer = client.get("/events")
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] == 3 and body["count"] == 3 and body["next"] is None
    assert answer.headers["x-total-count"] == "3"
    assert [e["doc_id"] for e in body["events"]] == ["script", "protest", "shelling"]
    shelling = body["events"][2]
    assert shelling["date"] == "2016-11-28" and shelling["fatalities"] == 12
    assert shelling["location_country"] == "SYR" and shelling["latitude"] == 36.20124
    assert client.get("/events?sort=date").json()["events"][0]["doc_id"] == "shelling"


@pytest.mark.parametrize("query, expected", [
    ("country=Syria", ["shelling"]),
    ("country=AF", ["protest"]),
    ("event_type=Protests", ["protest"]),
    ("event_type=arrests", ["script"]),  # a sub-event type, any case
    ("date_from=2017-01-01&date_to=2017-03", ["protest"]),
    ("date_to=2016", ["shelling"]),
    ("actor=kenya", ["script"]),
    ("text=bread", ["protest"]),
    ("text=Alep*", ["shelling"]),
    ("bbox=30,30,40,40", ["shelling"]),
    ("admin1=nairobi%20area", ["script"]),
    ("min_confidence=0.75", ["shelling"]),
    ("country=SYR&event_type=Protests", []),
])
def test_events_filters_like_the_query_command(client, query, expected):
    body = client.get(f"/events?{query}").json()
    assert [e["doc_id"] for e in body["events"]] == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize("query", ["country=Atlantis", "date_from=2016-13-45", "bbox=1,2,3",
                                   "bbox=10,50,20,40", "min_confidence=2", "limit=0", "offset=-1",
                                   "sort=random", "format=xml", "limit=6000"])
def test_bad_filters_are_422(client, query):
    assert client.get(f"/events?{query}").status_code == 422


def test_events_paginate(client):
    first = client.get("/events?limit=2").json()
    assert first["count"] == 2 and first["total"] == 3
    assert first["next"] == "limit=2&offset=2"
    second = client.get(f"/events?{first['next']}").json()
    assert second["count"] == 1 and second["next"] is None
    assert [e["doc_id"] for e in first["events"] + second["events"]] == ["script", "protest", "shelling"]
    assert client.get("/events?offset=10").json()["events"] == []


def test_events_as_csv_by_format_and_by_accept(client):
    for answer in (client.get("/events?format=csv&sort=date"),
                   client.get("/events?sort=date", headers={"Accept": "text/csv"})):
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert [r["doc_id"] for r in rows] == ["shelling", "protest", "script"]
        assert rows[0]["trigger_text"] == "shelled" and rows[0]["date"] == "2016-11-28"
    acled = list(csv.DictReader(io.StringIO(client.get("/events?format=acled-csv&country=SYR").text)))
    assert acled[0]["event_type"] == "Explosions/Remote violence" and acled[0]["fatalities"] == "12"
    assert acled[0]["iso"] == "760" and acled[0]["event_id_cnty"].startswith("SYR")


def test_events_as_geojson_by_format_and_by_accept(client):
    for answer in (client.get("/events?format=geojson&event_type=Protests"),
                   client.get("/events?event_type=Protests", headers={"Accept": "application/geo+json"})):
        assert answer.headers["content-type"].startswith("application/geo+json")
        collection = answer.json()
        assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 1
        feature = collection["features"][0]
        assert feature["geometry"] == {"type": "Point", "coordinates": [69.17233, 34.52813]}
        assert feature["properties"]["event_type"] == "Protests"
        assert feature["properties"]["location"] == "Kabul"


# ---- one event, one article ---------------------------------------------------------------------

def _event_id(client, doc_id: str) -> int:
    return next(e["id"] for e in client.get("/events").json()["events"] if e["doc_id"] == doc_id)


def test_event_detail_has_the_contract_event_sources_and_date_mention(client, sample_db):
    event_id = _event_id(client, "shelling")
    detail = client.get(f"/events/{event_id}").json()
    event = detail["event"]
    assert event["trigger"] == {"text": "shelled", "span": list(span(SHELLING_TEXT, "shelled"))}
    assert event["actor1"]["name"] == "Military Forces of Syria"
    assert event["location"]["lat"] == 36.20124 and event["fatalities"] == 12
    assert event["figures"][0]["text"] == "12 civilians"
    assert detail["article_id"] == sample_db[1]["shelling"]
    [source] = detail["sources"]
    assert source["title"] == "Shelling in Aleppo" and source["url"] == "https://news.example.org/aleppo"
    assert source["evidence_text"] == ("Government forces shelled the Hanano district of Aleppo on Monday, "
                                       "killing 12 civilians, a monitoring group said.")
    assert detail["date_mention"] == {"text": "Monday", "span": list(span(SHELLING_TEXT, "Monday")),
                                      "value": "2016-11-28"}


def test_event_dated_by_publication_has_no_date_mention(client):
    assert client.get(f"/events/{_event_id(client, 'script')}").json()["date_mention"] is None


def test_article_has_its_text_and_annotations(client, sample_db):
    article = client.get(f"/articles/{sample_db[1]['protest']}").json()
    assert article["text"] == PROTEST_TEXT and article["title"] == "Bread protest in Kabul"
    assert article["published"] == "2017-03-04" and len(article["event_ids"]) == 1
    assert article["places"][0]["name"] == "Kabul" and article["places"][0]["span"] == list(span(PROTEST_TEXT, "Kabul"))
    assert article["times"] == [{"text": "Friday", "span": list(span(PROTEST_TEXT, "Friday")), "type": "DATE",
                                 "value": "2017-03-03", "mod": None, "anchor": None}]
    assert article["actors"][0]["name"] == "Protesters (Afghanistan)"


@pytest.mark.parametrize("path", ["/events/999999", "/articles/999999", "/ui/events/0", "/events/abc",
                                  "/articles/99999999999999999999999", "/nothing-here"])
def test_missing_things_are_404_or_422(client, path):
    assert client.get(path).status_code in (404, 422)
    assert client.get("/events/999999").status_code == 404
    assert client.get("/articles/999999").status_code == 404


def test_a_deduplicated_event_lists_every_source(tmp_path):
    url = f"sqlite:///{tmp_path / 'dedup.db'}"
    text, annotation = shelling_article()
    retold = "BEIRUT - " + text[len("ALEPPO - "):]  # same length: the spans still hold
    with open_store(url, dedup=True) as store:
        store.add(make_document("first", text, "2016-11-29", "Shelling in Aleppo", None, "Example News"), annotation)
        store.add(make_document("second", retold, "2016-11-29", "Aleppo shelled", None, "Other Wire"), annotation)
    client = TestClient(create_app(url))
    page = client.get("/events").json()
    assert page["total"] == 1  # the second report is a source of the first event, not an event
    detail = client.get(f"/events/{page['events'][0]['id']}").json()
    assert [(s["title"], s["source"]) for s in detail["sources"]] == [
        ("Shelling in Aleppo", "Example News"), ("Aleppo shelled", "Other Wire")]
    assert detail["sources"][1]["counts"]["fatalities"] == 12 and detail["sources"][1]["match_score"] > 0.6


def test_the_api_over_postgresql(postgres_url):
    fill_sample_store(postgres_url)
    client = TestClient(create_app(postgres_url))
    assert [e["doc_id"] for e in client.get("/events").json()["events"]] == ["script", "protest", "shelling"]
    assert client.get("/events?country=Syria&text=Hanano").json()["total"] == 1
    assert client.get("/stats").json()["by_type"]["Protests"] == 1
    event_id = client.get("/events?event_type=Arrests").json()["events"][0]["id"]
    assert client.get(f"/events/{event_id}").json()["event"]["arrested"] == 5
    assert len(client.get("/ui/points").json()["points"]) == 3


# ---- stats and map points ------------------------------------------------------------------------

def test_stats_count_by_type_country_and_week(client):
    stats = client.get("/stats").json()
    assert stats["total"] == 3 and stats["undated"] == 0
    assert stats["by_type"] == {"Explosions/Remote violence": 1, "Protests": 1, "Strategic developments": 1}
    assert {c["country"]: (c["name"], c["count"]) for c in stats["by_country"]}["SYR"] == ("Syria", 1)
    assert stats["by_period"][0] == {"period": "2016-11-28", "counts": {"Explosions/Remote violence": 1}}
    # 2017-03-03 is a Friday: its week starts on Monday 2017-02-27
    assert stats["by_period"][1]["period"] == "2017-02-27"
    daily = client.get("/stats?interval=day&country=AFG").json()
    assert daily["by_period"] == [{"period": "2017-03-03", "counts": {"Protests": 1}}]


def test_map_points_are_compact(client):
    points = client.get("/ui/points?event_type=Protests").json()
    assert points["types"] == ["Protests"] and points["truncated"] is False
    [[event_id, lat, lon, type_index, day]] = points["points"]
    assert (lat, lon, type_index, day) == (34.52813, 69.17233, 0, "2017-03-03")
    assert client.get("/ui/points?max_points=1").json()["truncated"] is True


def test_basemap_has_country_outlines(client):
    outlines = client.get("/ui/basemap.json").json()
    by_id = {f["id"]: f for f in outlines["features"]}
    assert len(by_id) > 150 and {"SYR", "AFG", "KEN", "FRA"} <= set(by_id)
    ring = by_id["SYR"]["geometry"]["coordinates"][0][0]
    assert ring[0] == ring[-1]  # closed
    assert all(35 <= x <= 43 and 32 <= y <= 38 for x, y in ring)  # Syria's box


# ---- pages, static files, docs -----------------------------------------------------------------------

def test_pages_and_vendor_files_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/vendor/leaflet/leaflet.js" in page.text and "http" not in page.text.replace('lang="en"', "")
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/vendor/markercluster/leaflet.markercluster.js").status_code == 200
    assert client.get("/static/map.js").status_code == 200
    assert client.get(f"/ui/events/{_event_id(client, 'shelling')}").status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]


def test_docs_work_offline(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/vendor/swagger/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert client.get("/vendor/swagger/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/articles/{article_id}", "/articles", "/extract",
            "/stats"} <= set(schema["paths"])


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                                  "/vendor/leaflet/../../../../etc/passwd", "/static//etc/passwd"])
def test_static_routes_do_not_traverse(client, path):
    answer = client.get(path)
    assert answer.status_code == 404 and "create_app" not in answer.text and "root:" not in answer.text


def test_ui_config(client):
    config = client.get("/ui/config").json()
    assert config["tile_url"] is None and config["token_required"] is False
    assert config["event_types"][0] == "Battles"


def test_tile_url_is_allowed_by_the_content_policy(sample_db):
    tiled = TestClient(create_app(sample_db[0], tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"))
    assert "img-src 'self' data: https://*.tiles.example.org" in tiled.get("/").headers["content-security-policy"]
    assert tiled.get("/ui/config").json()["tile_url"].startswith("https://{s}.tiles")
    with pytest.raises(ValueError):
        create_app(sample_db[0], tile_url="javascript:alert(1)")


def test_article_markup_comes_back_as_data_not_html(client, sample_db):
    article = client.get(f"/articles/{sample_db[1]['script']}")
    assert article.headers["content-type"] == "application/json"
    assert article.json()["text"] == SCRIPT_TEXT and article.json()["title"] == SCRIPT_TITLE


# ---- writes: POST /extract and /articles -----------------------------------------------------------------

RIOT = {"text": "Youths rioted in the market of Goma after the arrests.", "published": "2018-01-05",
        "title": "Goma riot", "url": "https://news.example.org/goma"}


def test_extract_annotates_without_storing(writable):
    client, _url = writable
    answer = client.post("/extract", json=RIOT, headers=auth())
    assert answer.status_code == 200
    body = answer.json()
    assert body["events"][0]["event_type"] == "Riots" and body["events"][0]["trigger"]["span"] == [7, 13]
    assert client.get("/events?event_type=Riots").json()["total"] == 0


def test_post_article_stores_it_once(writable):
    client, _url = writable
    first = client.post("/articles", json=RIOT, headers=auth())
    assert first.status_code == 201
    body = first.json()
    assert body["stored"] is True and body["events"] == 1
    events = client.get("/events?event_type=Riots").json()["events"]
    assert [e["id"] for e in events] == body["event_ids"] and events[0]["title"] == "Goma riot"
    again = client.post("/articles", json={**RIOT, "url": "https://news.example.org/goma/?utm_source=x"},
                        headers=auth())
    assert again.status_code == 200 and again.json()["stored"] is False
    assert again.json()["article_id"] == body["article_id"]
    assert client.get("/stats").json()["total"] == 4


def test_pipeline_is_loaded_lazily_and_once(writable):
    client, _url = writable
    client.get("/events")
    client.get("/stats")
    assert FakePipeline.loads == 0
    client.post("/extract", json=RIOT, headers=auth())
    client.post("/articles", json={"text": "Crowds rioted again."}, headers=auth())
    assert FakePipeline.loads == 1


@pytest.mark.parametrize("headers", [{}, auth("wrong"), {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_writes_need_the_token_when_one_is_set(writable, headers):
    client, _url = writable
    for path in ("/extract", "/articles"):
        answer = client.post(path, json=RIOT, headers=headers)
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
    assert client.get("/events").status_code == 200  # reads stay open


def test_writes_without_a_token_on_loopback(sample_db, tmp_path):
    url = f"sqlite:///{tmp_path / 'open.db'}"
    open_client = TestClient(create_app(url, pipeline_factory=FakePipeline))
    assert open_client.post("/articles", json=RIOT).status_code == 201


def test_writes_take_json_only(writable):
    client, _url = writable
    answer = client.post("/articles", content=json.dumps(RIOT), headers={**auth(), "Content-Type": "text/plain"})
    assert answer.status_code == 415


@pytest.mark.parametrize("body, code", [
    ({"text": ""}, 422), ({"text": "   "}, 422), ({"text": "a\x00b"}, 422), ({}, 422),
    ({"text": "fine", "unknown": 1}, 422), ({"text": "bad \ud800 surrogate"}, 422),
])
def test_bad_articles_are_rejected(writable, body, code):
    client, _url = writable
    payload = json.dumps(body).encode()  # json.dumps escapes the lone surrogate as \ud800
    answer = client.post("/articles", content=payload, headers={**auth(), "Content-Type": "application/json"})
    assert answer.status_code == code


def test_request_size_is_limited(sample_db, tmp_path):
    small = TestClient(create_app(f"sqlite:///{tmp_path / 'small.db'}", max_body_bytes=1000,
                                  pipeline_factory=FakePipeline))
    assert small.post("/extract", json={"text": "x" * 2000}).status_code == 413

    def chunks():  # no Content-Length: the body is counted as it streams in
        for _ in range(5):
            yield b"x" * 400

    answer = small.post("/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    assert small.post("/extract", json={"text": "Crowds rioted."}).status_code == 200


def test_host_header_is_checked_when_asked(sample_db):
    local = TestClient(create_app(sample_db[0], allowed_hosts=("127.0.0.1", "localhost", "::1")),
                       base_url="http://127.0.0.1:8000")
    assert local.get("/stats").status_code == 200
    assert local.get("/stats", headers={"Host": "[::1]:8000"}).status_code == 200
    assert local.get("/stats", headers={"Host": "evil.example.com"}).status_code == 400


# ---- the command ----------------------------------------------------------------------------------------

def _serve_args(*argv: str):
    import argparse

    from newsevents.serve import add_serve_command

    parser = argparse.ArgumentParser()
    add_serve_command(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


def test_serve_refuses_a_public_address_without_a_token(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSEVENTS_API_TOKEN", raising=False)
    args = _serve_args("--db", str(tmp_path / "x.db"), "--host", "0.0.0.0")
    assert args.port == 8000
    assert args.func(args) == 2
    assert not (tmp_path / "x.db").exists()


def test_serve_defaults_to_loopback_and_runs_uvicorn(monkeypatch, tmp_path):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    monkeypatch.setenv("NEWSEVENTS_API_TOKEN", TOKEN)
    args = _serve_args("--db", str(tmp_path / "y.db"), "--port", "8123", "--quiet")
    assert args.host == "127.0.0.1"
    assert args.func(args) == 0
    app, options = calls[0]
    assert options["host"] == "127.0.0.1" and options["port"] == 8123
    client = TestClient(app, base_url="http://127.0.0.1:8123")
    assert client.post("/extract", json=RIOT).status_code == 401  # the token from the environment
    assert client.get("/stats", headers={"Host": "attacker.example"}).status_code == 400


# ---- generated requests against the OpenAPI schema -------------------------------------------------------

def test_no_server_errors_on_generated_requests(tmp_path):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    fill_sample_store(url)
    app = create_app(url, pipeline_factory=FakePipeline)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures, calls = [], []
    for operation in schema.get_all_operations():
        operation = operation.ok()
        strategy = operation.as_strategy()

        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def check(case):
            response = case.call()
            calls.append(case.method)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, case.query, response.status_code,
                                 response.text[:300]))

        check()
    assert failures == []
    assert len(calls) > 100 and {"GET", "POST"} <= set(calls)

