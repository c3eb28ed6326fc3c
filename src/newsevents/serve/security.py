"""What keeps the server safe to run: loopback by default, a token for writes elsewhere,
JSON-only writes and strict browser headers (the body size limit is FastAPI's `max_body_size`).

Why JSON-only: a web page on another origin can make a browser POST a form or `text/plain` body
to 127.0.0.1 without asking, but not an `application/json` one (that needs a CORS pre-flight,
which this server never grants). So requiring JSON on writes also closes cross-site requests
against a local server that has no token.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

TOKEN_ENV = "NEWSEVENTS_API_TOKEN"
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024  # an article of 1,000,000 characters (the ingest limit) fits
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")

def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the server reachable from this machine only."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_from_environment() -> str | None:
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


class TokenCheck:
    """FastAPI dependency for write endpoints: `Authorization: Bearer <token>` when a token is
    configured (always when the server listens beyond loopback), compared in constant time."""

    def __init__(self, token: str | None):
        self.token = token.encode("utf-8") if token else None

    def __call__(self, request: Request) -> None:
        if self.token is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), self.token):
            raise HTTPException(401, "a valid API token is required: Authorization: Bearer <token>",
                                headers={"WWW-Authenticate": "Bearer"})


def require_json(request: Request) -> None:
    """Writes take `application/json` only (see the module docstring)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the request body as application/json")


def tile_origin(tile_url: str | None) -> str | None:
    """The CSP source of a tile URL template: `https://{s}.tile.example.org/{z}/{x}/{y}.png`
    gives `https://*.tile.example.org`."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"a tile URL must be an http(s) URL template, not {tile_url!r}")
    host = parts.netloc.replace("{s}", "*")
    if any(ch in host for ch in "{} ;'\""):
        raise ValueError(f"unsupported placeholder in the tile URL host: {tile_url!r}")
    return f"{parts.scheme}://{host}"


def content_security_policy(tile_url: str | None, docs: bool = False) -> str:
    """Scripts only from this server (no inline script anywhere), images from here, data: URLs
    (Leaflet's icons) and the tile server when one is configured."""
    images = " ".join(filter(None, ["'self'", "data:", tile_origin(tile_url)]))
    styles = "'self' 'unsafe-inline'" if docs else "'self'"
    return (f"default-src 'self'; script-src 'self'; style-src {styles}; img-src {images}; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            "form-action 'self'")


def security_headers(tile_url: str | None) -> Callable[..., Awaitable[Any]]:
    """HTTP middleware adding the browser-side protections to every answer."""
    policy, docs_policy = content_security_policy(tile_url), content_security_policy(tile_url, docs=True)

    async def add_headers(request: Request, call_next: Callable[[Request], Awaitable[Any]]) -> Any:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy",
                                    docs_policy if request.url.path == "/docs" else policy)
        return response

    return add_headers
