"""Finding and typing actors in a parsed document.

Method, in one pass over the tokens plus one over the entities:
1. *cores*: the longest lexicon phrase starting at each token - a named organisation or community
   (case-sensitive) or a role noun (case-insensitive);
2. each core grows leftwards over its pre-modifiers (determiners, adjectives from the lexicon, a
   demonym or country name, a possessive, "X-backed", a named group), and a modifier may change the
   role ("regime forces" -> military, "pro-government militia", "angry residents" -> rioters);
3. spaCy entities that no core covers become actors: a PERSON (typed by a title before it:
   "President X" -> government, "General X" -> state forces), an ORG (typed by its key words), a
   country name that is an agent ("backed by Russia");
4. within the document, country-less generic mentions inherit the single country seen for the same
   role ("the army" after "the Syrian army"), and surnames take the fullest name given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span

from newsevents.contract import Actor
from newsevents.countries import country_by_code
from newsevents.nlp import EntityPattern

from .lexicon import Lexicon, Organisation, Phrase, Role, load_lexicon, tokens_of

CROWD_TYPES = frozenset({"civilians", "protesters", "rioters"})
ARMED_TYPES = frozenset({"state_forces", "rebel_group", "political_militia", "identity_militia",
                         "external_forces"})
# Role nouns that still name an actor when they modify another noun ("police station", "rebel
# positions", "civilian casualties"); "government buildings" or "media reports" do not.
ACTOR_AS_MODIFIER_TYPES = ARMED_TYPES | {"civilians", "rioters", "protesters"}
NOUN_LIKE = frozenset({"NOUN", "PROPN", "ADJ", "X"})
BACKING_WORDS = frozenset({"backed", "led", "allied", "supported", "sponsored", "trained", "aligned",
                           "funded", "affiliated", "linked"})
LEADING_WORDS = frozenset({"led"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those"})
# Roles whose generic mentions may take the document's country for the role (coreference).
COREFERRED_TYPES = frozenset({"state_forces", "government", "political_militia", "identity_militia",
                              "rebel_group", "rioters", "protesters", "civilians"})
MEMBER_WORDS = frozenset({"members", "member", "fighters", "fighter", "militants", "militant",
                          "elements", "operatives", "loyalists", "remnants", "units", "unit", "troops",
                          "soldiers", "forces", "suspects", "suspect", "supporters", "gunmen", "cell",
                          "commander", "commanders", "leader", "leaders", "affiliates", "insurgents",
                          "rebels"})
NON_STATE_ARMED_TYPES = frozenset({"rebel_group", "political_militia", "identity_militia"})
GROUP_GENERIC_NOUNS = frozenset({"militants", "militant", "insurgents", "insurgent", "rebels", "rebel",
                                 "jihadists", "jihadist", "fighters", "extremists", "terrorists",
                                 "islamists"})
UNKNOWN_WORDS = frozenset({"unidentified", "unknown", "suspected", "unnamed", "other", "rival"})
ATTACK_NOUNS = frozenset({"attack", "raid", "assault", "ambush", "incursion", "offensive", "reprisal"})
GROUP_WORDS = frozenset({"clan", "clans", "subclan", "subclans", "sub", "community", "communities",
                         "tribe", "tribes"})
COMMUNITY_TAIL = frozenset({"community", "communities", "clan", "clans", "sub", "-", "subclan",
                            "sub-clan", "tribe", "tribes", "group", "ethnic", "members"})
MILITARY_TITLES = frozenset({"general", "gen", "gen.", "lt", "lt.", "lieutenant", "colonel", "col",
                             "col.", "major", "maj.", "brigadier", "brig.", "captain", "capt",
                             "capt.", "sergeant", "sgt", "sgt.", "commander", "cmdr", "marshal",
                             "admiral", "corporal", "cpl", "cpl.", "lt-gen", "maj-gen"})
POLICE_TITLES = frozenset({"inspector", "superintendent", "constable", "ocpd", "ocs", "corporal"})
PERSON_TITLES = MILITARY_TITLES | POLICE_TITLES
AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "conj", "appos", "ROOT"})
AGENT_PREPOSITIONS = frozenset({"by", "against", "with", "between"})

# Key words that type an unknown ORG entity, checked in this order (first match wins).
ORG_KEYWORDS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), actor_type, cameo) for pattern, actor_type, cameo in (
        (r"\b(news|times|tv|radio|television|post|press|daily|tribune|herald|media|newspaper|"
         r"broadcasting|gazette|journal|agency news|online)\b", "media", "MED"),
        (r"\b(liberation|rebels?|revolutionary|resistance|insurgents?|mujahideen|jihad|"
         r"brigades?|battalions?)\b", "rebel_group", "REB"),
        (r"\bmilitias?\b", "political_militia", "UAF"),
        (r"\bpolice\b", "state_forces", "COP"),
        (r"\b(army|armed forces|defen[cs]e forces?|military|navy|air force|guard|gendarmerie)\b",
         "state_forces", "MIL"),
        (r"\b(united nations|un|unhcr|unicef)\b", "igo", "IGO"),
        (r"\b(red cross|red crescent|foundation|watch|human rights|rights|relief|aid|ngo|"
         r"charity|international committee)\b", "ngo", "NGO"),
        (r"\b(ministry|government|council|commission|parliament|senate|office|department|"
         r"authority|court|cabinet|presidency|directorate)\b", "government", "GOV"),
    )
)


@dataclass
class _Mention:
    """An actor mention under construction: token range plus what it denotes."""

    start: int
    end: int
    kind: str  # role, org, community, person, entity, country
    role: str | None = None
    organisation: Organisation | None = None
    community: tuple[str, str] | None = None
    country: str | None = None
    country_fixed: bool = False  # country stated or deliberately unknown ("Iranian-backed")
    name: str | None = None  # persons and entities
    type: str | None = None  # persons and entities
    cameo: str | None = None  # persons and entities


@dataclass(frozen=True)
class _FirstTokens:
    """Per table, the longest phrase starting with a given token: keeps lookups to likely starts."""

    organisations: dict[str, int]
    communities: dict[str, int]
    roles: dict[str, int]
    cased_starts: frozenset[str]

    @staticmethod
    def _index(phrases: Sequence[Phrase]) -> dict[str, int]:
        index: dict[str, int] = {}
        for phrase in phrases:
            index[phrase[0]] = max(index.get(phrase[0], 0), len(phrase))
        return index

    @classmethod
    def of(cls, lexicon: Lexicon) -> _FirstTokens:
        organisations = cls._index(list(lexicon.org_phrases))
        communities = cls._index(list(lexicon.communities))
        return cls(organisations, communities, cls._index(list(lexicon.role_phrases)),
                   frozenset(organisations) | frozenset(communities))


_WORDS_KEY = "newsevents.actors.words"


def _words(doc: Doc) -> tuple[list[str], list[str]]:
    """The tokens' texts and lower-cased texts, built once per document (Token objects are costly)."""
    cached = doc.user_data.get(_WORDS_KEY)
    if cached is None or len(cached[0]) != len(doc):
        strings = doc.vocab.strings
        ids = doc.to_array([ORTH, LOWER]).tolist() if len(doc) else []
        cached = doc.user_data[_WORDS_KEY] = ([strings[o] for o, _ in ids], [strings[w] for _, w in ids])
    return cached


def _country_name(iso3: str | None) -> str | None:
    country = country_by_code(iso3) if iso3 else None
    return country.name if country else None


def _capitalised(text: str) -> bool:
    return text[:1].isupper()


class ActorRecognizer:
    """Recognises actors (who) in a parsed document with a readable, user-extensible lexicon."""

    def __init__(self, extra_lexicons: Sequence[str | os.PathLike] = ()):
        self.lexicon = load_lexicon(extra_lexicons)
        self._first = _FirstTokens.of(self.lexicon)

    # ---------------------------------------------------------------- public API
    def entity_patterns(self) -> list[EntityPattern]:
        """Multi-word organisation (ORG) and community (NORP) names for the nlp entity ruler."""
        patterns = [EntityPattern("ORG", alias) for alias in self.lexicon.org_aliases
                    if len(tokens_of(alias)) > 1 and not alias.islower()]
        patterns += [EntityPattern("NORP", name) for name, _ in self.lexicon.communities.values()
                     if " " in name]
        return sorted(set(patterns), key=lambda p: (p.label, p.text))

    def recognise(self, doc: Doc) -> list[Actor]:
        """Every actor mention in `doc`, in text order."""
        cores = self._find_cores(doc)
        mentions = self._grow_cores(doc, cores)
        covered = [False] * len(doc)
        for mention in mentions:
            covered[mention.start:mention.end] = [True] * (mention.end - mention.start)
        mentions += self._entity_mentions(doc, covered, mentions)
        mentions += _surname_mentions(doc, mentions)
        mentions.sort(key=lambda m: m.start)
        _apply_parenthetical_appositions(doc, mentions)
        self._resolve_named_group(doc, mentions)
        self._resolve_countries(mentions)
        text = doc.text  # built on each access: take it once
        actors = [self._to_actor(doc, text, m) for m in mentions]
        return _unify_person_names(actors, mentions)

    def for_event(self, actor: Actor, event_country: str | None, event_type: str | None = None) -> Actor:
        """The actor as coded in one event (ACLED): a generic actor takes the event's country when
        the text gave none, civilians and other non-armed participants of a protest or riot become
        protesters or rioters, and state forces acting outside their own country become external
        forces. Call it on the actors of protest or riot events that stand for the crowd."""
        role = self._role_of(actor)
        crowd = actor.type in CROWD_TYPES or actor.type == "other"  # a group or person in the crowd
        if crowd and event_type in ("Protests", "Riots"):  # ACLED: whoever protests is "Protesters"
            role = self.lexicon.roles["protesters" if event_type == "Protests" else "rioters"]
        if role is not None:
            country = actor.country or event_country
            actor = replace(actor, type=role.type, country=country,
                            name=role.name_for(_country_name(country)), cameo=role.cameo_for(country))
        if actor.type == "state_forces" and actor.country and event_country and actor.country != event_country:
            actor = replace(actor, type="external_forces")
        return actor

    def _role_of(self, actor: Actor) -> Role | None:
        """The generic role an actor was named from, if it was (names are the role's templates)."""
        if actor.country is None:
            return self.lexicon.role_by_unknown_name(actor.name)
        country_name = _country_name(actor.country)
        return next((r for r in self.lexicon.roles.values()
                     if "{country}" in r.name and r.name_for(country_name) == actor.name), None)

    # ---------------------------------------------------------------- 1. cores
    def _find_cores(self, doc: Doc) -> list[_Mention]:
        orth, lower = _words(doc)
        cased_starts, lower_starts = self._first.cased_starts, self._first.roles
        cores: list[_Mention] = []
        i = 0
        while i < len(doc):
            if lower[i] in GROUP_WORDS:
                unknown = _unknown_communities(doc, orth, lower, i, cores[-1].end if cores else 0)
                if unknown:
                    cores.extend(unknown)
                    i = unknown[-1].end
                    continue
            if orth[i] not in cased_starts and lower[i] not in lower_starts:
                i += 1
                continue
            core = self._core_at(orth, lower, i)
            if core is None or not self._plausible(doc, core):
                i += 1
                continue
            cores.append(core)
            i = core.end
        return cores

    def _core_at(self, orth: list[str], lower: list[str], i: int) -> _Mention | None:
        lexicon, first, n = self.lexicon, self._first, len(orth)
        word = orth[i]
        best: _Mention | None = None
        for length in range(min(first.organisations.get(word, 0), n - i), 0, -1):
            name = lexicon.org_phrases.get(tuple(orth[i:i + length]))
            if name:
                end = i + length
                if end < n and lower[end] in MEMBER_WORDS and (lower[end],) not in lexicon.role_phrases:
                    end += 1  # "ISWAP commanders", "Taliban elements"
                best = _Mention(i, end, "org", organisation=lexicon.organisations[name])
                break
        for length in range(min(first.communities.get(orth[i], 0), n - i), 0, -1):
            community = lexicon.communities.get(tuple(orth[i:i + length]))
            if community and (best is None or i + length > best.end):
                end = i + length
                while end < n and lower[end] in COMMUNITY_TAIL:
                    end += 1
                best = _Mention(i, end, "community", community=community)
                break
        for length in range(min(first.roles.get(lower[i], 0), n - i), 0, -1):
            role = lexicon.role_phrases.get(tuple(lower[i:i + length]))
            if role and (best is None or i + length > best.end):
                best = _Mention(i, i + length, "role", role=role)
                break
        return best

    def _plausible(self, doc: Doc, core: _Mention) -> bool:
        """Role nouns must be nouns here ("to man a checkpoint", "police the streets" are not)."""
        if core.kind != "role":
            return True
        head = doc[core.end - 1]
        if head.pos_ not in NOUN_LIKE:
            return False
        role = self.lexicon.roles[core.role or ""]
        if head.dep_ in ("compound", "amod", "nmod") and role.type not in ACTOR_AS_MODIFIER_TYPES \
                and head.head.ent_type_ != "PERSON":  # "President Ruto" is a title, kept
            return False
        if core.start > 0 and head.lower_ in ("men", "man") and doc[core.start - 1].lower_ in ("his", "their", "its"):
            return False  # "his men" are the commander's forces, not civilians
        return not (core.end - core.start == 1 and head.text.isupper() and len(head.text) > 1
                    and head.lower_ not in ("mps", "ngos", "idps", "ngo"))

    # ---------------------------------------------------------------- 2. modifiers
    def _grow_cores(self, doc: Doc, cores: list[_Mention]) -> list[_Mention]:
        """Extend cores leftwards over their modifiers, right to left so a core may absorb the
        core before it ("government" + "troops")."""
        by_end = {core.end: core for core in cores}
        starts = {token: core for core in cores for token in range(core.start + 1, core.end)}
        absorbed: set[int] = set()
        grown: list[_Mention] = []
        for core in reversed(cores):
            if id(core) in absorbed:
                continue
            if core.kind == "community" and not self._community_is_actor(doc, core, by_end):
                continue
            for eaten in self._grow(doc, core, by_end, starts):
                absorbed.add(id(eaten))
            grown.append(core)
        grown.reverse()
        return [m for m in grown if id(m) not in absorbed]

    def _community_is_actor(self, doc: Doc, core: _Mention, by_end: dict[int, _Mention]) -> bool:
        """A bare community name is an actor only as a group tail ("Pokot community"), in a
        pairing ("Pokot and Turkana raiders") or as a subject ("Pokot attacked")."""
        name, _ = core.community or ("", "")
        if core.end - core.start > len(name.split()):
            return True
        following = doc[core.end:core.end + 2]
        if len(following) == 2 and following[0].lower_ in ("and", ",", "&"):
            return True
        if core.start >= 2 and doc[core.start - 1].lower_ in ("and", ",", "&") \
                and by_end.get(core.start - 1) is not None:
            return True
        token = doc[core.end - 1]
        if token.dep_ in ("compound", "amod", "nmod") and token.head.lemma_.lower() in ATTACK_NOUNS:
            return True  # "a Pokot raid", "Pokot attack on ..."
        return token.dep_ in ("nsubj", "nsubjpass") or (token.ent_type_ == "NORP" and _is_agent(token))

    def _grow(self, doc: Doc, core: _Mention, by_end: dict[int, _Mention],
              inside: dict[int, _Mention]) -> list[_Mention]:
        """Grow `core` leftwards in place ("the Mozambican armed forces", then "members of" it, then
        "suspected members of" it); returns the other cores it swallowed."""
        eaten = self._grow_modifiers(doc, core, by_end, inside, adjacent_first=True)
        members = self._members_of(doc, core, by_end)
        if members is not None:
            eaten.append(members)
            core.start = members.start
            eaten += self._grow_modifiers(doc, core, by_end, inside, adjacent_first=False)
        return eaten

    def _grow_modifiers(self, doc: Doc, core: _Mention, by_end: dict[int, _Mention],
                        inside: dict[int, _Mention], adjacent_first: bool) -> list[_Mention]:
        eaten: list[_Mention] = []
        head_start = core.start if adjacent_first else -1
        for _ in range(8):
            step = self._modifier_before(doc, core, by_end, inside, adjacent=core.start == head_start)
            if step is None:
                break
            new_start, swallowed = step
            core.start = new_start
            if swallowed is not None:
                eaten.append(swallowed)
            if doc[new_start].lower_ in DETERMINERS:  # "the" opens the noun phrase: stop there
                break
        return eaten

    def _members_of(self, doc: Doc, core: _Mention, by_end: dict[int, _Mention]) -> _Mention | None:
        """ "members of Al Shabaab", "fighters from the Pokot community", "members of the security
        forces": the group is the actor."""
        if core.kind == "role" and self.lexicon.roles[core.role or ""].type not in ARMED_TYPES:
            return None
        j = core.start
        if j > 0 and doc[j - 1].lower_ in ("the", "a"):
            j -= 1
        if j < 2 or doc[j - 1].lower_ not in ("of", "from"):
            return None
        before = by_end.get(j - 1)
        if before is not None and before.kind == "role" and doc[j - 2].lower_ in MEMBER_WORDS:
            return before
        if doc[j - 2].lower_ in MEMBER_WORDS:
            return _Mention(j - 2, j - 1, "word")
        return None

    def _modifier_before(self, doc: Doc, core: _Mention, by_end: dict[int, _Mention],
                         inside: dict[int, _Mention], adjacent: bool) -> tuple[int, _Mention | None] | None:
        """One modifier immediately before `core` (new start, swallowed core), else None."""
        j = core.start
        if j == 0:
            return None
        previous = doc[j - 1]
        if previous.lower_ in ("'s", "'") and j >= 2:
            return self._possessor(doc, core, j - 1, by_end)
        if previous.lower_ in BACKING_WORDS and j >= 3 and doc[j - 2].text == "-":
            return self._backer(doc, core, j - 2, by_end)
        left = by_end.get(j)
        if left is not None and not adjacent:
            return None  # "the Nusra Front | Syrian troops": two actors side by side
        if left is not None and left.kind in ("org", "community"):
            self._take_over(doc, core, left)
            return left.start, left
        if left is not None and left.kind == "role" and core.kind == "role" and self._is_member_noun(doc, core) \
                and self.lexicon.roles[left.role or ""].type in ARMED_TYPES:
            core.role = left.role  # "militia fighters", "rebel fighters", "army soldiers"
            core.country = core.country or left.country
            return left.start, left
        country = self._country_ending_at(doc, j)
        if country is not None:
            iso3, start = country
            if not core.country_fixed:
                core.country, core.country_fixed = iso3, True
            swallowed = by_end.get(j) if by_end.get(j) is not None and by_end[j].start >= start else None
            return start, swallowed
        found = self._lexical_modifier(doc, core, j, by_end, inside)
        if found is None and adjacent and core.kind == "role" and by_end.get(j) is None:
            found = self._group_adjective(doc, core, j)
        return found

    def _group_adjective(self, doc: Doc, core: _Mention, j: int) -> tuple[int, None] | None:
        """ "Kurdish forces", "Kokang rebels": a people or place adjective that is no country's
        demonym is part of the mention, and the forces are not the state's (no coreference)."""
        token = doc[j - 1]
        if not (_capitalised(token.text) and (token.ent_type_ or token.pos_ == "PROPN")
                and token.dep_ in ("compound", "amod", "nmod")):
            return None
        if self.lexicon.roles[core.role or ""].type not in ARMED_TYPES:
            return None
        core.country_fixed = True
        start = j - 1
        while start > 0 and doc[start].ent_iob_ == "I" and _capitalised(doc[start - 1].text):
            start -= 1
        return start, None

    def _lexical_modifier(self, doc: Doc, core: _Mention, j: int, by_end: dict[int, _Mention],
                          inside: dict[int, _Mention]) -> tuple[int, _Mention | None] | None:
        """A lexicon modifier ("unidentified", "regime", "pro-government") ending before token j."""
        lower = _words(doc)[1]
        for length in range(min(3, j), 0, -1):
            start = j - length
            if start in inside:  # would cut a longer phrase in two
                continue
            modifiers = self.lexicon.modifiers.get(tuple(lower[start:j]))
            swallowed = by_end.get(j)
            if not modifiers or (swallowed is not None and swallowed.start != start):
                continue
            if core.kind == "role":
                for modifier in modifiers:
                    if modifier.applies_to(core.role or "") and core.role in modifier.becomes:
                        core.role = modifier.becomes[core.role]
                        break
            return start, swallowed
        return None

    def _possessor(self, doc: Doc, core: _Mention, possessive: int,
                   by_end: dict[int, _Mention]) -> tuple[int, _Mention | None] | None:
        """ "Kenya's police" (country), "Hezbollah's fighters" (group), "Assad's forces"."""
        country = self._country_ending_at(doc, possessive)
        if country is not None:
            if not core.country_fixed:
                core.country, core.country_fixed = country[0], True
            return country[1], None
        left = by_end.get(possessive)
        if left is not None and left.kind in ("org", "community"):
            self._take_over(doc, core, left)
            return left.start, left
        owner = doc[possessive - 1]
        if owner.ent_type_ in ("PERSON", "ORG") and core.kind == "role":
            start = possessive - 1
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            return start, None
        return None

    def _backer(self, doc: Doc, core: _Mention, hyphen: int,
                by_end: dict[int, _Mention]) -> tuple[int, _Mention | None] | None:
        """ "Iranian-backed militias" are not Iran's; a "Saudi-led coalition" is Saudi Arabia's."""
        country = self._country_ending_at(doc, hyphen)
        leads = doc[hyphen + 1].lower_ in LEADING_WORDS and core.kind == "role" \
            and self.lexicon.roles[core.role or ""].type == "external_forces"
        if country is not None:
            core.country_fixed = True
            core.country = country[0] if leads else core.country
            return country[1], None
        left = by_end.get(hyphen)
        if left is not None:
            core.country_fixed = True
            return left.start, left
        if doc[hyphen - 1].pos_ in ("PROPN", "ADJ", "NOUN"):
            return hyphen - 1, None
        return None

    @staticmethod
    def _is_member_noun(doc: Doc, core: _Mention) -> bool:
        return core.end - core.start == 1 and doc[core.start].lower_ in MEMBER_WORDS | {"men", "personnel"}

    def _take_over(self, doc: Doc, core: _Mention, group: _Mention) -> None:
        """A named group before a role noun: "Al Shabaab militants" and "KVG members" are the group,
        "Fulani herdsmen" the Fulani militia; unarmed roles keep the role ("ODM supporters", "Tiv
        farmers", with the community's country)."""
        role_type = self.lexicon.roles[core.role].type if core.kind == "role" and core.role else None
        armed_group = group.kind == "community" or (
            group.organisation is not None and group.organisation.type in ARMED_TYPES)
        members = core.kind == "role" and core.end - core.start == 1 \
            and doc[core.start].lower_ in (MEMBER_WORDS | {"men", "man"}) - {"supporters"}
        if core.kind == "role" and role_type not in ARMED_TYPES | {"rioters"} and not (armed_group and members):
            if group.kind == "community":
                core.country = core.country or (group.community or ("", ""))[1] or None
            return
        organisation = group.organisation
        if organisation is not None and organisation.type == "igo" and role_type in ARMED_TYPES:
            organisation = replace(organisation, type="external_forces")  # "UN peacekeepers"
        core.kind, core.organisation, core.community = group.kind, organisation, group.community

    def _country_ending_at(self, doc: Doc, end: int) -> tuple[str, int] | None:
        """A demonym or country name (capitalised) ending just before token `end`."""
        orth, lower = _words(doc)
        for length in range(min(4, end), 0, -1):
            start = end - length
            if not _capitalised(orth[start]):
                continue
            key = tuple(lower[start:end])
            iso3 = self.lexicon.demonyms.get(key) or self.lexicon.country_names.get(key)
            if iso3 and (key != ("us",) or orth[start] == "US"):
                return iso3, start
        return None

    # ---------------------------------------------------------------- 3. entities
    def _entity_mentions(self, doc: Doc, covered: list[bool], mentions: list[_Mention]) -> list[_Mention]:
        by_end = {m.end: m for m in mentions}
        found: list[_Mention] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON" and self._title_person(doc, ent, by_end):
                continue
            if any(covered[ent.start:ent.end]):
                continue
            mention: _Mention | None = None
            if ent.label_ == "PERSON":
                mention = self._person(doc, ent)
            elif ent.label_ == "ORG":
                mention = self._organisation_entity(ent)
            elif ent.label_ == "NORP":
                mention = self._people_of(ent)
            elif ent.label_ == "GPE":
                mention = self._country_as_actor(ent)
            if mention is not None:
                found.append(mention)
        return found

    def _person(self, doc: Doc, ent: Span) -> _Mention | None:
        """A PERSON entity, typed by a rank before or at the start of it ("Gen.", "Inspector")."""
        start, end = ent.start, ent.end
        if doc[end - 1].lower_ in ("'s", "'"):
            end -= 1
        if end <= start:
            return None
        name_start = start
        while name_start < end - 1 and doc[name_start].lower_ in PERSON_TITLES:
            name_start += 1
        title = doc[name_start - 1].lower_ if name_start > start else (
            doc[start - 1].lower_ if start > 0 else "")
        if name_start == start and title in PERSON_TITLES:
            start -= 1
        actor_type, cameo = "other", None
        if title in POLICE_TITLES:
            actor_type, cameo = "state_forces", "COP"
        elif title in MILITARY_TITLES:
            actor_type, cameo = "state_forces", "MIL"
        name = doc[name_start:end].text
        return _Mention(start, end, "person", name=name, type=actor_type, cameo=cameo)

    def _title_person(self, doc: Doc, ent: Span, by_end: dict[int, _Mention]) -> bool:
        """ "President Uhuru Kenyatta": the titled role and the name are one government actor."""
        name_end = ent.end - 1 if doc[ent.end - 1].lower_ in ("'s", "'") else ent.end
        for title_end in range(ent.start, name_end):  # a title just before or inside the entity
            mention = by_end.get(title_end)
            if mention is None or mention.kind != "role":
                continue
            role = self.lexicon.roles[mention.role or ""]
            if role.type not in ("government", "state_forces", "rebel_group", "other"):
                continue
            mention.kind, mention.name, mention.type = "person", doc[title_end:name_end].text, role.type
            mention.cameo, mention.end = role.cameo_for(mention.country), name_end
            return True
        return False

    def _organisation_entity(self, ent: Span) -> _Mention | None:
        text = ent.text
        for pattern, actor_type, cameo in ORG_KEYWORDS:
            if pattern.search(text):
                break
        else:
            actor_type, cameo = "other", None
        iso3 = next((self.lexicon.demonyms.get((t.lower_,)) or self.lexicon.country_names.get((t.lower_,))
                     for t in ent if _capitalised(t.text)
                     and ((t.lower_,) in self.lexicon.demonyms or (t.lower_,) in self.lexicon.country_names)),
                    None)
        if actor_type == "other" and not _is_agent(ent.root):
            return None  # the small NER calls many towns ORG: keep only unknown ORGs that act
        name = text[4:] if text.lower().startswith("the ") else text
        if actor_type == "state_forces" and iso3:
            role = self.lexicon.roles["police" if cameo == "COP" else "military"]
            name = role.name_for(_country_name(iso3))
        return _Mention(ent.start, ent.end, "entity", name=name, type=actor_type,
                        cameo=f"{iso3 or ''}{cameo}" if cameo else iso3, country=iso3, country_fixed=True)

    def _people_of(self, ent: Span) -> _Mention | None:
        """ "Palestinians", "Somalis" as a group of people: civilians of that country."""
        root = ent.root
        if not (root.tag_ in ("NNPS", "NNS") or root.text.endswith("s")) or len(ent) > 3:
            return None
        singular = root.lower_[:-1] if root.lower_.endswith("s") else root.lower_
        iso3 = self.lexicon.demonyms.get((singular,))
        if iso3 is None or root.dep_ not in AGENT_DEPS | {"pobj"}:
            return None
        return _Mention(ent.start, ent.end, "role", role="civilians", country=iso3, country_fixed=True)

    def _country_as_actor(self, ent: Span) -> _Mention | None:
        """ "Russia" in "backed by Russia" or "Russia launched": the state as an actor."""
        iso3 = self.lexicon.country_names.get(tuple(t.lower_ for t in ent if t.lower_ != "the"))
        root = ent.root
        if iso3 is None:
            return None
        if not _is_agent(root):
            return None
        return _Mention(ent.start, ent.end, "country", name=f"Government of {_country_name(iso3)}",
                        type="government", cameo=iso3, country=iso3, country_fixed=True)

    # ---------------------------------------------------------------- 4. document level
    def _resolve_named_group(self, doc: Doc, mentions: list[_Mention]) -> None:
        """ "Al Shabaab attacked ... the militants fled": when an article names exactly one non-state
        armed group, its generic "militants", "insurgents", "rebels" are that group (unless said to
        be unidentified)."""
        groups = {m.organisation.name: m.organisation for m in mentions if m.kind == "org" and m.organisation
                  and m.organisation.type in NON_STATE_ARMED_TYPES}
        if len(groups) != 1:
            return
        (group,) = groups.values()
        for mention in mentions:
            if mention.kind != "role" or doc[mention.end - 1].lower_ not in GROUP_GENERIC_NOUNS:
                continue
            if any(t.lower_ in UNKNOWN_WORDS for t in doc[mention.start:mention.end]):
                continue
            mention.kind, mention.organisation = "org", group

    def _resolve_countries(self, mentions: list[_Mention]) -> None:
        """Coreference of generic mentions: "the army" takes the one country that the document gives
        its army; state forces fall back on the one state whose government or army is named (not the
        other way round: foreign troops are common, a foreign government called "the government" is not)."""
        by_role: dict[str, set[str]] = {}
        by_type: dict[str, set[str]] = {}
        for mention in mentions:
            org = mention.organisation
            if mention.kind == "org" and org is not None and org.country:
                by_type.setdefault(org.type, set()).add(org.country)
            elif mention.kind == "role" and mention.country:
                by_role.setdefault(mention.role or "", set()).add(mention.country)
                by_type.setdefault(self.lexicon.roles[mention.role or ""].type, set()).add(mention.country)
        state_side = by_type.get("state_forces", set()) | by_type.get("government", set())
        for mention in mentions:
            if mention.kind != "role" or mention.country or mention.country_fixed:
                continue
            role_type = self.lexicon.roles[mention.role or ""].type
            if role_type not in COREFERRED_TYPES:
                continue
            countries = by_role.get(mention.role or "") or by_type.get(role_type, set())
            if not countries and (role_type == "state_forces" or mention.role == "pro_government_militia"):
                countries = state_side
            if len(countries) == 1:
                mention.country = next(iter(countries))

    def _to_actor(self, doc: Doc, text: str, mention: _Mention) -> Actor:
        span = doc[mention.start:mention.end]
        start, end = span.start_char, span.end_char
        if mention.kind == "org" and mention.organisation is not None:
            org = mention.organisation
            return Actor(text[start:end], (start, end), org.name, org.type, org.country, org.cameo)
        if mention.kind == "community" and mention.community is not None:
            community, iso3 = mention.community
            country_name = _country_name(iso3)
            name = f"{community} Ethnic Militia" + (f" ({country_name})" if country_name else "")
            return Actor(text[start:end], (start, end), name, "identity_militia", iso3 or None, f"{iso3}UAF")
        if mention.kind == "role" and mention.role is not None:
            role: Role = self.lexicon.roles[mention.role]
            return Actor(text[start:end], (start, end), role.name_for(_country_name(mention.country)),
                         role.type, mention.country, role.cameo_for(mention.country))
        return Actor(text[start:end], (start, end), mention.name or span.text,
                     mention.type or "other", mention.country, mention.cameo)


def _proper_name_before(doc: Doc, orth: list[str], lower: list[str], end: int, free_from: int) -> int:
    """Start of the run of (at most four) capitalised proper-name tokens ending at `end`."""
    start = end
    while start > free_from and end - start < 4 and (_capitalised(orth[start - 1]) or orth[start - 1] in ("/", "-")) \
            and doc[start - 1].pos_ in ("PROPN", "PUNCT", "ADJ") and lower[start - 1] not in ("the", "a"):
        start -= 1
    while start < end and not _capitalised(orth[start]):
        start += 1
    return start


def _unknown_communities(doc: Doc, orth: list[str], lower: list[str], i: int, free_from: int) -> list[_Mention]:
    """ "the Ugar Saleban sub-clan", "the Sabeh and Jamainiya clans": proper names before a clan or
    community word name ethnic groups the lexicon does not know (identity militias, no country)."""
    end = i + 1
    if lower[i] == "sub":  # "sub-clan" is three tokens
        if not (i + 2 < len(lower) and lower[i + 1] == "-" and lower[i + 2] in ("clan", "clans")):
            return []
        end = i + 3
    start = _proper_name_before(doc, orth, lower, i, free_from)
    if start == i:
        return []
    found = [_Mention(start, end, "community", community=(doc[start:i].text, ""))]
    if start - 2 >= free_from and lower[start - 1] in ("and", "&", ","):
        first = _proper_name_before(doc, orth, lower, start - 1, free_from)
        if first < start - 1:
            found.insert(0, _Mention(first, start - 1, "community", community=(doc[first:start - 1].text, "")))
    return found


def _apply_parenthetical_appositions(doc: Doc, mentions: list[_Mention]) -> None:
    """ "gunmen (pastoralists)", "militiamen (coded as Darfur communal militia)": an actor in
    brackets right after a generic mention says who that mention is."""
    for first, second in zip(mentions, mentions[1:]):
        if first.kind != "role" or first.end >= len(doc) or doc[first.end].text != "(":
            continue
        if second.start - first.end > 4:
            continue
        close = second.end < len(doc) and doc[second.end].text == ")"
        if close:
            first.kind, first.role, first.organisation, first.community = (
                second.kind, second.role, second.organisation, second.community)
            first.name, first.type, first.cameo = second.name, second.type, second.cameo
            first.country = first.country or second.country


def _surname_mentions(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Later mentions by surname alone ("Kenyatta") that the NER missed."""
    surnames = {m.name.split()[-1]: m for m in mentions if m.kind == "person" and m.name and " " in m.name}
    if not surnames:
        return []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found: list[_Mention] = []
    for i, word in enumerate(_words(doc)[0]):
        if word in surnames and i not in taken and doc[i].pos_ == "PROPN":
            found.append(_Mention(i, i + 1, "person", name=word, type="other"))
    return found


def _is_agent(token) -> bool:
    """Subject, object or "by/against/with" object: a participant rather than a place or modifier."""
    dep, head = token.dep_, token.head
    if dep == "conj":
        dep, head = head.dep_, head.head
    return dep in ("nsubj", "nsubjpass", "dobj", "agent") or (
        dep == "pobj" and head.lower_ in AGENT_PREPOSITIONS)


def _unify_person_names(actors: list[Actor], mentions: list[_Mention]) -> list[Actor]:
    """ "Kenyatta" after "Uhuru Kenyatta": a person is named by the fullest name the article gives."""
    full = {a.name: a for a, m in zip(actors, mentions) if m.kind == "person" and " " in a.name}
    if not full:
        return actors
    unified: list[Actor] = []
    for actor, mention in zip(actors, mentions):
        if mention.kind == "person":
            longer = [a for n, a in full.items() if len(n) > len(actor.name)
                      and n.split()[-1] == actor.name.split()[-1]]
            if longer:
                fullest = max(longer, key=lambda a: len(a.name))
                actor = replace(actor, name=fullest.name)
                if actor.type == "other":
                    actor = replace(actor, type=fullest.type, country=fullest.country, cameo=fullest.cameo)
        unified.append(actor)
    return unified
