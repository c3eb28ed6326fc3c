"""Exports of a store filled with hand-built records: ACLED CSV, GeoJSON, JSONL, Parquet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_store import BATTLE, attack_article, battle_article, filled_store, protest_article

from newsevents.export import ACLED_COLUMNS, FORMATS, export_events
from newsevents.export.acled import disorder_type, interaction


@pytest.fixture
def store(tmp_path):
    with filled_store(tmp_path / "events.db") as opened:
        yield opened


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("event_type, sub_event_type, expected", [
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Riots", "Violent demonstration", "Demonstrations"),
    ("Riots", "Mob violence", "Political violence"),
    ("Strategic developments", "Arrests", "Strategic developments"),
    ("Other", None, ""),
])
def test_disorder_type(event_type, sub_event_type, expected):
    assert disorder_type(event_type, sub_event_type) == expected


def test_interaction_codes():
    assert interaction(1, 2) == 12 and interaction(7, 3) == 37 and interaction(6, None) == 60
    assert interaction(None, 2) is None


def test_acled_csv_layout_and_values(store, tmp_path):
    target = tmp_path / "events.csv"
    result = export_events(store, "acled-csv", target)
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",") == list(ACLED_COLUMNS)
    rows = read_csv(text)
    assert result.written == len(rows) == 3  # the "Other" appeal is outside ACLED's taxonomy
    battle, attack, protest = rows
    assert battle["event_id_cnty"].startswith("SYR") and battle["event_id_cnty"][3:].isdigit()
    assert {k: battle[k] for k in (
        "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "location",
        "latitude", "longitude", "geo_precision", "source", "fatalities", "tags")} == {
        "event_date": "2016-11-28", "year": "2016", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Government regains territory", "actor1": "Military Forces of Syria",
        "assoc_actor_1": "", "inter1": "1", "actor2": "Opposition Rebels (Syria)",
        "assoc_actor_2": "Jabhat Fateh al-Sham", "inter2": "2", "interaction": "12",
        "civilian_targeting": "", "iso": "760", "region": "", "country": "Syria", "admin1": "Aleppo",
        "admin2": "", "location": "Aleppo", "latitude": "36.20124", "longitude": "37.16117",
        "geo_precision": "2", "source": "Example News", "fatalities": "12", "tags": "",
    }
    assert battle["notes"] == BATTLE[:BATTLE.index("said.") + 5]
    assert battle["timestamp"].isdigit() and int(battle["timestamp"]) > 1_700_000_000
    assert (attack["inter1"], attack["inter2"], attack["interaction"]) == ("3", "7", "37")
    assert attack["civilian_targeting"] == "Civilian targeting" and attack["iso"] == "566"
    assert attack["source"] == "Wire" and attack["country"] == "Nigeria"
    assert (protest["disorder_type"], protest["inter1"], protest["interaction"]) == ("Demonstrations", "6", "60")
    assert protest["fatalities"] == "0"  # ACLED writes 0 when no deaths are reported
    assert protest["source"] == "example.com"  # no source name: the URL's host


def test_acled_csv_gives_other_events_only_when_asked(store):
    out = io.StringIO()
    assert export_events(store, "acled-csv", out, event_type="Other").written == 1
    row = read_csv(out.getvalue())[0]
    assert (row["event_type"], row["disorder_type"], row["actor1"], row["inter1"], row["event_id_cnty"]) == (
        "Other", "", "Government of France", "1", "XXX" + row["event_id_cnty"][3:])


def test_filters_apply_to_exports(store):
    out = io.StringIO()
    assert export_events(store, "acled-csv", out, country="NGA").written == 1
    assert read_csv(out.getvalue())[0]["location"] == "Maiduguri"


def test_geojson_points(store, tmp_path):
    target = tmp_path / "events.geojson"
    result = export_events(store, "geojson", target)
    collection = json.loads(target.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert (result.written, result.skipped) == (3, 1)  # the appeal has no location
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [37.16117, 36.20124]}
    props = first["properties"]
    assert (props["event_type"], props["event_date"], props["actor1"], props["country"], props["fatalities"]) == (
        "Battles", "2016-11-28", "Military Forces of Syria", "SYR", 12)
    assert props["url"] == "https://news.example.org/syria/aleppo?utm_source=feed"


def test_geojson_of_nothing_is_valid(store):
    out = io.StringIO()
    assert export_events(store, "geojson", out, country="FRA").written == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_jsonl_is_the_contract_event_with_its_sources(store, tmp_path):
    target = tmp_path / "events.jsonl"
    assert export_events(store, "jsonl", target).written == 4
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    battle = lines[0]
    expected = battle_article()[1].events[0].to_dict()
    assert {k: battle[k] for k in expected} == expected  # every contract field, assoc actors too
    assert battle["article"] == {"doc_id": "battle", "url": "https://news.example.org/syria/aleppo?utm_source=feed",
                                 "title": "Aleppo retaken", "source": "Example News", "published": "2016-11-29"}
    assert battle["sources"] == [{"article_id": 1, "doc_id": "battle", "url": battle["article"]["url"],
                                  "source": "Example News", "evidence": expected["evidence"]}]
    assert [line["trigger"]["text"] for line in lines] == ["recaptured", "killed", "urged", "marched"]
    assert lines[1] == {**lines[1], **attack_article()[1].events[0].to_dict()}
    assert lines[3]["actor1"] == protest_article()[1].events[0].actor1.to_dict()


def test_parquet_keeps_types(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "events.parquet"
    assert export_events(store, "parquet", target).written == 4
    table = pq.read_table(target)
    assert table.num_rows == 4
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("latitude").type) == "double"
    assert table.column("event_type").to_pylist()[0] == "Battles"
    assert table.column("fatalities").to_pylist() == [12, 9, None, None]


def test_unknown_format_is_refused(store):
    assert "acled-csv" in FORMATS
    with pytest.raises(ValueError, match="unknown export format"):
        export_events(store, "xlsx", io.StringIO())
