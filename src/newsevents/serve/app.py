"""The FastAPI application: the REST API and the web pages, over one event store.

    from newsevents.serve import create_app
    app = create_app("sqlite:///events.db")          # then: uvicorn.run(app)

The spaCy pipeline is loaded on the first POST that needs it, once, and used by one request at
a time (a spaCy pipeline is not meant to be shared between threads); every GET works without it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from ..contract import ACLED_TAXONOMY, DocumentAnnotation, DocumentError
from ..ingest import InputDocument, make_document
from ..store import Store, open_store
from ..store.filters import EventFilters, conditions, parse_bbox
from . import queries
from .basemap import basemap_bytes, basemap_gzip
from .models import ArticleIn, EventDetail, EventPage, MapPoints, Stats, StoredArticle
from .security import (
    DEFAULT_MAX_BODY_BYTES, TokenCheck, require_json, security_headers, tile_origin,
)

JSON_PAGE_DEFAULT = 100
JSON_PAGE_MAX = 5000
MAP_POINTS_DEFAULT = 20_000
MAP_POINTS_MAX = 100_000
MAX_ID = 2**62  # ids beyond SQLite's 64-bit integers are simply absent, not an overflow
CSV_CHUNK_ROWS = 500  # rows (or GeoJSON features) per streamed chunk
FORMATS = ("json", "csv", "acled-csv", "geojson")
ACCEPTED_MEDIA = (("text/csv", "csv"), ("application/geo+json", "geojson"))


class Annotator(Protocol):
    """What the POST endpoints need of a pipeline (newsevents.pipeline.Pipeline has it)."""

    def process(self, items: Any) -> Iterator[DocumentAnnotation | DocumentError]: ...


def _default_pipeline() -> Annotator:
    from ..pipeline import Pipeline

    return Pipeline()


class LazyPipeline:
    """Makes the pipeline on first use, once, and lets one request at a time use it."""

    def __init__(self, factory: Callable[[], Annotator]):
        self.factory = factory
        self._pipeline: Annotator | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._pipeline is not None

    def annotate(self, document: InputDocument) -> DocumentAnnotation | DocumentError:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = self.factory()
            return next(iter(self._pipeline.process([document])))


def _data_dir() -> Path:
    return Path(str(resources.files("newsevents.serve") / "data"))


def _vendor_dirs() -> dict[str, Path]:
    """Third-party browser files, served from the PyPI packages that install them (pinned in
    pyproject): Leaflet, Leaflet.markercluster and Swagger UI."""
    import fastapi_offline
    import xstatic.pkg.leaflet
    import xstatic.pkg.leaflet_markercluster

    return {
        "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
        "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
        "swagger": Path(fastapi_offline.__file__).parent / "static",
    }


# ---- parameters -------------------------------------------------------------------------------

def event_filters(
    date_from: Annotated[str | None, Query(max_length=40, description="events on or after (ISO date, month or year)")] = None,
    date_to: Annotated[str | None, Query(max_length=40, description="events on or before (a month or year means its last day)")] = None,
    country: Annotated[str | None, Query(max_length=100, description="ISO code or English name")] = None,
    admin1: Annotated[str | None, Query(max_length=200, description="first-level region")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="west,south,east,north in degrees")] = None,
    event_type: Annotated[str | None, Query(max_length=100, description="ACLED event type or sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="part of an actor's name")] = None,
    text: Annotated[str | None, Query(max_length=500, description="words that must occur in the article")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
) -> EventFilters:
    """The filters of `newsevents query`, checked up front so a bad value is a 422, not a 500."""
    try:
        filters = EventFilters.of(
            date_from=date_from or None, date_to=date_to or None, country=country or None,
            admin1=admin1 or None, bbox=parse_bbox(bbox) if bbox else None,
            event_type=event_type or None, actor=actor or None, text=text or None,
            min_confidence=min_confidence)
        conditions(filters)  # raises ValueError on a bad date, country or box
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc
    return filters


Filters = Annotated[EventFilters, Depends(event_filters)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="events to skip")]
Sort = Annotated[Literal["-date", "date"], Query(description="-date: newest first; date: oldest first")]
IdPath = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def _chosen_format(format: str | None, accept: str) -> str:
    if format:
        return format
    accept = accept.lower()
    for media, name in ACCEPTED_MEDIA:
        if media in accept:
            return name
    return "json"


def _query_string(request: Request, **changes: Any) -> str:
    params = dict(request.query_params)
    params.update({k: str(v) for k, v in changes.items()})
    return urlencode(params)


# ---- answers in files' formats -----------------------------------------------------------------

def _csv_chunks(rows: Iterator[dict[str, Any]], columns: list[str],
                convert: Callable[[dict[str, Any]], dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for number, row in enumerate(rows, 1):
        writer.writerow(convert(row))
        if number % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _geojson_chunks(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    from ..export.geojson import feature

    pieces = ['{"type": "FeatureCollection", "features": [']
    first = True
    for row in rows:
        item = feature(row)
        if item is not None:
            pieces.append(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
            first = False
            if len(pieces) >= CSV_CHUNK_ROWS:  # one chunk per few hundred features, not per feature
                yield "".join(pieces)
                pieces = []
    pieces.append("\n]}\n")
    yield "".join(pieces)


def _file_answer(store: Store, kind: str, filters: EventFilters, offset: int, limit: int | None,
                 newest_first: bool) -> StreamingResponse:
    rows = queries.iter_event_rows(store, filters, offset, limit, newest_first)
    if kind == "geojson":
        return StreamingResponse(_geojson_chunks(rows), media_type="application/geo+json")
    if kind == "acled-csv":
        from ..export.acled import ACLED_COLUMNS, acled_row

        if filters.event_type is None:  # as `newsevents export`: ACLED has no "Other" events
            rows = (r for r in rows if r["event_type"] != "Other")
        chunks = _csv_chunks(rows, list(ACLED_COLUMNS), acled_row)
    else:
        columns = [c.name for c in store.event_columns()]
        chunks = _csv_chunks(rows, columns, queries.plain_row)
    return StreamingResponse(chunks, media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="events.csv"'})


# ---- the event page's date ----------------------------------------------------------------------

def _date_mention(store: Store, row: dict[str, Any]) -> dict[str, Any] | None:
    """The time expression that gave the event its date: the one with the event's value inside
    the evidence sentence, else the nearest such one before it."""
    wanted = row.get("date_text")
    if not wanted or row.get("date_source") != "text":
        return None
    candidates = [t for t in queries.article_times(store, row["article_id"])
                  if t["span"] and t["value"] and (t["value"] == wanted or t["value"].startswith(wanted))]
    start, end = row.get("evidence_start"), row.get("evidence_end")
    if start is None or end is None or not candidates:
        return candidates[0] if candidates else None
    inside = [t for t in candidates if start <= t["span"][0] and t["span"][1] <= end]
    if inside:
        return inside[0]
    before = [t for t in candidates if t["span"][1] <= start]
    return before[-1] if before else candidates[0]


# ---- the application ------------------------------------------------------------------------------

def create_app(
    store_url: str | None = None,
    *,
    api_token: str | None = None,
    tile_url: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    pipeline_factory: Callable[[], Annotator] | None = None,
    allowed_hosts: tuple[str, ...] | None = None,
    dedup: Any = None,
    store: Store | None = None,
) -> FastAPI:
    """The web application over the store at `store_url` (None: $NEWSEVENTS_DB or newsevents.db).

    api_token: when given, every write (POST) needs `Authorization: Bearer <token>`.
    tile_url: an online tile layer (`https://{s}.tile.example.org/{z}/{x}/{y}.png`) drawn under
        the offline country outlines; None keeps the map fully offline.
    allowed_hosts: Host header names to answer (the command gives the loopback names when it
        binds to loopback, against DNS rebinding); None answers any.
    pipeline_factory: makes the annotator for POST /extract and /articles (default: Pipeline()).
    dedup: True or a DedupConfig: POST /articles merges an article's events into stored events
        of the same happening (as `ingest --dedup`); store: an open Store instead of a URL.
    """
    tile_origin(tile_url)  # a malformed tile URL fails here, not in every page's headers
    store = store or open_store(store_url, dedup=dedup)
    basemap_gzip()  # built now (under a second), not during the first visitor's page load
    pipeline = LazyPipeline(pipeline_factory or _default_pipeline)
    writer_checks = [Depends(TokenCheck(api_token)), Depends(require_json)]
    app = FastAPI(
        title="newsevents", version=_version(),
        description="Event data from news articles: every field with its evidence in the text.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        max_body_size=max_body_bytes,  # 413 for a larger body, declared or streamed
    )
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.state.store = store
    app.state.pipeline = pipeline
    app.add_middleware(GZipMiddleware, minimum_size=2000, compresslevel=5)  # 9: ~4x the CPU for 4% less
    app.middleware("http")(security_headers(tile_url))
    if allowed_hosts:
        app.middleware("http")(_host_check(allowed_hosts))

    _add_pages(app)
    _add_ui_routes(app, store, tile_url, api_token)
    _add_read_routes(app, store)
    _add_write_routes(app, store, pipeline, writer_checks)
    return app


def _add_pages(app: FastAPI) -> None:
    """The HTML pages and the static files they load (ours and the vendored packages')."""
    data = _data_dir()
    app.mount("/static", StaticFiles(directory=data), name="static")
    for name, folder in _vendor_dirs().items():
        app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")

    @app.get("/", include_in_schema=False)
    def index_page() -> FileResponse:
        return FileResponse(data / "index.html", media_type="text/html")

    @app.get("/ui/events/{event_id}", include_in_schema=False)
    def event_page(event_id: IdPath) -> FileResponse:
        return FileResponse(data / "event.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> FileResponse:
        return FileResponse(data / "docs.html", media_type="text/html")


def _add_ui_routes(app: FastAPI, store: Store, tile_url: str | None, api_token: str | None) -> None:
    """What the map page loads besides the API: settings, country outlines, compact points."""

    @app.get("/ui/config", tags=["ui"], summary="Settings the web pages need")
    def ui_config() -> dict[str, Any]:
        return {"tile_url": tile_url, "event_types": list(ACLED_TAXONOMY),
                "token_required": api_token is not None}

    @app.get("/ui/basemap.json", tags=["ui"], summary="Country outlines (offline basemap)")
    def ui_basemap(request: Request) -> Response:
        headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(basemap_gzip(), media_type="application/geo+json",
                            headers={**headers, "Content-Encoding": "gzip"})
        return Response(basemap_bytes(), media_type="application/geo+json", headers=headers)

    @app.get("/ui/points", tags=["ui"], response_model=MapPoints,
             summary="Located events as compact map points, newest first")
    def ui_points(filters: Filters, max_points: Annotated[int, Query(ge=1, le=MAP_POINTS_MAX)] = MAP_POINTS_DEFAULT) -> Any:
        return JSONResponse(queries.map_points(store, filters, max_points))  # 10,000s of points: unvalidated


def _add_read_routes(app: FastAPI, store: Store) -> None:
    """GET /events, /events/{id}, /articles/{id}, /stats."""

    @app.get("/events", tags=["events"], response_model=EventPage,
             summary="Stored events matching the filters (JSON, CSV or GeoJSON)",
             responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}}})
    def list_events(
        request: Request, filters: Filters, offset: Offset = 0,
        limit: Annotated[int | None, Query(ge=1, le=MAX_ID, description=f"JSON: default {JSON_PAGE_DEFAULT}, at most {JSON_PAGE_MAX}; CSV/GeoJSON: all")] = None,
        sort: Sort = "-date",
        format: Annotated[Literal[FORMATS] | None, Query(description="default: from the Accept header, else json")] = None,  # type: ignore[valid-type]
    ) -> Any:
        kind = _chosen_format(format, request.headers.get("accept", ""))
        newest_first = sort == "-date"
        if kind != "json":
            return _file_answer(store, kind, filters, offset, limit, newest_first)
        limit = limit or JSON_PAGE_DEFAULT
        if limit > JSON_PAGE_MAX:
            raise HTTPException(422, f"a JSON page holds at most {JSON_PAGE_MAX} events; "
                                     "use format=csv or format=geojson for more")
        page = queries.event_page(store, filters, offset, limit, newest_first)
        more = offset + len(page.rows) < page.total
        return JSONResponse(
            {"total": page.total, "offset": offset, "limit": limit, "count": len(page.rows),
             "next": _query_string(request, offset=offset + limit, limit=limit) if more else None,
             "events": [queries.plain_row(r) for r in page.rows]},
            headers={"X-Total-Count": str(page.total)})

    @app.get("/events/{event_id}", tags=["events"], response_model=EventDetail,
             summary="One event with every source and its evidence", responses={404: {}})
    def get_event(event_id: IdPath) -> Any:
        row = queries.event_row(store, event_id)
        if row is None:
            raise HTTPException(404, f"no event {event_id}")
        event = store.contract_events([row])[0]
        return {"id": row["id"], "article_id": row["article_id"], "event": event.to_dict(),
                "row": queries.plain_row(row), "sources": queries.source_details(store, event_id),
                "date_mention": _date_mention(store, row)}

    @app.get("/articles/{article_id}", tags=["articles"], summary="An article's text with its annotations",
             responses={404: {}})
    def get_article(article_id: IdPath) -> dict[str, Any]:
        found = queries.article(store, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        return found

    @app.get("/stats", tags=["events"], response_model=Stats,
             summary="Counts by event type, by country and by day or week")
    def get_stats(filters: Filters, interval: Literal["day", "week"] = "week") -> Any:
        return JSONResponse(queries.stats(store, filters, interval))


def _add_write_routes(app: FastAPI, store: Store, pipeline: LazyPipeline, checks: list[Any]) -> None:
    """POST /extract and /articles: token and JSON checked first, the pipeline made on first use."""

    @app.post("/extract", tags=["pipeline"], dependencies=checks,
              summary="Annotate one text (nothing is stored): the contract JSON",
              responses={401: {}, 413: {}, 415: {}})
    def extract(article: ArticleIn) -> dict[str, Any]:
        document = _document(article)
        result = pipeline.annotate(document)
        if isinstance(result, DocumentError):
            raise HTTPException(422, {"code": result.code, "message": result.message})
        return result.to_dict()

    @app.post("/articles", tags=["articles"], dependencies=checks, response_model=StoredArticle,
              status_code=201, summary="Annotate one article and store it",
              responses={200: {"model": StoredArticle, "description": "already stored"},
                         401: {}, 413: {}, 415: {}})
    def add_article(article: ArticleIn) -> Any:
        document = _document(article)
        known = queries.stored_article_id(store, document.text, document.url)
        if known is None:
            result = pipeline.annotate(document)
            if isinstance(result, DocumentError):
                raise HTTPException(422, {"code": result.code, "message": result.message})
            stored = store.add(document, result)
            known = queries.stored_article_id(store, document.text, document.url)
            if known is None:  # cannot happen after a successful add; never answer a wrong id
                raise HTTPException(500, "the article was not stored")
        else:
            stored = False
        event_ids = queries.event_ids_of_article(store, known)
        body = {"stored": stored, "article_id": known, "event_ids": event_ids, "events": len(event_ids)}
        return JSONResponse(body, status_code=201 if stored else 200)


async def _validation_error(_request: Request, exc: Exception) -> Response:
    """422 without echoing the input back: a rejected body may be megabytes long, or hold a
    lone surrogate that cannot even be encoded as UTF-8."""
    errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
              for e in getattr(exc, "errors", lambda: [])()]
    body = json.dumps({"detail": errors}, ensure_ascii=True)  # \u escapes: any string encodes
    return Response(body, status_code=422, media_type="application/json")


def _document(article: ArticleIn) -> InputDocument:
    doc_id = article.id or "api-" + hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:16]
    made = make_document(doc_id, article.text, article.published, article.title, article.url, article.source)
    if isinstance(made, DocumentError):
        raise HTTPException(422, {"code": made.code, "message": made.message})
    return made


def _host_check(allowed: tuple[str, ...]) -> Callable[..., Any]:
    names = {name.strip("[]").lower() for name in allowed}

    async def check_host(request: Request, call_next: Callable[..., Any]) -> Any:
        host = request.headers.get("host", "")
        hostname = (urlsplit(f"//{host}").hostname or "") if host else ""
        if hostname.lower() not in names:
            return Response("unknown Host header", status_code=400, media_type="text/plain")
        return await call_next(request)

    return check_host


def _version() -> str:
    from .. import __version__

    return __version__
