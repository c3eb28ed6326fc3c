"""The actors stage on sentences written for these tests: exact names, types, countries, codes, spans."""

from __future__ import annotations

import pytest

from newsevents.actors import ActorRecognizer
from newsevents.actors.lexicon import tokens_of
from newsevents.contract import ACTOR_TYPES, Actor
from newsevents.nlp import EntityPattern


@pytest.fixture(scope="module")
def recognizer() -> ActorRecognizer:
    return ActorRecognizer()


def actors_of(nlp, recognizer: ActorRecognizer, text: str) -> list[tuple]:
    doc = nlp(text)
    found = recognizer.recognise(doc)
    for actor in found:
        assert isinstance(actor, Actor)
        assert text[actor.span[0]:actor.span[1]] == actor.text
        assert actor.type in ACTOR_TYPES
    return [(a.text, a.name, a.type, a.country, a.cameo) for a in found]


# ---------------------------------------------------------------- country x role
@pytest.mark.parametrize("text, expected", [
    ("Kenyan police fired tear gas at the crowd.",
     ("Kenyan police", "Police Forces of Kenya", "state_forces", "KEN", "KENCOP")),
    ("Afghan security forces killed 14 fighters.",
     ("Afghan security forces", "Military Forces of Afghanistan", "state_forces", "AFG", "AFGMIL")),
    ("Russian troops crossed the border.",
     ("Russian troops", "Military Forces of Russia", "state_forces", "RUS", "RUSMIL")),
    ("Nigerian soldiers guarded the bridge.",
     ("Nigerian soldiers", "Military Forces of Nigeria", "state_forces", "NGA", "NGAMIL")),
    ("The Sudanese government denied the report.",
     ("The Sudanese government", "Government of Sudan", "government", "SDN", "SDNGOV")),
    ("Kenya's police said nobody was hurt.",
     ("Kenya's police", "Police Forces of Kenya", "state_forces", "KEN", "KENCOP")),
    ("South Sudanese soldiers looted the market.",
     ("South Sudanese soldiers", "Military Forces of South Sudan", "state_forces", "SSD", "SSDMIL")),
])
def test_country_and_role(nlp, recognizer, text, expected):
    assert actors_of(nlp, recognizer, text)[0] == expected


def test_span_offsets_are_exact(nlp, recognizer):
    text = "On Monday, the Syrian army shelled the town."
    (actor,) = recognizer.recognise(nlp(text))
    assert actor.span == (11, 26)
    assert actor.text == "the Syrian army"


# ---------------------------------------------------------------- every type from role nouns
@pytest.mark.parametrize("text, expected", [
    ("Hundreds of demonstrators gathered outside the court.",
     ("demonstrators", "Protesters", "protesters", None, "OPP")),
    ("Rioters set fire to a bus.", ("Rioters", "Rioters", "rioters", None, "OPP")),
    ("A mob lynched a suspected thief.", ("A mob", "Rioters", "rioters", None, "OPP")),
    ("Unidentified gunmen opened fire on the bus.",
     ("Unidentified gunmen", "Unidentified Armed Group", "political_militia", None, "UAF")),
    ("The rebels withdrew from the hills.", ("The rebels", "Rebels", "rebel_group", None, "REB")),
    ("Villagers fled into the forest.", ("Villagers", "Civilians", "civilians", None, "CVL")),
    ("Peacekeepers patrolled the road.",
     ("Peacekeepers", "Foreign Forces", "external_forces", None, "IGO")),
    ("The ministry issued a statement.", ("The ministry", "Government", "government", None, "GOV")),
    ("Cattle raiders struck at dawn.",
     ("Cattle raiders", "Unidentified Communal Militia", "identity_militia", None, "UAF")),
    ("Rights groups condemned the killing.", ("Rights groups", "NGO", "ngo", None, "NGO")),
])
def test_generic_roles(nlp, recognizer, text, expected):
    assert actors_of(nlp, recognizer, text)[0] == expected


# ---------------------------------------------------------------- modifiers
@pytest.mark.parametrize("text, expected", [
    ("Regime forces shelled the suburb.",
     ("Regime forces", "Military Forces", "state_forces", None, "MIL")),
    ("Government troops entered the town.",
     ("Government troops", "Military Forces", "state_forces", None, "MIL")),
    ("Pro-government militia fighters burned the houses.",
     ("Pro-government militia fighters", "Pro-Government Militia", "political_militia", None, "UAF")),
    ("Angry residents blocked the highway.", ("Angry residents", "Rioters", "rioters", None, "OPP")),
    ("Opposition fighters took the hill.", ("Opposition fighters", "Rebels", "rebel_group", None, "REB")),
    ("Unidentified men abducted the chief.",
     ("Unidentified men", "Unidentified Armed Group", "political_militia", None, "UAF")),
    ("Iranian-backed militias fired rockets.",
     ("Iranian-backed militias", "Militia", "political_militia", None, "UAF")),
    ("The Saudi-led coalition bombed a school.",
     ("The Saudi-led coalition", "Foreign Forces", "external_forces", "SAU", "SAUIGO")),
])
def test_modifiers(nlp, recognizer, text, expected):
    assert actors_of(nlp, recognizer, text)[0] == expected


# ---------------------------------------------------------------- named organisations
@pytest.mark.parametrize("text, expected", [
    ("Suspected Boko Haram militants abducted 20 girls.",
     ("Suspected Boko Haram militants", "Boko Haram", "rebel_group", "NGA", "NGAINSBOK")),
    ("Al-Shabaab fighters stormed the hotel.",
     ("Al-Shabaab fighters", "Al Shabaab", "rebel_group", "SOM", "SOMINSSHB")),
    ("Members of the Islamic State attacked the convoy.",
     ("Members of the Islamic State", "Islamic State", "rebel_group", None, "IMGMOSISI")),
    ("The Taliban claimed the attack.", ("The Taliban", "Taliban", "rebel_group", "AFG", "AFGINSTAL")),
    ("Houthi rebels fired a missile.", ("Houthi rebels", "Ansar Allah", "rebel_group", "YEM", "YEMREBHOU")),
    ("The Rapid Support Forces shelled the camp.",
     ("The Rapid Support Forces", "Rapid Support Forces", "rebel_group", "SDN", "SDNREBRSF")),
    ("UN peacekeepers repelled the attack.",
     ("UN peacekeepers", "United Nations", "external_forces", None, "IGOUNO")),
    ("The United Nations called for calm.", ("The United Nations", "United Nations", "igo", None, "IGOUNO")),
    ("MONUSCO deployed a battalion.", ("MONUSCO", "MONUSCO", "external_forces", "COD", "IGOUNOPKO")),
    ("The Red Cross evacuated the wounded.",
     ("The Red Cross", "International Committee of the Red Cross", "ngo", None, "NGOHRC")),
    ("Reuters reported the clashes.", ("Reuters", "Reuters", "media", "GBR", "GBRMED")),
])
def test_named_organisations(nlp, recognizer, text, expected):
    assert actors_of(nlp, recognizer, text)[0] == expected


def test_named_groups_are_case_sensitive(nlp, recognizer):
    assert actors_of(nlp, recognizer, "He said he would hamas the bread.") == []


def test_observatory_is_ngo(nlp, recognizer):
    found = actors_of(nlp, recognizer, "Five civilians died, the Syrian Observatory for Human Rights said.")
    assert found[-1] == ("the Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights",
                         "ngo", "SYR", "SYRNGOHRI")


# ---------------------------------------------------------------- communities
def test_community_militias(nlp, recognizer):
    assert actors_of(nlp, recognizer, "Pokot raiders stole cattle from Turkana herders.") == [
        ("Pokot raiders", "Pokot Ethnic Militia (Kenya)", "identity_militia", "KEN", "KENUAF"),
        ("Turkana herders", "Turkana Ethnic Militia (Kenya)", "identity_militia", "KEN", "KENUAF"),
    ]


def test_community_civilians_keep_their_role(nlp, recognizer):
    assert actors_of(nlp, recognizer, "Fulani herdsmen killed five Tiv farmers.") == [
        ("Fulani herdsmen", "Fulani Ethnic Militia (Nigeria)", "identity_militia", "NGA", "NGAUAF"),
        ("Tiv farmers", "Farmers (Nigeria)", "civilians", "NGA", "NGAAGR"),
    ]


# ---------------------------------------------------------------- entities
def test_titled_persons(nlp, recognizer):
    found = actors_of(nlp, recognizer,
                      "President Uhuru Kenyatta visited the camp. Kenyatta promised to rebuild it.")
    assert found == [
        ("President Uhuru Kenyatta", "Uhuru Kenyatta", "government", None, "GOV"),
        ("Kenyatta", "Uhuru Kenyatta", "government", None, "GOV"),
    ]


def test_general_is_state_forces(nlp, recognizer):
    found = actors_of(nlp, recognizer, "General Ahmed Ali said the town had been taken.")
    assert found[0] == ("General Ahmed Ali", "Ahmed Ali", "state_forces", None, "MIL")


def test_country_as_agent(nlp, recognizer):
    found = actors_of(nlp, recognizer, "The rebels were backed by Russia.")
    assert found == [("The rebels", "Rebels", "rebel_group", None, "REB"),
                     ("Russia", "Government of Russia", "government", "RUS", "RUS")]


def test_country_as_place_is_not_an_actor(nlp, recognizer):
    names = [a[1] for a in actors_of(nlp, recognizer, "Soldiers died in Russia.")]
    assert "Government of Russia" not in names


# ---------------------------------------------------------------- coreference
def test_generic_mentions_take_the_document_country(nlp, recognizer):
    found = actors_of(nlp, recognizer, "The Syrian army shelled the town. Regime forces then advanced, "
                                       "and government troops entered the market.")
    assert [(a[0], a[1], a[3]) for a in found] == [
        ("The Syrian army", "Military Forces of Syria", "SYR"),
        ("Regime forces", "Military Forces of Syria", "SYR"),
        ("government troops", "Military Forces of Syria", "SYR"),
    ]


def test_conflicting_countries_are_left_open(nlp, recognizer):
    found = actors_of(nlp, recognizer, "Kenyan troops and Somali troops met. The troops left.")
    assert found[-1] == ("The troops", "Military Forces", "state_forces", None, "MIL")


# ---------------------------------------------------------------- events helper
def test_for_event_fills_country_and_retypes(nlp, recognizer):
    protesters, students = recognizer.recognise(nlp("Protesters and students marched."))
    assert recognizer.for_event(protesters, "KEN", "Protests").name == "Protesters (Kenya)"
    students_in_riot = recognizer.for_event(students, "KEN", "Riots")
    assert (students_in_riot.name, students_in_riot.type, students_in_riot.cameo) == (
        "Rioters (Kenya)", "rioters", "KENOPP")
    (troops,) = recognizer.recognise(nlp("Russian troops advanced."))
    abroad = recognizer.for_event(troops, "SYR", "Battles")
    assert (abroad.name, abroad.type, abroad.country) == ("Military Forces of Russia", "external_forces", "RUS")
    assert recognizer.for_event(troops, "RUS").type == "state_forces"


# ---------------------------------------------------------------- user lexicons
def test_user_yaml_lexicon(nlp, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "roles:\n"
        "  rebels:\n"
        "    words: [maquisards]\n"
        "organisations:\n"
        "  - {name: Northern Lions Brigade, type: political_militia, country: TCD, cameo: TCDUAFNLB,\n"
        "     aliases: [Northern Lions, NLB]}\n",
        encoding="utf-8")
    recognizer = ActorRecognizer([path])
    assert actors_of(nlp, recognizer, "Northern Lions fighters ambushed maquisards.") == [
        ("Northern Lions fighters", "Northern Lions Brigade", "political_militia", "TCD", "TCDUAFNLB"),
        ("maquisards", "Rebels", "rebel_group", None, "REB"),
    ]
    assert EntityPattern("ORG", "Northern Lions") in recognizer.entity_patterns()


def test_user_csv_lexicon(nlp, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("alias,name,type,country,cameo\nKVG,Kivu Vigilance Group,political_militia,COD,CODUAF\n",
                    encoding="utf-8")
    assert actors_of(nlp, ActorRecognizer([str(path)]), "KVG members burned the market.")[0] == (
        "KVG members", "Kivu Vigilance Group", "political_militia", "COD", "CODUAF")


def test_bad_user_type_is_reported(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("organisations:\n  - {name: X Group, type: warlords, aliases: [XG]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="warlords"):
        ActorRecognizer([path])


def test_entity_patterns_are_multiword_names(recognizer):
    patterns = recognizer.entity_patterns()
    assert EntityPattern("ORG", "Syrian Observatory for Human Rights") in patterns
    assert EntityPattern("ORG", "Boko Haram") in patterns
    assert EntityPattern("ORG", "Al-Shabaab") in patterns
    assert all(len(tokens_of(p.text)) > 1 for p in patterns)


def test_role_verbs_are_not_actors(nlp, recognizer):
    assert actors_of(nlp, recognizer, "They will police the streets and man the checkpoints.") == [
        ("the checkpoints", "Military Forces", "state_forces", None, "MIL")]
    assert all(a[0] != "police" for a in actors_of(nlp, recognizer, "They will police the streets."))


def test_for_event_makes_a_protesting_organisation_protesters(recognizer):
    union = Actor("the teachers' union", (0, 19), "Kenya National Union of Teachers", "other", "KEN", None)
    coded = recognizer.for_event(union, "KEN", "Protests")
    assert (coded.name, coded.type, coded.country, coded.cameo) == ("Protesters (Kenya)", "protesters", "KEN", "KENOPP")


def test_non_state_people_adjective_blocks_coreference(nlp, recognizer):
    found = actors_of(nlp, recognizer, "Kurdish forces took the village. The Syrian army shelled the town.")
    assert found[0] == ("Kurdish forces", "Military Forces", "state_forces", None, "MIL")


def test_unknown_proper_adjective_is_part_of_the_mention(nlp, recognizer):
    assert actors_of(nlp, recognizer, "Kokang rebels attacked the post.")[0] == (
        "Kokang rebels", "Rebels", "rebel_group", None, "REB")


def test_his_men_are_not_civilians(nlp, recognizer):
    found = actors_of(nlp, recognizer, "General Ahmed Ali said his men had captured the town.")
    assert found == [("General Ahmed Ali", "Ahmed Ali", "state_forces", None, "MIL")]


def test_unknown_clans_are_identity_militias(nlp, recognizer):
    found = actors_of(nlp, recognizer, "Clashes broke out between the Sabeh and Jamainiya clans.")
    assert found == [
        ("the Sabeh", "Sabeh Ethnic Militia", "identity_militia", None, "UAF"),
        ("Jamainiya clans", "Jamainiya Ethnic Militia", "identity_militia", None, "UAF"),
    ]


def test_community_before_an_attack_noun(nlp, recognizer):
    assert actors_of(nlp, recognizer, "A Pokot raid on the village left two dead.")[0] == (
        "A Pokot", "Pokot Ethnic Militia (Kenya)", "identity_militia", "KEN", "KENUAF")


def test_bracketed_apposition_says_who(nlp, recognizer):
    assert actors_of(nlp, recognizer, "Gunmen (suspected herders) shot a farmer.")[0] == (
        "Gunmen", "Unidentified Communal Militia", "identity_militia", None, "UAF")


def test_unnamed_militants_and_vigilantes(nlp, recognizer):
    assert actors_of(nlp, recognizer, "Militants ambushed a patrol, and a vigilante group lynched a thief.") == [
        ("Militants", "Unidentified Armed Group", "political_militia", None, "UAF"),
        ("a vigilante group", "Vigilante Militia", "identity_militia", None, "UAF"),
        ("a thief", "Civilians", "civilians", None, "CVL"),
    ]


def test_generic_militants_are_the_one_named_group(nlp, recognizer):
    found = actors_of(nlp, recognizer, "Al Shabaab attacked the camp. Three militants were killed, "
                                       "and unidentified militants fled.")
    assert [(a[0], a[1]) for a in found] == [
        ("Al Shabaab", "Al Shabaab"), ("militants", "Al Shabaab"),
        ("unidentified militants", "Unidentified Armed Group")]


def test_members_of_a_national_force(nlp, recognizer):
    assert actors_of(nlp, recognizer, "Members of the Mozambican armed forces assaulted eight workers.")[0] == (
        "Members of the Mozambican armed forces", "Military Forces of Mozambique", "state_forces", "MOZ", "MOZMIL")


def test_a_repeated_key_in_a_user_lexicon_is_an_error(tmp_path):
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("roles:\n  farmers:\n    type: civilians\n    name: Farmers\n"
                       "  farmers:\n    type: civilians\n    name: Growers\n", encoding="utf-8")
    with pytest.raises(ValueError, match="appears twice"):
        ActorRecognizer([lexicon])
