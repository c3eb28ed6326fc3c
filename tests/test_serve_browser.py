"""The web pages in headless Chromium (Debian's chromium, driven by Playwright's Python package;
no browser is downloaded): the map shows the stored events, a filter narrows them, an event page
highlights its evidence, and an article with a <script> in its text does not run it.

Screenshots go to the test's temporary folder (printed with -s) to look at.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import missing_external

CHROMIUM = os.environ.get("NEWSEVENTS_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """uvicorn on a free loopback port, in a thread, over the API tests' sample store."""
    uvicorn = pytest.importorskip("uvicorn")
    from test_serve_api import fill_sample_store

    from newsevents.serve import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'events.db'}"
    fill_sample_store(url)
    port = _free_port()
    config = uvicorn.Config(create_app(url, allowed_hosts=("127.0.0.1",)), host="127.0.0.1", port=port,
                            log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        missing_external(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_external("the playwright package is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server):
    """A page that records dialogs, console errors and any request leaving the server."""
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    tab = context.new_page()
    tab.dialogs, tab.errors, tab.outside = [], [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("request", lambda request: None if request.url.startswith((server, "data:"))
           else tab.outside.append(request.url))
    yield tab
    context.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def _event_id(server: str, doc_id: str) -> int:
    import json
    from urllib.request import urlopen

    with urlopen(f"{server}/events?limit=100") as answer:  # loopback only
        events = json.load(answer)["events"]
    return next(e["id"] for e in events if e["doc_id"] == doc_id)


def test_map_shows_the_events_and_a_filter_narrows_them(page, server, tmp_path):
    from playwright.sync_api import expect

    page.goto(f"{server}/")
    page.wait_for_selector("body[data-loaded=true]", timeout=15000)
    assert page.locator("#summary").inner_text() == "3 events match"
    # three events far apart: three markers (no cluster) on the map, each a keyboard stop
    markers = page.locator(".leaflet-marker-pane .event-dot")
    assert markers.count() == 3
    assert sorted(markers.nth(i).get_attribute("title") for i in range(3)) == [
        "Explosions/Remote violence, 2016-11-28", "Protests, 2017-03-03", "Strategic developments, 2017-05-02"]
    assert markers.first.get_attribute("tabindex") == "0"
    assert page.locator("#basemap-ready, .leaflet-overlay-pane path").count() > 100  # country outlines
    assert page.locator("#event-list tbody tr").count() == 3
    assert page.locator(".timeline-svg .bar").count() == 3
    _shot(page, tmp_path, "map-all")

    page.select_option("#f-type", "Protests")
    page.click("button[type=submit]")
    expect(page.locator("#summary")).to_have_text("1 event matches")
    expect(page.locator(".leaflet-marker-pane .event-dot")).to_have_count(1)
    assert page.locator(".leaflet-marker-pane .event-dot").get_attribute("title") == "Protests, 2017-03-03"
    assert page.locator("#event-list tbody tr").count() == 1
    assert "event_type=Protests" in page.url
    _shot(page, tmp_path, "map-protests")
    # the timeline's bar, chosen with the keyboard, narrows the dates to its week
    page.locator(".timeline-svg .bar").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#f-from")).to_have_value("2017-02-27")
    expect(page.locator("#f-to")).to_have_value("2017-03-05")
    assert "date_from=2017-02-27" in page.url and "event_type=Protests" in page.url
    expect(page.locator("#summary")).to_have_text("1 event matches")
    assert page.errors == [] and page.dialogs == [] and page.outside == []


def test_country_filter_by_name_and_keyboard(page, server):
    page.goto(f"{server}/?country=Syria")
    page.wait_for_selector("body[data-loaded=true]", timeout=15000)
    assert page.locator("#f-country").input_value() == "Syria"
    assert page.locator("#event-list tbody tr").count() == 1
    # the marker can be reached by keyboard and opens its popup with Enter
    marker = page.locator(".leaflet-marker-pane .event-dot")
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .popup a")
    link.wait_for()
    assert link.inner_text() == "Open the event and its evidence"
    link.press("Enter")
    page.wait_for_selector("body[data-loaded=true]")
    assert "/ui/events/" in page.url


def test_event_page_highlights_the_evidence(page, server, tmp_path):
    page.goto(f"{server}/ui/events/{_event_id(server, 'shelling')}")
    page.wait_for_selector("body[data-loaded=true]", timeout=15000)
    assert page.locator("#event-title").inner_text() == (
        "Explosions/Remote violence: Shelling/artillery/missile attack, 2016-11-28")
    marks = {kind: page.locator(f"#article-text mark.hl-{kind}").all_inner_texts()
             for kind in ("trigger", "actor1", "actor2", "place", "date", "count")}
    assert marks == {"trigger": ["shelled"], "actor1": ["Government forces"], "actor2": ["civilians"],
                     "place": ["Aleppo"], "date": ["Monday"], "count": ["12 ", "civilians"]}
    evidence = page.locator("#article-text .evidence").inner_text()
    assert evidence.startswith("Government forces shelled") and evidence.endswith("a monitoring group said.")
    assert page.locator("#article-text").inner_text().startswith("ALEPPO - Government forces")
    fields = dict(zip(page.locator("#fields dt").all_inner_texts(), page.locator("#fields dd").all_inner_texts()))
    assert fields["Actor 1"] == "Military Forces of Syria (state forces, SYR)"
    assert fields["Fatalities"] == "12" and fields["Place"] == "Aleppo, Aleppo, SYR"
    assert page.locator("#sources li a").first.inner_text() == "Shelling in Aleppo"
    _shot(page, tmp_path, "event-shelling")
    assert page.errors == [] and page.outside == []


def test_script_in_an_article_is_shown_as_text(page, server, tmp_path):
    page.goto(f"{server}/ui/events/{_event_id(server, 'script')}")
    page.wait_for_selector("body[data-loaded=true]", timeout=15000)
    page.wait_for_timeout(300)  # give any injected script or image handler the chance to run
    assert page.dialogs == []
    assert "<script>alert(1)</script>" in page.locator("#article-text").inner_text()
    assert page.locator("#article-text script, #article-text img").count() == 0
    assert page.locator("#article-title").inner_text() == '<img src=x onerror="alert(2)">Arrests in Nairobi'
    # the javascript: URL of the article does not become a link
    assert page.locator("#sources a[href^='javascript']").count() == 0
    _shot(page, tmp_path, "event-script")
    page.goto(f"{server}/?text=Nairobi")
    page.wait_for_selector("body[data-loaded=true]", timeout=15000)
    assert page.locator("#event-list tbody tr td").last.inner_text().startswith("<img src=x")
    assert page.dialogs == [] and page.errors == []


def test_docs_page_loads_offline(page, server, tmp_path):
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".opblock-summary-path").count() >= 6
    _shot(page, tmp_path, "docs")
    assert page.outside == []
