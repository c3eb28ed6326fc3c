"""A bounded load test of `newsevents serve` on loopback: N concurrent clients for S seconds,
mixing GET /events (with filters) and POST /extract; prints requests, rate, latency
percentiles and every status code. Exit code 1 on any 5xx or transport error.

    python tests/load_serve.py --url http://127.0.0.1:8765 --clients 50 --seconds 30

Uses httpx (a dependency of the server's tests already): no load-testing package is needed.
`tests/test_serve_load.py` runs it briefly against a server it starts itself.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import sys
import time
from dataclasses import dataclass, field

import httpx

ARTICLE = ("KANO, May 3 - Gunmen attacked a police post in Kano on Monday, killing 4 officers, the "
           "police said. \"We will find them,\" Musa Bello told reporters.")
EVENT_QUERIES = ("/events", "/events?limit=20", "/events?event_type=Battles", "/events?country=NGA",
                 "/events?actor=Gunmen&limit=5", "/events?date_from=2020-01-01&date_to=2020-12-31",
                 "/events?text=police", "/events?actor=%25", "/events?actor=%27%3B%20DROP%20TABLE%20events%3B--")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    statuses: collections.Counter = field(default_factory=collections.Counter)
    failures: list[str] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def client(http: httpx.AsyncClient, stop_at: float, extract_share: float, tally: Tally, rng: random.Random) -> None:
    while time.monotonic() < stop_at:
        if rng.random() < extract_share:
            route, request = "/extract", http.post("/extract", json={"id": "load", "text": ARTICLE, "published": "2020-05-05"})
        else:
            path = rng.choice(EVENT_QUERIES)
            route, request = "/events", http.get(path)
        started = time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError as exc:
            tally.failures.append(f"{route}: {type(exc).__name__}: {exc}")
            continue
        tally.latencies[route].append(time.perf_counter() - started)
        tally.statuses[(route, response.status_code)] += 1


async def run(url: str, clients: int, seconds: float, extract_share: float, seed: int) -> Tally:
    tally = Tally()
    # idle connections are dropped before uvicorn's 5 s keep-alive timeout closes them: otherwise a
    # request sent on a connection the server is closing at that moment fails (a client-side race)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(client(http, stop_at, extract_share, tally, random.Random(seed + n))
                               for n in range(clients)))
    return tally


def summary(tally: Tally, seconds: float) -> dict:
    total = sum(tally.statuses.values())
    return {
        "requests": total, "seconds": seconds, "rate_per_s": round(total / seconds, 1),
        "statuses": {f"{route} {code}": n for (route, code), n in sorted(tally.statuses.items())},
        "server_errors": sum(n for (_route, code), n in tally.statuses.items() if code >= 500),
        "transport_errors": len(tally.failures), "first_failures": tally.failures[:3],
        "latency_ms": {route: {"p50": round(1000 * percentile(v, 0.50), 1), "p95": round(1000 * percentile(v, 0.95), 1),
                               "p99": round(1000 * percentile(v, 0.99), 1), "max": round(1000 * max(v), 1)}
                       for route, v in sorted(tally.latencies.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--extract-share", type=float, default=0.1, help="share of requests that are POST /extract")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    tally = asyncio.run(run(args.url, args.clients, args.seconds, args.extract_share, args.seed))
    result = summary(tally, args.seconds)
    print(json.dumps(result, indent=1))
    return 1 if result["server_errors"] or result["transport_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
