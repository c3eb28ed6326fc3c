"""The whole pipeline on the bundled demo story: the output the project promises its users."""

import json
from importlib import resources

import pytest
from contract_checks import assert_contract

import newsevents
from newsevents.contract import DocumentAnnotation, DocumentError


@pytest.fixture(scope="module")
def article():
    return json.loads(resources.files("newsevents").joinpath("data/demo_article.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def result(article):
    return newsevents.extract(article["text"], published=article["published"], id=article["id"])


def test_output_honours_the_contract(article, result):
    assert isinstance(result, DocumentAnnotation)
    out = result.to_dict()
    assert out["id"] == article["id"] and out["published"] == "2016-11-29"
    assert_contract(article["text"], out)
    json.dumps(out)  # serialisable as is


def test_main_event_is_the_recapture_of_aleppo(result):
    main = result.events[0]
    assert (main.event_type, main.sub_event_type) == ("Battles", "Government regains territory")
    assert main.date == "2016-11-28" and main.time_precision == 1
    assert main.location.name == "Aleppo" and main.location.country == "SYR"
    assert main.location.geo_precision == 2  # "eastern Aleppo": part of the town
    assert main.actor1.type == "state_forces" and main.actor1.country == "SYR"


def test_displacement_is_counted(result):
    assert any(event.displaced == 10000 for event in result.events)


def test_arrests_in_damascus(result):
    arrest = next(e for e in result.events if e.arrested)
    assert arrest.arrested == 15 and arrest.sub_event_type == "Arrests"
    assert arrest.location.name == "Damascus"


def test_un_statement_is_a_political_event(result):
    statement = next(e for e in result.events if e.actor1 and e.actor1.type == "igo")
    assert statement.event_type == "Other" and statement.cameo.startswith("11")


def test_quotes_are_attributed_by_full_name(result):
    speakers = {q.speaker.name for q in result.quotes if q.speaker}
    assert "George Sabra" in speakers
    assert any(q.direct and "revolution will go on" in q.content.text for q in result.quotes)


def test_dates_resolve_against_publication(result):
    values = {t.text: t.value for t in result.times}
    assert values["Monday"] == "2016-11-28"
    assert values["two weeks"] == "P2W"


def test_aleppo_resolves_to_geonames(result):
    aleppo = next(p for p in result.places if p.name == "Aleppo")
    assert aleppo.geonameid == 170063
    assert aleppo.lat == pytest.approx(36.20124, abs=0.01) and aleppo.lon == pytest.approx(37.16117, abs=0.01)


def test_missing_publication_date_is_inferred_from_the_dateline():
    text = "ALEPPO, Tuesday 29 November 2016 - Rebels shelled a government-held district on Monday."
    result = newsevents.extract(text)
    assert result.published == "2016-11-29" and result.published_inferred is True


def test_unprocessable_text_raises_a_clear_error():
    with pytest.raises(ValueError, match="empty_text"):
        newsevents.extract("   ")


def test_pipeline_keeps_order_and_contains_failures():
    from newsevents.ingest import make_document

    pipeline = newsevents.Pipeline(batch_size=2)
    items = [make_document(str(i), f"Gunmen killed {i + 1} villagers in Kano on Sunday.", "2020-01-06")
             for i in range(5)]
    items.insert(2, DocumentError("bad", "empty_text", "text is empty"))
    results = list(pipeline.process(items))
    assert [r.id for r in results] == ["0", "1", "bad", "2", "3", "4"]


def test_air_campaign_runs_to_publication(result):
    strike = next(e for e in result.events if e.sub_event_type == "Air/drone strike")
    assert (strike.date, strike.date_end, strike.date_source) == ("2016-11-15", "2016-11-29", "text")
    assert strike.reported_by is not None and strike.reported_by.name == "Aid Workers"


def test_international_organisations_take_no_country(result):
    statement = next(e for e in result.events if e.actor1 and e.actor1.type == "igo")
    assert statement.actor1.name == "United Nations" and statement.actor1.country is None


def test_displaced_figure_is_reported_by_the_observatory(article, result):
    figures = [f for event in result.events for f in event.figures if f.kind == "displaced"]
    assert [(f.value, f.text, f.reported_by.name) for f in figures] == [
        (10000, "more than 10,000 civilians", "Syrian Observatory for Human Rights")]
    start, end = figures[0].span
    assert article["text"][start:end] == figures[0].text
