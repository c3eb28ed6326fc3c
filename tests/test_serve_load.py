"""A short load test of the web server on loopback: 20 concurrent clients for 5 s against
GET /events (with hostile filters) and POST /extract; no 5xx, no dropped connection, and the
latency percentiles reported. The long run (50 clients, 30 s, the real pipeline) is
`python tests/load_serve.py` against `newsevents serve`; docs/reliability.md has its numbers.
A stand-in annotator replaces spaCy so that the server, not the NLP, is under test."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("newsevents.serve.app", reason="the web server is not part of this checkout")

import load_serve  # noqa: E402
from test_store_faults import TEMPLATE, FastAnnotator  # noqa: E402

from newsevents.ingest import InputDocument  # noqa: E402
from newsevents.store import open_store  # noqa: E402
from newsevents.store.ingestion import ingest_items  # noqa: E402

SERVER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    import uvicorn
    from test_store_faults import FastAnnotator
    from newsevents.serve.app import create_app
    app = create_app({db!r}, pipeline_factory=FastAnnotator)
    uvicorn.run(app, host="127.0.0.1", port={port}, log_level="warning")
""")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "events.db"
    documents = [InputDocument(f"a{n}", TEMPLATE.format(day=1 + n % 28, dead=2 + n % 9, n=n)) for n in range(100)]
    with open_store(db) as store:
        ingest_items(store, documents, FastAnnotator)
    port = free_port()
    script = SERVER.format(tests=str(Path(__file__).parent), db=str(db), port=port)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/events?limit=1", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
        if server.poll() is not None:
            pytest.fail(f"the server did not start: {server.stderr.read()}")
    else:
        server.kill()
        pytest.fail("the server did not answer within 60 s")
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_twenty_clients_for_five_seconds_get_no_server_error(server_url):
    tally = asyncio.run(load_serve.run(server_url, clients=20, seconds=5, extract_share=0.2, seed=7))
    result = load_serve.summary(tally, 5)
    print(result)  # the latency percentiles, shown with pytest -s
    assert result["server_errors"] == 0 and result["transport_errors"] == 0, result
    assert {code for (_route, code) in tally.statuses} == {200}, result["statuses"]
    assert result["requests"] > 20 and set(result["latency_ms"]) == {"/events", "/extract"}
    assert result["latency_ms"]["/events"]["p99"] > 0
