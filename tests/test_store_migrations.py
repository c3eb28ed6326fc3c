"""Schema migrations (Alembic) on SQLite and a real PostgreSQL server; stores made before Alembic."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from test_store import BATTLE, attack_article, battle_article, filled_store, protest_article

from newsevents.store import open_store, schema
from newsevents.store import migrations
from newsevents.store.migrations.__main__ import main as migrations_main

LEGACY_V2_SCHEMA = Path(__file__).parent / "data" / "store_schema_v2.sql"
TABLES = ("articles", "events", "event_sources", "actors", "places", "times", "quotes")


def engine_of(url: str) -> sa.Engine:
    from newsevents.store import database_url

    return sa.create_engine(database_url(url), poolclass=sa.pool.NullPool)


def revision_of(url: str) -> str | None:
    engine = engine_of(url)
    with engine.connect() as conn:
        return migrations.current_revision(conn)


def test_revisions_are_one_numbered_chain():
    scripts = migrations._scripts()
    chain = [s.revision for s in scripts.walk_revisions("base", "heads")][::-1]
    assert chain == [f"{n:04d}" for n in range(1, len(chain) + 1)]
    assert migrations.head_revision() == chain[-1] == migrations.newest_revision_file()
    assert set(migrations.LEGACY_REVISIONS.values()) <= set(chain)


def test_a_new_store_is_exactly_the_schema(new_db_url):
    with open_store(new_db_url) as store:
        assert store.has_fts
        with store.engine.connect() as conn:
            assert migrations.current_revision(conn) == migrations.head_revision()
            context = MigrationContext.configure(conn, opts={"include_object": migrations.include_object})
            # what `revision --autogenerate` would write: nothing, or a revision is missing
            assert compare_metadata(context, schema.metadata) == []
            version = conn.exec_driver_sql("SELECT value FROM store_meta WHERE key = 'schema_version'").scalar()
    assert version == schema.SCHEMA_VERSION


def test_downgrade_to_nothing_and_up_again(new_db_url):
    open_store(new_db_url).close()
    engine = engine_of(new_db_url)
    with engine.begin() as conn:
        command.downgrade(migrations.alembic_config(connection=conn), "base")
    with engine.connect() as conn:
        assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
    with filled_store(new_db_url) as store:
        assert store.counts()["events"] == 4
        assert [r["doc_id"] for r in store.event_rows(text="Maidug*")] == ["attack", "attack"]


def test_reopening_is_a_no_op_and_keeps_rows(new_db_url):
    with filled_store(new_db_url) as store:
        counts = store.counts()
    with open_store(new_db_url) as store:
        assert store.counts() == counts and counts["events"] == 4
    assert revision_of(new_db_url) == migrations.head_revision()


def test_a_database_from_a_newer_version_is_refused(new_db_url):
    open_store(new_db_url).close()
    with engine_of(new_db_url).begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(migrations.SchemaError, match="revision 9999"):
        open_store(new_db_url)


def test_a_schema_change_without_a_revision_is_reported(new_db_url, monkeypatch):
    changed = sa.MetaData()
    for table in schema.metadata.sorted_tables:
        table.to_metadata(changed)
    sa.Table("event_notes", changed, sa.Column("id", sa.Integer, primary_key=True))
    changed.tables["events"].append_column(sa.Column("note", sa.Text))
    monkeypatch.setattr(schema, "metadata", changed)
    with pytest.raises(migrations.SchemaError, match="event_notes, events.note but no migration"):
        open_store(new_db_url)


# ---- stores made before Alembic (SQLite files of schema versions 1 and 2) ---------------------

def legacy_store(tmp_path: Path, version: str) -> Path:
    """A SQLite store as newsevents made it before Alembic, holding the three test articles:
    the version-2 schema as it was, filled from a current store; version 1 lacks three columns."""
    current = tmp_path / "current.db"
    filled_store(current).close()
    legacy = tmp_path / f"legacy-v{version}.db"
    with sqlite3.connect(legacy) as conn:
        conn.executescript(LEGACY_V2_SCHEMA.read_text(encoding="utf-8"))
        conn.execute("ATTACH DATABASE ? AS current", (str(current),))
        for table in TABLES:
            columns = ", ".join(f'"{row[1]}"' for row in conn.execute(f"PRAGMA main.table_info({table})"))
            conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM current.{table}")
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO store_meta VALUES ('schema_version', ?)", (version,))
        conn.commit()
        conn.execute("DETACH DATABASE current")
        if version == "1":
            for table, column in (("events", "figures"), ("quotes", "speaker_type"), ("quotes", "speaker_country")):
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.commit()
    return legacy


def test_a_version_2_file_is_stamped_and_upgraded_without_loss(tmp_path):
    with filled_store(tmp_path / "reference.db") as reference:
        expected_rows = reference.event_rows()
        expected_events = [e.to_dict() for e in reference.contract_events(expected_rows)]
        expected_counts = reference.counts()
    legacy = legacy_store(tmp_path, "2")
    assert revision_of(str(legacy)) is None
    with open_store(legacy) as store:
        assert store.counts() == expected_counts
        rows = store.event_rows()
        assert [e.to_dict() for e in store.contract_events(rows)] == expected_events
        assert [r["doc_id"] for r in store.event_rows(text="teachers pay")] == ["protest"]
        assert store.add(*attack_article()) is False and store.add(*protest_article()) is False
        document, annotation = battle_article("https://example.com/later")
        assert store.add(document.__class__(**{**document.__dict__, "id": "later",
                                               "text": BATTLE + " Later."}), annotation)
        assert [r["doc_id"] for r in store.event_rows(text="Later")] == ["later"]
    assert revision_of(str(legacy)) == migrations.head_revision()


def test_a_version_1_file_gains_the_figures_and_speaker_columns(tmp_path):
    legacy = legacy_store(tmp_path, "1")
    with open_store(legacy) as store:
        assert store.counts()["events"] == 4
        assert store.event_rows(event_type="Battles")[0]["figures"] is None  # older rows: no figures
        document, annotation = battle_article("https://example.com/again")
        assert store.add(document.__class__(**{**document.__dict__, "text": BATTLE + " More."}), annotation)
        assert [len(e.figures) for e in store.contract_events(store.event_rows(event_type="Battles"))] == [0, 1]
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT value FROM store_meta").scalar() == schema.SCHEMA_VERSION


def test_an_unknown_legacy_version_is_refused(tmp_path):
    legacy = legacy_store(tmp_path, "2")
    with sqlite3.connect(legacy) as conn:
        conn.execute("UPDATE store_meta SET value = '7'")
    with pytest.raises(migrations.SchemaError, match="unknown store schema version '7'"):
        open_store(legacy)


# ---- PostgreSQL specifics and the command ------------------------------------------------------

def test_postgresql_text_search_uses_the_gin_index(postgres_url):
    with filled_store(postgres_url) as store, store.engine.connect() as conn:
        assert store.text_search == "tsvector"
        conn.exec_driver_sql("SET enable_seqscan = off")
        plan = "\n".join(conn.exec_driver_sql(
            "EXPLAIN SELECT id FROM articles WHERE search @@ to_tsquery('simple', 'maidug:*')").scalars())
        assert "ix_articles_search" in plan
        lexemes = conn.exec_driver_sql("SELECT search FROM articles WHERE doc_id = 'battle'").scalar()
        assert "'retaken'" in lexemes and "'aleppo'" in lexemes  # title and text, lower-cased


def test_the_migrations_command(tmp_path, capsys):
    db = str(tmp_path / "events.db")
    assert migrations_main(["current", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == f"none (newest: {migrations.head_revision()})"
    assert migrations_main(["upgrade", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == f"empty -> {migrations.head_revision()}"
    assert migrations_main(["upgrade", "--db", db]) == 0
    head = migrations.head_revision()
    assert capsys.readouterr().out.strip() == f"{head} -> {head}"
