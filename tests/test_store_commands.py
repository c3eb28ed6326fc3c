"""The ingest / query / export subcommands, with a stand-in pipeline (no spaCy here)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store import filled_store

from newsevents.contract import Actor, DocumentAnnotation, DocumentError, Event, TextSpan
from newsevents.ingest import InputDocument
from newsevents.store import open_store
from newsevents.export import FORMATS
from newsevents.store.commands import EXPORT_FORMATS, add_store_commands
from newsevents.store.ingestion import ingest_items
from newsevents.store.sources import count_items, read_sources


class FakePipeline:
    """Codes one event per article: its first word is the trigger, its first sentence the evidence."""

    def __init__(self):
        self.seen: list[str] = []

    def process(self, items):
        for item in items:
            if isinstance(item, DocumentError):
                yield item
                continue
            self.seen.append(item.id)
            first = item.text.split()[0]
            start = item.text.index(first)
            end = item.text.find(".") + 1 or len(item.text)
            event = Event("Battles", "Armed clash", "190", "2020-01-02",
                          TextSpan(first, (start, start + len(first))), (0, end),
                          actor1=Actor(first, (start, start + len(first)), first.title(), "rebel_group"))
            yield DocumentAnnotation(item.id, "2020-01-03", False, "en", events=[event])


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="newsevents")
    add_store_commands(root.add_subparsers(dest="command", required=True))
    return root


def run(argv: list[str], pipeline: FakePipeline | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "ingest":
        return args.func(args, make_pipeline=lambda: pipeline)
    return args.func(args)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "2020" / "jan").mkdir(parents=True)
    (folder / "2020" / "jan" / "a.txt").write_text("Rebels shelled the port. Two died.", encoding="utf-8")
    (folder / "2020" / "b.json").write_text(json.dumps([
        {"id": "b1", "text": "Militias clashed near the dam.", "url": "https://x.example/b1"},
        {"id": "b2", "text": ""},
    ]), encoding="utf-8")
    (folder / "c.jsonl").write_text("\n".join([
        json.dumps({"id": "c1", "text": "Soldiers raided a village.", "source": "Daily"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "c2", "text": "Rebels  shelled the port.\nTwo died."}),  # a copy of a.txt
        json.dumps({"id": "c3", "text": "Other words entirely.", "url": "https://x.example/b1?utm_medium=x"}),
    ]) + "\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Never read.", encoding="utf-8")
    (folder / "notes.md").write_text("Never read.", encoding="utf-8")
    return folder


def test_sources_walk_folders_and_keep_input_rules(corpus):
    items = list(read_sources([str(corpus)], source_name="Local"))
    assert [(type(i).__name__, i.id) for i in items] == [
        ("InputDocument", "b1"), ("DocumentError", "b2"), ("InputDocument", "2020/jan/a"),
        ("InputDocument", "c1"), ("DocumentError", "broken"), ("InputDocument", "c2"), ("InputDocument", "c3")]
    assert items[0].source == "Local" and items[3].source == "Daily"
    assert count_items([str(corpus)]) == 7
    missing = list(read_sources([str(corpus / "nope")]))
    assert missing[0].code == "missing_source"


def test_ingest_stores_new_articles_once_and_resumes(corpus, tmp_path):
    db = f"sqlite:///{tmp_path / 'events.db'}"
    pipeline = FakePipeline()
    with open_store(db) as store:
        tally = ingest_items(store, read_sources([str(corpus)]), lambda: pipeline)
    assert (tally.read, tally.stored, tally.already_stored, tally.errors, tally.events) == (7, 3, 2, 2, 3)
    assert pipeline.seen == ["b1", "2020/jan/a", "c1"]  # duplicates never reach the pipeline

    def no_pipeline():
        raise AssertionError("nothing new: the pipeline must not even be loaded")

    with open_store(db) as store:
        again = ingest_items(store, read_sources([str(corpus)]), no_pipeline)
        assert (again.stored, again.already_stored, again.errors) == (0, 5, 2)
        assert store.counts()["articles"] == 3


def test_ingest_command_end_to_end(corpus, tmp_path, capsys):
    db = str(tmp_path / "events.db")
    assert run(["ingest", str(corpus), "--db", db, "--source", "Local"], FakePipeline()) == 0
    err = capsys.readouterr().err
    assert "7 articles read: 3 stored (3 events), 2 already stored, 2 errors" in err
    assert "skipped broken" in err
    assert run(["ingest", str(tmp_path / "empty-missing"), "--db", db], FakePipeline()) == 1


def test_query_formats(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal for the table
    db = tmp_path / "events.db"
    filled_store(db).close()
    assert run(["query", "--db", str(db), "--format", "json", "--country", "Nigeria"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["event_type"], r["date"], r["location_name"]) for r in rows] == [
        ("Violence against civilians", "2019-05-05", "Maiduguri")]
    assert run(["query", "--db", str(db), "--format", "csv", "--bbox=30,-5,40,40", "--to", "2017"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["actor1_name"] for r in table] == ["Military Forces of Syria"]
    assert run(["query", "--db", str(db), "--actor", "teachers"]) == 0
    out = capsys.readouterr().out
    assert "Protests / Peaceful protest" in out and "Nairobi" in out
    assert run(["query", "--db", str(db), "--country", "Atlantis"]) == 2
    assert run(["query", "--db", str(tmp_path / "typo.db")]) == 2
    assert "no event store" in capsys.readouterr().err and not (tmp_path / "typo.db").exists()


def test_registering_the_commands_does_not_import_sqlalchemy():
    probe = ("import argparse, sys; from newsevents.store.commands import add_store_commands; "
             "add_store_commands(argparse.ArgumentParser().add_subparsers()); "
             "print('sqlalchemy' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    assert subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
    assert EXPORT_FORMATS == FORMATS


def test_bad_filter_values_are_argparse_errors():
    with pytest.raises(SystemExit):
        parser().parse_args(["query", "--bbox", "1,2"])
    with pytest.raises(SystemExit):
        parser().parse_args(["export", "--format", "acled-csv", "--from", "last week"])


def test_export_command(tmp_path, capsys):
    db = tmp_path / "events.db"
    filled_store(db).close()
    target = tmp_path / "out.geojson"
    assert run(["export", "--db", str(db), "--format", "geojson", "-o", str(target), "--event-type", "Protests"]) == 0
    assert "1 events written" in capsys.readouterr().err
    features = json.loads(target.read_text(encoding="utf-8"))["features"]
    assert features[0]["properties"]["location"] == "Nairobi"
    assert run(["export", "--db", str(db), "--format", "acled-csv", "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("event_id_cnty,event_date,year,")


INGESTER = """
import argparse, sys, time
sys.path.insert(0, {tests!r})
from test_store_commands import FakePipeline, parser

class SlowPipeline(FakePipeline):
    def process(self, items):
        for result in super().process(items):
            time.sleep(0.002)  # a little NLP time, so the kill lands mid-run
            yield result

args = parser().parse_args(["ingest", {source!r}, "--db", {db!r}, "--quiet", "--batch-size", "8",
                             "--no-dedup"])  # 300 near-identical articles: not about dedup
sys.exit(args.func(args, make_pipeline=SlowPipeline))
"""


def test_ingest_killed_mid_run_resumes_without_loss_or_doubles(tmp_path):
    count = 300
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{n}", "text": f"Rebels attacked post {n}. Nobody died."}) + "\n"
                              for n in range(count)), encoding="utf-8")
    db = tmp_path / "events.db"
    script = INGESTER.format(tests=str(Path(__file__).parent), source=str(source), db=str(db))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}

    def stored() -> int:
        try:
            with sqlite3.connect(db) as conn:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            return 0

    child = subprocess.Popen([sys.executable, "-c", script], env=env)
    deadline = time.monotonic() + 20
    while stored() < 30 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    first = stored()
    assert 0 < first < count, "the kill should land mid-run"
    assert subprocess.run([sys.executable, "-c", script], env=env).returncode == 0
    with open_store(db) as store:
        assert store.counts()["articles"] == count
        rows = store.event_rows()
        assert sorted(r["doc_id"] for r in rows) == sorted(f"a{n}" for n in range(count))  # one event each
        assert store.counts()["event_sources"] == count


def test_an_article_that_cannot_be_stored_is_an_error_not_the_end(db_url):
    class OddPipeline(FakePipeline):
        def process(self, items):
            for result in super().process(items):
                if result.id == "bad":
                    result.events[0].fatalities = object()  # not something a column can hold
                yield result

    items = [InputDocument("good1", "Rebels attacked a post."), InputDocument("bad", "Rebels shelled a port."),
             InputDocument("good2", "Police raided a house.")]
    seen = []
    with open_store(db_url) as store:
        tally = ingest_items(store, items, OddPipeline, on_result=lambda item, result: seen.append(result))
        assert (tally.stored, tally.errors) == (2, 1)
        assert [r.code for r in seen if isinstance(r, DocumentError)] == ["store_error"]
        assert store.counts()["articles"] == 2


def test_query_and_gdelt_export_commands_on_each_backend(db_url, capsys):
    filled_store(db_url).close()
    assert run(["query", "--db", db_url, "--format", "json", "--text", "Maidug*", "--event-type", "Attack"]) == 0
    assert [r["location_name"] for r in json.loads(capsys.readouterr().out)] == ["Maiduguri"]
    assert run(["export", "--db", db_url, "--format", "gdelt-tsv", "--header", "--country", "SYR"]) == 0
    captured = capsys.readouterr()
    header, line = captured.out.splitlines()
    assert header.startswith("GLOBALEVENTID\tSQLDATE\tMonthYear\t") and line.split("\t")[1] == "20161128"
    assert "1 events written to stdout as gdelt-tsv" in captured.err
