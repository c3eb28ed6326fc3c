"""Trigger detection: lexicon words and phrases in the parse, with negation, modality and hedging.

A mention is one trigger occurrence. `realised` is False when the grammar says the event did not
(or not yet) happen: negated ("did not attack"), modal or future ("may have used", "will march"),
conditional ("if they attack"), or the complement of a verb of intention, failure, threat or denial
("failed to retake", "threatened to strike", "denied attacking", "called for protests").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import EventClass, Lexicon, Phrase

# Entities whose words are names, not event words ("Rally for Democracy", "Strike Force Ltd").
_NAME_ENTITIES = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT"})
_NUMBER_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# How a complement hangs from the verb that governs it ("failed [to retake]", "threat [of attack]").
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "dobj", "acl", "prep", "nsubjpass"})
_COMPLEMENT_PREPS = frozenset({"for", "of", "to", "about", "against", "on", "over"})
_SUPPORT_LEMMAS = frozenset({"back", "support", "assist", "aid", "help", "cover", "support"})
_ENDINGS = frozenset({"end", "stop", "halt"})
_SETTING_PREPS = frozenset({"at", "on", "during", "into", "in"})
_CAUSE_MARKS = frozenset({"after", "following", "because", "since", "over", "against", "as"})
_HEDGE_ADVERBS = frozenset({"allegedly", "reportedly", "apparently", "purportedly", "possibly", "presumably"})
_NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "noone"})
_VERB_POS = frozenset({"VERB", "AUX"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})


@dataclass
class Mention:
    """One trigger occurrence in the text."""

    event_class: EventClass
    start: int  # first token
    end: int  # token after the last
    head: int  # the trigger's syntactic head token
    sentence: int  # index of its sentence in the doc
    lemma: str  # the head's lemma, lower-cased
    realised: bool = True
    negated: bool = False
    hedged: bool = False
    background: bool = False  # the cause or context of another event ("protest over the killing")

    @property
    def family(self) -> str:
        return self.event_class.family

    @property
    def rank(self) -> int:
        return self.event_class.rank


def _norm(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


def _is_excluded(token: Token) -> bool:
    if token.ent_type_ in _NUMBER_ENTITIES or token.like_num:
        return True
    return token.ent_type_ in _NAME_ENTITIES and token.is_title and not token.is_sent_start


def _match_phrase(doc: Doc, i: int, phrase: Phrase) -> bool:
    if i + len(phrase.words) > len(doc):
        return False
    first = doc[i]
    if first.pos_ == "NOUN" and any(c.dep_ == "det" for c in first.children) and doc[i + 1].pos_ == "ADP":
        return False  # "a fire on the campus" is not "fire on"
    for offset, word in enumerate(phrase.words):
        token = doc[i + offset]
        if word not in _norm(token):
            return False
    return True


def _single_class(token: Token, lexicon: Lexicon) -> str | None:
    lower, lemma = _norm(token)
    if token.pos_ in _VERB_POS and lemma in lexicon.verbs:
        return lexicon.verbs[lemma]
    if token.pos_ in _VERB_POS and lower in lexicon.verb_forms:
        return lexicon.verb_forms[lower]
    if token.pos_ in _NOUN_POS and lemma in lexicon.nouns:
        return lexicon.nouns[lemma]
    if lemma in lexicon.words or lower in lexicon.words:
        return lexicon.words.get(lemma) or lexicon.words[lower]
    # the tagger sometimes mislabels: fall back on regular inflections of the surface form
    if token.pos_ not in _VERB_POS | _NOUN_POS and token.is_alpha:
        for stem in (lower[:-2], lower[:-1]) if lower.endswith("ed") else ():
            if stem in lexicon.verbs:
                return lexicon.verbs[stem]
        for stem in (lower, lower[:-1] if lower.endswith("s") else lower):
            if stem in lexicon.nouns:
                return lexicon.nouns[stem]
    if token.pos_ in _NOUN_POS and lower.endswith("s") and lower[:-1] in lexicon.nouns:
        return lexicon.nouns[lower[:-1]]
    return None


def _span_head(doc: Doc, start: int, end: int) -> int:
    """The token of a phrase whose head lies outside it ("strikes" in "air strikes")."""
    for i in range(start, end):
        if not start <= doc[i].head.i < end or doc[i].head.i == i:
            return i
    return end - 1


def _is_negated(head: Token, lexicon: Lexicon) -> bool:
    """ "did not attack", "never clashed", "no clashes", "nobody was killed"."""
    for child in head.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("det", "advmod") and child.lower_ in lexicon.negators:
            return True
        if child.dep_ in ("nsubjpass", "nsubj") and (
            child.lower_ in _NEGATIVE_SUBJECTS
            or any(c.dep_ == "det" and c.lower_ == "no" for c in child.children)
        ):
            return True
    return False


def _governing_lemmas(head: Token, depth: int = 4) -> list[tuple[str, Token]]:
    """The words a trigger is the complement of, nearest first ("failed" in "failed to retake")."""
    found: list[tuple[str, Token]] = []
    token = head
    for _ in range(depth):
        if token.dep_ not in _COMPLEMENT_DEPS or token.head.i == token.i:
            break
        if token.dep_ == "prep" and token.lower_ not in _COMPLEMENT_PREPS:
            break
        if token.dep_ == "pobj" and token.head.lower_ not in _COMPLEMENT_PREPS:
            break
        token = token.head
        if token.pos_ != "ADP":
            found.append((token.lemma_.lower(), token))
    return found


def _is_support(head: Token) -> bool:
    """A trigger in a "backed by", "supported by", "with the help of" phrase."""
    token = head
    for _ in range(4):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.lemma_.lower() in _SUPPORT_LEMMAS:
            return True
        if token.pos_ in _VERB_POS and token.dep_ not in ("acl", "advcl"):
            return False
    return False


def _is_cause_of_protest(head: Token, lexicon: Lexicon) -> bool:
    """ "protested after a man was killed", "marched following the killing of": the cause, not the event."""
    token = head
    for _ in range(3):
        if token.head.i == token.i:
            return False
        if token.dep_ == "advcl":
            if not any(c.dep_ == "mark" and c.lower_ in _CAUSE_MARKS for c in token.children):
                return False
        elif token.dep_ == "prep":
            if token.lower_ not in _CAUSE_MARKS:
                return False
        elif token.dep_ != "pobj":
            return False
        token = token.head
        if token.pos_ != "ADP" and token.lemma_.lower() in lexicon.background_heads:
            return True
    return False


def _modality(mention: Mention, head: Token, lexicon: Lexicon) -> None:
    mention.negated = _is_negated(head, lexicon)
    own_aux = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    modal = any(c.lemma_.lower() in lexicon.modal_auxiliaries for c in own_aux)
    conditional = any(c.dep_ == "mark" and c.lower_ in lexicon.conditional_marks for c in head.children)
    unrealised = False
    governors = _governing_lemmas(head)
    clause = next((g for _, g in governors if g.pos_ in _VERB_POS), None)
    if clause is not None and head.pos_ in _NOUN_POS and head.dep_ in ("dobj", "nsubjpass", "nsubj"):
        # "may have used chemical weapons": the modality of the clause governs its object
        modal = modal or any(c.dep_ == "aux" and c.lemma_.lower() in lexicon.modal_auxiliaries
                             for c in clause.children)
    for lemma, governor in governors:
        if lemma in lexicon.unrealised_heads and mention.family in ("violent", "protest", "modifier"):
            unrealised = True
            break
        if mention.family != "political" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in _ENDINGS for c in governor.children):
            unrealised = True  # "to put an end to the raids"
            break
        if lemma in lexicon.background_heads and mention.family in ("violent", "modifier") and (
                governor.i != head.i):
            mention.background = True
            break
        if lemma in lexicon.hedging_heads:
            mention.hedged = True
        if _is_negated(governor, lexicon) and governor.pos_ in _VERB_POS:
            unrealised = True
            break
    if mention.family in ("violent", "modifier") and _is_cause_of_protest(head, lexicon):
        mention.background = True
    if mention.family == "violent" and _is_support(head):
        mention.background = True  # "backed by Russian air strikes": help to another event
    if any(c.lower_ in _HEDGE_ADVERBS for c in head.children):
        mention.hedged = True
    mention.realised = not (mention.negated or modal or conditional or unrealised or mention.background)


def _reclass(head: Token, name: str, lexicon: Lexicon) -> str | None:
    """Context that changes what a trigger word means, or cancels it."""
    if name == "protest" and any(c.lower_ in ("violent", "violently") for c in head.children):
        return "riot"  # "violently protested", "a violent demonstration"
    if lexicon.event_class(name).family in ("violent", "modifier") and any(
            c.dep_ == "dobj" and c.lemma_.lower() in lexicon.symbolic_objects for c in head.children):
        return "protest"  # "burnt an effigy"
    if head.lower_ == "dead" and head.dep_ == "amod":
        return None  # "a dead city strike", not a death
    if name == "arrest" and head.lemma_.lower() == "capture" and any(
            c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in lexicon.territory_nouns
                                                 or c.ent_type_ in ("GPE", "LOC", "FAC"))
            for c in head.children):
        return "territory"  # "captured the town" takes ground; "captured 23 militiamen" takes people
    return name


def _crowd_gathering(token: Token, lexicon: Lexicon) -> bool:
    """ "Residents gathered outside the office": people massing is a protest."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.crowd_verbs:
        return False
    return any(c.dep_ == "nsubj" and c.tag_ in ("NNS", "NNPS") for c in token.children)


def _disarm(doc: Doc, mentions: list[Mention]) -> None:
    """Weapons that were seized or defused did not go off: "soldiers defused a bomb"."""
    disrupting = {m.head for m in mentions if m.event_class.name == "weapons"}
    if not disrupting:
        return
    for mention in mentions:
        if mention.family != "violent":
            continue
        if any(a.i in disrupting for a in list(doc[mention.head].ancestors)[:3]):
            mention.realised = False


def _settings(doc: Doc, mentions: list[Mention]) -> None:
    """A gathering that is only where violence struck is not a protest: "a shooting at an election
    rally", "crude bombs were hurled at a rally"."""
    violent = {m.head for m in mentions if m.family == "violent" and m.event_class.name not in ("kill", "injure")}
    if not violent:
        return
    for mention in mentions:
        head = doc[mention.head]
        if mention.event_class.name != "protest" or head.pos_ not in _NOUN_POS or head.dep_ != "pobj":
            continue
        governor = head.head.head
        weapon_of_governor = any(c.i in violent for c in governor.children if c.dep_ in ("nsubjpass", "dobj"))
        if head.head.lower_ in _SETTING_PREPS and (governor.i in violent or weapon_of_governor):
            mention.background = True  # "crude bombs were hurled at a rally"
            mention.realised = False


def detect_mentions(doc: Doc, lexicon: Lexicon) -> list[Mention]:
    """Every trigger in `doc`, in text order; phrases win over the words they cover."""
    sentence_of = {}
    for index, sentence in enumerate(doc.sents):
        sentence_of[sentence.start] = index
    mentions: list[Mention] = []
    tokens = list(doc)
    lowers = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    keys = lexicon.candidate_keys
    sentence = -1
    i = 0
    while i < len(tokens):
        if i in sentence_of:
            sentence = sentence_of[i]
        lower, lemma = lowers[i], lemmas[i]
        if lower not in keys and lemma not in keys and lower[:-1] not in keys and lower[:-2] not in keys:
            i += 1  # the cheap test that lets most tokens through untouched
            continue
        token = tokens[i]
        if _is_excluded(token) or token.is_punct:
            i += 1
            continue
        matched: tuple[str, int] | None = None
        for key in (lower, lemma) if lower != lemma else (lower,):
            for phrase in lexicon.phrases_by_first.get(key, ()):
                if _match_phrase(doc, i, phrase):
                    matched = (phrase.event_class, i + len(phrase.words))
                    break
            if matched:
                break
        if matched is None:
            name = _single_class(token, lexicon)
            if name is None and _crowd_gathering(token, lexicon):
                name = "protest"
            if name is not None:
                matched = (name, i + 1)
        if matched is None:
            i += 1
            continue
        name, end = matched
        head = _span_head(doc, i, end)
        name = _reclass(doc[head], name, lexicon)
        if name is None:
            i = end
            continue
        mention = Mention(lexicon.event_class(name), i, end, head, sentence, doc[head].lemma_.lower())
        _modality(mention, doc[head], lexicon)
        mentions.append(mention)
        i = end
    _disarm(doc, mentions)
    _settings(doc, mentions)
    return mentions
