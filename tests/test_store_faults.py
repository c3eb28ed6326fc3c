"""Faults injected into `newsevents ingest`: SIGKILL at random points, a full disk, a read-only
store, two ingests at once. After each, the store holds whole articles only, nothing twice, and
SQLite's own checks pass. A fast stand-in annotator replaces spaCy so that the faults, not the
NLP, take the time; it fills every table (events, actors, places, times, quotes, figures).

Reproduce with a fixed seed: NEWSEVENTS_FAULT_SEED=7 pytest tests/test_store_faults.py -v
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from newsevents.contract import (Actor, DocumentAnnotation, DocumentError, Event, Figure, Place, Quote,
                                  Speaker, TextSpan, Timex)
from newsevents.ingest import InputDocument
from newsevents.store import open_store
from newsevents.store.ingestion import ingest_items

TESTS = Path(__file__).parent
SEED = int(os.environ.get("NEWSEVENTS_FAULT_SEED", "20261125"))
KILLS = int(os.environ.get("NEWSEVENTS_FAULT_KILLS", "5"))
TABLES = ("articles", "events", "event_sources", "actors", "places", "times", "quotes")


# ---- a fast annotator that writes to every table ----------------------------------------------

TEMPLATE = ("KANO, May {day} - Gunmen attacked a police post in Kano on Monday, killing {dead} officers, "
            "the police said. \"We will find them,\" Musa Bello told reporters. Report {n}.")


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def annotate(document: InputDocument) -> DocumentAnnotation:
    """A full annotation with real spans into the article, as the pipeline would give."""
    t = document.text
    gunmen = Actor("Gunmen", _span(t, "Gunmen"), "Unidentified Armed Group (Nigeria)", "political_militia", "NGA")
    police = Actor("the police", _span(t, "the police"), "Police Forces of Nigeria", "state_forces", "NGA", "NGACOP")
    kano = Place("Kano", _span(t, "Kano"), "Kano", 2335204, 12.00012, 8.51672, "NGA", "Kano", "PPLA", 1)
    dead = t[t.index("killing ") + 8:t.index(" officers")]
    figure = Figure("fatalities", int(dead), f"{dead} officers", _span(t, f"{dead} officers"), police)
    attack = Event("Violence against civilians", "Attack", "180", "2020-05-04",
                   TextSpan("attacked", _span(t, "attacked")), (0, t.index("said.") + 5), time_precision=1,
                   actor1=gunmen, actor2=police, location=kano, fatalities=int(dead), reported_by=police,
                   confidence=0.8, date_source="text", figures=[figure])
    threat = Event("Other", None, "138", "2020-05-04", TextSpan("find", _span(t, "find")),
                   _span(t, "\"We will find them,\" Musa Bello told reporters."), actor1=police)
    speaker = Speaker("Musa Bello", _span(t, "Musa Bello"), "Musa Bello")
    quote = Quote(speaker, TextSpan("told", _span(t, "told")), TextSpan("We will find them", _span(t, "We will find them")),
                  direct=True)
    return DocumentAnnotation(document.id, "2020-05-05", False, "en", events=[attack, threat], places=[kano],
                              times=[Timex("Monday", _span(t, "Monday"), "DATE", "2020-05-04")],
                              quotes=[quote], actors=[gunmen, police])


class FastAnnotator:
    """Stands in for the spaCy pipeline (`make_pipeline` hook of `ingest_command`)."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay

    def process(self, items: Iterable[InputDocument | DocumentError]) -> Iterator[DocumentAnnotation | DocumentError]:
        for item in items:
            if self.delay:
                time.sleep(self.delay)
            yield item if isinstance(item, DocumentError) else annotate(item)


def write_corpus(path: Path, numbers: Iterable[int], copies_every: int = 10) -> int:
    """JSONL articles; every `copies_every`-th one repeats an earlier text under a new id (and
    every 7th shares a URL with an earlier one), so deduplication is under test too. Returns
    the number of distinct articles."""
    lines, texts, urls, distinct = [], set(), set(), 0
    for n in numbers:
        body = n - 1 if n % copies_every == 0 and n else n  # a re-published copy of the previous one
        record = {"id": f"a{n}", "text": TEMPLATE.format(day=1 + body % 28, dead=2 + body % 9, n=body),
                  "published": "2020-05-05"}
        if n % 7 == 0:
            record["url"] = f"https://news.example/kano/{n // 14}?utm_source=feed"
        lines.append(json.dumps(record))
        if record["text"] not in texts and record.get("url") not in urls:  # the store's identity rule
            distinct += 1
            texts.add(record["text"])
            urls.add(record.get("url") or "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return distinct


INGEST = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from test_store_faults import FastAnnotator
    from newsevents.cli import build_parser
    args = build_parser().parse_args(["ingest", *{sources!r}, "--db", {db!r}, "--quiet", "--batch-size", "4"])
    sys.exit(args.func(args, make_pipeline=lambda: FastAnnotator({delay!r})))
""")


def ingest_process(sources: list[Path], db: Path | str, delay: float = 0.0, **popen) -> subprocess.Popen:
    """`newsevents ingest SOURCES --db DB` in a child process, with the fast annotator."""
    script = INGEST.format(tests=str(TESTS), sources=[str(s) for s in sources], db=str(db), delay=delay)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def ingest(sources: list[Path], db: Path | str, **popen) -> subprocess.CompletedProcess:
    child = ingest_process(sources, db, **popen)
    out, err = child.communicate(timeout=120)
    return subprocess.CompletedProcess(child.args, child.returncode, out, err)


# ---- what a healthy store looks like --------------------------------------------------------------

def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608 (fixed names)


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or locked for a moment
        return -1


def assert_healthy(db: Path) -> None:
    """SQLite's own checks, the full-text index against its table, and whole articles only."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            return  # killed before the schema was made: an empty database (the next open makes it)
        has_fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
        if has_fts:  # raises "database disk image is malformed" when the index and table disagree
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
            assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == \
                conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        doubled = conn.execute("SELECT content_hash FROM articles GROUP BY content_hash HAVING count(*) > 1").fetchall()
        assert doubled == []
        # every stored article is whole: two events, one quote, one place, one time, its actors
        partial = conn.execute("""
            SELECT a.doc_id FROM articles a WHERE
              (SELECT count(*) FROM events e WHERE e.article_id = a.id) != 2 OR
              (SELECT count(*) FROM event_sources s WHERE s.article_id = a.id) != 2 OR
              (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) != 1 OR
              (SELECT count(*) FROM places p WHERE p.article_id = a.id) != 1 OR
              (SELECT count(*) FROM times t WHERE t.article_id = a.id) != 1""").fetchall()
        assert partial == []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    return path, write_corpus(path, range(160))


@pytest.fixture(scope="module")
def clean_counts(corpus, tmp_path_factory) -> dict[str, int]:
    """The table counts of one uninterrupted ingest: what every faulted run must end with."""
    db = tmp_path_factory.mktemp("clean") / "events.db"
    done = ingest([corpus[0]], db)
    assert done.returncode == 0, done.stderr
    assert_healthy(db)
    counts = table_counts(db)
    assert counts["articles"] == corpus[1]
    return counts


# ---- SIGKILL at random points -------------------------------------------------------------------

def test_sigkill_at_random_points_then_resume_equals_a_clean_run(corpus, clean_counts, tmp_path):
    """Kill the ingest KILLS times, at a random moment each time (during start-up and schema
    creation, or mid-run after a random number of articles), check the store after every kill,
    then let it finish: the same rows as an uninterrupted run."""
    db, rng = tmp_path / "events.db", random.Random(SEED)
    total, landed_mid_run = clean_counts["articles"], 0
    for _kill in range(KILLS):
        before = max(stored_articles(db), 0)
        child = ingest_process([corpus[0]], db, delay=0.001)
        if rng.random() < 0.25:  # early: imports, opening the store, creating the schema
            time.sleep(rng.uniform(0.0, 0.6))
        else:  # mid-run: after a random number of further articles
            target = min(before + rng.randint(1, 25), total - 1)
            deadline = time.monotonic() + 30
            while stored_articles(db) < target and time.monotonic() < deadline and child.poll() is None:
                time.sleep(rng.uniform(0.0, 0.01))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        now = max(stored_articles(db), 0)
        landed_mid_run += before < now < total
        if db.exists():
            assert_healthy(db)
    assert landed_mid_run >= KILLS // 2, "most kills should land while articles are being written"
    finished = ingest([corpus[0]], db)
    assert finished.returncode == 0, finished.stderr
    assert_healthy(db)
    assert table_counts(db) == clean_counts
    again = ingest([corpus[0]], db)  # a further re-run adds nothing
    assert again.returncode == 0 and table_counts(db) == clean_counts


def test_ctrl_c_stops_cleanly_and_says_how_far_it_got(corpus, clean_counts, tmp_path):
    db = tmp_path / "events.db"
    # slow enough (8 s for the corpus) that a loaded machine cannot let it finish before the signal
    child = ingest_process([corpus[0]], db, delay=0.05)
    deadline = time.monotonic() + 30
    while stored_articles(db) < 10 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert err.startswith("interrupted: ") and "Traceback" not in err
    assert 0 < stored_articles(db) < clean_counts["articles"]
    assert_healthy(db)


SCHEMA_KILLER = textwrap.dedent("""
    import os, signal, sqlalchemy as sa
    from newsevents.store import store as store_module
    made = []

    def count_creates(conn, cursor, statement, *_args):
        if statement.lstrip().upper().startswith("CREATE"):
            made.append(statement)
            if len(made) == {creates}:  # killed mid-migration, some tables made, others not
                os.kill(os.getpid(), signal.SIGKILL)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count_creates)
    store_module.open_store({db!r})
""")


@pytest.mark.parametrize("creates", [3, 8])
def test_sigkill_while_the_schema_is_made_leaves_a_store_that_opens(tmp_path, creates):
    """A process killed while it creates the tables of a new store (after `creates` CREATE
    statements) must leave nothing half-made: the next open migrates from scratch."""
    db = tmp_path / "events.db"
    script = SCHEMA_KILLER.format(db=str(db), creates=creates)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    killed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    small = tmp_path / "small.jsonl"
    distinct = write_corpus(small, range(12))
    done = ingest([small], db)
    assert done.returncode == 0, done.stderr
    assert_healthy(db)
    assert table_counts(db)["articles"] == distinct


# ---- a full disk --------------------------------------------------------------------------------

def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_disk_full_during_ingest_is_a_clear_error_and_leaves_whole_articles(corpus, clean_counts, tmp_path):
    """The ingest process may write files of at most 1.5 MB (RLIMIT_FSIZE): the disk fills up
    mid-run. It must stop with a one-line error, no traceback, keep whole articles only, and a
    later run with room must finish the job."""
    db = tmp_path / "events.db"
    full = ingest([corpus[0]], db, preexec_fn=_limit_file_size(1_500_000))
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr
    assert "error" in full.stderr and ("full" in full.stderr or "disk" in full.stderr), full.stderr
    assert 0 < stored_articles(db) < clean_counts["articles"]
    assert_healthy(db)
    resumed = ingest([corpus[0]], db)
    assert resumed.returncode == 0, resumed.stderr
    assert_healthy(db)
    assert table_counts(db) == clean_counts


def test_database_page_limit_rolls_back_the_article_that_did_not_fit(tmp_path):
    """SQLite's own 'database or disk is full' (PRAGMA max_page_count) in the API: the article
    that hit it leaves no row in any table, the ones before it stay whole."""
    import sqlalchemy as sa

    db = tmp_path / "events.db"
    documents = [InputDocument(f"a{n}", TEMPLATE.format(day=1 + n % 28, dead=3, n=n)) for n in range(200)]
    with open_store(db) as store:
        with sqlite3.connect(db) as conn:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]

        @sa.event.listens_for(store.engine, "connect")
        def cap_pages(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 12}")

        store.engine.dispose()  # new connections get the cap
        with pytest.raises(sa.exc.OperationalError, match="full"):
            ingest_items(store, documents, FastAnnotator)
    stored = stored_articles(db)
    assert 0 < stored < len(documents)
    assert_healthy(db)
    assert table_counts(db)["events"] == 2 * stored


# ---- a read-only store ----------------------------------------------------------------------------

@pytest.fixture
def filled_db(tmp_path, corpus) -> Path:
    db = tmp_path / "store" / "events.db"
    db.parent.mkdir()
    small = tmp_path / "small.jsonl"
    write_corpus(small, range(20))
    assert ingest([small], db).returncode == 0
    return db


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_store_is_a_clear_error_with_no_partial_rows(filled_db, corpus, what):
    before = table_counts(filled_db)
    target = filled_db if what == "file" else filled_db.parent
    mode = target.stat().st_mode
    target.chmod(0o555 if what == "folder" else 0o444)
    try:
        result = ingest([corpus[0]], filled_db)
    finally:
        target.chmod(mode)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr and ("read" in result.stderr.lower() or "open" in result.stderr.lower()), result.stderr
    assert table_counts(filled_db) == before
    assert_healthy(filled_db)


def test_read_only_store_as_root_via_sqlite_uri(filled_db, corpus):
    """Root ignores file modes, so also open the store read-only through SQLite itself
    (`?mode=ro`): every write must fail with a clear error and leave nothing behind."""
    before = table_counts(filled_db)
    result = ingest([corpus[0]], f"sqlite:///file:{filled_db}?mode=ro&uri=true")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "read" in result.stderr.lower(), result.stderr
    assert table_counts(filled_db) == before
    assert_healthy(filled_db)


# ---- two ingests at once ------------------------------------------------------------------------

def test_two_ingests_at_once_serialise_without_doubles(corpus, clean_counts, tmp_path):
    """Two processes ingest overlapping halves of the corpus into one new store at the same
    time: both finish (SQLite serialises their transactions), and the store equals one clean
    run: every shared article once."""
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    lines = corpus[0].read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines[:100]), encoding="utf-8")
    second.write_text("".join(lines[56:]), encoding="utf-8")  # 44 articles in both
    db = tmp_path / "events.db"
    children = [ingest_process([first], db, delay=0.0005), ingest_process([second], db, delay=0.0005)]
    outcomes = [child.communicate(timeout=120) for child in children]
    for child, (_out, err) in zip(children, outcomes):
        assert child.returncode == 0, err
        assert "Traceback" not in err
    assert_healthy(db)
    assert table_counts(db) == clean_counts


# ---- a value the database cannot hold ----------------------------------------------------------

def test_a_count_too_big_for_sqlite_fails_that_article_only(tmp_path):
    """A 20-digit casualty figure (which the pipeline once produced from '99999999999999999999
    villagers') overflows SQLite's 64-bit integers: that article is reported as a store_error
    and rolled back, the run goes on."""

    class HugeCounts(FastAnnotator):
        def process(self, items):
            for result in super().process(items):
                if result.id == "a1":
                    result.events[0].fatalities = 10 ** 20
                yield result

    documents = [InputDocument(f"a{n}", TEMPLATE.format(day=n + 1, dead=3, n=n)) for n in range(3)]
    errors: list[DocumentError] = []
    with open_store(tmp_path / "events.db") as store:
        tally = ingest_items(store, documents, HugeCounts,
                             on_result=lambda item, result: errors.append(result) if isinstance(result, DocumentError) else None)
    assert (tally.stored, tally.errors) == (2, 1)
    assert [e.code for e in errors] == ["store_error"] and "OverflowError" in errors[0].message
    assert_healthy(tmp_path / "events.db")
    assert table_counts(tmp_path / "events.db")["articles"] == 2
