"""Shared fixtures: the spaCy pipeline and the gazetteer are loaded once per test session."""

from __future__ import annotations

import os
import tempfile

import pytest

# Tests must never touch the user's cache: give the whole session a cache directory of its own,
# unless a developer points NEWSEVENTS_CACHE_DIR at a built one to save time.
if not os.environ.get("NEWSEVENTS_CACHE_DIR"):
    os.environ["NEWSEVENTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="newsevents-test-cache.")


@pytest.fixture(scope="session")
def nlp():
    """The bare spaCy pipeline (no gazetteer patterns), for stage unit tests."""
    from newsevents.nlp import load_language

    return load_language().nlp


# ---- a throwaway PostgreSQL server for the store tests ------------------------------------------
# Tests that need PostgreSQL start their own cluster (Debian's postgresql package: initdb and
# pg_ctl under /usr/lib/postgresql/N/bin) in a temporary directory, on a free loopback port, and
# stop it at the end of the session. Without the binaries (or psycopg) those tests skip, unless
# NEWSEVENTS_REQUIRE_EXTERNAL=1 (as CI sets), when they fail instead.

import atexit  # noqa: E402
import glob  # noqa: E402
import itertools  # noqa: E402
import pwd  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

PG_SUPERUSER = "newsevents"
_schema_numbers = itertools.count()


def missing_external(reason: str) -> None:
    """Skip a test that needs an outside program, or fail when CI requires it."""
    if os.environ.get("NEWSEVENTS_REQUIRE_EXTERNAL") == "1":
        pytest.fail(f"{reason} (NEWSEVENTS_REQUIRE_EXTERNAL=1)")
    pytest.skip(reason)


def _postgres_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: $NEWSEVENTS_PG_BIN when set (only there), else the newest
    Debian /usr/lib/postgresql/N/bin, else the PATH."""
    chosen = os.environ.get("NEWSEVENTS_PG_BIN")
    candidates = [chosen] if chosen else sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                                key=lambda p: int(p.split("/")[-2]), reverse=True)
    for candidate in candidates:
        folder = Path(candidate)
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if not chosen and initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_as(user: str | None) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as another user."""
    return ["runuser", "-u", user, "--"] if user else []


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):  # Debian's package creates `postgres`
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no `postgres` or `nobody` user to run PostgreSQL as")


@dataclass
class PostgresServer:
    host: str
    port: int

    def url(self, schema: str | None = None) -> str:
        """The URL of the `postgres` database; with `schema`, that schema first on the search path
        (a schema per test is much cheaper than a database per test)."""
        url = f"postgresql://{PG_SUPERUSER}@{self.host}:{self.port}/postgres"
        return f"{url}?options=-csearch_path%3D{schema}" if schema else url

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL cluster for the session: initdb in a temp dir, started on 127.0.0.1."""
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        missing_external("PostgreSQL server binaries not found (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing_external("psycopg is not installed (pip install 'psycopg[binary]')")
    user = _server_user()
    home = Path(tempfile.mkdtemp(prefix="newsevents-pg."))
    if user:
        shutil.chown(home, user)
    data, log = home / "data", home / "server.log"
    prefix = _run_as(user)
    subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", PG_SUPERUSER, "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"], check=True, capture_output=True)
    port = _free_port()
    options = (f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    started = subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                              "-w", "-t", "60", "start"], capture_output=True, text=True)
    if started.returncode != 0:
        detail = log.read_text(errors="replace") if log.exists() else started.stderr
        shutil.rmtree(home, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {detail[-2000:]}")
    def stop() -> None:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)

    # a run stopped by SIGTERM (a timeout) must not leave the server behind: as Ctrl-C, pytest
    # then tears the fixtures down; atexit covers an exit that skips the teardown
    atexit.register(stop)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield PostgresServer("127.0.0.1", port)
    finally:
        atexit.unregister(stop)
        stop()


@pytest.fixture
def postgres_url(postgres_server):
    """An empty PostgreSQL store location of its own (a new schema), dropped after the test."""
    name = f"test_{next(_schema_numbers)}"
    postgres_server.admin(f"CREATE SCHEMA {name}")
    yield postgres_server.url(name)
    postgres_server.admin(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(scope="session")
def _shared_postgres_store(postgres_server):
    """One migrated PostgreSQL store for the session, emptied before each test that uses it."""
    from newsevents.store import open_store

    postgres_server.admin("CREATE SCHEMA store_tests")
    open_store(postgres_server.url("store_tests")).close()
    return postgres_server


def _empty_postgres_store(server: PostgresServer) -> str:
    """Empty every data table of the shared store (ids restart at 1) and give its URL."""
    import psycopg

    with psycopg.connect(server.url("store_tests"), autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'store_tests' "
            "AND tablename NOT IN ('alembic_version', 'store_meta')")]
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return server.url("store_tests")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty event store's URL on each backend: a new SQLite file, then the session's
    PostgreSQL store, emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.db'}"
    return _empty_postgres_store(request.getfixturevalue("_shared_postgres_store"))


@pytest.fixture(params=["sqlite", "postgresql"])
def new_db_url(request, tmp_path):
    """A location where no store exists yet, on each backend (for migration tests, which create,
    downgrade and break schemas): a new SQLite file, then a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.db'}"
    return request.getfixturevalue("postgres_url")
