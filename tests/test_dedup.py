"""Cross-article deduplication: the matcher on hand-made events, the numpy MiniLM encoder, and
the store merging reports (SQLite and PostgreSQL through the `db_url` fixture)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import numpy as np
import pytest

from newsevents.contract import Actor, DocumentAnnotation, Event, Figure, Place, TextSpan
from newsevents.dedup import (ActorKey, DedupConfig, EventView, best_match, conservative_count,
                              normalise_name, score_pair)
from newsevents.dedup.matcher import place_name_key
from newsevents.ingest import InputDocument
from newsevents.store import open_store

CONFIG = DedupConfig()


def cosine(value: float):
    """A stand-in for the embedding similarity that counts its calls."""
    def similarity(first: str, second: str) -> float:
        similarity.calls += 1
        return value
    similarity.calls = 0
    return similarity


def key(name: str, kind: str, country: str | None = "IRQ", generic: bool = False) -> ActorKey:
    return ActorKey(name, kind, country, generic)


def view(**changes: object) -> EventView:
    """A suicide bombing in Kirkuk on 2018-05-14, day precision; change what a test needs."""
    base = EventView(
        event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
        start=dt.date(2018, 5, 14), end=dt.date(2018, 5, 14), time_precision=1,
        latitude=35.46806, longitude=44.39222, geo_precision=1, country="IRQ", place_name="Kirkuk",
        geonameid=94787, feature_code="PPLA",
        side1=(key("islamic state", "rebel_group"),), side2=(key("police forces", "state_forces", generic=True),),
        evidence="A suicide bomber blew himself up at a police checkpoint in Kirkuk.",
        event_id=1, article_id=1, towns=frozenset({"kirkuk"}), regions=frozenset({"kirkuk"}),
        countries=frozenset({"IRQ"}), town_points=((35.46806, 44.39222),),
    )
    return dataclasses.replace(base, **changes)


NEW = dict(event_id=2, article_id=2, evidence="Six policemen died when a bomber struck a Kirkuk checkpoint.")


# ---- the matcher -------------------------------------------------------------------------------

def test_everything_agreeing_merges_with_the_exact_weighted_score():
    score = score_pair(view(**NEW), view(), CONFIG, cosine(0.85))
    # type 1, date 1, location 1 (a town both name), actors 0.9 (same group; police generic 0.8)
    assert (score.type, score.date, score.location, score.actors, score.text) == (1.0, 1.0, 1.0, 0.9, 0.85)
    assert score.matched and score.veto is None
    assert score.total == pytest.approx((1 + 1 + 1.5 + 1.5 * 0.9 + 3 * 1.0) / 8)


def test_two_towns_named_apart_are_two_events():
    hawija = view(**NEW, place_name="Hawija", towns=frozenset({"hawija"}), regions=frozenset({"kirkuk"}),
                  town_points=((35.32, 43.77),), latitude=35.32, longitude=43.77, geonameid=99131)
    score = score_pair(hawija, view(), CONFIG, cosine(0.95))
    assert not score.matched and score.veto == "different towns"


def test_a_country_level_place_agrees_loosely():
    vague = view(**NEW, place_name="Iraq", geo_precision=3, feature_code="PCLI", geonameid=99237,
                 latitude=33.0, longitude=44.0, towns=frozenset(), regions=frozenset(), town_points=())
    score = score_pair(vague, view(), CONFIG, cosine(0.85))
    assert score.location == 0.5 and score.matched


def test_different_countries_never_merge():
    elsewhere = view(**NEW, towns=frozenset(), regions=frozenset(), countries=frozenset({"SYR"}),
                     country="SYR", geo_precision=3, feature_code="PCLI")
    assert score_pair(elsewhere, view(), CONFIG, cosine(0.99)).veto == "different countries"


def test_dates_must_fall_within_the_precision_of_both():
    three_days_later = view(**NEW, start=dt.date(2018, 5, 17), end=dt.date(2018, 5, 17))
    assert score_pair(three_days_later, view(), CONFIG, cosine(0.9)).veto == "dates apart or too vague"
    next_day = view(**NEW, start=dt.date(2018, 5, 15), end=dt.date(2018, 5, 15))
    assert score_pair(next_day, view(), CONFIG, cosine(0.9)).date == pytest.approx(0.5)
    that_week = view(**NEW, start=dt.date(2018, 5, 17), end=dt.date(2018, 5, 17), time_precision=2)
    score = score_pair(that_week, view(), CONFIG, cosine(0.9))
    assert score.veto is None and score.date == pytest.approx((1 - 3 / 5) * 0.8)
    that_year = view(**NEW, start=dt.date(2018, 1, 1), end=dt.date(2018, 12, 31), time_precision=3)
    assert score_pair(that_year, view(), CONFIG, cosine(0.9)).veto == "dates apart or too vague"
    that_month = view(**NEW, start=dt.date(2018, 5, 1), end=dt.date(2018, 5, 31), time_precision=3)
    assert score_pair(that_month, view(), CONFIG, cosine(0.9)).date == pytest.approx(0.5)


def test_event_types_must_be_compatible():
    protest = view(**NEW, event_type="Protests", sub_event_type="Peaceful protest")
    assert score_pair(protest, view(), CONFIG, cosine(0.9)).veto == "incompatible types"
    clash = view(**NEW, event_type="Battles", sub_event_type="Armed clash")
    assert score_pair(clash, view(), CONFIG, cosine(0.9)).type == 0.3


def test_different_evidence_vetoes_and_the_embedding_is_spared_when_hopeless():
    assert score_pair(view(**NEW), view(), CONFIG, cosine(0.3)).veto == "evidence too different"
    hopeless = view(**NEW, side1=(key("civilians", "civilians", generic=True),), side2=(),
                    sub_event_type="Grenade", towns=frozenset(), regions=frozenset(),
                    geo_precision=3, feature_code="ADM1", start=dt.date(2018, 5, 15), end=dt.date(2018, 5, 15))
    similarity = cosine(1.0)
    strict = dataclasses.replace(CONFIG, threshold=0.8)
    score = score_pair(hopeless, view(), strict, similarity)
    assert score.veto == "below threshold without text" and similarity.calls == 0


def test_best_match_picks_the_highest_and_skips_the_same_article():
    same_article = view(event_id=7, article_id=2)
    weaker = view(event_id=8, article_id=3, sub_event_type="Remote explosive/landmine/IED")
    stronger = view(event_id=9, article_id=4)
    found = best_match(view(**NEW), [same_article, weaker, stronger], CONFIG, cosine(0.8))
    assert found is not None and found.candidate.event_id == 9 and found.alternatives == 1
    assert best_match(view(**NEW), [same_article], CONFIG, cosine(0.8)) is None


def test_merged_counts_follow_the_most_conservative_report():
    assert conservative_count([12, 15]) == 12
    assert conservative_count([0, 9]) == 9  # 0 is "no count given", not "nobody died"
    assert conservative_count([None, 0]) == 0
    assert conservative_count([None, None]) is None


def test_names_are_compared_without_qualifiers():
    assert normalise_name("Rebels (Syria)") == "rebels"
    assert normalise_name("Military Forces of Iraq") == "military forces"
    assert place_name_key("Tibú") == "tibu" and place_name_key("Saada Province") == "saada"
    assert place_name_key("the eastern outskirts of Kabul", surface=True) == "kabul"
    assert place_name_key("Northern Ireland") == "northern ireland"


def test_config_options_from_the_command_line():
    assert DedupConfig().with_options(threshold=0.7, min_text_similarity=None).threshold == 0.7
    with pytest.raises(TypeError, match="unknown dedup option"):
        DedupConfig().with_options(treshold=0.7)


# ---- the sentence encoder ----------------------------------------------------------------------

@pytest.fixture(scope="session")
def encoder():
    from newsevents.dedup.embeddings import default_encoder

    return default_encoder()


def test_similar_sentences_are_close_and_unrelated_ones_far(encoder):
    same = encoder.similarity("A car bomb exploded near a market in Baghdad, killing five people.",
                              "Five people died when a car bomb went off at a Baghdad market.")
    unrelated = encoder.similarity("The central bank raised interest rates by half a point.",
                                   "Rebels shot down a helicopter near Idlib.")
    assert same > 0.7 and unrelated < 0.3


def test_vectors_are_unit_length_and_deterministic(encoder):
    sentence = "Police fired tear gas at protesters in Kinshasa on Wednesday."
    first = encoder.encode([sentence])[0]
    assert first.shape == (384,) and first.dtype == np.float32
    assert float(np.linalg.norm(first)) == pytest.approx(1.0, abs=1e-5)
    again = encoder.encode_uncached(sentence)  # no cache: computed anew
    assert again.tobytes() == first.tobytes()
    assert encoder.token_ids(sentence)[0] == 101 and encoder.token_ids(sentence)[-1] == 102  # [CLS] .. [SEP]



def test_batched_vectors_match_each_sentence_encoded_alone():
    from newsevents.dedup.embeddings import SentenceEncoder, default_encoder

    fresh = SentenceEncoder.__new__(SentenceEncoder)  # the loaded weights, an empty cache
    fresh.__dict__.update({**default_encoder().__dict__, "_cache": type(default_encoder()._cache)()})
    sentences = ["Gunmen killed three villagers near Maiduguri on Sunday.",
                 "Thousands marched in Santiago.",
                 "An air strike hit a hospital in the north of the province late on Tuesday, "
                 "according to a monitoring group and two local officials."]
    assert fresh.prefetch(sentences + sentences[:1]) == 3 and fresh.prefetch(sentences) == 0
    for sentence in sentences:  # padded in one batch vs alone: the same vector up to rounding
        alone = fresh.encode_uncached(sentence)
        assert float(fresh.encode_one(sentence) @ alone) == pytest.approx(1.0, abs=1e-5)


def test_ingest_deduplicates_when_asked():
    import argparse

    from newsevents.store.commands import add_store_commands

    root = argparse.ArgumentParser(prog="newsevents")
    add_store_commands(root.add_subparsers(dest="command", required=True))
    assert root.parse_args(["ingest", "x.jsonl"]).dedup is False
    assert root.parse_args(["ingest", "x.jsonl", "--dedup"]).dedup is True

# ---- the store ---------------------------------------------------------------------------------

KIRKUK = Place("Kirkuk", (0, 0), "Kirkuk", 94787, 35.46806, 44.39222, "IRQ", "Kirkuk", "PPLA", 1)


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def article(doc_id: str, text: str, published: str, event_type: str, sub_type: str, trigger: str,
            actor1: tuple[str, str, str], actor2: tuple[str, str, str] | None, count: tuple[str, int] | None,
            evidence_end: str = ".") -> tuple[InputDocument, DocumentAnnotation]:
    """One article with one event in Kirkuk on 2018-05-14 (its first sentence is the evidence)."""
    place = dataclasses.replace(KIRKUK, text="Kirkuk", span=at(text, "Kirkuk"))
    first = Actor(actor1[0], at(text, actor1[0]), actor1[1], actor1[2], "IRQ")
    second = Actor(actor2[0], at(text, actor2[0]), actor2[1], actor2[2], "IRQ") if actor2 else None
    figures = [Figure("fatalities", count[1], count[0], at(text, count[0]))] if count else []
    event = Event(event_type, sub_type, None, "2018-05-14", TextSpan(trigger, at(text, trigger)),
                  (0, text.index(evidence_end) + 1), time_precision=1, actor1=first, actor2=second,
                  location=place, fatalities=count[1] if count else 0, figures=figures, date_source="text")
    annotation = DocumentAnnotation(doc_id, published, False, "en", events=[event], places=[place],
                                    actors=[a for a in (first, second) if a])
    document = InputDocument(doc_id, text, dt.date.fromisoformat(published), None, None,
                             f"https://example.org/{doc_id}", doc_id.split("-")[0])
    return document, annotation


WIRE = ("A suicide bomber blew himself up at a police checkpoint in Kirkuk on Monday, killing six policemen, "
        "officials said. The city has seen several attacks this year.")
PAPER = ("Eight police officers died when a suicide attacker detonated an explosive vest at a checkpoint "
         "in the Iraqi city of Kirkuk on Monday, a hospital source said. Seven others were wounded.")
MARCH = ("Hundreds of Kurdish residents marched peacefully through Kirkuk on Monday against the election "
         "results, organisers said.")
BOMBER = ("A suicide bomber", "Islamic State", "rebel_group")
POLICE = ("police", "Police Forces of Iraq", "state_forces")


def bombing_by_wire():
    return article("wire-1", WIRE, "2018-05-14", "Explosions/Remote violence", "Suicide bomb", "blew",
                   BOMBER, ("police checkpoint", "Police Forces of Iraq", "state_forces"), ("six policemen", 6))


def bombing_by_paper():
    return article("paper-1", PAPER, "2018-05-15", "Explosions/Remote violence", "Suicide bomb", "detonated",
                   ("a suicide attacker", "Islamic State", "rebel_group"), ("police officers", *POLICE[1:]),
                   ("Eight police officers", 8))


def march():
    return article("local-1", MARCH, "2018-05-14", "Protests", "Peaceful protest", "marched",
                   ("Hundreds of Kurdish residents", "Protesters (Iraq)", "protesters"), None, None)


def test_two_reports_of_one_bombing_are_one_event_with_both_sources(db_url):
    with open_store(db_url, dedup=True) as store:
        assert store.add(*bombing_by_wire()) and store.add(*bombing_by_paper())
        rows = store.event_rows()
        assert [(r["doc_id"], r["fatalities"]) for r in rows] == [("wire-1", 6)]  # the lower toll
        sources = store.event_sources([rows[0]["id"]], with_reports=True)[rows[0]["id"]]
        assert [(s["doc_id"], s["counts"]["fatalities"]) for s in sources] == [("wire-1", 6), ("paper-1", 8)]
        assert [[f["text"] for f in s["figures"]] for s in sources] == [["six policemen"], ["Eight police officers"]]
        assert sources[0]["match_score"] is None and 0.6 <= sources[1]["match_score"] <= 1
        assert sources[1]["evidence"] == [0, PAPER.index(".") + 1]
        assert store.counts()["events"] == 2 and store.counts()["event_sources"] == 2  # reports are kept
        assert store.add(*bombing_by_paper()) is False  # the same article again: nothing changes
        assert len(store.event_sources([rows[0]["id"]])[rows[0]["id"]]) == 2


def test_the_jsonl_export_lists_every_source(db_url):
    from newsevents.export import export_events

    with open_store(db_url, dedup=True) as store:
        store.add(*bombing_by_wire())
        store.add(*bombing_by_paper())
        out = io.StringIO()
        assert export_events(store, "jsonl", out).written == 1
    line = json.loads(out.getvalue())
    assert [s["doc_id"] for s in line["sources"]] == ["wire-1", "paper-1"] and line["fatalities"] == 6


def test_another_happening_in_the_same_town_on_the_same_day_stays_apart(db_url):
    with open_store(db_url, dedup=True) as store:
        store.add(*bombing_by_wire())
        store.add(*march())
        assert sorted(r["doc_id"] for r in store.event_rows()) == ["local-1", "wire-1"]


def test_without_dedup_both_reports_stay_and_a_rerun_merges_them_idempotently(db_url):
    with open_store(db_url) as store:  # deduplication is off unless asked for
        store.add(*bombing_by_wire())
        store.add(*bombing_by_paper())
        store.add(*march())
        assert len(store.event_rows()) == 3
        report = store.deduplicate()
        assert (report.reports, report.merged, report.kept) == (3, 1, 2)
        merged = [(r["doc_id"], r["fatalities"]) for r in store.event_rows()]
        assert sorted(merged) == [("local-1", 0), ("wire-1", 6)]
        assert store.deduplicate().merged == 1  # a second run gives the same store
        assert sorted((r["doc_id"], r["fatalities"]) for r in store.event_rows()) == sorted(merged)
        assert store.counts()["event_sources"] == 3
        store.deduplicate(DedupConfig(threshold=0.99))  # stricter: the merge is undone
        assert sorted((r["doc_id"], r["fatalities"]) for r in store.event_rows()) == [
            ("local-1", 0), ("paper-1", 8), ("wire-1", 6)]


def test_the_dedup_command(tmp_path, capsys):
    import argparse

    from newsevents.store.commands import add_store_commands

    db = tmp_path / "events.db"
    with open_store(db) as store:
        store.add(*bombing_by_wire())
        store.add(*bombing_by_paper())
    root = argparse.ArgumentParser(prog="newsevents")
    add_store_commands(root.add_subparsers(dest="command", required=True))
    args = root.parse_args(["dedup", "--db", str(db), "--dedup-threshold", "0.6"])
    assert args.func(args) == 0
    assert "2 event reports: 1 distinct events, 1 merged into them" in capsys.readouterr().err
    ingest = root.parse_args(["ingest", "x.jsonl", "--dedup", "--dedup-threshold", "0.7"])
    from newsevents.store.dedup_commands import dedup_config_from_args

    assert dedup_config_from_args(ingest).threshold == 0.7
    assert dedup_config_from_args(root.parse_args(["ingest", "x.jsonl", "--no-dedup"])) is None
