"""Geo stage: gazetteer build and lookup, name keys, detection, resolution and main_place."""

from __future__ import annotations

import sqlite3

import pytest

from newsevents.contract import Place
from newsevents.geo import Gazetteer, Geoparser, PlaceRecord, main_place
from newsevents.geo.common_words import is_common_word
from newsevents.geo.gazetteer import INDEX_VERSION
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
    [place] = parse(geoparser, geo_nlp, text)
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
        "U.S.", 6252001, 38.0, -97.0, 3)


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
