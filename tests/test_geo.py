"""Geo stage: gazetteer build and lookup, name keys, detection, resolution and main_place."""

from __future__ import annotations

import argparse
import sqlite3
import zipfile

import pytest

from newsevents.contract import Place
from newsevents.geo import Gazetteer, Geoparser, PlaceRecord, main_place
from newsevents.geo.common_words import is_common_word
from newsevents.geo.gazetteer import IMPORT_FILE, INDEX_FILE, INDEX_VERSION, _region_point
from newsevents.geo.keys import name_key

SMALL_RECORDS = [
    PlaceRecord(163843, "Syria", "PCLI", 35.0, 38.0, "SYR", 22_000_000, alt_names=("Syrian Arab Republic",)),
    PlaceRecord(170062, "Aleppo", "ADM1", 36.2, 37.2, "SYR", 2_800_000, "SY.09", "Aleppo"),
    PlaceRecord(170063, "Aleppo", "PPLA", 36.20124, 37.16117, "SYR", 2_098_210, "SY.09", "Aleppo",
                ("Halab", "Alep")),
    PlaceRecord(170794, "Deir ez-Zor", "PPLA", 35.33588, 40.14084, "SYR", 271_800, "SY.07", "Dayr az Zawr"),
    PlaceRecord(9_000_001, "Aleppo", "PPL", 40.0, -80.0, "USA", 600, "US.PA", "Pennsylvania"),
]


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory) -> Gazetteer:
    return Gazetteer.build(SMALL_RECORDS, tmp_path_factory.mktemp("gaz") / "small.sqlite")


@pytest.fixture(scope="session")
def geoparser() -> Geoparser:
    """The default index, built once per test session in the session's cache directory."""
    return Geoparser()


@pytest.fixture(scope="session")
def geo_nlp(geoparser):
    from newsevents.nlp import load_language

    return load_language(geoparser.entity_patterns()).nlp


def parse(geoparser, geo_nlp, text: str) -> list[Place]:
    return geoparser.parse(geo_nlp(text))


# -- keys and the small index ---------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["Deir ez-Zor", "Deir Ezzor", "deir ez zor", "DEIR EZ-ZOR"])
def test_name_key_folds_spelling_variants(variant):
    assert name_key(variant) == "deirezor"


def test_name_key_drops_article_diacritics_and_final_h():
    assert name_key("Ar-Raqqah") == name_key("Raqqa") == "raqa"
    assert name_key("Ḩalab") == "halab"
    assert name_key("Saint Louis") == name_key("St. Louis") == "stlouis"


def test_small_index_lookup_by_name_and_id(small_gazetteer):
    ids = sorted(c.place.geonameid for c in small_gazetteer.candidates("aleppo"))
    assert ids == [170062, 170063, 9_000_001]
    alternate = small_gazetteer.candidates("Halab")
    assert [(c.place.geonameid, c.primary) for c in alternate] == [(170063, False)]
    place = small_gazetteer.by_id(170063)
    assert (place.lat, place.lon, place.country, place.feature_code, place.admin1_name) == (
        36.20124, 37.16117, "SYR", "PPLA", "Aleppo")
    assert small_gazetteer.country("SYR").geonameid == 163843
    assert small_gazetteer.candidates("Deir Ezzor")[0].place.geonameid == 170794
    assert small_gazetteer.version == INDEX_VERSION
    assert len(small_gazetteer) == 5


def test_build_is_atomic_and_replaces(tmp_path):
    target = tmp_path / "g.sqlite"
    Gazetteer.build(SMALL_RECORDS[:1], target)
    rebuilt = Gazetteer.build(SMALL_RECORDS, target)
    assert len(rebuilt) == 5
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]  # no temp file left behind


def test_stale_index_is_rebuilt(tmp_path, monkeypatch):
    import newsevents.geo.gazetteer as gazetteer_module

    path = tmp_path / gazetteer_module.INDEX_FILE
    Gazetteer.build(SMALL_RECORDS, path, version="old")
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gazetteer_module, "packaged_records", lambda: iter(SMALL_RECORDS[:2]))
    gazetteer_module._open_default.cache_clear()
    try:
        reopened = Gazetteer.open_default()
        assert reopened.version == INDEX_VERSION and len(reopened) == 2
    finally:
        gazetteer_module._open_default.cache_clear()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0] == INDEX_VERSION


def test_small_gazetteer_parse_keeps_unresolved_names(nlp, small_gazetteer):
    doc = nlp("Syrian troops entered Aleppo while protests continued in Paris and Zagreb.")
    places = Geoparser(small_gazetteer).parse(doc)
    by_text = {p.text: p for p in places}
    assert by_text["Aleppo"].geonameid == 170063  # the Syrian city, not the Pennsylvania village
    assert by_text["Aleppo"].geo_precision == 1
    unresolved = [p for p in places if p.geonameid is None]
    assert unresolved and all(p.lat is None and p.lon is None for p in unresolved)


def test_common_words_are_recognised():
    for word in ("Of", "Nice", "Mobile", "Said", "Police"):
        assert is_common_word(word)
    for name in ("Aleppo", "Texas", "Kabul"):
        assert not is_common_word(name)


# -- the default index ----------------------------------------------------------------------------

def test_default_index_content(geoparser):
    gazetteer = geoparser.gazetteer
    assert len(gazetteer) > 230_000
    aleppo = gazetteer.by_id(170063)
    assert (aleppo.lat, aleppo.lon, aleppo.country, aleppo.feature_code) == (36.20124, 37.16117, "SYR", "PPLA")
    texas = gazetteer.by_id(4736286)
    assert texas.feature_code == "ADM1" and texas.country == "USA"
    assert gazetteer.country("USA").geonameid == 6252001


def test_entity_patterns_skip_common_words(geoparser):
    texts = {p.text for p in geoparser.entity_patterns()}
    assert {"Syria", "Aleppo", "Texas", "Kabul"} <= texts
    assert not texts & {"Nice", "Mobile", "Of", "Said", "Police"}
    assert {p.label for p in geoparser.entity_patterns()} == {"GPE"}


def test_eastern_aleppo_is_part_of_the_city(geoparser, geo_nlp):
    text = "Government forces recaptured eastern Aleppo on Monday, Syrian state media said."
    place, syrian = parse(geoparser, geo_nlp, text)
    assert (syrian.text, syrian.adjectival, syrian.country) == ("Syrian", True, "SYR")
    assert place.text == "eastern Aleppo" and text[place.span[0]:place.span[1]] == "eastern Aleppo"
    assert (place.geonameid, place.lat, place.lon, place.country) == (170063, 36.20124, 37.16117, "SYR")
    assert place.feature_code == "PPLA" and place.geo_precision == 2 and place.reason


def test_region_cue_and_outskirts(geoparser, geo_nlp):
    places = parse(geoparser, geo_nlp, "Rebels shelled the outskirts of Kabul and fighting spread to Aleppo province.")
    assert [(p.text, p.geonameid, p.geo_precision) for p in places] == [
        ("the outskirts of Kabul", 1138958, 2), ("Aleppo province", 170062, 3)]


def test_texas_is_the_us_state(geoparser, geo_nlp):
    places = parse(geoparser, geo_nlp, "Floods hit Texas on Friday, and rescuers reached Houston by boat.")
    assert [(p.name, p.geonameid, p.country, p.geo_precision) for p in places] == [
        ("Texas", 4736286, "USA", 3), ("Houston", 4699066, "USA", 1)]


def test_georgia_by_context(geoparser, geo_nlp):
    us = parse(geoparser, geo_nlp, "The governor of Georgia spoke in Atlanta about jobs in the state.")
    assert {p.name: p.geonameid for p in us}["Georgia"] == 4197000
    caucasus = parse(geoparser, geo_nlp, "Russian troops advanced towards Tbilisi as Georgia appealed for help.")
    assert {p.name: p.geonameid for p in caucasus}["Georgia"] == 614540


def test_us_abbreviation_is_the_country_point(geoparser, geo_nlp):
    [place] = parse(geoparser, geo_nlp, "The U.S. said it would send aid.")
    assert (place.text, place.geonameid, place.lat, place.lon, place.geo_precision) == (
        "U.S.", 6252001, 39.76, -98.5, 3)


def test_containment_picks_the_town_in_the_named_state(geoparser, geo_nlp):
    places = parse(geoparser, geo_nlp, "He grew up in Springfield, Illinois, before moving away.")
    assert (places[0].geonameid, places[0].admin1) == (4250542, "Illinois")


def test_spelling_variant_and_org_prefix(geoparser, geo_nlp):
    places = parse(geoparser, geo_nlp, "Clashes were reported north of Idlib. The Aleppo City Council met in Deir Ezzor.")
    assert [(p.text, p.geonameid, p.geo_precision) for p in places] == [
        ("north of Idlib", 169389, 2), ("Aleppo", 170063, 1), ("Deir Ezzor", 170794, 1)]


def test_main_place_prefers_most_mentioned_then_specific():
    aleppo = Place("Aleppo", (0, 6), "Aleppo", 170063, 36.2, 37.16, "SYR", feature_code="PPLA")
    syria = Place("Syria", (10, 15), "Syria", 163843, 35.0, 38.0, "SYR", feature_code="PCLI")
    unresolved = Place("Xyz", (20, 23))
    assert main_place([syria, aleppo, unresolved]) is aleppo
    assert main_place([syria, aleppo, syria]) is syria
    assert main_place([unresolved]) is None and main_place([]) is None


# -- demonyms, datelines, common words, acronyms ----------------------------------------------------

def test_demonyms_are_adjectival_country_places(geoparser, geo_nlp):
    places = parse(geoparser, geo_nlp, "French and Syrian officials met Palestinians in Geneva.")
    assert [(p.text, p.geonameid, p.country, p.geo_precision, p.adjectival) for p in places] == [
        ("French", 3017382, "FRA", 3, True), ("Syrian", 163843, "SYR", 3, True),
        ("Palestinians", 6254930, "PSE", 3, True), ("Geneva", 2660646, "CHE", 1, False)]
    assert places[0].reason.startswith("adjectival")


def test_demonyms_can_be_left_out(geoparser, geo_nlp):
    quiet = Geoparser(geoparser.gazetteer, adjectival=False)
    assert [p.text for p in quiet.parse(geo_nlp("Syrian troops entered Homs."))] == ["Homs"]


def test_dateline_in_capitals(geoparser, geo_nlp):
    places = parse(geoparser, geo_nlp, "CHARLESTON, W.Va. - The Lions Club held its annual dinner on Friday.")
    assert [(p.text, p.geonameid, p.admin1) for p in places] == [
        ("CHARLESTON", 4801859, "West Virginia"), ("W.Va.", 4826850, "West Virginia")]


def test_place_name_that_is_also_an_english_word(geoparser, geo_nlp):
    # "charleston" is a verb (the dance) in the lemmatizer's tables; after "in" it is the town
    places = parse(geoparser, geo_nlp, "Last year she opened a second bakery in Charleston with her brother.")
    assert [(p.text, p.country) for p in places] == [("Charleston", "USA")]
    assert parse(geoparser, geo_nlp, "The protesters gathered in downtown Cairo on Friday.")[0].geonameid == 360630


def test_party_initials_are_not_villages(geoparser, geo_nlp):
    places = parse(geoparser, geo_nlp, "BJP workers clashed with INC supporters in Bhopal on Sunday.")
    assert [(p.text, p.geonameid) for p in places] == [("Bhopal", 1275841)]


# -- resolution by the other places in the text ------------------------------------------------------

NEIGHBOUR_RECORDS = [
    PlaceRecord(2964574, "Dublin", "PPLC", 53.33306, -6.24889, "IRL", 1_024_027),
    PlaceRecord(4524474, "Dublin", "PPL", 40.09923, -83.11408, "USA", 41_751, "US.OH", "Ohio"),
    PlaceRecord(4509177, "Columbus", "PPLA", 39.96118, -82.99879, "USA", 850_106, "US.OH", "Ohio"),
    PlaceRecord(2215636, "Libya", "PCLI", 28.0, 17.0, "LBY", 6_461_454),
    PlaceRecord(9_000_002, "Zintan", "PPL", 50.0, 20.0, "POL", 3_000),
]


@pytest.fixture(scope="module")
def neighbour_gazetteer(tmp_path_factory) -> Gazetteer:
    return Gazetteer.build(NEIGHBOUR_RECORDS, tmp_path_factory.mktemp("gaz") / "neighbours.sqlite")


def test_nearby_town_decides_a_shared_name(nlp, neighbour_gazetteer):
    places = Geoparser(neighbour_gazetteer).parse(nlp("Traffic from Columbus to Dublin was slow on Monday."))
    dublin = {p.name: p for p in places}["Dublin"]
    assert (dublin.geonameid, dublin.admin1) == (4524474, "Ohio")
    assert "km from another place named" in dublin.reason


def test_small_namesake_abroad_is_left_unresolved(nlp, neighbour_gazetteer):
    places = Geoparser(neighbour_gazetteer).parse(
        nlp("Libyan forces said fighting in Libya spread to Zintan on Sunday, Libya's army said."))
    by_text = {p.text: p for p in places}
    assert by_text["Zintan"].geonameid is None and by_text["Zintan"].lat is None
    assert by_text["Libya"].geonameid == 2215636


def test_region_point_is_the_box_centre_of_its_towns():
    towns = [{"latitude": "10.0", "longitude": "20.0"}, {"latitude": "10.5", "longitude": "20.2"},
             {"latitude": "14.0", "longitude": "26.0"}]
    assert _region_point(None, towns) == (12.0, 23.0)
    across = [{"latitude": "65.0", "longitude": "179.0"}, {"latitude": "67.0", "longitude": "-177.0"}]
    assert _region_point(None, across) == (66.0, -179.0)
    assert _region_point({"latitude": "1.5", "longitude": "2.5"}, towns) == (1.5, 2.5)


# -- reverse lookup -----------------------------------------------------------------------------------

def test_reverse_finds_the_nearest_town(small_gazetteer):
    found = small_gazetteer.reverse(36.25, 37.2)
    assert (found.geonameid, found.name, found.country, found.country_name, found.admin1) == (
        170063, "Aleppo", "SYR", "Syria", "Aleppo")
    assert found.distance_km == 6.444
    assert small_gazetteer.reverse(35.3, 40.1).geonameid == 170794  # Deir ez-Zor, not a region point
    assert small_gazetteer.reverse(-40.0, 100.0) is None  # open ocean: nothing within 250 km


def test_reverse_on_the_default_index(geoparser):
    found = geoparser.gazetteer.reverse(33.5138, 36.2765)
    assert (found.name, found.country, found.admin1) == ("Damascus", "SYR", "Dimashq")
    assert found.distance_km < 2


# -- GeoNames import ----------------------------------------------------------------------------------

def _geonames_row(gid, name, alternates, lat, lon, fclass, fcode, cc, admin1, admin2="", population=0):
    """A line of a GeoNames place table: 19 tab-separated columns (documented format)."""
    return "\t".join([str(gid), name, name, ",".join(alternates), str(lat), str(lon), fclass, fcode, cc, "",
                      admin1, admin2, "", "", str(population), "", "400", "Asia/Damascus", "2024-01-01"]) + "\n"


GEONAMES_ROWS = [
    _geonames_row(170062, "Aleppo Governorate", ["Halab", "Muhafazat Halab"], 36.25, 37.5, "A", "ADM1", "SY", "09",
                  population=4_867_991),
    _geonames_row(9_100_001, "Kafr Hamra Test", ["Kafr Hamrah Test"], 36.27, 37.07, "P", "PPL", "SY", "09", "7101",
                  population=8_000),
    _geonames_row(9_100_002, "Nahr Test", [], 36.0, 37.0, "H", "STM", "SY", "09"),
    _geonames_row(9_100_003, "Jabal Saman Test", [], 36.2, 37.1, "A", "ADM2", "SY", "09", "7101"),
    _geonames_row(9_100_004, "Tell Test", ["Tal Test"], 36.6, 38.9, "P", "PPLA3", "SY", "11", "", 12_000),
]


@pytest.fixture()
def geonames_files(tmp_path):
    table = "".join(GEONAMES_ROWS)
    (tmp_path / "SY.txt").write_text(table, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "SY.zip", "w") as archive:
        archive.writestr("readme.txt", "not a table")
        archive.writestr("SY.txt", table)
    (tmp_path / "admin1CodesASCII.txt").write_text("SY.11\tAr-Raqqah\tAr-Raqqah\t172955\n", encoding="utf-8")
    (tmp_path / "alternateNamesV2.txt").write_text(
        "1\t9100001\ten\tRed Village Test\t1\t\t\t\t\t\n2\t9100001\tlink\thttps://example.org/x\t\t\t\t\t\t\n",
        encoding="utf-8")
    return tmp_path


def test_import_zip_with_codes_and_alternate_names(geonames_files, small_gazetteer):
    from newsevents.geo.geonames import import_files

    target = geonames_files / "imported.sqlite"
    report = import_files([geonames_files / "alternateNamesV2.txt", geonames_files / "SY.zip",
                           geonames_files / "admin1CodesASCII.txt"], target)
    assert report.files["SY.zip"]["read"] == 5 and report.files["SY.zip"]["written"] == 4  # the stream is skipped
    combined = Gazetteer(small_gazetteer.path, target)
    village = combined.candidates("Kafr Hamrah Test")[0].place
    assert (village.geonameid, village.lat, village.lon, village.country, village.feature_code) == (
        9_100_001, 36.27, 37.07, "SYR", "PPL")
    assert (village.admin1_name, village.admin2_name) == ("Aleppo Governorate", "Jabal Saman Test")
    assert [c.place.geonameid for c in combined.candidates("Red Village Test")] == [9_100_001]
    assert combined.candidates("Tal Test")[0].place.admin1_name == "Ar-Raqqah"
    assert combined.candidates("Nahr Test") == [] and combined.candidates("https://example.org/x") == []
    # the imported entry replaces the packaged one with the same id; other packaged entries stay
    assert combined.by_id(170062).name == "Aleppo Governorate"
    assert combined.by_id(170063).name == "Aleppo"
    assert len(combined) == len(small_gazetteer) + 4
    assert combined.reverse(36.28, 37.07).geonameid == 9_100_001


def test_import_resumes_and_skips_a_finished_file(geonames_files, monkeypatch):
    import newsevents.geo.geonames as geonames

    target = geonames_files / "imported.sqlite"
    monkeypatch.setattr(geonames, "BATCH_ROWS", 2)
    real_write = geonames._write_places
    calls = []

    def failing_write(db, rows, context):
        calls.append(len(rows))
        if len(calls) == 2:
            raise KeyboardInterrupt  # interrupted after the first batch was committed
        return real_write(db, rows, context)

    monkeypatch.setattr(geonames, "_write_places", failing_write)
    with pytest.raises(KeyboardInterrupt):
        geonames.import_files([geonames_files / "SY.txt"], target, feature_classes="all")
    monkeypatch.setattr(geonames, "_write_places", real_write)
    report = geonames.import_files([geonames_files / "SY.txt"], target, feature_classes="all")
    assert report.files["SY.txt"] == {"read": 3, "written": 3, "resumed_from_line": 2, "already_done": 0}
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT COUNT(*) FROM places").fetchone()[0] == 5  # the stream too, with "all"
    again = geonames.import_files([geonames_files / "SY.txt"], target)
    assert again.files["SY.txt"]["already_done"] == 1


def test_gazetteer_commands(geonames_files, small_gazetteer, monkeypatch, capsys):
    import shutil

    from newsevents.geo import gazetteer as gazetteer_module
    from newsevents.geo.commands import add_gazetteer_commands

    cache = geonames_files / "cache"
    cache.mkdir()
    shutil.copy(small_gazetteer.path, cache / INDEX_FILE)
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(cache))
    parser = argparse.ArgumentParser()
    add_gazetteer_commands(parser.add_subparsers())

    def run(*argv: str) -> int:
        args = parser.parse_args(["gazetteer", *argv])
        return args.func(args)

    assert run("import", "--quiet", str(geonames_files / "SY.zip")) == 0
    assert (cache / IMPORT_FILE).exists()
    assert run("import", str(geonames_files / "missing.zip")) == 1
    gazetteer_module._open_default.cache_clear()
    try:
        capsys.readouterr()
        assert run("info") == 0
        shown = capsys.readouterr().out
        assert "packaged: 5 places" in shown and "imported: 4 places" in shown and "SY.zip" in shown
        assert run("reverse", "36.27", "37.07") == 0
        assert '"geonameid": 9100001' in capsys.readouterr().out
    finally:
        gazetteer_module._open_default.cache_clear()
