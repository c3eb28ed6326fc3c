"""Schema migrations of the event store (Alembic), run by `open_store` on every open.

The revisions live in `versions/` and are numbered (`0001`, `0002`, ...); each is frozen: it
creates or alters exactly what its schema version had, so a database of any age reaches the
current schema by running them in order. No alembic.ini is needed: the configuration is built
here. A store made before Alembic (`store_meta.schema_version` 1 or 2, no `alembic_version`
table) is stamped at its version's revision first, then upgraded, keeping every row.

    python -m newsevents.store.migrations upgrade --db URL     # what open_store does
    python -m newsevents.store.migrations current --db URL
    python -m newsevents.store.migrations revision -m "add x" --db URL   # autogenerate a new one
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:  # Alembic itself is imported only when a database needs migrating
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")  # versions/0004_deduplication.py

# store_meta.schema_version of stores created before Alembic -> the revision that made that schema
LEGACY_REVISIONS = {"1": "0001", "2": "0002"}

# Parts of the database that schema.py does not describe (backend-specific full-text search):
# left out when Alembic compares the database with the metadata.
_UNMODELLED_TABLE_PREFIXES = ("articles_fts", "alembic_version")
_UNMODELLED_COLUMNS = {("articles", "search")}
_UNMODELLED_INDEXES = {"ix_articles_search"}
_LOCK_KEY = 7_310_042_417  # a PostgreSQL advisory lock: one migrating process at a time


class SchemaError(RuntimeError):
    """The database's schema cannot be brought to this version of newsevents."""


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's filter: compare only what schema.py models."""
    if type_ == "table":
        return not (name or "").startswith(_UNMODELLED_TABLE_PREFIXES)
    if type_ == "column":
        return (obj.table.name, name) not in _UNMODELLED_COLUMNS
    if type_ == "index":
        return name not in _UNMODELLED_INDEXES
    return True


def alembic_config(url: str | None = None, connection: sa.Connection | None = None) -> "Config":
    """An Alembic configuration in code: the packaged scripts, and a URL or an open connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.lru_cache(maxsize=1)
def _scripts() -> "ScriptDirectory":
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.lru_cache(maxsize=1)
def newest_revision_file() -> str:
    """The highest revision number in versions/: the head, as revisions are numbered in order
    (tests check it), known without importing Alembic."""
    names = (path.name for path in (MIGRATIONS_DIR / "versions").iterdir())
    return max(match.group(1) for match in map(_REVISION_FILE.match, names) if match)


def _is_at_newest(connection: sa.Connection) -> bool:
    """Whether the database is already at the head revision: the quick check of every open."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return False
    found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    return found == [newest_revision_file()]


def head_revision() -> str:
    """The newest revision this version of newsevents knows."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def current_revision(connection: sa.Connection) -> str | None:
    """The database's Alembic revision; None when it has none (empty, or made before Alembic)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _legacy_revision(connection: sa.Connection) -> str | None:
    """The revision matching a pre-Alembic store's schema version; None for an empty database."""
    if not sa.inspect(connection).has_table("store_meta"):
        return None
    version = connection.exec_driver_sql(
        "SELECT value FROM store_meta WHERE key = 'schema_version'").scalar()
    if version not in LEGACY_REVISIONS:
        raise SchemaError(f"unknown store schema version {version!r} and no Alembic revision")
    return LEGACY_REVISIONS[version]


def upgrade_connection(connection: sa.Connection) -> tuple[str | None, str]:
    """Bring the database on this connection (in a transaction) to the head revision.

    Returns (revision before, revision after). A pre-Alembic store is stamped first.
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
    if _is_at_newest(connection):
        return newest_revision_file(), newest_revision_file()
    from alembic import command
    from alembic.util import CommandError

    before = current_revision(connection)
    head = head_revision()
    if before == head:
        return before, head
    if connection.dialect.name == "sqlite":
        # Take SQLite's write lock before the first CREATE: two processes opening a new store at
        # once then migrate one after the other (not both, "table already exists"), and a process
        # killed mid-migration leaves no half-made schema (SQLite's DDL is transactional). Only
        # when there is something to do, so a read-only store still opens. Re-read once locked.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        before = current_revision(connection)
        if before == head:
            return before, head
    if before is not None:
        try:
            _scripts().get_revision(before)
        except CommandError as exc:
            raise SchemaError(f"the database is at revision {before}, which this version of newsevents "
                              "does not know (made by a newer version?)") from exc
    config = alembic_config(connection=connection)
    if before is None:
        legacy = _legacy_revision(connection)
        if legacy is not None:
            command.stamp(config, legacy)
            before = legacy
    command.upgrade(config, "head")
    return before, head


def missing_from_database(connection: sa.Connection) -> list[str]:
    """Tables and columns of schema.py that the database lacks (`table` or `table.column`)."""
    from ..schema import metadata

    inspector = sa.inspect(connection)
    present = set(inspector.get_table_names())
    missing: list[str] = []
    for table in metadata.sorted_tables:
        if table.name not in present:
            missing.append(table.name)
            continue
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in columns]
    return missing


def check_schema(connection: sa.Connection) -> None:
    """Fail clearly when schema.py has tables or columns that no migration creates."""
    missing = missing_from_database(connection)
    if missing:
        raise SchemaError(
            f"schema.py defines {', '.join(missing)} but no migration creates them: add a revision "
            "(python -m newsevents.store.migrations revision -m 'what changed' --db sqlite:///new.db, "
            "then check it; see docs/store.md)")


def upgrade(engine_or_url: sa.Engine | str) -> tuple[str | None, str]:
    """Upgrade a store to the head revision (what `open_store` does); returns (before, after)."""
    engine = sa.create_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    with engine.begin() as connection:
        return upgrade_connection(connection)
