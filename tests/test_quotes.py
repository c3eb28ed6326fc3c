"""The quotes stage on sentences written for these tests: every quote style and attribution pattern."""

from __future__ import annotations

import pytest
from rich.table import Table

from newsevents.contract import Actor, Quote
from newsevents.quotes import extract_quotes, find_quote_regions, format_quotes_table, load_cue_lexicon


def _quotes(nlp, text: str, actors: list[Actor] | None = None) -> list[Quote]:
    quotes = extract_quotes(nlp(text), actors or [])
    for quote in quotes:  # every span is exact
        assert text[slice(*quote.cue.span)] == quote.cue.text
        assert text[slice(*quote.content.span)] == quote.content.text
        if quote.speaker is not None:
            assert text[slice(*quote.speaker.span)] == quote.speaker.text
    return quotes


def _summary(quote: Quote) -> tuple[str | None, str, str, bool]:
    return (quote.speaker.name if quote.speaker else None, quote.cue.text, quote.content.text, quote.direct)


# ---- quotation regions (text only) --------------------------------------------------------------

@pytest.mark.parametrize("text, inner", [
    ('"We will hold the line," he said.', ["We will hold the line,"]),
    ("“We will hold the line,” he said.", ["We will hold the line,"]),
    ("«We will hold the line», he said.", ["We will hold the line"]),
    ("``We will hold the line,'' he said.", ["We will hold the line,"]),
    ("‘We will hold the line,’ he said.", ["We will hold the line,"]),
    ("The farmers’ union said it doesn’t want the ‘cheap grain’ deal.", ["cheap grain"]),
    ("“Outer ‘inner’ words,” she said.", ["Outer ‘inner’ words,"]),
])
def test_quote_regions_in_every_style(text, inner):
    assert [text[r.inner_start:r.inner_end] for r in find_quote_regions(text)] == inner


def test_multi_paragraph_quote_continues_when_next_paragraph_opens_with_a_mark():
    text = "“The river has risen all week.\n\n“Now the bridge is gone,” the mayor said."
    (region,) = find_quote_regions(text)
    assert text[region.inner_start:region.inner_end] == "The river has risen all week.\n\n“Now the bridge is gone,"


# ---- direct quotes --------------------------------------------------------------------------

def test_direct_quote_with_postposed_cue_and_short_name_resolved(nlp):
    text = ("George Sabra is the chief negotiator of the opposition.\n\n"
            "\"We will not give up,\" Sabra said.")
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == ("George Sabra", "said", "We will not give up,", True)
    assert quote.speaker.text == "Sabra"
    assert quote.speaker.span == (text.index("Sabra said"), text.index("Sabra said") + 5)


def test_direct_quote_with_inverted_cue_in_curly_marks(nlp):
    (quote,) = _quotes(nlp, "“The road to the port is open again,” said Amina Yusuf, a local trader.")
    assert _summary(quote) == ("Amina Yusuf", "said", "The road to the port is open again,", True)
    assert quote.speaker.role == "a local trader"


def test_direct_quote_introduced_by_colon(nlp):
    (quote,) = _quotes(nlp, "The minister told reporters: «The curfew will end on Friday.»")
    assert _summary(quote) == ("The minister", "told", "The curfew will end on Friday.", True)


def test_timebank_style_marks(nlp):
    (quote,) = _quotes(nlp, "``Prices will fall next year,'' the economist said.")
    assert _summary(quote) == ("the economist", "said", "Prices will fall next year,", True)


def test_single_marks_are_not_confused_with_apostrophes(nlp):
    (quote,) = _quotes(nlp, "‘We don’t have enough water for the camp,’ the aid worker said.")
    assert _summary(quote) == ("the aid worker", "said", "We don’t have enough water for the camp,", True)


def test_quote_split_by_its_cue_is_one_attribution(nlp):
    text = "George Sabra spoke late.\n\n\"Right now,\" Sabra added, \"we have nothing left to lose.\""
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == (
        "George Sabra", "added", "Right now,\" Sabra added, \"we have nothing left to lose.", True)


def test_quote_resumed_after_its_cue_sentence_is_one_attribution(nlp):
    text = "“The town is quiet,” the commander said. “But nobody has gone home yet.”"
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == (
        "the commander", "said", "The town is quiet,” the commander said. “But nobody has gone home yet.", True)


def test_multi_paragraph_quote_is_one_quote(nlp):
    text = ("“The river has risen all week and the roads are closed.\n\n"
            "“Now the bridge is gone,” the mayor said.")
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == (
        "the mayor", "said",
        "The river has risen all week and the roads are closed.\n\n“Now the bridge is gone,", True)


def test_bare_quote_paragraph_takes_the_previous_speaker_and_cue(nlp):
    text = ("“We lost three trucks on the road,” said Omar Haddad, the convoy leader.\n\n"
            "“The drivers are afraid to go back next week.”")
    first, second = _quotes(nlp, text)
    assert _summary(second) == ("Omar Haddad", "said", "The drivers are afraid to go back next week.", True)
    assert second.cue.span == first.cue.span


def test_colon_hands_the_quotation_to_the_clause_before_it(nlp):
    text = "The ministry released the following statement:\n\n“The border crossing will reopen on Monday morning.”"
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == ("The ministry", "released", "The border crossing will reopen on Monday morning.", True)


def test_dash_signed_quote(nlp):
    (quote,) = _quotes(nlp, "“This election decides the future of our children.” ― Maria Lopez")
    assert _summary(quote) == ("Maria Lopez", "―", "This election decides the future of our children.", True)


def test_scare_quotes_are_not_quotes(nlp):
    assert _quotes(nlp, "The so-called “safe zone” was shelled again on Tuesday.") == []


def test_nested_quote_stays_inside_the_outer_quote(nlp):
    text = "“They told us ‘leave now’ and then the shelling began,” the farmer said."
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == ("the farmer", "said", "They told us ‘leave now’ and then the shelling began,", True)


def test_cue_verbs_inside_a_quotation_are_part_of_it(nlp):
    (quote,) = _quotes(nlp, "“I think the talks will fail,” the envoy said.")
    assert _summary(quote) == ("the envoy", "said", "I think the talks will fail,", True)


# ---- reported speech -------------------------------------------------------------------------

def test_indirect_with_that_clause_object_and_apposition_role(nlp):
    text = ("George Sabra, chief negotiator for the High Negotiations Committee, told the BBC that "
            "losing Aleppo would \"not be the end of the revolution\".")
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == (
        "George Sabra", "told", "that losing Aleppo would \"not be the end of the revolution\"", False)
    assert quote.speaker.role == "chief negotiator for the High Negotiations Committee"


def test_indirect_without_complementizer(nlp):
    (quote,) = _quotes(nlp, "The governor said the water supply would be restored by Sunday.")
    assert _summary(quote) == ("The governor", "said", "the water supply would be restored by Sunday", False)


def test_postposed_cue(nlp):
    (quote,) = _quotes(nlp, "The economy is recovering slowly, the finance minister said on Monday.")
    assert _summary(quote) == ("the finance minister", "said", "The economy is recovering slowly", False)


def test_interposed_cue(nlp):
    (quote,) = _quotes(nlp, "The plan, officials said, will be announced on Monday.")
    assert _summary(quote) == ("officials", "said", "The plan, officials said, will be announced on Monday", False)


def test_according_to_before_and_after_with_organisation_name_resolution(nlp):
    text = ("According to the Syrian Observatory for Human Rights, 20 people were killed.\n\n"
            "The rebels withdrew from the hill, according to the Observatory.")
    first, second = _quotes(nlp, text)
    observatory = "the Syrian Observatory for Human Rights"
    assert _summary(first) == (observatory, "According to", "20 people were killed", False)
    assert _summary(second) == (observatory, "according to", "The rebels withdrew from the hill", False)
    assert second.speaker.text == "the Observatory"


def test_according_to_content_stays_in_its_paragraph(nlp):
    text = "“We have nothing left to lose,” the commander said.\n\nThe rebels withdrew, according to the monitors."
    quote = _quotes(nlp, text)[-1]
    assert _summary(quote) == ("the monitors", "according to", "The rebels withdrew", False)


def test_organisation_short_name_resolved_through_actors(nlp):
    text = "The Observatory said the road was cut."
    actor = Actor("Syrian Observatory for Human Rights", (100, 135), "Syrian Observatory for Human Rights", "ngo")
    (quote,) = _quotes(nlp, text, [actor])
    assert _summary(quote) == ("Syrian Observatory for Human Rights", "said", "the road was cut", False)


def test_passive_report_has_no_speaker(nlp):
    (quote,) = _quotes(nlp, "It was reported that the army had entered the city.")
    assert _summary(quote) == (None, "reported", "that the army had entered the city", False)


def test_possessive_spokesman_is_the_speaker_mention(nlp):
    (quote,) = _quotes(nlp, "The minister's spokesman said the talks had failed.")
    assert _summary(quote) == ("The minister's spokesman", "said", "the talks had failed", False)


@pytest.mark.parametrize("sentence, cue, content", [
    ("The mayor warned that the dam could break.", "warned", "that the dam could break"),
    ("The mayor claimed that the dam was safe.", "claimed", "that the dam was safe"),
    ("The mayor denied the accusations.", "denied", "the accusations"),
    ("The mayor insisted the dam was safe.", "insisted", "the dam was safe"),
    ("The mayor stressed that the dam was safe.", "stressed", "that the dam was safe"),
    ("The mayor accused the army of shelling the town.", "accused", "the army of shelling the town"),
    ("The mayor announced a curfew.", "announced", "a curfew"),
    ("The mayor confirmed that two people had died.", "confirmed", "that two people had died"),
    ("The mayor estimated that 300 houses were flooded.", "estimated", "that 300 houses were flooded"),
    ("The mayor believes the dam will hold.", "believes", "the dam will hold"),
    ("The mayor thinks the dam will hold.", "thinks", "the dam will hold"),
    ("The mayor vowed to rebuild the bridge.", "vowed", "to rebuild the bridge"),
    ("The mayor called for calm.", "called", "calm"),
    ("The mayor spoke about the flood.", "spoke", "the flood"),
])
def test_reported_speech_and_belief_verbs(nlp, sentence, cue, content):
    (quote,) = _quotes(nlp, sentence)
    assert _summary(quote) == ("The mayor", cue, content, False)


def test_noun_cue_with_that_clause(nlp):
    text = "Omar Haddad arrived late. His warning that the bridge would collapse was ignored."
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == ("Omar Haddad", "warning", "that the bridge would collapse", False)
    assert quote.speaker.text == "His"


def test_factive_verbs_are_not_cues(nlp):
    assert _quotes(nlp, "The villagers know the river floods every spring.") == []


def test_participial_cue_speaks_for_the_main_speaker(nlp):
    text = "The general said the city had fallen, adding that the troops were exhausted."
    first, second = _quotes(nlp, text)
    assert _summary(first) == ("The general", "said", "the city had fallen", False)
    assert _summary(second) == ("The general", "adding", "that the troops were exhausted", False)


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_name(nlp):
    text = "Aid groups met Omar Haddad, who said the convoy had been stopped at the border."
    (quote,) = _quotes(nlp, text)
    assert _summary(quote) == ("Omar Haddad", "said", "the convoy had been stopped at the border", False)
    assert quote.speaker.text == "who"


def test_reduced_passive_cue_has_no_speaker(nlp):
    text = "Asked about the ceasefire, the envoy said it would hold."
    asked, said = _quotes(nlp, text)
    assert _summary(asked) == (None, "Asked", "the ceasefire", False)
    assert _summary(said) == ("the envoy", "said", "it would hold", False)


def test_transcript_turns(nlp):
    text = "HOST: Will the border reopen this month?\n\nMINISTER: We expect it to reopen on Friday."
    host, minister = _quotes(nlp, text)
    assert _summary(host) == ("HOST", ":", "Will the border reopen this month?", False)
    assert _summary(minister) == ("MINISTER", ":", "We expect it to reopen on Friday.", False)


def test_pronoun_takes_the_most_recent_named_speaker(nlp):
    text = ("Hillary Clinton spoke in Ohio on Monday. Clinton said the plan would create jobs. "
            "She said that taxes would not rise.")
    first, second = _quotes(nlp, text)[-2:]
    assert _summary(first) == ("Hillary Clinton", "said", "the plan would create jobs", False)
    assert _summary(second) == ("Hillary Clinton", "said", "that taxes would not rise", False)
    assert second.speaker.text == "She"


def test_quotes_come_in_text_order(nlp):
    text = ("The mayor said the dam was safe. “We are watching the water,” the engineer said. "
            "According to the police, the roads were closed.")
    starts = [q.content.span[0] for q in _quotes(nlp, text)]
    assert starts == sorted(starts) and len(starts) == 3


# ---- lexicon and table -----------------------------------------------------------------------

def test_user_lexicon_adds_a_cue(nlp, tmp_path):
    extra = tmp_path / "cues.yaml"
    extra.write_text("speech: [gush]\n", encoding="utf-8")
    lexicon = load_cue_lexicon([extra])
    quotes = extract_quotes(nlp("The coach gushed that the team had never played better."), [], lexicon)
    assert [q.cue.text for q in quotes] == ["gushed"]


def test_format_quotes_table_escapes_brackets(nlp):
    from rich.console import Console

    text = "“[The villagers] will not give up [/b] now,” George Sabra said."
    table = format_quotes_table(text, _quotes(nlp, text))
    assert isinstance(table, Table)
    assert table.row_count == 1
    assert [column.header for column in table.columns] == ["#", "speaker", "cue", "content", "kind", "chars"]
    console = Console(width=200, record=True)
    console.print(table)
    assert "[The villagers] will not give up [/b] now," in console.export_text()


@pytest.mark.parametrize("text", [
    "", "   \n\n  ", "“", "He said “ and then ” and '' ``", "“Unclosed quote at the end"])
def test_degenerate_texts_do_not_fail(nlp, text):
    assert isinstance(_quotes(nlp, text), list)


def test_speaker_carries_the_actor_type_and_country(nlp):
    from newsevents.contract import Actor

    text = ("The Kenyan police said 15 protesters were arrested. "
            "The Syrian Observatory for Human Rights said more than 10,000 civilians fled.")
    police = Actor("The Kenyan police", (0, 17), "Police Forces of Kenya", "state_forces", "KEN", "KENPOL")
    start = text.index("Syrian Observatory")
    observatory = Actor("Syrian Observatory for Human Rights", (start, start + 35),
                        "Syrian Observatory for Human Rights", "ngo", None, "NGO")
    quotes = extract_quotes(nlp(text), [police, observatory])
    speakers = [(q.speaker.type, q.speaker.country) for q in quotes]
    assert speakers == [("state_forces", "KEN"), ("ngo", None)]
