"""The event store on SQLite and PostgreSQL (the `db_url` fixture gives both), with hand-built
contract records (no spaCy here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsevents import contract
from newsevents.contract import (Actor, DocumentAnnotation, Event, Figure, Place, Quote, Speaker,
                                  TextSpan, Timex)
from newsevents.ingest import InputDocument
from newsevents.store import EventFilters, content_hash, open_store, url_key
from newsevents.store import records

# ---- hand-built articles (shared with test_export.py) ------------------------------------------

BATTLE = ("ALEPPO, Nov 28 - The Syrian army recaptured eastern Aleppo from rebels on Monday, "
          "killing 12 fighters, a monitor said. \"We will not leave,\" Abu Omar told reporters.")
PROTEST = ("NAIROBI, May 7 - Hundreds of teachers marched through Nairobi on Tuesday to demand "
           "higher pay. Police watched from a distance.")
ATTACK = ("Gunmen killed nine villagers near Maiduguri in Borno State on Sunday, residents said. "
          "The French foreign minister urged calm.")


def span_of(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    at = text.index(piece, start)
    return at, at + len(piece)


def actor(text: str, piece: str, name: str, kind: str, country: str | None, cameo: str | None = None) -> Actor:
    return Actor(piece, span_of(text, piece), name, kind, country, cameo)


def sentence(text: str, first_words: str) -> tuple[int, int]:
    start = text.index(first_words)
    return start, text.index(". ", start) + 1 if ". " in text[start:] else len(text)


def battle_article(url: str | None = "https://news.example.org/syria/aleppo?utm_source=feed") -> tuple[InputDocument, DocumentAnnotation]:
    t = BATTLE
    army = actor(t, "The Syrian army", "Military Forces of Syria", "state_forces", "SYR", "SYRMIL")
    rebels = actor(t, "rebels", "Opposition Rebels (Syria)", "rebel_group", "SYR", "SYRREB")
    monitor = actor(t, "a monitor", "Syrian Observatory for Human Rights", "ngo", "SYR")
    aleppo = Place("eastern Aleppo", span_of(t, "eastern Aleppo"), "Aleppo", 170063, 36.20124, 37.16117,
                   "SYR", "Aleppo", "PPLA", 2, "largest city of the name")
    battle = Event(
        event_type="Battles", sub_event_type="Government regains territory", cameo="190",
        date="2016-11-28", trigger=TextSpan("recaptured", span_of(t, "recaptured")),
        evidence=sentence(t, "ALEPPO"), time_precision=1, actor1=army, actor2=rebels,
        assoc_actor2=[actor(t, "fighters", "Jabhat Fateh al-Sham", "rebel_group", "SYR")],
        location=aleppo, fatalities=12, reported_by=monitor, confidence=0.83, date_source="text",
        figures=[Figure("fatalities", 12, "12 fighters", span_of(t, "12 fighters"), monitor)],
    )
    quote = Quote(Speaker("Abu Omar", span_of(t, "Abu Omar"), "Abu Omar"),
                  TextSpan("told", span_of(t, "told")), TextSpan("We will not leave", span_of(t, "We will not leave")),
                  direct=True)
    annotation = DocumentAnnotation(
        id="battle", published="2016-11-29", published_inferred=False, language="en",
        events=[battle], places=[aleppo], times=[Timex("Monday", span_of(t, "Monday"), "DATE", "2016-11-28")],
        quotes=[quote], actors=[army, rebels, monitor],
    )
    document = InputDocument("battle", t, dt.date(2016, 11, 29), None, "Aleppo retaken", url, "Example News")
    return document, annotation


def protest_article() -> tuple[InputDocument, DocumentAnnotation]:
    t = PROTEST
    teachers = actor(t, "Hundreds of teachers", "Protesters (Kenya)", "protesters", "KEN")
    nairobi = Place("Nairobi", span_of(t, "Nairobi", 10), "Nairobi", 184745, -1.28333, 36.81667,
                    "KEN", "Nairobi Area", "PPLC", 1)
    protest = Event(
        event_type="Protests", sub_event_type="Peaceful protest", cameo="141", date="2019-05-07",
        trigger=TextSpan("marched", span_of(t, "marched")), evidence=sentence(t, "NAIROBI"),
        time_precision=1, actor1=teachers, location=nairobi, confidence=0.7, date_source="text",
    )
    annotation = DocumentAnnotation("protest", "2019-05-08", True, "en", events=[protest],
                                    places=[nairobi], actors=[teachers], published_clue="dateline")
    return InputDocument("protest", t, None, None, None, "https://example.com/kenya-teachers", None), annotation


def attack_article() -> tuple[InputDocument, DocumentAnnotation]:
    t = ATTACK
    gunmen = actor(t, "Gunmen", "Unidentified Armed Group (Nigeria)", "political_militia", "NGA")
    villagers = actor(t, "nine villagers", "Civilians (Nigeria)", "civilians", "NGA")
    minister = actor(t, "The French foreign minister", "Government of France", "government", "FRA")
    maiduguri = Place("Maiduguri", span_of(t, "Maiduguri"), "Maiduguri", 2331447, 11.84692, 13.15712,
                      "NGA", "Borno", "PPLA", 2)
    attack = Event(
        event_type="Violence against civilians", sub_event_type="Attack", cameo="1823",
        date="2019-05-05", trigger=TextSpan("killed", span_of(t, "killed")), evidence=sentence(t, "Gunmen"),
        time_precision=1, actor1=gunmen, actor2=villagers, location=maiduguri, fatalities=9, confidence=0.9,
        figures=[Figure("fatalities", 9, "nine villagers", span_of(t, "nine villagers")),
                 Figure("fatalities", None, "killed", span_of(t, "killed"))],
    )
    appeal = Event(
        event_type="Other", sub_event_type=None, cameo="020", date="2019-05-06", date_end="2019-05",
        trigger=TextSpan("urged", span_of(t, "urged")), evidence=sentence(t, "The French"),
        time_precision=3, actor1=minister, confidence=0.4, date_source="published",
    )
    annotation = DocumentAnnotation("attack", "2019-05-06", False, "en", events=[attack, appeal],
                                    places=[maiduguri], actors=[gunmen, villagers, minister])
    return InputDocument("attack", t, dt.date(2019, 5, 6), None, "Borno attack", None, "Wire"), annotation


def filled_store(where: Path | str):
    """A store (a SQLite file path or any database URL) holding the three articles above."""
    store = open_store(where)
    for document, annotation in (battle_article(), protest_article(), attack_article()):
        assert store.add(document, annotation)
    return store


@pytest.fixture
def store(db_url):
    with filled_store(db_url) as opened:
        yield opened


def ids(rows) -> list[str]:
    return [r["doc_id"] + ":" + r["event_type"] for r in rows]


# ---- identity and idempotence -----------------------------------------------------------------

def test_content_hash_ignores_whitespace_only():
    assert content_hash("Rebels  attacked\nthe town. ") == content_hash("Rebels attacked the town.")
    assert content_hash("Rebels attacked the town.") != content_hash("Rebels attacked the city.")


def test_url_key_drops_tracking_fragment_and_case():
    assert url_key("HTTPS://News.Example.org/a/b/?utm_source=x&id=3#top") == "https://news.example.org/a/b?id=3"
    assert url_key("  ") is None and url_key(None) is None


def test_add_is_idempotent_by_content_and_by_url(db_url):
    with open_store(db_url) as store:
        document, annotation = battle_article()
        assert store.add(document, annotation) is True
        assert store.add(document, annotation) is False
        reformatted = dataclasses.replace(document, text=document.text.replace(" ", "  "), url=None)
        assert store.add(reformatted, annotation) is False  # same content hash
        updated = dataclasses.replace(document, text=document.text + " Updated.",
                                      url="https://news.example.org/syria/aleppo/")
        assert store.add(updated, annotation) is False  # same URL once normalised
        assert store.counts() == {"articles": 1, "events": 1, "event_sources": 1, "actors": 7,
                                  "places": 1, "quotes": 1}
        assert store.has(content_hash(BATTLE))
        assert store.has("https://news.example.org/syria/aleppo")
        assert not store.has("https://news.example.org/other")
        assert store.has_document(document) and not store.has_document(protest_article()[0])


def test_a_unique_race_with_another_writer_is_a_no_op(db_url, monkeypatch):
    with open_store(db_url) as store:
        document, annotation = battle_article()
        assert store.add(document, annotation) is True
        # another process stored it between our check and our insert: the insert hits the unique
        # constraint, the transaction rolls back, and add() says "already stored"
        original, calls = type(store)._find_article, []

        def racing(self, conn, digest, key):
            calls.append(digest)
            return None if len(calls) == 1 else original(self, conn, digest, key)

        monkeypatch.setattr(type(store), "_find_article", racing)
        assert store.add(document, annotation) is False
        assert len(calls) == 2  # the check that missed it, then the look after the conflict
        monkeypatch.undo()
        assert store.counts()["articles"] == store.counts()["events"] == 1
        assert store.add(*protest_article()) is True  # the connection is usable afterwards


def test_reopening_keeps_everything_and_wal_is_on(tmp_path):
    filled_store(tmp_path / "events.db").close()  # a bare path means a SQLite file
    with open_store(f"sqlite:///{tmp_path / 'events.db'}") as store:
        assert store.counts()["events"] == 4
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert store.has_fts


# ---- what is stored -----------------------------------------------------------------------------

def test_event_row_flattens_every_field(store):
    row = store.event_rows(event_type="Battles")[0]
    assert row["date"] == dt.date(2016, 11, 28) and row["date_text"] == "2016-11-28"
    assert (row["actor1_name"], row["actor1_type"], row["actor1_country"], row["actor1_cameo"]) == (
        "Military Forces of Syria", "state_forces", "SYR", "SYRMIL")
    assert (row["actor2_name"], row["assoc_actor2"]) == ("Opposition Rebels (Syria)", "Jabhat Fateh al-Sham")
    assert (row["location_name"], row["latitude"], row["longitude"], row["location_geonameid"]) == (
        "Aleppo", 36.20124, 37.16117, 170063)
    assert (row["location_country"], row["location_admin1"], row["geo_precision"]) == ("SYR", "Aleppo", 2)
    assert BATTLE[row["trigger_start"]:row["trigger_end"]] == row["trigger_text"] == "recaptured"
    assert row["evidence_text"] == BATTLE[row["evidence_start"]:row["evidence_end"]]
    assert row["evidence_text"].startswith("ALEPPO, Nov 28") and row["evidence_text"].endswith("said.")
    assert (row["fatalities"], row["confidence"], row["date_source"]) == (12, 0.83, "text")
    assert row["reported_by_name"] == "Syrian Observatory for Human Rights"
    assert (row["doc_id"], row["title"], row["source"], row["published"]) == (
        "battle", "Aleppo retaken", "Example News", dt.date(2016, 11, 29))


def test_rows_give_back_the_contract_events(store):
    rows = store.event_rows()
    originals = [battle_article()[1].events[0], attack_article()[1].events[0], attack_article()[1].events[1],
                 protest_article()[1].events[0]]
    restored = store.contract_events(rows)
    by_trigger = {e.trigger.text: e.to_dict() for e in restored}
    for original in originals:
        expected = original.to_dict()
        if original.date_end == "2019-05":  # a month stored as a date range end becomes its last day
            expected["date_end"] = "2019-05-31"
        assert by_trigger[original.trigger.text] == expected


def test_inferred_publication_date_is_kept(store):
    row = store.event_rows(country="KEN")[0]
    assert row["published"] == dt.date(2019, 5, 8)
    with store.engine.connect() as conn:
        inferred, clue = conn.exec_driver_sql(
            "SELECT published_inferred, published_clue FROM articles WHERE doc_id = 'protest'").one()
    assert (bool(inferred), clue) == (True, "dateline")


@pytest.mark.parametrize("record_type", list(records.STORED_FIELDS))
def test_the_store_holds_every_contract_field(record_type):
    # fails when contract.py gains a field: add a column for it (schema.py, records.py)
    assert {f.name for f in dataclasses.fields(record_type)} == records.STORED_FIELDS[record_type]


def test_the_store_knows_every_contract_record():
    # fails when contract.py gains a record type (as Figure was): store it and list it in STORED_FIELDS
    kinds = {v for v in vars(contract).values() if dataclasses.is_dataclass(v) and isinstance(v, type)}
    assert kinds - {TextSpan, contract.DocumentError} == set(records.STORED_FIELDS)


def test_quotes_are_stored_with_spans(store):
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT speaker_name, cue_text, content_text, content_start, content_end, "
                                   "direct FROM quotes").one()
    assert row[:3] == ("Abu Omar", "told", "We will not leave")
    assert BATTLE[row[3]:row[4]] == "We will not leave" and bool(row[5]) is True


# ---- filters ------------------------------------------------------------------------------------

def test_no_filter_lists_everything_oldest_first(store):
    assert ids(store.event_rows()) == ["battle:Battles", "attack:Violence against civilians",
                                       "attack:Other", "protest:Protests"]


@pytest.mark.parametrize("filters, expected", [
    ({"date_from": "2019-05-06"}, ["attack:Other", "protest:Protests"]),
    ({"date_to": "2016-12-31"}, ["battle:Battles"]),
    ({"date_from": "2019-05", "date_to": "2019-05"},
     ["attack:Violence against civilians", "attack:Other", "protest:Protests"]),
    ({"date_from": "2019-05-20"}, ["attack:Other"]),  # its date range runs to the end of May
    ({"date_from": dt.date(2019, 5, 7), "date_to": dt.date(2019, 5, 7)}, ["attack:Other", "protest:Protests"]),
    ({"country": "Syria"}, ["battle:Battles"]),
    ({"country": "ng"}, ["attack:Violence against civilians"]),
    ({"country": "KEN"}, ["protest:Protests"]),
    ({"admin1": "borno"}, ["attack:Violence against civilians"]),
    ({"bbox": (30.0, -5.0, 40.0, 40.0)}, ["battle:Battles", "protest:Protests"]),
    ({"bbox": "10,5,20,15"}, ["attack:Violence against civilians"]),
    ({"event_type": "battles"}, ["battle:Battles"]),
    ({"event_type": "Peaceful protest"}, ["protest:Protests"]),
    ({"actor": "syria"}, ["battle:Battles"]),
    ({"actor": "al-Sham"}, ["battle:Battles"]),  # an associated actor
    ({"actor": "villagers"}, ["attack:Violence against civilians"]),  # surface text
    ({"text": "teachers pay"}, ["protest:Protests"]),
    ({"text": "Borno"}, ["attack:Violence against civilians", "attack:Other"]),
    ({"text": "retaken"}, ["battle:Battles"]),  # the title is indexed too
    ({"text": "Maidug*"}, ["attack:Violence against civilians", "attack:Other"]),  # a prefix
    ({"text": "Maidug"}, []),
    ({"text": "pay \"OR\" (syria"}, []),  # punctuation cannot break the FTS5 query
    ({"min_confidence": 0.8}, ["battle:Battles", "attack:Violence against civilians"]),
    ({"country": "NGA", "event_type": "Attack", "date_from": "2019-01-01", "text": "gunmen"},
     ["attack:Violence against civilians"]),
    ({"limit": 2}, ["battle:Battles", "attack:Violence against civilians"]),
])
def test_filters(store, filters, expected):
    assert ids(store.event_rows(**filters)) == expected


def test_text_search_without_fts5_scans_the_text(store):
    store.text_search = "scan"  # as on a SQLite build without FTS5
    assert ids(store.event_rows(text="teachers PAY")) == ["protest:Protests"]
    assert ids(store.event_rows(text="Borno gunmen")) == ["attack:Violence against civilians", "attack:Other"]


def test_filters_object_and_keywords_combine(store):
    base = EventFilters(country="NGA")
    assert ids(store.event_rows(base, event_type="Other")) == []
    assert ids(store.event_rows(base)) == ["attack:Violence against civilians"]


def test_bad_filters_are_reported(store):
    with pytest.raises(TypeError, match="unknown event filter"):
        store.event_rows(contry="SYR")
    with pytest.raises(ValueError, match="unknown country"):
        store.event_rows(country="Atlantis")
    with pytest.raises(ValueError, match="bounding box"):
        store.event_rows(bbox="1,2,3")
    with pytest.raises(ValueError, match="not an ISO date"):
        store.event_rows(date_from="yesterday")


def test_events_as_dataframe(store):
    frame = store.events(country="SYR")
    assert len(frame) == 1
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame.loc[0, "event_type"] == "Battles" and frame.loc[0, "fatalities"] == 12
    empty = store.events(country="FRA")
    assert len(empty) == 0 and "event_type" in empty.columns


# ---- one transaction per article ------------------------------------------------------------------

def test_a_failure_mid_article_leaves_nothing(db_url, monkeypatch):
    with open_store(db_url) as store:
        document, annotation = battle_article()

        def broken(*_args):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(records, "quote_rows", broken)  # after the article and its events
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.add(document, annotation)
        assert set(store.counts().values()) == {0}
        assert store.event_rows(text="Aleppo") == []  # no orphan full-text row either
        monkeypatch.undo()
        assert store.add(document, annotation) is True
        assert store.counts()["events"] == 1


WRITER = textwrap.dedent("""
    import dataclasses, sys
    sys.path.insert(0, {tests!r})
    from test_store import battle_article
    from newsevents.store import open_store
    store = open_store({db!r})
    document, annotation = battle_article(url=None)
    annotation.events *= 3  # three events per article
    for number in range({count}):
        text = document.text + f" Report {{number}}."
        store.add(dataclasses.replace(document, id=str(number), text=text), annotation)
""")


def _stored_articles(engine) -> int:
    import sqlalchemy as sa

    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()
    except sa.exc.DBAPIError:  # not created yet, or locked
        return 0


def test_killed_writer_leaves_only_whole_articles_and_resumes(db_url):
    import sqlalchemy as sa

    from newsevents.store import database_url

    db, count = db_url, 400
    engine = sa.create_engine(database_url(db), poolclass=sa.pool.NullPool)
    script = WRITER.format(tests=str(Path(__file__).parent), db=db, count=count)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", script], env=env)
    deadline = time.monotonic() + 20
    while _stored_articles(engine) < 20 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    with open_store(db) as store:
        counts = store.counts()
        assert 0 < counts["articles"] < count, "the kill should land mid-run"
        assert counts["events"] == counts["event_sources"] == 3 * counts["articles"]
        assert counts["quotes"] == counts["articles"]
    subprocess.run([sys.executable, "-c", script], env=env, check=True)  # the re-run
    with open_store(db) as store:
        counts = store.counts()
        assert counts["articles"] == count and counts["events"] == 3 * count
        doc_ids = [r["doc_id"] for r in store.event_rows()]
        assert sorted(set(doc_ids), key=int) == [str(n) for n in range(count)]
        assert all(doc_ids.count(d) == 3 for d in set(doc_ids))


def test_figures_survive_a_round_trip(store):
    rows = store.event_rows(event_type="Battles")
    assert rows[0]["figures"].startswith("[{")  # the contract JSON, in one column
    battle = store.contract_events(rows)[0]
    monitor = battle_article()[1].actors[2]
    assert battle.figures == [Figure("fatalities", 12, "12 fighters", span_of(BATTLE, "12 fighters"), monitor)]
    attack = store.contract_events(store.event_rows(event_type="Attack"))[0]
    assert [(f.value, f.text, f.reported_by) for f in attack.figures] == [(9, "nine villagers", None),
                                                                          (None, "killed", None)]
    protest = store.contract_events(store.event_rows(country="KEN"))[0]
    assert protest.figures == [] and store.event_rows(country="KEN")[0]["figures"] is None
