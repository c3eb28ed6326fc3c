"""ACLED and CAMEO typing of one happening, from its trigger classes and its actors' types.

Follows the ACLED codebook's definitions:
- the weapon decides first: a remote tool (air/drone strike, shelling, IED, suicide bomb, grenade,
  chemical) makes Explosions/Remote violence whoever is hit;
- a crowd decides next: demonstrators who are violent make a Riot, a mob makes Mob violence; a
  peaceful crowd met with force is a Protest (with intervention, or excessive force when protesters are
  killed or shot at);
- direct violence is a Battle when both sides are organised armed groups, Violence against civilians
  when an armed group attacks unarmed people (abduction and rape are always against civilians);
- everything else falls to its trigger class (Strategic developments, or "Other" for verbal events).
"""

from __future__ import annotations

from dataclasses import dataclass

ARMED = frozenset({"state_forces", "rebel_group", "political_militia", "identity_militia", "external_forces"})
STATE = frozenset({"state_forces", "external_forces"})
UNARMED = frozenset({"civilians", "government", "media", "ngo", "igo", "other"})
CROWD = frozenset({"protesters", "rioters"})
REMOTE_CLASSES = ("chemical", "suicide_bomb", "air_strike", "shelling", "grenade", "explosive")
DIRECT_VIOLENCE = frozenset({"attack", "kill", "injure", "clash"})
# lemmas of territory triggers that say the government took back what it had lost
_REGAIN_LEMMAS = frozenset({"recapture", "retake", "regain", "reclaim", "liberate", "recapture"})


@dataclass(frozen=True)
class Typing:
    event_type: str
    sub_event_type: str | None
    cameo: str | None


@dataclass(frozen=True)
class HappeningFacts:
    """What classification looks at: trigger classes, the main trigger, the actors' types."""

    classes: frozenset[str]
    primary_class: str
    primary_lemma: str
    actor1_type: str | None
    actor2_type: str | None
    crowd_targeted: bool  # a violent trigger's target is the crowd ("police shot protesters")
    state_violence: bool  # a violent trigger's agent is a state force
    clash_sides: tuple[str | None, str | None] = (None, None)  # actor types named by a clash trigger
    crowd_violence: bool = False  # the crowd itself attacked, clashed, looted or destroyed
    named_civilian_target: bool = False  # the target is a specific kind of unarmed person, not "people"
    unarmed_group_agent: bool = False  # the violence was done by a crowd of unarmed people ("villagers")


def _remote(facts: HappeningFacts) -> Typing | None:
    subs = {
        "chemical": ("Chemical weapon", "2041"), "suicide_bomb": ("Suicide bomb", "1831"),
        "air_strike": ("Air/drone strike", "195"), "shelling": ("Shelling/artillery/missile attack", "194"),
        "grenade": ("Grenade", "183"), "explosive": ("Remote explosive/landmine/IED", "183"),
    }
    for name in REMOTE_CLASSES:
        if name in facts.classes and name in ("grenade", "explosive", "shelling") and "clash" in facts.classes:
            return None  # ground fighting that also saw shelling or a blast is a battle (both sides fought)
        if name in facts.classes:
            sub, cameo = subs[name]
            return Typing("Explosions/Remote violence", sub, cameo)
    return None


# a crowd's violence on anyone but the state, lynchings included (current codebook)
_MOB_VIOLENCE = Typing("Riots", "Mob violence", "145")


def _crowd(facts: HappeningFacts) -> Typing | None:
    crowd_words = facts.classes & {"protest", "labour_strike", "riot", "mob", "intervention"}
    if not crowd_words:
        return None
    if "mob" in facts.classes and not facts.classes & {"protest", "labour_strike"}:
        return _MOB_VIOLENCE
    if "riot" in facts.classes or facts.crowd_violence:
        return Typing("Riots", "Violent demonstration", "145")
    if "clash" in facts.classes and "protest" not in facts.classes:
        sides = {t for t in facts.clash_sides if t is not None}
        if sides and not sides & (ARMED - STATE):  # police broke up a fight between groups of people
            return _clash(facts)
    if facts.classes & {"kill", "attack"} and (facts.crowd_targeted or facts.state_violence):
        return Typing("Protests", "Excessive force against protesters", "175")
    if facts.classes & {"intervention", "arrest", "injure"} or facts.state_violence:
        return Typing("Protests", "Protest with intervention", "1723" if "arrest" in facts.classes else "175")
    cameo = "143" if "labour_strike" in facts.classes and "protest" not in facts.classes else "141"
    return Typing("Protests", "Peaceful protest", cameo)


def _clash(facts: HappeningFacts) -> Typing:
    """A fight between two sides: a battle when organised armed groups fight, a riot when demonstrators
    do ("protesters clashed with police"), violence against civilians when the only named target is
    unarmed people ("militiamen killed two farmers in an ethnic clash")."""
    sides = {t for t in facts.clash_sides if t is not None}
    if "protesters" in sides and not sides & (ARMED - STATE):
        return Typing("Riots", "Violent demonstration", "145")
    if sides & {"civilians", "rioters"} and not sides & (ARMED - STATE):
        # unorganised people fighting: against the state a violent demonstration, among themselves a mob
        return Typing("Riots", "Violent demonstration" if sides & STATE else "Mob violence", "145")
    if not sides and facts.named_civilian_target and facts.actor1_type in ARMED:
        return Typing("Violence against civilians", "Attack", "180")
    return Typing("Battles", "Armed clash", "190")


def _direct_violence(facts: HappeningFacts) -> Typing | None:
    if "territory" in facts.classes:
        regains = facts.actor1_type in STATE or (facts.actor1_type is None and facts.primary_lemma in _REGAIN_LEMMAS)
        sub = "Government regains territory" if regains else "Non-state actor overtakes territory"
        return Typing("Battles", sub, "190")
    if "abduction" in facts.classes and facts.actor2_type not in ARMED:
        return Typing("Violence against civilians", "Abduction/forced disappearance", "181")
    if "sexual" in facts.classes:
        return Typing("Violence against civilians", "Sexual violence", "1821")
    if not facts.classes & DIRECT_VIOLENCE:
        return None
    target, agent = facts.actor2_type, facts.actor1_type
    if "clash" in facts.classes:
        return _clash(facts)
    if facts.unarmed_group_agent and "kill" not in facts.classes:  # a killing stays an attack
        return Typing("Riots", "Violent demonstration", "145") if target in STATE else _MOB_VIOLENCE
    if target in ARMED and (agent in ARMED or agent is None):
        return Typing("Battles", "Armed clash", "190")
    if target in UNARMED:
        return Typing("Violence against civilians", "Attack", "180")
    if agent in {"rebel_group", "state_forces", "external_forces"} and target is None and "attack" in facts.classes:
        return Typing("Battles", "Armed clash", "190")
    return Typing("Violence against civilians", "Attack", "180")


def _strategic(facts: HappeningFacts) -> Typing | None:
    if "arrest" in facts.classes and facts.actor1_type in ARMED - STATE:
        # non-state armed groups "detaining" people abduct them
        return Typing("Violence against civilians", "Abduction/forced disappearance", "181")
    if "looting" in facts.classes and facts.actor1_type in CROWD:
        return Typing("Riots", "Violent demonstration", "145")
    return None


def classify(facts: HappeningFacts, default: Typing) -> Typing:
    """The ACLED type, sub-event type and CAMEO code of one happening."""
    for rule in (_remote, _crowd, _direct_violence, _strategic):
        typing = rule(facts)
        if typing is not None:
            return typing
    return default
