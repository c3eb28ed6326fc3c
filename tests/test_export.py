"""Exports of a store filled with hand-built records (SQLite and PostgreSQL): ACLED CSV, GDELT TSV,
GeoJSON, JSONL, Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from test_store import BATTLE, attack_article, battle_article, filled_store, protest_article

from newsevents.export import ACLED_COLUMNS, FORMATS, export_events
from newsevents.export import GDELT_COLUMNS
from newsevents.export.acled import disorder_type, interaction
from newsevents.export.gdelt import (actor_fields, event_code, fips_code, fraction_date, goldstein, quad_class,
                                     report_counts)


@pytest.fixture
def store(db_url):
    with filled_store(db_url) as opened:
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


# ---- GDELT 2.0 event table -----------------------------------------------------------------------

def gdelt_lines(text: str) -> list[dict[str, str]]:
    lines = [line.split("\t") for line in text.splitlines()]
    assert all(len(cells) == 61 for cells in lines)
    return [dict(zip(GDELT_COLUMNS, cells)) for cells in lines]


def test_gdelt_columns_are_gdelt_2_event_table():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[51:53] == ("ActionGeo_Type", "ActionGeo_FullName")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_tsv_values(store):
    out = io.StringIO()
    result = export_events(store, "gdelt-tsv", out)
    assert (result.written, result.skipped) == (4, 0)
    assert not out.getvalue().startswith("GLOBALEVENTID")  # no header, as GDELT ships its files
    battle, attack, appeal, protest = gdelt_lines(out.getvalue())
    assert {k: battle[k] for k in GDELT_COLUMNS[1:35]} == {
        "SQLDATE": "20161128", "MonthYear": "201611", "Year": "2016", "FractionDate": "2016.9808",
        "Actor1Code": "SYRMIL", "Actor1Name": "MILITARY FORCES OF SYRIA", "Actor1CountryCode": "SYR",
        "Actor1KnownGroupCode": "", "Actor1EthnicCode": "", "Actor1Religion1Code": "", "Actor1Religion2Code": "",
        "Actor1Type1Code": "MIL", "Actor1Type2Code": "", "Actor1Type3Code": "",
        "Actor2Code": "SYRREB", "Actor2Name": "OPPOSITION REBELS (SYRIA)", "Actor2CountryCode": "SYR",
        "Actor2KnownGroupCode": "", "Actor2EthnicCode": "", "Actor2Religion1Code": "", "Actor2Religion2Code": "",
        "Actor2Type1Code": "REB", "Actor2Type2Code": "", "Actor2Type3Code": "",
        "IsRootEvent": "1", "EventCode": "190", "EventBaseCode": "190", "EventRootCode": "19",
        "QuadClass": "4", "GoldsteinScale": "-10.0", "NumMentions": "1", "NumSources": "1",
        "NumArticles": "1", "AvgTone": "",
    }
    assert [battle[f"ActionGeo_{c}"] for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code",
                                               "Lat", "Long", "FeatureID")] == [
        "4", "Aleppo, Syria", "SY", "SY", "", "36.20124", "37.16117", "170063"]
    assert (battle["Actor1Geo_Type"], battle["Actor1Geo_FullName"], battle["Actor1Geo_CountryCode"]) == (
        "1", "Syria", "SY")
    assert battle["SOURCEURL"] == "https://news.example.org/syria/aleppo?utm_source=feed"
    assert len(battle["DATEADDED"]) == 14 and battle["DATEADDED"].startswith("20")
    assert (attack["EventCode"], attack["EventBaseCode"], attack["EventRootCode"], attack["GoldsteinScale"]) == (
        "1823", "182", "18", "-10.0")
    assert (attack["Actor1Code"], attack["Actor1Name"], attack["Actor1CountryCode"]) == (
        "", "UNIDENTIFIED ARMED GROUP (NIGERIA)", "NGA")
    assert (attack["ActionGeo_FullName"], attack["ActionGeo_CountryCode"], attack["SOURCEURL"]) == (
        "Maiduguri, Borno, Nigeria", "NI", "")  # GDELT's FIPS code for Nigeria is NI (ISO: NG)
    assert (appeal["IsRootEvent"], appeal["EventRootCode"], appeal["QuadClass"], appeal["GoldsteinScale"]) == (
        "0", "02", "1", "3.0")
    assert appeal["ActionGeo_Type"] == "" and appeal["Actor1Geo_CountryCode"] == "FR"
    assert (protest["QuadClass"], protest["GoldsteinScale"], protest["ActionGeo_FullName"]) == (
        "4", "-6.5", "Nairobi, Nairobi Area, Kenya")


def test_gdelt_tsv_header_and_filters(store):
    out = io.StringIO()
    assert export_events(store, "gdelt-tsv", out, header=True, country="KEN").written == 1
    header, line = out.getvalue().splitlines()
    assert header.split("\t") == list(GDELT_COLUMNS)
    assert line.split("\t")[GDELT_COLUMNS.index("Actor1CountryCode")] == "KEN"


@pytest.mark.parametrize("code, name, country, expected", [
    ("SYRMIL", "Military Forces of Syria", "SYR", ["SYRMIL", "MILITARY FORCES OF SYRIA", "SYR", "", "MIL", ""]),
    ("IGOUNOPKO", "UN peacekeepers", None, ["IGOUNOPKO", "UN PEACEKEEPERS", "", "UNO", "IGO", "PKO"]),
    ("YEMREBHOU", "Houthis", "YEM", ["YEMREBHOU", "HOUTHIS", "YEM", "HOU", "REB", ""]),
    ("NGO", "An aid group", "FRA", ["NGO", "AN AID GROUP", "FRA", "", "NGO", ""]),
    (None, None, None, ["", "", "", "", "", ""]),
])
def test_gdelt_actor_codes(code, name, country, expected):
    cells = actor_fields(code, name, country)
    assert len(cells) == 10
    assert [cells[0], cells[1], cells[2], cells[3], cells[7], cells[8]] == expected


@pytest.mark.parametrize("code, weight", [
    ("190", -10.0), ("1823", -10.0), ("1822", -9.0), ("182", -9.5), ("1824", -9.5), ("0874", 10.0),
    ("0871", 9.0), ("020", 3.0), ("0211", 3.4), ("141", -6.5), ("057", 8.0), ("99", None), (None, None),
])
def test_goldstein_weights(code, weight):
    assert goldstein(code) == weight


@pytest.mark.parametrize("root, quad", [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3),
                                         ("14", 4), ("20", 4), ("00", None), ("", None)])
def test_quad_classes(root, quad):
    assert quad_class(root) == quad


def test_fips_codes_and_report_counts():
    assert (fips_code("DEU"), fips_code("AUT"), fips_code("AUS"), fips_code("NGA"), fips_code(None)) == (
        "GM", "AU", "AS", "NI", "")
    assert fraction_date(dt.date(2019, 1, 1)) == "2019.0849"  # (1 * 30 + 1) / 365
    sources = [{"article_id": 1, "source": "Wire"}, {"article_id": 1, "source": "Wire"},
               {"article_id": 2, "source": "Daily"}, {"article_id": 3, "source": "Wire"}]
    assert report_counts(sources) == (4, 2, 3)


def test_gdelt_event_codes_and_protesters():
    assert (event_code("08"), event_code("190"), event_code("1823"), event_code(None)) == ("080", "190", "1823", "")
    assert actor_fields("KENPRO", "Protesters (Kenya)", "KEN")[2:8] == ["KEN", "", "", "", "", "PRO"]
