"""The events stage: triggers -> happenings -> typed, dated, located, counted contract Events."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..contract import Actor, Event, Figure, Place, Quote, TextSpan, Timex
from ..countries import country_by_code
from ..geo import main_place
from .classify import ARMED, CROWD, STATE, HappeningFacts, Typing, classify
from .counts import Counts, CountVocabulary, count_casualties, mentions_figures
from .dating import EventDate, TimexIndex, choose_date
from .detect import Mention, detect_mentions
from .lexicon import Lexicon, default_lexicon
from .locate import PlaceIndex, attached_place, is_reporting_place, nearest_place, resolved_near
from .merge import Cluster, attach_count_sentences, merge_clusters, salience, sentence_clusters
from .roles import (ActorIndex, Roles, TriggerSite, clash_participants, find_roles, governing_clause, group_name,
                    with_country)

_ARMED_VIOLENCE = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence"})
_GENERIC_PEOPLE = frozenset({"people", "persons", "person", "individuals", "others", "killed"})
_NO_CASUALTY_TYPES = frozenset({"Peaceful protest", "Protest with intervention"})
_HARM_CLASSES = frozenset({"kill", "injure", "abduction", "sexual", "arrest"})
_TRANSITIVE_CLASSES = frozenset({"attack", "clash", "shelling", "air_strike", "territory"})
# unarmed people who act as a crowd ("villagers attacked...", "a group of youths"); not "men", whose
# violence is an unidentified perpetrator's
_GROUP_NOUNS = frozenset({"group", "crowd", "mob", "villager", "resident", "local", "inhabitant", "youth",
                          "student", "supporter"})
_CROWD_NOUNS = frozenset({"protester", "protestor", "demonstrator", "marcher", "crowd", "rioter", "striker"})


@dataclass(frozen=True)
class EventContext:
    """What the earlier stages found in the document."""

    published: dt.date | None
    times: list[Timex]
    places: list[Place]
    actors: list[Actor]
    quotes: list[Quote]


@dataclass
class _Document:
    """Per-document indexes shared by every happening."""

    doc: Doc
    sentences: list[Span]
    lexicon: Lexicon
    actors: ActorIndex
    places: PlaceIndex
    times: TimexIndex
    context: EventContext
    main_place: Place | None
    country: str | None
    count_cache: dict = field(default_factory=dict)  # sentence start -> its figures, read once


@functools.lru_cache(maxsize=4)
def _count_vocabulary(lexicon: Lexicon) -> CountVocabulary:
    return CountVocabulary(lexicon.civilian_nouns | lexicon.person_nouns,
                           frozenset(lexicon.nouns) - lexicon.civilian_nouns - lexicon.person_nouns)


def _heads(doc: Doc, mention: Mention) -> list[Token]:
    head = doc[mention.head]
    clause = governing_clause(head)
    return [head, clause] if clause is not None else [head]


def _sentence_bounds(state: _Document, mention: Mention) -> tuple[int, int]:
    sentence = state.sentences[mention.sentence]
    return sentence.start, sentence.end


def _annotate_cluster(state: _Document, cluster: Cluster) -> None:
    """Place and date keys used to keep distinct happenings apart."""
    mention = cluster.mentions[0]
    start, end = _sentence_bounds(state, mention)
    for i in range(start, end):
        place = state.places.by_token.get(i)
        if place is not None and not is_reporting_place(state.doc, state.doc[i]):
            cluster.place_keys.add(place.name or place.text)
    place = attached_place(state.doc, _heads(state.doc, mention), state.places)
    cluster.attached_place = (place.name or place.text) if place else None
    for i in range(start, end):
        if i in state.times.by_token:
            first, last, precision = state.times.entries[state.times.by_token[i]][2]
            if precision == 1:
                cluster.dates.update((first + dt.timedelta(days=k)).isoformat() for k in range((last - first).days + 1))


@dataclass
class _Roles:
    roles: Roles
    crowd_targeted: bool
    state_violence: bool
    state_agent: Actor | None
    clash_sides: tuple[str | None, str | None]
    crowd_violence: bool


def _roles(state: _Document, cluster: Cluster) -> _Roles:
    """Roles of the happening (main trigger first, others fill gaps), who the violence hit, and the
    state force that acted on a crowd (the target of a protest with intervention)."""
    combined = Roles()
    crowd_targeted = state_violence = crowd_violence = False
    crowd_sentences = {m.sentence for m in cluster.mentions if m.family == "protest"}
    state_agent: Actor | None = None
    clash_sides: tuple[str | None, str | None] | None = None
    target_roles: list[Roles] = []
    for mention in sorted(cluster.mentions, key=lambda m: -m.rank):
        start, end = _sentence_bounds(state, mention)
        site = TriggerSite(mention.head, mention.start, mention.end, start, end,
                           harms_subject=mention.event_class.name in _HARM_CLASSES,
                           transitive=mention.event_class.name in _TRANSITIVE_CLASSES)
        roles = find_roles(state.doc, site, state.actors, state.lexicon, state.country)
        combined.target_hint = combined.target_hint or roles.target_hint
        if mention.event_class.name == "clash" and clash_sides is None:
            sides = clash_participants(state.doc[mention.head])
            clash_sides = tuple(a.type if a is not None and _names_any(a, sides) else None
                                for a in (roles.actor1, roles.actor2))
        if combined.actor1 is None and roles.actor1 is not None and roles.actor1 is not combined.actor2:
            combined.actor1, combined.assoc_actor1 = roles.actor1, roles.assoc_actor1
        if roles.actor2 is not None and roles.actor2 is not combined.actor1:
            target_roles.append(roles)
        if mention.event_class.name in ("attack", "clash", "looting") and mention.sentence in crowd_sentences:
            agent_type = roles.actor1.type if roles.actor1 else None
            crowd_hit = roles.actor2 is not None and roles.actor2.type == "protesters"
            if mention.event_class.name == "clash" or (agent_type not in STATE and not crowd_hit):
                crowd_violence = True  # a clash has two sides: the crowd fought too
        if mention.event_class.name in ("kill", "attack", "injure", "intervention", "arrest"):
            target_type = roles.actor2.type if roles.actor2 else None
            victim = roles.victim_token
            targets = [c for c in state.doc[mention.head].children if c.dep_ in ("dobj", "nsubjpass")]
            if target_type == "protesters" or any(t.lemma_.lower() in _CROWD_NOUNS for t in targets) or (
                    victim is not None and victim.lemma_.lower() in _CROWD_NOUNS):
                crowd_targeted = True
            if roles.actor1 is not None and roles.actor1.type in STATE:
                state_violence = mention.event_class.name != "arrest"
                state_agent = state_agent or roles.actor1
    chosen = _choose_target(target_roles, state.context.actors, combined.actor1)
    if chosen is not None:
        combined.actor2, combined.assoc_actor2 = chosen.actor2, chosen.assoc_actor2
        combined.victim_token = chosen.victim_token
        combined.thing_target = chosen.thing_target
    return _Roles(combined, crowd_targeted, state_violence, state_agent, clash_sides or (None, None),
                  crowd_violence)


def _names_any(actor: Actor, tokens: list[Token]) -> bool:
    return any(actor.span[0] <= token.idx < actor.span[1] for token in tokens)


def _choose_target(candidates: list[Roles], recognised: list[Actor], agent: Actor | None) -> Roles | None:
    """The target of a happening among its triggers' targets: a recognised armed actor first (soldiers
    killed in an attack on "a vehicle" make it a battle), then any recognised actor, then the main
    trigger's target as written."""
    known = {id(a) for a in recognised}
    usable = [r for r in candidates if r.actor2 is not agent]
    for wanted in (lambda a: id(a) in known and a.type in ARMED, lambda a: id(a) in known, lambda a: True):
        for roles in usable:
            if wanted(roles.actor2):
                return roles
    return None


def _state_actor_in(state: _Document, cluster: Cluster) -> Actor | None:
    """The first state force named in the happening's sentences: who a riot fought or a protest met."""
    for index in sorted(cluster.sentences):
        sentence = state.sentences[index]
        for i in range(sentence.start, sentence.end):
            actor = state.actors.by_token.get(i)
            if actor is not None and actor.type in STATE:
                return actor
    return None


def _location(state: _Document, cluster: Cluster) -> tuple[Place | None, bool]:
    """(location, whether the text attaches it to the trigger); an unresolved place gives way to the
    resolved place that follows it ("in Wadi Magreb, Kutum")."""
    place, attached = _text_location(state, cluster)
    if place is not None and place.lat is None and place is not state.main_place:
        start, end = _sentence_bounds(state, cluster.primary)
        containing = resolved_near(state.doc, place, state.places, start, end)
        if containing is not None:
            return containing, attached
        if state.main_place is not None and state.main_place.lat is not None:
            return state.main_place, False  # ACLED codes to the nearest larger place it can locate
    return place, attached


def _country_location(roles: Roles) -> Place | None:
    """ACLED codes an event it cannot place more finely to its country: when no place in the text
    resolves, the country an actor is named with ("Mozambican armed forces") locates it, at
    precision 3, with the actor's words as the evidence span."""
    for actor in (roles.actor1, roles.actor2, *roles.assoc_actor1, *roles.assoc_actor2):
        country = country_by_code(actor.country) if actor is not None and actor.country else None
        if country is not None and country.lat is not None:
            return Place(text=actor.text, span=actor.span, name=country.name, lat=country.lat,
                         lon=country.lon, country=country.iso3, feature_code="PCLI", geo_precision=3,
                         reason=f"no place in the text resolves: the country of {actor.text!r}")
    return None


def _text_location(state: _Document, cluster: Cluster) -> tuple[Place | None, bool]:
    ordered = sorted(cluster.mentions, key=lambda m: -m.rank)
    for mention in ordered:
        place = attached_place(state.doc, _heads(state.doc, mention), state.places)
        if place is not None:
            return place, True
    for mention in ordered:
        start, end = _sentence_bounds(state, mention)
        place = nearest_place(state.doc, mention.head, start, end, state.places)
        if place is not None:
            return place, False
    return state.main_place, False


def _date(state: _Document, cluster: Cluster) -> EventDate:
    found = None
    for mention in sorted(cluster.mentions, key=lambda m: (-m.rank, m.start)):
        start, end = _sentence_bounds(state, mention)
        found = choose_date(state.doc, _heads(state.doc, mention), start, end, state.times,
                            state.context.published)
        if found.source == "text":
            return found
    assert found is not None
    return found


def _speaker_actor(state: _Document, position: int) -> Actor | None:
    """Who the article attributes the claim at this character to, when it lies inside a quote's
    content (direct or reported speech, "according to X"): the recognised actor at the speaker's
    mention, else the recognised actor the speaker's fullest name is ("The Observatory" is "the Syrian
    Observatory for Human Rights" named earlier), else an actor of type other."""
    for quote in state.context.quotes:
        start, end = quote.content.span
        if not start <= position < end or quote.speaker is None:
            continue
        s_start, s_end = quote.speaker.span
        for actor in state.context.actors:
            if actor.span[0] < s_end and s_start < actor.span[1]:
                return actor
        fullest = quote.speaker.name.lower()
        for actor in state.context.actors:
            if actor.text.lower() == fullest:
                return actor
        return Actor(text=quote.speaker.text, span=quote.speaker.span, name=quote.speaker.name, type="other")
    return None


def _figures(state: _Document, counts: Counts) -> list[Figure]:
    """Every count read for a happening, each with the source of its own clause (a count merged in
    from another sentence keeps that sentence's speaker)."""
    figures = []
    for phrase in counts.phrases:
        start, end = phrase.start, phrase.end
        while end - start > 1 and state.doc[start].is_punct:  # a phrase opening a quotation
            start += 1
        span = state.doc[start:end]
        figures.append(Figure(kind=phrase.category, value=phrase.value, text=span.text,
                              span=(span.start_char, span.end_char),
                              reported_by=_speaker_actor(state, span.start_char)))
    return figures


def _as_group(actor: Actor | None, kind: str, actor_type: str, cameo: str, country: str | None,
              fallback: TextSpan) -> tuple[Actor, Actor | None]:
    """The generic ACLED group for an actor ("Protesters (Kenya)"), and the named actor as associate."""
    if actor is not None and actor.type == actor_type:
        return with_country(actor, country), None
    text, span = (actor.text, actor.span) if actor is not None else (fallback.text, fallback.span)
    group = Actor(text=text, span=span, name=group_name(kind, country), type=actor_type, country=country,
                  cameo=(country or "") + cameo)
    named = actor if actor is not None and actor.type not in ("civilians", "other") else None
    return group, named


def _shape_actors(typing: Typing, roles: Roles, country: str | None, trigger: TextSpan) -> Roles:
    """ACLED's actor conventions per event type: protests by Protesters, riots by Rioters..."""
    actor1 = with_country(roles.actor1, country)
    actor2 = with_country(roles.actor2, country)
    if actor2 is not None and actor1 is not None and actor2.span == actor1.span:
        actor2 = None  # one mention cannot be both sides
    assoc1 = [with_country(a, country) for a in roles.assoc_actor1]
    assoc2 = [with_country(a, country) for a in roles.assoc_actor2]
    if typing.event_type == "Protests":
        if actor1 is not None and actor1.type in STATE and actor2 is not None:
            actor1, actor2 = actor2, actor1
        actor1, named = _as_group(actor1 if actor1 is None or actor1.type not in STATE else None,
                                  "Protesters", "protesters", "PRO", country, trigger)
        assoc1 += [named] if named else []
        if typing.sub_event_type == "Peaceful protest":
            actor2 = None
        elif actor2 is not None and actor2.type not in STATE | ARMED:
            actor2 = None
    elif typing.event_type == "Riots":
        if actor1 is not None and actor1.type in STATE and actor2 is not None and actor2.type in CROWD:
            actor1, actor2 = actor2, actor1
        actor1, named = _as_group(actor1 if actor1 is None or actor1.type not in STATE else None,
                                  "Rioters", "rioters", "RIO", country, trigger)
        assoc1 += [named] if named else []
    elif typing.event_type == "Violence against civilians":
        if actor2 is None or actor2.type not in ("civilians",):
            actor2, named = _as_group(actor2 if actor2 is None or actor2.type not in ARMED else None,
                                      "Civilians", "civilians", "CVL", country, trigger)
            assoc2 += [named] if named else []
    if typing.event_type in _ARMED_VIOLENCE and (actor1 is None or actor1.type in ("civilians", "other")):
        # ACLED's perpetrator when the report does not say who it was
        actor1 = Actor(text=trigger.text, span=trigger.span, name=group_name("Unidentified Armed Group", country),
                       type="political_militia", country=country, cameo=(country or "") + "UAF")
    return Roles(actor1, actor2, assoc1, assoc2)


def _confidence(mention: Mention, roles: Roles, located: bool, date: EventDate, typing: Typing) -> float:
    score = 0.45 + 0.15 * (roles.actor1 is not None) + 0.1 * located + 0.1 * (date.source == "text")
    score += 0.1 * (typing.event_type != "Other")
    if mention.hedged:
        score -= 0.2
    return round(min(0.95, max(0.05, score)), 2)


def _unarmed_group(doc: Doc, actor: Actor | None) -> bool:
    """Protesters, rioters, or unarmed people written as a group ("villagers", "a group of youths")."""
    if actor is None or actor.type not in CROWD | {"civilians"}:
        return False
    if actor.type in CROWD:
        return True
    span = doc.char_span(*actor.span, alignment_mode="expand")
    return span is not None and span.root.lemma_.lower() in _GROUP_NOUNS


def _facts(state: _Document, cluster: Cluster, found: _Roles) -> HappeningFacts:
    """What classification needs to know about a happening."""
    primary, roles = cluster.primary, found.roles
    target_type = roles.actor2.type if roles.actor2 else ("state_forces" if roles.target_hint else None)
    named_civilians = (roles.actor2 is not None and roles.actor2.type == "civilians" and not roles.thing_target
                       and not _GENERIC_PEOPLE.intersection(roles.actor2.text.lower().split()))
    return HappeningFacts(
        classes=cluster.classes, primary_class=primary.event_class.name, primary_lemma=primary.lemma,
        actor1_type=roles.actor1.type if roles.actor1 else None, actor2_type=target_type,
        crowd_targeted=found.crowd_targeted, state_violence=found.state_violence, clash_sides=found.clash_sides,
        crowd_violence=found.crowd_violence, named_civilian_target=named_civilians,
        unarmed_group_agent=_unarmed_group(state.doc, roles.actor1),
    )


def _typing(cluster: Cluster, facts: HappeningFacts) -> Typing:
    """The ACLED/CAMEO typing of a happening: classified for material ones, the trigger's otherwise."""
    event_class = cluster.primary.event_class
    default = Typing(event_class.event_type, event_class.sub_event_type, event_class.cameo)
    if cluster.family == "material":
        return classify(facts, default)
    if cluster.family.startswith("political"):
        # a crowd's demands are a protest
        return Typing("Protests", "Peaceful protest", "141") if facts.actor1_type == "protesters" else default
    # strategic: only the actors may change it (rebels "detaining" people abduct them)
    typing = classify(replace(facts, crowd_targeted=False, state_violence=False, crowd_violence=False), default)
    return typing if typing.event_type in ("Strategic developments", "Violence against civilians") else default


def _counts(state: _Document, cluster: Cluster, typing: Typing) -> Counts:
    if typing.event_type == "Other":
        return Counts()
    sentences = [state.sentences[i] for i in sorted({*cluster.sentences, *cluster.count_sentences})]
    counts = count_casualties(sentences, _count_vocabulary(state.lexicon), state.count_cache)
    if typing.sub_event_type in _NO_CASUALTY_TYPES:
        # nobody is killed in a peaceful protest; deaths nearby are its cause, not its outcome
        counts.fatalities, counts.fatalities_text = 0, None
    return counts


def _build_event(state: _Document, cluster: Cluster) -> tuple[float, int, Event]:
    """One happening as a contract Event, with its salience score and position (for ordering)."""
    primary = cluster.primary
    found = _roles(state, cluster)
    roles = found.roles
    location, located = _location(state, cluster)
    if location is None or location.lat is None:
        location = _country_location(roles) or location
    country = (location.country if location else None) or state.country
    facts = _facts(state, cluster, found)
    typing = _typing(cluster, facts)
    trigger_span = state.doc[primary.start:primary.end]
    trigger = TextSpan(trigger_span.text, (trigger_span.start_char, trigger_span.end_char))
    if typing.event_type in ("Protests", "Riots") and typing.sub_event_type != "Peaceful protest":
        state_agent = found.state_agent or _state_actor_in(state, cluster)
        if state_agent is not None:  # who met the crowd is the second actor
            if roles.actor1 is state_agent:
                roles.actor1 = None
            roles.actor2 = state_agent
    roles = _shape_actors(typing, roles, country, trigger)
    date = _date(state, cluster)
    counts = _counts(state, cluster, typing)
    sentence = state.sentences[primary.sentence]
    event = Event(
        event_type=typing.event_type, sub_event_type=typing.sub_event_type, cameo=typing.cameo,
        date=date.date, date_end=date.date_end, time_precision=date.time_precision,
        trigger=trigger, evidence=(sentence.start_char, sentence.end_char),
        actor1=roles.actor1, assoc_actor1=roles.assoc_actor1, actor2=roles.actor2, assoc_actor2=roles.assoc_actor2,
        location=location, fatalities=counts.fatalities, injured=counts.injured, displaced=counts.displaced,
        arrested=counts.arrested, reported_by=_speaker_actor(state, state.doc[primary.start].idx),
        confidence=_confidence(primary, roles, located, date, typing), date_source=date.source,
        fatalities_text=counts.fatalities_text, figures=_figures(state, counts),
    )
    score = salience(cluster.family, typing.event_type, min(cluster.sentences), counts.fatalities,
                     len(cluster.mentions))
    return score, primary.start, event


def extract_events(doc: Doc, context: EventContext, lexicon: Lexicon | None = None) -> list[Event]:
    """The events of one parsed document, most important first.

    `lexicon`: a trigger lexicon from `load_lexicon(extra_paths)`; the packaged one by default.
    """
    lexicon = lexicon or default_lexicon()
    mentions = detect_mentions(doc, lexicon)
    if not mentions:
        return []
    # a nationality adjective ("Syrian troops") names a country, never where something happened
    places = [place for place in context.places if not place.adjectival]
    main = main_place(places)
    country = main.country if main is not None else next((p.country for p in context.places if p.country), None)
    state = _Document(doc, list(doc.sents), lexicon, ActorIndex(doc, context.actors),
                      PlaceIndex(doc, places), TimexIndex(doc, context.times, context.published),
                      context, main, country)
    clusters = sentence_clusters(mentions)
    for cluster in clusters:
        _annotate_cluster(state, cluster)
    main_name = (main.name or main.text) if main is not None else None
    happenings = merge_clusters(clusters, [s.text for s in state.sentences], main_name)
    with_triggers = {m.sentence for m in mentions}
    attach_count_sentences(happenings, [i for i, sentence in enumerate(state.sentences)
                                        if i not in with_triggers and mentions_figures(sentence)])
    scored = [_build_event(state, cluster) for cluster in happenings]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [event for _, _, event in scored]
