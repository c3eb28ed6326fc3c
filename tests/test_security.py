"""Security checks of the store: no SQL is built from strings that could carry user input, and
hostile filter values are taken literally (no injection, no LIKE wildcards, no FTS syntax).
See docs/security.md."""

from __future__ import annotations

import ast
import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from test_store_faults import TEMPLATE, annotate

from newsevents.ingest import InputDocument
from newsevents.store import open_store

SOURCE = Path(__file__).resolve().parents[1] / "src" / "newsevents"
SQL_CALLS = {"execute", "exec_driver_sql", "executemany", "executescript", "text"}
# f-string SQL whose interpolated names were reviewed: each is built only from constants or
# from "?" placeholders, never from a value a user or a document supplies.
REVIEWED = {
    ("geo/gazetteer.py", "where"),  # "population >= ?" and "feature_code IN (?, ?, ...)"
    ("geo/gazetteer.py", "schema"),  # the attached database names "main" / "imported"
    ("geo/gazetteer.py", "s"),  # the same, in a generator
    ("store/migrations/versions/0004_deduplication.py", "counts"),  # from the constant column list
}
HOSTILE = ("'; DROP TABLE events; --", "\" OR 1=1 --", "Robert'); DELETE FROM articles;--", "%", "_", "%%",
           "\\", "' OR ''='", "NEAR(a b)", "*", "a OR b", "\x00", "\u202e", "' UNION SELECT * FROM articles --")


def _unsafe_parts(node: ast.expr, relative: str) -> list[str]:
    """The parts of a SQL string expression that are not constants: string literals, UPPER_CASE
    module constants and the reviewed names are safe; anything else is reported."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return []
    if isinstance(node, (ast.Name, ast.Attribute)):
        name = node.id if isinstance(node, ast.Name) else node.attr
        return [] if name.lstrip("_").isupper() or (relative, name) in REVIEWED else [ast.unparse(node)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _unsafe_parts(node.left, relative) + _unsafe_parts(node.right, relative)
    if isinstance(node, ast.JoinedStr):
        return [bad for part in node.values if isinstance(part, ast.FormattedValue)
                for bad in _unsafe_parts(part.value, relative)]
    return [ast.unparse(node)[:80]]  # .format(), %, a call...


def sql_built_from_strings() -> list[str]:
    """Calls that run SQL given as an f-string, a `+` of strings or a `.format()`, with a part
    that is neither a constant nor reviewed above. (SQL passed as a plain variable is not
    followed: the store builds its statements with SQLAlchemy Core, which binds every value.)"""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            built = isinstance(first, (ast.JoinedStr, ast.BinOp)) or (
                isinstance(first, ast.Call) and getattr(first.func, "attr", "") == "format")
            if name in SQL_CALLS and built:  # (SQLAlchemy constructs and plain literals pass)
                found += [f"{relative}:{node.lineno}: {bad}" for bad in _unsafe_parts(first, relative)]
    return found


def test_no_sql_is_built_from_strings():
    assert sql_built_from_strings() == []


# ---- hostile filter values ----------------------------------------------------------------------

NAMES = ("100% Brigade", "al_Nusra Front", "alXNusra Front", "O'Brien's Militia", "Plain Group")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Five articles; each one's first event has a distinct actor1 name, some with LIKE's
    special characters in them."""
    db = tmp_path_factory.mktemp("security") / "events.db"
    with open_store(db) as opened:
        for n, name in enumerate(NAMES):
            document = InputDocument(f"a{n}", TEMPLATE.format(day=n + 1, dead=n + 2, n=n), url=f"https://x.example/{n}")
            annotation = annotate(document)
            first = annotation.events[0]
            annotation.events[0] = dataclasses.replace(first, actor1=dataclasses.replace(first.actor1, name=name),
                                                       actor2=None, reported_by=None)
            assert opened.add(document, annotation)
        yield opened


def _table_counts(store) -> dict[str, int]:
    return dict(store.counts())


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_are_literals(store, value):
    before = _table_counts(store)
    for field in ("actor", "admin1", "event_type", "text"):
        rows = store.event_rows(**{field: value})
        named = field == "actor" and any(value in name for name in NAMES)  # "%" in "100% Brigade"
        assert rows == [] or field == "text" or named, (field, value)  # nothing else is named so
    with pytest.raises(ValueError):
        store.event_rows(country=value)  # not a country: refused, not searched
    assert _table_counts(store) == before


@pytest.mark.parametrize("value, names", [
    ("%", ["100% Brigade"]),
    ("100%", ["100% Brigade"]),
    ("_", ["al_Nusra Front"]),
    ("al_Nusra", ["al_Nusra Front"]),
    ("'", ["O'Brien's Militia"]),
    ("nusra", ["al_Nusra Front", "alXNusra Front"]),
])
def test_like_wildcards_in_the_actor_filter_match_only_themselves(store, value, names):
    rows = store.event_rows(actor=value)
    assert sorted(r["actor1_name"] for r in rows) == sorted(names)


@pytest.mark.parametrize("value", ["Musa", "musa", "Kano", "Mus*"])
def test_text_search_still_finds_words(store, value):
    assert len({r["doc_id"] for r in store.event_rows(text=value)}) == len(NAMES)


@pytest.mark.parametrize("value", ["\" OR 1 --", "NEAR(Kano Musa)", "Kano AND", "*", "-Kano", "^Kano", "Kano:"])
def test_full_text_syntax_in_the_text_filter_is_no_error(store, value):
    store.event_rows(text=value)  # quoted word by word: never an FTS5 syntax error


def test_query_command_with_hostile_values_leaves_the_store_intact(store, capsys):
    from newsevents.cli import main

    db = store.engine.url.database
    for value in HOSTILE[:3]:
        for option in ("--actor", "--admin1", "--event-type", "--text"):
            assert main(["query", "--db", db, option, value, "--format", "json"]) == 0
            assert json.loads(capsys.readouterr().out) == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2 * len(NAMES)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
