"""Actor roles of a trigger: who did it (actor1), to whom (actor2), with whose help (assoc actors).

Read from the dependency parse around the trigger (subject, object, passive agent "by X", "on/against
X", "between X and Y", "backed by X"), with fallbacks: the nearest actor before the trigger in the
sentence is the agent, the victim of a passive "killed" is the target. Unarmed people written as
common nouns ("a farmer was shot") become a civilians actor when no recognised actor covers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from ..contract import Actor
from ..countries import country_by_code
from .lexicon import Lexicon

_AGENT_DEPS = frozenset({"nsubj", "agent", "csubj"})
_TARGET_DEPS = frozenset({"dobj", "nsubjpass"})
_TARGET_PREPS = frozenset({"on", "against", "at", "upon", "with", "targeting"})
_ASSOC_PREPS = frozenset({"alongside", "with"})
_ASSOC_VERBS = frozenset({"back", "support", "assist", "aid", "help", "accompany", "join"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos"})


@dataclass
class Roles:
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor1: list[Actor] = field(default_factory=list)
    assoc_actor2: list[Actor] = field(default_factory=list)
    victim_token: Token | None = None  # the target as written, when no actor covers it
    agent_token: Token | None = None
    target_hint: str | None = None  # "armed" for an unnamed armed target ("a police post")
    thing_target: bool = False  # the target is a thing of civilians ("a bus"), not people


class ActorIndex:
    """Which actor covers which token, built once per document."""

    def __init__(self, doc: Doc, actors: list[Actor]):
        self.doc = doc
        self.by_token: dict[int, Actor] = {}
        for actor in actors:
            span = doc.char_span(actor.span[0], actor.span[1], alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, actor)

    def actor_of(self, token: Token) -> Actor | None:
        """The actor naming `token`'s noun phrase (the token itself or its modifiers)."""
        if token.i in self.by_token:
            return self.by_token[token.i]
        for child in token.children:
            if child.dep_ in _MODIFIER_DEPS and child.i in self.by_token:
                return self.by_token[child.i]
        if token.dep_ in ("compound",) and token.head.i in self.by_token:
            return self.by_token[token.head.i]
        return None

    def actors_of(self, token: Token) -> list[Actor]:
        """The actor of `token` and of its conjuncts ("soldiers and police")."""
        found = []
        for item in (token, *token.conjuncts):
            actor = self.actor_of(item)
            if actor is not None and actor not in found:
                found.append(actor)
        return found

    def nearest_before(self, start: int, sentence_start: int, exclude: list[Actor | None]) -> Actor | None:
        for i in range(start - 1, sentence_start - 1, -1):
            actor = self.by_token.get(i)
            if actor is not None and not _overlaps(actor, exclude):
                return actor
        return None

    def nearest_after(self, end: int, limit: int, exclude: list[Actor | None]) -> Actor | None:
        """The first actor after a trigger, not beyond `limit` nor across a clause break."""
        for i in range(end, limit):
            if self.doc[i].text in (",", ";", ":", "(") or self.doc[i].dep_ in ("mark", "cc"):
                return None
            actor = self.by_token.get(i)
            if actor is not None and not _overlaps(actor, exclude):
                return actor
        return None


def _arguments(head: Token) -> tuple[list[Token], list[Token], list[Token]]:
    """(agents, targets, associates) among the syntactic arguments of a trigger head."""
    agents: list[Token] = []
    targets: list[Token] = []
    assoc: list[Token] = []
    for child in head.children:
        dep = child.dep_
        if dep == "agent":
            agents.extend(c for c in child.children if c.dep_ == "pobj")
        elif dep in _AGENT_DEPS:
            agents.append(child)
        elif dep in _TARGET_DEPS:
            targets.append(child)
        elif dep == "prep":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            prep = child.lower_
            if prep == "by":
                agents.extend(objects)
            elif prep == "between":
                for obj in objects:
                    conj = list(obj.conjuncts)
                    agents.append(obj)
                    targets.extend(conj[:1])
            elif prep in _ASSOC_PREPS and head.pos_ == "VERB" and any(c.dep_ == "dobj" for c in head.children):
                assoc.extend(objects)
            elif prep in _TARGET_PREPS:
                # "at" is a target only for a person ("fired at police"), else a place ("at the village")
                targets.extend(o for o in objects if prep != "at" or o.pos_ == "PROPN" or o.tag_ == "NNS")
            elif prep == "alongside":
                assoc.extend(objects)
        elif dep in ("poss", "compound", "amod") and head.pos_ in ("NOUN", "PROPN"):
            agents.append(child)
        elif dep in ("advcl", "acl") and child.lemma_.lower() in _ASSOC_VERBS:
            for grand in child.children:
                if grand.dep_ == "agent":
                    assoc.extend(c for c in grand.children if c.dep_ == "pobj")
    return agents, targets, assoc


_OUTBREAK_VERBS = frozenset({"break", "erupt", "flare", "occur", "take", "ensue", "continue", "resume", "rage"})


def clash_participants(head: Token) -> list[Token]:
    """The tokens naming the sides of a fight: its own arguments, or the "between/with" phrase of the
    verb it is the subject of ("clashes broke out between residents and police"). Victims of the
    fight ("civilians were killed in clashes") are not sides."""
    agents, targets, _ = _arguments(head)
    sides = agents + targets
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in _OUTBREAK_VERBS:
        for prep in head.head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("between", "among", "with"):
                sides.extend(c for c in prep.children if c.dep_ == "pobj")
    return sides + [c for token in sides for c in token.conjuncts]


def _backers(agent: Token) -> list[Token]:
    """ "Rebels backed by Rwanda": the agents of a backing verb attached to the agent noun."""
    found = []
    for child in agent.children:
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in _ASSOC_VERBS:
            for grand in child.children:
                if grand.dep_ == "agent":
                    found.extend(c for c in grand.children if c.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ == "alongside":
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def governing_clause(head: Token) -> Token | None:
    """The verb a noun trigger or a subjectless verb hangs from ("launched an attack", "killing 12")."""
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        return head.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" and head.head.head.pos_ in ("VERB", "AUX"):
        return head.head.head
    if head.dep_ in ("conj", "xcomp", "advcl", "relcl") and head.head.pos_ in ("VERB", "AUX", "NOUN"):
        return head.head
    return None


def _civilians(token: Token, country: str | None, civilian_nouns: frozenset[str]) -> Actor | None:
    if token.lemma_.lower() not in civilian_nouns and token.lower_ not in civilian_nouns:
        return None
    doc = token.doc
    left = token.left_edge.i
    while left < token.i and (doc[left].like_num or doc[left].dep_ in ("det", "quantmod", "advmod", "nummod")
                              or doc[left].lower_ in ("at", "least", "than", "more")):
        left += 1
    text_span = doc[left:token.i + 1]
    return Actor(text=text_span.text, span=(text_span.start_char, text_span.end_char),
                 name=group_name("Civilians", country), type="civilians", country=country,
                 cameo=(country or "") + "CVL")


def group_name(kind: str, country: str | None) -> str:
    """ACLED's name for a generic group: "Civilians (Kenya)", "Protesters (Sudan)"."""
    found = country_by_code(country) if country else None
    return f"{kind} ({found.name})" if found else kind


_STATELESS_TYPES = frozenset({"igo", "ngo", "media"})  # the UN acting in Syria is not Syrian


def with_country(actor: Actor | None, country: str | None) -> Actor | None:
    """The actor, given the document's country when it has none."""
    if actor is None or actor.country or not country or actor.type in _STATELESS_TYPES:
        return actor
    return replace(actor, country=country)


def _subject_is_victim(head: Token) -> bool:
    """ "8 militants killed", "two people died": a harm verb with no object has its victim as subject."""
    if head.pos_ != "VERB":
        return False
    deps = {c.dep_ for c in head.children}
    if head.lemma_.lower() == "die":
        return True
    return not deps & {"dobj", "agent"} and head.tag_ in ("VBN", "VBD") and "nsubj" in deps


def _overlaps(actor: Actor, others: list[Actor | None]) -> bool:
    return any(o is not None and o.span[0] < actor.span[1] and actor.span[0] < o.span[1] for o in others)


@dataclass(frozen=True)
class TriggerSite:
    """Where a trigger sits: its tokens, syntactic head and sentence, and what kind of verb it is."""

    head: int
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    harms_subject: bool = False  # a harm verb (kill, wound, kidnap): an object-less subject is the victim
    transitive: bool = False  # an act done to someone (attack, shell): a later actor may be the target


def _target_phrase_actor(token: Token, country: str | None) -> Actor:
    doc = token.doc
    phrase = doc[token.left_edge.i:token.i + 1]
    return Actor(text=phrase.text, span=(phrase.start_char, phrase.end_char), name=group_name("Civilians", country),
                 type="civilians", country=country, cameo=(country or "") + "CVL")


def find_roles(doc: Doc, site: TriggerSite, index: ActorIndex, lexicon: Lexicon, country: str | None) -> Roles:
    """The roles of one trigger."""
    head = doc[site.head]
    agents, targets, assoc = _arguments(head)
    if site.harms_subject and _subject_is_victim(head):
        targets = [t for t in agents if t.dep_ == "nsubj"] + targets
        agents = [t for t in agents if t.dep_ != "nsubj"]
    if site.harms_subject and head.dep_ in ("acl", "amod") and head.head.pos_ in ("NOUN", "PROPN"):
        targets = [head.head] + targets  # "8 suspected militants killed"
    clause = governing_clause(head)
    if clause is not None:
        clause_agents, clause_targets, clause_assoc = _arguments(clause)
        if not agents:
            agents = [t for t in clause_agents if t.i != head.i]
        if not targets and head.dep_ in ("pobj", "conj", "advcl", "xcomp"):
            targets = [t for t in clause_targets if t.i != head.i]
        assoc += clause_assoc
    roles = Roles()
    for token in agents:
        found = index.actors_of(token)
        if found:
            roles.actor1, roles.assoc_actor1 = found[0], found[1:]
            roles.agent_token = token
            assoc += _backers(token)
            break
    for token in targets:
        found = [a for a in index.actors_of(token) if not _overlaps(a, [roles.actor1])]
        lemma = token.lemma_.lower()
        if found:
            roles.actor2, roles.assoc_actor2 = found[0], found[1:]
            if roles.actor2.type in ("identity_militia", "other") and lemma in lexicon.civilian_nouns:
                roles.actor2 = replace(roles.actor2, type="civilians")  # "the Turkana community"
            break
        civilians = _civilians(token, country, lexicon.civilian_nouns)
        if civilians is not None:
            roles.actor2 = civilians
            roles.victim_token = token
            break
        if lemma in lexicon.civilian_targets:
            roles.actor2 = _target_phrase_actor(token, country)
            roles.thing_target = True
            break
        if lemma in lexicon.armed_targets or lemma in lexicon.armed_person_nouns:
            roles.target_hint = "armed"
            break
    for token in assoc:
        for actor in index.actors_of(token):
            if actor not in (roles.actor1, roles.actor2) and actor not in roles.assoc_actor1:
                roles.assoc_actor1.append(actor)
    # a trigger noun that names its own actor: "protesters", "rioters", "the mob"
    own = index.by_token.get(site.head)
    if roles.actor1 is None and own is not None and not _overlaps(own, [roles.actor2]):
        roles.actor1 = own
    if roles.actor1 is None and not agents:
        roles.actor1 = index.nearest_before(site.start, site.sentence_start, [roles.actor2])
    if roles.actor2 is None and roles.target_hint is None and site.transitive and not targets:
        roles.actor2 = index.nearest_after(site.end, min(site.end + 6, site.sentence_end), [roles.actor1])
    return roles
