"""The web application and REST API: `newsevents serve`, or `create_app(store_url)` in code.

    from newsevents.serve import create_app
    app = create_app("sqlite:///events.db")

Names are imported on first use, so registering the `serve` subcommand imports neither FastAPI
nor SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .commands import add_serve_command, serve_command

_HOMES = {"create_app": "app", "add_serve_command": "commands", "serve_command": "commands"}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
