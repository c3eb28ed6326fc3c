"""The events stage on sentences written for these tests, with hand-built context records."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.contract import ACLED_TAXONOMY, Actor, Place, Quote, Speaker, TextSpan, Timex
from newsevents.events import EventContext, extract_events, parse_number
from newsevents.events.lexicon import default_lexicon

PUBLISHED = dt.date(2021, 6, 10)


def _span(text: str, part: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def actor(text: str, part: str, kind: str, name: str | None = None, country: str | None = None) -> Actor:
    return Actor(text=part, span=_span(text, part), name=name or part, type=kind, country=country)


def place(text: str, part: str, country: str = "KEN", lat: float = 0.0, lon: float = 37.0) -> Place:
    return Place(text=part, span=_span(text, part), name=part, lat=lat, lon=lon, country=country,
                 geonameid=abs(hash(part)) % 100000, geo_precision=1)


def timex(text: str, part: str, value: str) -> Timex:
    return Timex(text=part, span=_span(text, part), type="DATE", value=value)


def run(nlp, text, actors=(), places=(), times=(), quotes=(), published=PUBLISHED):
    return extract_events(nlp(text), EventContext(published, list(times), list(places), list(actors), list(quotes)))


def main(nlp, text, **kwargs):
    events = run(nlp, text, **kwargs)
    assert events, f"no event in {text!r}"
    return events[0]


# --- the lexicon -------------------------------------------------------------------------------

def test_lexicon_reaches_every_sub_event_type():
    lexicon = default_lexicon()
    reachable = {(c.event_type, c.sub_event_type) for c in lexicon.classes.values()}
    # types the actors decide (battles from attacks, territory by a non-state actor, crowd outcomes)
    reachable |= {("Battles", "Armed clash"), ("Battles", "Government regains territory"),
                  ("Protests", "Excessive force against protesters"), ("Riots", "Violent demonstration")}
    for event_type, subs in ACLED_TAXONOMY.items():
        for sub in subs:
            assert (event_type, sub) in reachable, (event_type, sub)


# --- sub-event types ---------------------------------------------------------------------------

SUB_EVENT_CASES = [
    ("Soldiers clashed with Al-Shabaab fighters near the border.",
     [("Soldiers", "state_forces"), ("Al-Shabaab fighters", "rebel_group")], "Battles", "Armed clash"),
    ("Government troops recaptured the town from the rebels.",
     [("Government troops", "state_forces"), ("the rebels", "rebel_group")], "Battles", "Government regains territory"),
    ("Rebels seized control of the town after the army withdrew.",
     [("Rebels", "rebel_group"), ("the army", "state_forces")], "Battles", "Non-state actor overtakes territory"),
    ("Government forces used a chemical weapon on the suburb.",
     [("Government forces", "state_forces")], "Explosions/Remote violence", "Chemical weapon"),
    ("Warplanes carried out an air strike on the village.",
     [], "Explosions/Remote violence", "Air/drone strike"),
    ("A suicide bomber blew himself up at the checkpoint.",
     [], "Explosions/Remote violence", "Suicide bomb"),
    ("Militants shelled the army base with mortars.",
     [("Militants", "rebel_group"), ("the army", "state_forces")], "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    ("A roadside bomb exploded under a police truck.",
     [], "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Attackers threw a grenade into the bar.",
     [], "Explosions/Remote violence", "Grenade"),
    ("Soldiers raped two women in the village.",
     [("Soldiers", "state_forces")], "Violence against civilians", "Sexual violence"),
    ("Gunmen attacked villagers in their homes.",
     [("Gunmen", "political_militia")], "Violence against civilians", "Attack"),
    ("Bandits kidnapped a trader on the highway.",
     [("Bandits", "political_militia")], "Violence against civilians", "Abduction/forced disappearance"),
    ("Hundreds of teachers marched peacefully to the ministry.",
     [("teachers", "protesters")], "Protests", "Peaceful protest"),
    ("Students protested in the capital and police dispersed them with tear gas.",
     [("Students", "protesters"), ("police", "state_forces")], "Protests", "Protest with intervention"),
    ("Police shot dead two protesters during the demonstration.",
     [("Police", "state_forces"), ("protesters", "protesters")], "Protests", "Excessive force against protesters"),
    ("Protesters threw stones at the police and burned tyres.",
     [("Protesters", "protesters"), ("the police", "state_forces")], "Riots", "Violent demonstration"),
    ("An angry mob lynched a suspected thief.",
     [], "Riots", "Mob violence"),
    ("The two parties signed a peace agreement.",
     [], "Strategic developments", "Agreement"),
    ("Police arrested the opposition leader at his home.",
     [("Police", "state_forces"), ("the opposition leader", "government")], "Strategic developments", "Arrests"),
    ("Two rebel factions merged and pledged allegiance to the new commander.",
     [], "Strategic developments", "Change to group/activity"),
    ("Soldiers defused a bomb planted near the school.",
     [("Soldiers", "state_forces")], "Strategic developments", "Disrupted weapons use"),
    ("The militia established a base in the forest.",
     [("The militia", "political_militia")], "Strategic developments", "Headquarters or base established"),
    ("Rebels looted shops in the market.",
     [("Rebels", "rebel_group")], "Strategic developments", "Looting/property destruction"),
    ("The army handed over control of the town to the police.",
     [("The army", "state_forces"), ("the police", "state_forces")], "Strategic developments",
     "Non-violent transfer of territory"),
    ("The governor imposed a curfew on the city.",
     [("The governor", "government")], "Strategic developments", "Other"),
]


@pytest.mark.parametrize("text,actor_specs,event_type,sub_event_type", SUB_EVENT_CASES)
def test_sub_event_types(nlp, text, actor_specs, event_type, sub_event_type):
    actors = [actor(text, part, kind) for part, kind in actor_specs]
    event = main(nlp, text, actors=actors)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_protest_actors_follow_acled(nlp):
    text = "Students protested in the capital and police dispersed them with tear gas."
    event = main(nlp, text, actors=[actor(text, "Students", "civilians"), actor(text, "police", "state_forces")],
                 places=[place(text, "capital")])
    assert event.actor1.type == "protesters" and event.actor1.text == "Students"
    assert event.actor2.type == "state_forces"


def test_battle_roles_and_victim_of_passive(nlp):
    text = "Three soldiers were killed by Al-Shabaab militants in Lamu."
    event = main(nlp, text, actors=[actor(text, "soldiers", "state_forces"),
                                    actor(text, "Al-Shabaab militants", "rebel_group")],
                 places=[place(text, "Lamu")])
    assert (event.event_type, event.sub_event_type, event.cameo) == ("Battles", "Armed clash", "190")
    assert event.actor1.text == "Al-Shabaab militants"
    assert event.actor2.text == "soldiers"
    assert event.fatalities == 3
    assert event.trigger.text == "killed"


def test_civilian_victim_written_as_noun(nlp):
    text = "Gunmen shot dead a farmer in Kisumu."
    event = main(nlp, text, actors=[actor(text, "Gunmen", "political_militia")], places=[place(text, "Kisumu")])
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.actor2.type == "civilians" and event.actor2.text == "farmer"
    assert event.actor2.country == "KEN"
    assert event.fatalities == 1


def test_assoc_actor_backed_by(nlp):
    text = "Rebels backed by Rwanda attacked the army in Goma."
    event = main(nlp, text, actors=[actor(text, "Rebels", "rebel_group"), actor(text, "Rwanda", "external_forces"),
                                    actor(text, "the army", "state_forces")])
    assert event.actor1.text == "Rebels"
    assert [a.text for a in event.assoc_actor1] == ["Rwanda"]
    assert event.actor2.text == "the army"
    assert event.event_type == "Battles"


# --- negation, modality, threats and statements ------------------------------------------------

@pytest.mark.parametrize("text", [
    "The rebels failed to retake the airport.",
    "Officials said the army may have used chemical weapons.",
    "The group denied attacking the convoy.",
    "Residents fear that militants will attack the village.",
    "If the talks collapse, the rebels could shell the city.",
])
def test_unrealised_events_are_not_material(nlp, text):
    events = run(nlp, text)
    assert all(e.event_type == "Other" for e in events), [(e.event_type, e.trigger.text) for e in events]


def test_threat_is_cameo_13(nlp):
    event = main(nlp, "The union threatened to strike over unpaid wages.")
    assert (event.event_type, event.sub_event_type, event.cameo) == ("Other", None, "130")


@pytest.mark.parametrize("text,cameo", [
    ("The president condemned the decision.", "111"),
    ("The opposition called for calm.", "020"),
    ("The minister accused the governor of corruption.", "112"),
    ("The council rejected the proposal.", "120"),
])
def test_verbal_events(nlp, text, cameo):
    event = main(nlp, text)
    assert (event.event_type, event.sub_event_type, event.cameo) == ("Other", None, cameo)


def test_statements_come_after_material_events(nlp):
    text = "The government condemned the violence. On Monday, soldiers clashed with rebels in the hills."
    events = run(nlp, text, actors=[actor(text, "soldiers", "state_forces"), actor(text, "rebels", "rebel_group")])
    assert [e.event_type for e in events] == ["Battles", "Other"]


def test_protest_cause_is_not_an_event(nlp):
    text = "Residents protested over the killing of a trader."
    events = run(nlp, text)
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Protests", "Peaceful protest")]


# --- counts ------------------------------------------------------------------------------------

@pytest.mark.parametrize("words,value", [
    ("one", 1), ("twelve", 12), ("twenty-five", 25), ("1,200", 1200), ("3 million", 3_000_000),
    ("two hundred", 200), ("four thousand five hundred", 4500), ("dozens", 12), ("tens", 10),
    ("hundreds", 100), ("scores", 20), ("thousands", 1000), ("no", 0),
])
def test_number_words(words, value):
    assert parse_number(words) == value


@pytest.mark.parametrize("text,field,value", [
    ("Two policemen were killed in the attack.", "fatalities", 2),
    ("Gunmen attacked the bus, killing at least 12 passengers.", "fatalities", 12),
    ("More than 10,000 civilians fled the fighting.", "displaced", 10000),
    ("Dozens were killed in the air strike.", "fatalities", 12),
    ("A man was killed in the attack.", "fatalities", 1),
    ("Between 20 and 30 people were killed in the clashes.", "fatalities", 20),
    ("Police arrested 45 protesters during the march.", "arrested", 45),
    ("The bomb blast wounded seven people.", "injured", 7),
    ("Two soldiers and five rebels were killed in the fighting.", "fatalities", 7),
    ("Fighting broke out in the town. No casualties were reported.", "fatalities", 0),
    ("Soldiers clashed with rebels near the river.", "fatalities", 0),
    ("Three people were killed (five according to local media) in the raid.", "fatalities", 3),
    ("Hundreds of families were displaced by the attack.", "displaced", 100),
])
def test_counts(nlp, text, field, value):
    event = main(nlp, text)
    assert getattr(event, field) == value


def test_deaths_without_a_figure(nlp):
    event = main(nlp, "Civilians were killed when militants stormed the village.")
    assert event.fatalities is None
    assert event.fatalities_text == "Civilians were killed"


# --- merging -----------------------------------------------------------------------------------

def test_mentions_of_one_happening_merge(nlp):
    text = ("Al-Shabaab militants attacked a military base in Lamu on Monday. "
            "Five soldiers were killed in the attack, officials said. Two militants were also killed.")
    events = run(nlp, text, actors=[actor(text, "Al-Shabaab militants", "rebel_group"),
                                    actor(text, "soldiers", "state_forces"), actor(text, "militants", "rebel_group")],
                 places=[place(text, "Lamu")])
    assert len(events) == 1
    assert events[0].event_type == "Battles"
    assert events[0].fatalities == 7


def test_distinct_happenings_stay_apart(nlp):
    text = ("Protesters marched in Nairobi on Monday. "
            "Separately, a roadside bomb exploded in Mandera, killing two soldiers.")
    events = run(nlp, text, places=[place(text, "Nairobi"), place(text, "Mandera", lat=3.9, lon=41.8)],
                 actors=[actor(text, "Protesters", "protesters"), actor(text, "soldiers", "state_forces")])
    assert sorted(e.event_type for e in events) == ["Explosions/Remote violence", "Protests"]
    assert events[0].event_type == "Explosions/Remote violence"  # deaths make it the main event
    assert events[0].location.name == "Mandera"


def test_later_intervention_joins_the_protest(nlp):
    text = "Traders demonstrated outside the county offices. Police later dispersed them with tear gas."
    events = run(nlp, text, actors=[actor(text, "Traders", "civilians"), actor(text, "Police", "state_forces")])
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Protests", "Protest with intervention")]


def test_different_dates_stay_apart(nlp):
    text = "Soldiers clashed with rebels on 3 June 2021. Soldiers clashed with rebels again on 7 June 2021."
    times = [timex(text, "3 June 2021", "2021-06-03"), timex(text, "7 June 2021", "2021-06-07")]
    events = run(nlp, text, times=times)
    assert sorted(e.date for e in events) == ["2021-06-03", "2021-06-07"]


# --- dating ------------------------------------------------------------------------------------

def test_date_from_the_sentence(nlp):
    text = "On 2 June 2021, gunmen attacked a bus near Garissa."
    event = main(nlp, text, times=[timex(text, "2 June 2021", "2021-06-02")])
    assert (event.date, event.date_end, event.time_precision, event.date_source) == ("2021-06-02", None, 1, "text")


def test_date_from_the_narrative_anchor(nlp):
    text = "Tension rose in the area on 4 June 2021. Militants then attacked a police post."
    event = main(nlp, text, times=[timex(text, "4 June 2021", "2021-06-04")])
    assert event.date == "2021-06-04"


def test_undated_event_is_dated_from_the_publication_date(nlp):
    event = main(nlp, "Militants attacked a police post.")
    # the day before publication (UNDATED_LAG_DAYS = 1), an estimate at week precision
    assert (event.date, event.time_precision, event.date_source) == ("2021-06-09", 2, "published-1d")


# --- location ----------------------------------------------------------------------------------

def test_location_attached_to_the_trigger(nlp):
    text = "Militants from Somalia attacked a police post in Mandera."
    event = main(nlp, text, places=[place(text, "Somalia", "SOM"), place(text, "Mandera")])
    assert event.location.name == "Mandera"


def test_reporting_place_is_not_the_location(nlp):
    text = "A London-based monitor told reporters in Beirut that warplanes bombed Idlib."
    event = main(nlp, text, places=[place(text, "London", "GBR"), place(text, "Beirut", "LBN"),
                                    place(text, "Idlib", "SYR")])
    assert event.sub_event_type == "Air/drone strike"
    assert event.location.name == "Idlib"


def test_document_main_place_as_fallback(nlp):
    text = "Kenya saw unrest this year. Youths rioted after the match."
    event = main(nlp, text, places=[place(text, "Kenya")])
    assert event.location.name == "Kenya"
    assert event.event_type == "Riots"


# --- attribution -------------------------------------------------------------------------------

def test_reported_by_the_quoted_speaker(nlp):
    text = 'The spokesman said: "Rebels attacked our positions at dawn."'
    content = 'Rebels attacked our positions at dawn.'
    quote = Quote(speaker=Speaker("The spokesman", _span(text, "The spokesman"), "The spokesman"),
                  cue=TextSpan("said", _span(text, "said")),
                  content=TextSpan(content, _span(text, content)), direct=True)
    event = main(nlp, text, quotes=[quote], actors=[actor(text, "Rebels", "rebel_group")])
    assert event.reported_by is not None
    assert event.reported_by.text == "The spokesman"
    assert event.reported_by.type == "other"


def test_trigger_and_evidence_spans(nlp):
    text = "Fighting was reported. Air strikes hit the market in Aleppo."
    event = main(nlp, text)
    assert text[event.trigger.span[0]:event.trigger.span[1]] == event.trigger.text == "Air strikes"
    assert text[event.evidence[0]:event.evidence[1]] == "Air strikes hit the market in Aleppo."
    assert 0.0 <= event.confidence <= 1.0


@pytest.mark.parametrize("text,value", [
    ("Five people were killed on Monday. The death toll rose to 9 on Tuesday.", 9),
    ("An Indian policeman and a civilian were killed in the attack.", 2),
    ("A woman was burnt to death when gunmen raided the village.", 1),
    ("The bodies of three young men were found near the river.", 3),
    ("A priest was kidnapped and murdered by unknown men.", 1),
    ("Gunmen shot and killed a student in the neighbourhood of the town.", 1),
    ("Residents protested after a man was killed by a speeding lorry.", 0),
])
def test_more_counts(nlp, text, value):
    assert main(nlp, text).fatalities == value


# --- context rules -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,actor_specs,expected", [
    # the crowd's own violence makes a riot; police violence against it keeps it a protest
    ("Police clashed with protesters in the city centre.",
     [("Police", "state_forces"), ("protesters", "protesters")], ("Riots", "Violent demonstration")),
    ("Teachers protested over pay. Police fired tear gas. Several were injured.",
     [("Teachers", "civilians"), ("Police", "state_forces")], ("Protests", "Protest with intervention")),
    # burning an effigy is a symbolic protest act
    ("Party workers burnt an effigy of the minister.",
     [], ("Protests", "Peaceful protest")),
    # people massing is a protest; road blocks too
    ("Hundreds of farmers gathered outside the county offices.",
     [], ("Protests", "Peaceful protest")),
    ("Residents blocked the road to demand a new bridge.",
     [], ("Protests", "Peaceful protest")),
    ("Residents violently protested against the eviction.",
     [], ("Riots", "Violent demonstration")),
    # "captured" takes ground or people
    ("Rebels captured the town of Kamina.",
     [("Rebels", "rebel_group")], ("Battles", "Non-state actor overtakes territory")),
    ("Soldiers captured 23 militiamen in the forest.",
     [("Soldiers", "state_forces"), ("militiamen", "political_militia")], ("Strategic developments", "Arrests")),
    # an ambush is typed by its target
    ("Gunmen ambushed a passenger bus on the highway.",
     [("Gunmen", "political_militia")], ("Violence against civilians", "Attack")),
    ("Militants ambushed an army patrol near the border.",
     [("Militants", "rebel_group")], ("Battles", "Armed clash")),
    # armed men killed in an attack on a vehicle make it a battle
    ("Gunmen attacked a vehicle, killing two soldiers.",
     [("Gunmen", "political_militia"), ("soldiers", "state_forces")], ("Battles", "Armed clash")),
    # ground fighting with shelling is a battle
    ("Army shelling and ground fighting hit rebel positions.",
     [], ("Battles", "Armed clash")),
    ("Troops were deployed to the town.",
     [("Troops", "state_forces")], ("Strategic developments", "Other")),
    ("Armed men detained three aid workers.",
     [("Armed men", "rebel_group")], ("Violence against civilians", "Abduction/forced disappearance")),
])
def test_context_rules(nlp, text, actor_specs, expected):
    event = main(nlp, text, actors=[actor(text, part, kind) for part, kind in actor_specs])
    assert (event.event_type, event.sub_event_type) == expected


def test_setting_of_violence_is_not_a_protest(nlp):
    event = main(nlp, "One person was killed in a shooting at an election rally.")
    assert (event.event_type, event.sub_event_type, event.fatalities) == ("Violence against civilians", "Attack", 1)


def test_truce_signed_is_one_agreement(nlp):
    text = "A truce was signed between the two clans to put an end to the raids."
    events = run(nlp, text)
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Strategic developments", "Agreement")]


def test_unknown_perpetrator_is_an_unidentified_armed_group(nlp):
    text = "A trader was shot dead in Garissa."
    event = main(nlp, text, places=[place(text, "Garissa")])
    assert event.actor1.type == "political_militia"
    assert event.actor1.name == "Unidentified Armed Group (Kenya)"
    assert (event.actor2.type, event.actor2.text) == ("civilians", "trader")


def test_dead_as_modifier_is_not_a_death(nlp):
    event = main(nlp, "Shops stayed shut as traders observed a dead city strike in the capital.")
    assert (event.event_type, event.fatalities) == ("Protests", 0)


def test_armed_victims_written_as_nouns_make_a_battle(nlp):
    text = "Seven separatists were killed when soldiers raided a hideout."
    event = main(nlp, text, actors=[actor(text, "soldiers", "state_forces")])
    assert (event.event_type, event.fatalities) == ("Battles", 7)


def test_unresolved_place_gives_way_to_the_resolved_one_after_it(nlp):
    text = "Gunmen attacked a bus in Wadi Magreb, Kutum."
    unresolved = Place(text="Wadi Magreb", span=_span(text, "Wadi Magreb"), name="Wadi Magreb")
    event = main(nlp, text, places=[unresolved, place(text, "Kutum", "SDN", 14.2, 24.7)])
    assert event.location.name == "Kutum"


def test_figures_in_a_sentence_without_trigger_join_the_happening_before(nlp):
    text = "Soldiers clashed with rebels near Goma. More than 5,000 people left their homes and fled."
    event = main(nlp, text)
    assert (event.event_type, event.displaced) == ("Battles", 5000)


def test_support_is_not_the_event_and_other_places_are_other_happenings(nlp):
    text = ("Government forces, backed by air strikes, recaptured the town of Palmyra on Sunday. "
            "Police in Damascus arrested 15 people.")
    places = [place(text, "Palmyra", "SYR", 34.56, 38.28), place(text, "Damascus", "SYR", 33.51, 36.29)]
    events = run(nlp, text, places=places, actors=[actor(text, "Government forces", "state_forces"),
                                                   actor(text, "Police", "state_forces")])
    assert [(e.event_type, e.sub_event_type, e.location.name) for e in events] == [
        ("Battles", "Government regains territory", "Palmyra"),
        ("Strategic developments", "Arrests", "Damascus"),
    ]
    assert events[1].arrested == 15


def test_date_range_with_precision(nlp):
    text = "Warplanes bombed the rebel-held east during the week of 21 November 2016."
    times = [Timex(text="the week of 21 November 2016", span=_span(text, "the week of 21 November 2016"),
                   type="DATE", value="2016-W47")]
    event = main(nlp, text, times=times, published=dt.date(2016, 11, 29))
    assert (event.date, event.date_end, event.time_precision) == ("2016-11-21", "2016-11-27", 2)


def test_weapon_thrown_at_a_rally(nlp):
    event = main(nlp, "Crude bombs were hurled at a party rally, injuring four people.")
    assert (event.event_type, event.injured) == ("Violence against civilians", 4)


def test_explosive_attack_answered_with_fire_is_a_battle(nlp):
    text = "Militants threw a grenade at soldiers on patrol, who returned fire."
    event = main(nlp, text, actors=[actor(text, "Militants", "rebel_group"), actor(text, "soldiers", "state_forces")])
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")


def test_user_lexicon_extends_the_packaged_one(nlp, tmp_path):
    from newsevents.events import load_lexicon

    extra = tmp_path / "extra.yaml"
    extra.write_text("triggers:\n  protest:\n    verbs: [ululate]\n", encoding="utf-8")
    doc = nlp("Hundreds of women ululated outside the court.")
    assert extract_events(doc, EventContext(PUBLISHED, [], [], [], [])) == []
    events = extract_events(doc, EventContext(PUBLISHED, [], [], [], []), load_lexicon([extra]))
    assert (events[0].event_type, events[0].sub_event_type) == ("Protests", "Peaceful protest")


def test_nearest_attached_date_beats_the_dateline(nlp):
    text = "NAIROBI, June 9 - Police arrested 12 protesters in Kisumu on Monday."
    times = [timex(text, "June 9", "2021-06-09"), timex(text, "Monday", "2021-06-07")]
    event = main(nlp, text, times=times)
    assert event.date == "2021-06-07"


def test_overlapping_days_are_one_happening(nlp):
    text = ("Soldiers recaptured the town on 7 June 2021. "
            "They took it after heavy clashes with rebels on 6 and 7 June 2021.")
    times = [timex(text, "7 June 2021", "2021-06-07"), timex(text, "6 and 7 June 2021", "2021-06-06"),
             Timex(text="7 June 2021", span=_span(text, "7 June 2021", 1), type="DATE", value="2021-06-07")]
    events = run(nlp, text, times=times, actors=[actor(text, "Soldiers", "state_forces")])
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Battles", "Government regains territory")]


# --- reported figures and their sources --------------------------------------------------------

def _figures(event) -> list[tuple[str, int | None, str, str | None]]:
    return [(f.kind, f.value, f.text, f.reported_by.name if f.reported_by else None) for f in event.figures]


def _said(text: str, speaker: str, content: str, cue: str = "said") -> Quote:
    return Quote(Speaker(speaker, _span(text, speaker), speaker), TextSpan(cue, _span(text, cue)),
                 TextSpan(content, _span(text, content)), direct=False)


def test_figure_in_reported_speech_carries_the_speaker(nlp):
    text = "The county commissioner said police arrested 14 students in Eldoret on Friday."
    commissioner = actor(text, "The county commissioner", "government", "Government of Kenya", "KEN")
    quote = _said(text, "The county commissioner", "police arrested 14 students in Eldoret on Friday")
    event = main(nlp, text, actors=[commissioner], quotes=[quote])
    assert event.arrested == 14
    assert _figures(event) == [("arrested", 14, "14 students", "Government of Kenya")]
    figure = event.figures[0]
    assert text[figure.span[0]:figure.span[1]] == figure.text
    assert figure.reported_by is commissioner


def test_figure_according_to_a_source_carries_the_source(nlp):
    from newsevents.quotes import extract_quotes

    text = "Gunmen shot dead at least nine farmers near Kutum on Sunday, according to the Red Crescent."
    crescent = actor(text, "the Red Crescent", "ngo", "Red Crescent")
    doc = nlp(text)
    quotes = extract_quotes(doc, [crescent])
    events = extract_events(doc, EventContext(PUBLISHED, [], [], [crescent], quotes))
    assert events[0].fatalities == 9
    assert _figures(events[0]) == [("fatalities", 9, "at least nine farmers", "Red Crescent")]


def test_figure_without_attribution_has_no_source(nlp):
    text = "Rebels ambushed an army convoy near Beni, killing 7 soldiers and wounding 3 others."
    event = main(nlp, text)
    assert (event.fatalities, event.injured) == (7, 3)
    assert _figures(event) == [("fatalities", 7, "7 soldiers", None), ("injured", 3, "3 others", None)]


def test_merged_count_keeps_its_own_source(nlp):
    text = ("Soldiers fought rebels near Kutum on Sunday, killing 5 rebels. "
            "Aid workers said 3,000 residents had fled the area.")
    workers = actor(text, "Aid workers", "civilians", "Aid Workers")
    quote = _said(text, "Aid workers", "3,000 residents had fled the area")
    events = run(nlp, text, actors=[actor(text, "Soldiers", "state_forces"), actor(text, "rebels", "rebel_group"),
                                    workers], quotes=[quote])
    assert len(events) == 1 and events[0].reported_by is None
    assert (events[0].fatalities, events[0].displaced) == (5, 3000)
    assert _figures(events[0]) == [("fatalities", 5, "5 rebels", None),
                                   ("displaced", 3000, "3,000 residents", "Aid Workers")]


def test_deaths_without_a_number_are_a_figure_without_value(nlp):
    event = main(nlp, "Gunmen raided the village and killed villagers.")
    assert event.fatalities is None
    assert _figures(event) == [("fatalities", None, "killed villagers", None)]
    event = main(nlp, "Gunmen attacked the village of Kutum and a woman was killed.")
    assert _figures(event) == [("fatalities", 1, "a woman", None)]


def test_an_event_with_no_resolved_place_is_located_in_its_actors_country(nlp):
    text = "Mozambican soldiers beat eight workers at a timber yard."
    soldiers = actor(text, "Mozambican soldiers", "state_forces", "Military Forces of Mozambique", "MOZ")
    event = main(nlp, text, actors=[soldiers, actor(text, "eight workers", "civilians")])
    assert (event.location.country, event.location.geo_precision, event.location.text) == \
        ("MOZ", 3, "Mozambican soldiers")
    assert event.location.lat is not None and event.location.geonameid is None


def test_a_resolved_place_beats_the_actors_country(nlp):
    text = "Kenyan police shot two men in Mandera."
    police = actor(text, "Kenyan police", "state_forces", "Police Forces of Kenya", "KEN")
    event = main(nlp, text, actors=[police], places=[place(text, "Mandera")])
    assert event.location.name == "Mandera"


# --- unarmed crowds fighting, and who is counted ------------------------------------------------

@pytest.mark.parametrize("text,actor_specs,expected", [
    # unarmed people fighting each other are a mob, fighting the police a violent demonstration
    ("Clashes broke out between residents of two neighbourhoods on Sunday.",
     [("residents", "civilians")], ("Riots", "Mob violence")),
    ("Villagers clashed with police over a land dispute.",
     [("Villagers", "civilians"), ("police", "state_forces")], ("Riots", "Violent demonstration")),
    # victims of a fight are not one of its sides
    ("Four civilians were killed in clashes in the town.",
     [("civilians", "civilians")], ("Battles", "Armed clash")),
    ("Supporters of the ruling party attacked opposition members, injuring four.",
     [("Supporters", "protesters")], ("Riots", "Mob violence")),
    # a group of unidentified men is a perpetrator, not a crowd
    ("Four men murdered a pastor in the city.", [], ("Violence against civilians", "Attack")),
])
def test_unarmed_crowds(nlp, text, actor_specs, expected):
    actors = [actor(text, part, kind) for part, kind in actor_specs]
    event = main(nlp, text, actors=actors)
    assert (event.event_type, event.sub_event_type) == expected


@pytest.mark.parametrize("text,fatalities", [
    ("Four men murdered a pastor in the city.", 1),
    ("Two gunmen killed three villagers on Sunday.", 3),
    ("Five attackers were killed by soldiers.", 5),
])
def test_perpetrators_are_not_counted(nlp, text, fatalities):
    assert main(nlp, text).fatalities == fatalities


def test_reference_expressions_do_not_date_events(nlp):
    # "current" is PRESENT_REF: no day to give the protest, which takes the undated default
    text = "Retired and current employees protested outside the municipal office."
    event = main(nlp, text, times=[Timex(text="current", span=_span(text, "current"), type="DATE",
                                         value="PRESENT_REF")])
    assert (event.date, event.date_source) == ("2021-06-09", "published-1d")


def test_a_nationality_adjective_is_never_the_event_location(nlp):
    text = "Syrian troops shelled rebel positions on Monday."
    syrian = Place(text="Syrian", span=_span(text, "Syrian"), name="Syria", lat=35.0, lon=38.0, country="SYR",
                   geonameid=163843, feature_code="PCLI", geo_precision=3, adjectival=True)
    troops = actor(text, "Syrian troops", "state_forces", country="SYR")
    event = main(nlp, text, places=[syrian], actors=[troops])
    # the country comes from the actor, with the actor's words as evidence
    assert event.location is not None and not event.location.adjectival
    assert (event.location.country, event.location.text, event.location.geo_precision) == ("SYR", "Syrian troops", 3)
