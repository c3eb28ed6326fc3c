"""`newsevents serve`: the web application and REST API on uvicorn.

`add_serve_command(subparsers)` registers it on the `newsevents` parser, in the style of
`store.commands.add_store_commands`; FastAPI, uvicorn and the store are imported only when the
command runs.
"""

from __future__ import annotations

import argparse
import os

from ..console import add_pipeline_options, load_pipeline, stderr
from ..store.commands import add_db_option  # argparse only: the store is imported when a command runs
from ..store.dedup_commands import add_dedup_options

TILE_URL_ENV = "NEWSEVENTS_TILE_URL"


def serve_command(args: argparse.Namespace) -> int:
    """Check the security settings, open the store and serve until interrupted."""
    from .security import DEFAULT_MAX_BODY_BYTES, LOOPBACK_NAMES, TOKEN_ENV, is_loopback, token_from_environment

    token = token_from_environment()
    loopback = is_loopback(args.host)
    if not loopback and token is None:
        stderr.print(f"[red]error:[/red] listening on {args.host} makes the server reachable from other "
                     f"machines: set {TOKEN_ENV} to a secret token first (writes then need "
                     "'Authorization: Bearer <token>')")
        return 2
    import uvicorn
    from sqlalchemy.engine import make_url

    from ..store import database_url
    from ..store.dedup_commands import dedup_config_from_args
    from .app import create_app

    max_body = int(args.max_body_mb * 1024 * 1024) if args.max_body_mb else DEFAULT_MAX_BODY_BYTES
    try:
        app = create_app(args.db, api_token=token, tile_url=args.tile_url, max_body_bytes=max_body,
                         pipeline_factory=lambda: load_pipeline(args),
                         allowed_hosts=LOOPBACK_NAMES if loopback else None,
                         dedup=dedup_config_from_args(args))
    except Exception as exc:  # a bad URL, an unwritable file, a bad tile URL: say so, no traceback
        stderr.print(f"[red]error:[/red] cannot start: {exc}")
        return 1
    if not args.quiet:
        where = f"[{args.host}]" if ":" in args.host else args.host
        shown = make_url(database_url(args.db)).render_as_string(hide_password=True)
        stderr.print(f"newsevents: serving {shown} "
                     f"at http://{where}:{args.port}/ (API docs at /docs)", soft_wrap=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning" if args.quiet else "info",
                server_header=False, proxy_headers=False)
    return 0


def add_serve_command(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register `serve` on the `newsevents` subcommand parser."""
    serve = subparsers.add_parser(
        "serve", help="web map, timeline and REST API over an event store",
        description="Serve the web application (map, timeline, events with their evidence) and the "
                    "REST API (OpenAPI at /docs) over an event store. Listens on 127.0.0.1 unless "
                    "--host says otherwise; any other address needs NEWSEVENTS_API_TOKEN.")
    add_db_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--tile-url", default=os.environ.get(TILE_URL_ENV) or None, metavar="TEMPLATE",
                       help="online map tiles, e.g. https://tile.example.org/{z}/{x}/{y}.png "
                            f"(default ${TILE_URL_ENV}; none: offline country outlines only)")
    serve.add_argument("--max-body-mb", type=float, default=None, metavar="MB",
                       help="largest request body accepted (default 4)")
    add_pipeline_options(serve)
    add_dedup_options(serve)
    serve.set_defaults(func=serve_command)
