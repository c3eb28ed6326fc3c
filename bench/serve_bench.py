"""Benchmark of the web application: `GET /events` with filters over 100,000 stored events, and
the map page in headless Chromium with 10,000 events.

    python bench/serve_bench.py [--events 100000] [--map-events 10000] [--dir /tmp/serve-bench]

The stores are filled with synthetic rows inserted directly (no NLP: about 10 s for 100,000
events), through the store's own schema so every index is the one a real store has. Requests go
through the whole ASGI application (FastAPI's TestClient, in process: routing, validation, SQL,
JSON); the browser part runs uvicorn on a free loopback port and Debian's chromium.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

from newsevents.contract import ACLED_TAXONOMY
from newsevents.countries import country_by_code
from newsevents.store import open_store
from newsevents.store.schema import FTS_TABLE, articles, event_sources, events

COUNTRIES = ("SYR", "IRQ", "AFG", "YEM", "NGA", "SOM", "LBY", "MLI", "UKR", "MMR", "SDN", "SSD", "PAK",
             "COD", "ETH", "KEN", "PHL", "COL", "MEX", "IND", "BFA", "NER", "CAF", "TUR", "EGY")
ACTORS = ("Military Forces of {c}", "Police Forces of {c}", "Rebels of {c}", "Protesters ({c})",
          "Civilians ({c})", "Islamic State", "Unidentified Armed Group ({c})", "Rioters ({c})")
SYLLABLES = ("ka", "lo", "mi", "ra", "te", "su", "no", "vi", "de", "pa", "ri", "to", "be", "lu", "sa")
# 3,375 made-up words drawn with a Zipf-like skew, so a two-word text search is as selective as
# on news text (a few per cent of articles), not a match on every article
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]


def _word(rng: random.Random) -> str:
    return WORDS[min(int(rng.paretovariate(1.0)) - 1, len(WORDS) - 1) * 7 % len(WORDS)]
EVENTS_PER_ARTICLE = 4
START_DAY = dt.date(2015, 1, 1)
DAYS = 6 * 365


def fill(url: str, n_events: int, seed: int = 7) -> None:
    """A store with `n_events` synthetic events, 4 per article, written in large batches."""
    rng = random.Random(seed)
    types = [(t, s) for t, subs in ACLED_TAXONOMY.items() for s in (subs or (None,))]
    places = {code: country_by_code(code) for code in COUNTRIES}
    store = open_store(url)
    now = dt.datetime.now(dt.timezone.utc)
    n_articles = (n_events + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE
    article_rows, event_rows, source_rows = [], [], []
    event_id = 0
    for article_id in range(1, n_articles + 1):
        code = rng.choice(COUNTRIES)
        country = places[code]
        text = " ".join(_word(rng) for _ in range(120)) + f" {country.name}."
        day = START_DAY + dt.timedelta(days=rng.randrange(DAYS))
        article_rows.append({
            "id": article_id, "doc_id": f"a{article_id}", "url": f"https://news.example.org/{article_id}",
            "url_key": f"https://news.example.org/{article_id}", "title": f"Report {article_id} from {country.name}",
            "source": "Example News", "published": day, "published_inferred": False, "language": "en",
            "content_hash": hashlib.sha256(text.encode() + str(article_id).encode()).hexdigest(),
            "text": text, "ingested_at": now})
        for rank in range(EVENTS_PER_ARTICLE):
            event_id += 1
            if event_id > n_events:
                break
            kind, sub = rng.choice(types)
            actor1 = rng.choice(ACTORS).format(c=country.name)
            actor2 = rng.choice(ACTORS).format(c=country.name)
            date = day - dt.timedelta(days=rng.randrange(3))
            event_rows.append({
                "id": event_id, "article_id": article_id, "rank": rank, "event_type": kind,
                "sub_event_type": sub, "date": date, "date_text": date.isoformat(), "time_precision": 1,
                "date_source": "text", "actor1_name": actor1, "actor1_text": actor1, "actor1_type": "state_forces",
                "actor2_name": actor2, "actor2_text": actor2, "location_name": f"Place {rng.randrange(500)}",
                "location_country": code, "location_admin1": f"Region {rng.randrange(20)}",
                # five decimals, as the gazetteer's coordinates have
                "latitude": round((country.lat or 0) + rng.uniform(-2, 2), 5),
                "longitude": round((country.lon or 0) + rng.uniform(-2, 2), 5),
                "geo_precision": 1, "fatalities": rng.choice((None, 0, 1, 2, 5, 12)), "trigger_text": "clash",
                "trigger_start": 0, "trigger_end": 5, "evidence_start": 0, "evidence_end": 40,
                "evidence_text": text[:40], "confidence": round(rng.uniform(0.3, 0.95), 2)})
            source_rows.append({"event_id": event_id, "article_id": article_id, "evidence_start": 0,
                                "evidence_end": 40, "report_event_id": event_id})
    with store.engine.begin() as conn:
        conn.execute(articles.insert(), article_rows)
        conn.execute(events.insert(), event_rows)
        conn.execute(event_sources.insert(), source_rows)
        if store.has_fts:
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}(rowid, title, text) SELECT id, title, text FROM articles")
        conn.exec_driver_sql("ANALYZE")
    store.close()


def time_requests(client, path: str, repeat: int) -> tuple[float, float, float, int]:
    """(median wall ms, worst wall ms, median CPU ms, events matched) of `repeat` GETs after
    one warm-up. CPU time (this process: client, app and SQLite together) is what the request
    costs; wall time also holds the waits for a core on a shared machine."""
    first = client.get(path)
    assert first.status_code == 200, (path, first.status_code, first.text[:300])
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        answer = client.get(path)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert answer.status_code == 200
    if "format=geojson" in path:
        matched = len(first.json()["features"])
    else:
        body = first.json()
        matched = body.get("total", len(body.get("points", [])))
    return statistics.median(walls), max(walls), statistics.median(cpus), matched


API_CASES = (
    "/events",
    "/events?country=SYR",
    "/events?country=Syria&event_type=Battles&date_from=2017-01&date_to=2018-06",
    "/events?event_type=Protests&date_from=2019-01-01",
    "/events?actor=rebels&country=IRQ",
    "/events?actor=police",
    f"/events?text={WORDS[20 * 7]}%20{WORDS[30 * 7]}",  # two words, each in 26% / 12% of articles
    f"/events?text={WORDS[40 * 7]}&country=YEM",  # a word in 7% of articles
    "/events?bbox=35,32,43,38",
    "/events?min_confidence=0.9&sort=date",
    "/events?country=NGA&offset=5000&limit=100",
    "/events?format=geojson&country=SOM&date_from=2020",
    "/stats",
    "/stats?country=AFG&interval=day",
    "/ui/points?country=UKR",
)


def bench_api(url: str, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from newsevents.serve import create_app

    client = TestClient(create_app(url))
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{'request':75s} {'wall ms':>8s} {'worst':>7s} {'CPU ms':>7s} {'matched':>8s}")
    for path in API_CASES:
        median, worst, cpu, matched = time_requests(client, path, repeat)
        print(f"{path:75s} {median:8.1f} {worst:7.1f} {cpu:7.1f} {matched:8d}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_map_page(url: str, runs: int, chromium: str) -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from newsevents.serve import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            for run in range(runs):
                page = browser.new_page(viewport={"width": 1366, "height": 800})
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector("body[data-loaded=true]", timeout=60000)
                page.wait_for_selector(".leaflet-marker-pane .event-cluster")
                seconds = time.perf_counter() - started
                # the page's own clock: navigation start to the moment the flag was set
                drawn = page.evaluate("Number(document.body.dataset.loadedAt)") / 1000
                shown = page.locator("#map-note").inner_text()
                print(f"map page run {run + 1}: drawn {drawn:.2f} s after navigation started "
                      f"({seconds:.2f} s seen by the test driver); {shown} "
                      f"(load average {os.getloadavg()[0]:.1f})")
                if run == 0:  # where the time went: responses (end times) and the page's milestones
                    timing = page.evaluate("""() => ({
                        dom: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
                        data: performance.getEntriesByType('resource')
                              .filter(e => /\\/(ui\\/points|stats|events|ui\\/basemap)/.test(e.name))
                              .map(e => [new URL(e.name).pathname, Math.round(e.startTime), Math.round(e.responseEnd)])})""")
                    print(f"  DOMContentLoaded {timing['dom']:.0f} ms; requests [path, start, end ms]: {timing['data']}")
                    page.screenshot(path=str(Path(url.removeprefix('sqlite:///')).with_suffix(".png")))
                page.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--map-events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dir", default="/tmp/newsevents-serve-bench")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, n in (("api", args.events), ("map", args.map_events)):
        path = folder / f"{name}-{n}.db"
        if not path.exists():
            started = time.perf_counter()
            fill(f"sqlite:///{path}", n)
            print(f"filled {path} with {n:,} events in {time.perf_counter() - started:.1f} s")
    bench_api(f"sqlite:///{folder / f'api-{args.events}.db'}", args.repeat)
    if Path(args.chromium).exists():
        bench_map_page(f"sqlite:///{folder / f'map-{args.map_events}.db'}", 3, args.chromium)
    else:
        print(f"{args.chromium} not found: map page not measured", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
