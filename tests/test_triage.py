"""The relevance triage: event language goes on to the parser, other news is skipped unparsed."""

import copy

import pytest

from newsevents.ingest import make_document
from newsevents.triage import Triage, TriageRules, load_triage_rules

SPORT = ("The home side won the cup final 3-1 on Saturday after a late goal from their captain. "
         "The coach praised the fans and said the team would celebrate with a parade next week.")
MARKETS = ("Shares in the carmaker rose 4 per cent on Tuesday after it reported higher quarterly "
           "profits and raised its forecast for the year, the company said in a statement.")
CLASH = "Two soldiers were killed when rebels ambushed a convoy near the border town on Monday."
PROTEST = "Hundreds of teachers protested outside the education ministry, demanding unpaid salaries."


@pytest.fixture(scope="module")
def triage():
    return Triage()


@pytest.mark.parametrize("text", [CLASH, PROTEST,
                                  "Police arrested twelve people after the vote count.",
                                  "A car bomb exploded in the market.",
                                  "Traders staged a shutdown of the main market over new taxes."])
def test_event_language_is_parsed(triage, text):
    assert triage.is_relevant(text)


@pytest.mark.parametrize("text", [SPORT, MARKETS])
def test_news_without_event_language_is_skipped(triage, text):
    verdict = triage.verdict(text)
    assert not verdict.relevant and verdict.score < 1.0


def test_two_distinct_weak_words_reach_the_threshold(triage):
    assert triage.verdict("The police said the fire was small.").score == 1.0  # police* + fire
    assert triage.is_relevant("The police said the fire was small.")
    assert not triage.is_relevant("The police said the police were busy.")  # one word, counted once


def test_the_longest_stem_decides_the_weight(triage):
    # "demonstration*" is a strong stem, "demonstrat*" (demonstrated skill) would be weak alone
    assert triage.verdict("A demonstration was held.").terms == ("demonstration*",)


def test_phrases_match_consecutive_words(triage):
    assert triage.verdict("Crowds took to the streets on Friday.").terms == ("took to the streets",)


def test_reading_stops_at_the_threshold(triage):
    verdict = triage.verdict("Gunmen killed two men. " * 50)
    assert verdict.relevant and verdict.terms == ("gunmen",)


def test_rules_from_a_users_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("threshold: 2\ngroups:\n  - weight: 1\n    terms: [goal*, cup final, parade]\n")
    rules = load_triage_rules(path)
    assert rules.words == {"parade": 1.0} and rules.stems == {"goal": 1.0}
    assert rules.phrases == {("cup", "final"): 1.0} and rules.threshold == 2.0
    own = Triage(rules)
    assert own.is_relevant(SPORT) and not own.is_relevant(CLASH)


def test_a_malformed_rules_file_is_refused():
    with pytest.raises(ValueError, match="groups"):
        TriageRules.from_mapping({"threshold": 1}, "x.yaml")


def test_skipped_documents_keep_id_and_date_and_say_they_were_triaged():
    import newsevents

    pipeline = copy.copy(newsevents._default_pipeline())  # shares the loaded models
    pipeline.triage = Triage()
    docs = [make_document("sport", SPORT, "2021-05-02"), make_document("clash", CLASH, "2021-05-04"),
            make_document("dated", "LONDON, 3 May 2021 - " + MARKETS)]
    sport, clash, dated = pipeline.process(docs)
    assert (sport.id, sport.published, sport.triage_skipped) == ("sport", "2021-05-02", True)
    assert sport.events == sport.places == sport.times == sport.actors == sport.quotes == []
    assert clash.triage_skipped is False and clash.events[0].event_type == "Battles"
    assert (dated.published, dated.published_inferred, dated.triage_skipped) == ("2021-05-03", True, True)
    assert sport.to_dict()["triage_skipped"] is True
