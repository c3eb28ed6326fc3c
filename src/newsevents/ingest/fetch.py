"""Polite HTTP: a User-Agent that names newsevents, robots.txt honoured, a pause between two
requests to one host, timeouts, and retries with exponential backoff on transient failures.

Only `newsevents ingest` with a feed or a URL uses the network; the pipeline never does.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from .options import FetchOptions

ROBOTS_TOKEN = "newsevents"  # the name robots.txt rules address
MAX_WAIT = 30.0  # seconds: the longest Retry-After or Crawl-delay obeyed
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A page that could not be fetched; `code` is the DocumentError code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str  # lower case, without parameters
    charset: str | None


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asked to wait (a number or an HTTP date), if it said."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


class PoliteFetcher:
    """One per run: remembers robots.txt and the last request time of each host."""

    def __init__(self, options: FetchOptions, max_bytes: int, client: httpx.Client | None = None):
        self.options = options
        self.max_bytes = max_bytes
        self.client = client or httpx.Client(
            timeout=options.timeout, follow_redirects=True, max_redirects=5,
            headers={"User-Agent": options.user_agent})
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self.sleep = time.sleep  # tests may replace it

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- robots.txt ---------------------------------------------------------------------------

    def _rules(self, origin: str) -> urllib.robotparser.RobotFileParser:
        """robots.txt of `origin` (RFC 9309: 4xx allows all; 5xx or unreachable disallows all)."""
        if origin not in self._robots:
            rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                response = self._request(origin + "/robots.txt", retries=0)
                status = response[0]
                if status == 200:
                    rules.parse(response[1].decode("utf-8", errors="replace").splitlines())
                elif 400 <= status < 500:
                    rules.allow_all = True
                else:
                    rules.disallow_all = True
            except FetchError:
                rules.disallow_all = True
            self._robots[origin] = rules
        return self._robots[origin]

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return self._rules(f"{parts.scheme}://{parts.netloc}").can_fetch(ROBOTS_TOKEN, url)

    # ---- requests -----------------------------------------------------------------------------

    def _wait_for_host(self, host: str) -> None:
        origin_rules = self._robots.get(host)
        delay = self.options.host_delay
        if origin_rules is not None:
            crawl_delay = origin_rules.crawl_delay(ROBOTS_TOKEN)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), MAX_WAIT))
        last = self._last_request.get(host)
        if last is not None:
            pause = last + delay - time.monotonic()
            if pause > 0:
                self.sleep(pause)

    def _request(self, url: str, retries: int | None = None) -> tuple[int, bytes, httpx.Headers, str]:
        """(status, body, headers, final URL); retries transient failures with backoff."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        tries = 1 + (self.options.retries if retries is None else retries)
        for attempt in range(tries):
            self._wait_for_host(origin)
            wait = self.options.backoff * 2 ** attempt
            try:
                self._last_request[origin] = time.monotonic()
                status, body, headers, final = self._get_once(url)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                if attempt + 1 == tries:
                    raise FetchError("fetch_failed", f"{url}: {type(exc).__name__}: {exc}") from exc
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:  # retrying cannot help
                raise FetchError("fetch_failed", f"{url}: {type(exc).__name__}: {exc}") from exc
            else:
                if status not in RETRY_STATUS or attempt + 1 == tries:
                    return status, body, headers, final
                retry_after = _retry_after(headers)
                wait = min(MAX_WAIT, retry_after) if retry_after is not None else wait
            self.sleep(wait)
        raise FetchError("fetch_failed", f"{url}: no answer")  # not reached

    def _get_once(self, url: str) -> tuple[int, bytes, httpx.Headers, str]:
        with self.client.stream("GET", url) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError("file_too_large", f"{url}: {int(declared):,} bytes, over the "
                                 f"{self.max_bytes:,}-byte limit (--max-bytes)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError("file_too_large",
                                     f"{url}: over the {self.max_bytes:,}-byte limit (--max-bytes)")
            return response.status_code, bytes(body), response.headers, str(response.url)

    def get(self, url: str) -> Fetched:
        """The page at `url`, or FetchError (robots.txt disallows it, HTTP error, too large...)."""
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as exc:
            raise FetchError("fetch_failed", f"{url}: not a valid URL ({exc})") from exc
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("fetch_failed", f"{url}: not an http(s) URL")
        if not self.allowed(url):
            raise FetchError("robots_disallowed", f"{url}: robots.txt does not allow {ROBOTS_TOKEN} to fetch it")
        status, body, headers, final = self._request(url)
        if status != 200:
            raise FetchError("fetch_failed", f"{url}: HTTP {status}")
        content_type = headers.get("content-type", "")
        media, _, params = content_type.partition(";")
        charset = None
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                charset = value.strip().strip('"') or None
        return Fetched(final, body, media.strip().lower(), charset)

