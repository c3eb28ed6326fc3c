"""Reported speech and belief read from the dependency parse: cue, source and content.

A cue is a verb of the lexicon (or a phrase such as "according to"). Its content is
- the clausal complement (ccomp) on either side: "X said (that) ...", "..., X said";
- for a postposed cue that the parser hung under the reported clause (parataxis), that clause;
- a to-infinitive for promise/threat/urge verbs: "vowed to retake the city";
- a noun-phrase object for verbs that take one as the claim: "denied the report",
  "accused the army of shelling the town", "called for a ceasefire";
- for "according to X", the clause the phrase modifies, without the phrase.
Its source is the subject, the agent of a passive ("was reported by X"), the subject of the verb
it depends on ("..., adding that", "appeared to suggest"), the noun a relative clause modifies
("Sabra, who said ..."), or none ("it was reported that ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Token

from .cues import CueLexicon

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_SUBJECT_DEPS = frozenset({"conj", "xcomp", "advcl", "acl"})
_OBJECT_TAIL_DEPS = frozenset({"oprd", "xcomp", "ccomp"})
_CONTENT_PREPOSITIONS = frozenset({"of", "for", "about", "over", "against", "as", "to", "on", "with"})
# subordinate clauses that the parser often hangs on the reported clause although they tell when or
# why the *reporting* happened ("he is tough enough, he said after a voter doubted it")
_FRAME_SUBORDINATORS = frozenset({"after", "before", "when", "while", "since", "until", "as"})
_TRIM = ",;:.-—–"
_QUOTE_TOKENS = frozenset({'"', "“", "”", "«", "»", "``", "''"})


@dataclass
class Attribution:
    """A cue found in the parse; token indices into the doc, content as characters."""

    cue_start: int  # first cue token
    cue_end: int  # one past the last cue token
    head: int  # the cue's main token (the verb, or the first word of a phrase)
    speaker: int | None  # head token of the source mention
    content: tuple[int, int] | None  # character span of the reported content
    lemma: str
    cue_char: int = 0  # character offset of the cue
    speaker_tokens: tuple[int, int] | None = None  # an explicit source mention, when not read from the parse


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens [start, end) without leading/trailing punctuation and space, and
    without a leading closing mark of the previous sentence (`... lose." The rebels ...`)."""
    while start < end and (doc[start].is_space or (doc[start].is_punct and doc[start].text in _TRIM)):
        start += 1
    if start < end and doc[start].text in _QUOTE_TOKENS:
        marks = sum(1 for token in doc[start:end] if token.text in _QUOTE_TOKENS)
        if marks % 2:
            start += 1
    while start < end and doc[start].is_space:
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text in _TRIM)):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _close_partial_quote(doc: Doc, start: int, end: int) -> int:
    """Extend a content ending inside a partial quotation to its closing mark (`would "not be X".`)."""
    marks = sum(1 for token in doc[start:end] if token.text in _QUOTE_TOKENS)
    if marks % 2 == 0:
        return end
    for i in range(end, min(end + 2, len(doc))):
        if doc[i].text in _QUOTE_TOKENS:
            return i + 1
    return end


def _subtree_range(token: Token) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def _is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children)


def speaker_head(verb: Token, lexicon: CueLexicon, depth: int = 0) -> int | None:
    """The token heading the source of a cue verb, following the parse up through auxiliary verbs.

    A participial cue inside another cue's content (", adding that ...", ", citing ...") speaks for
    the nearest cue verb above it, not for the subject of the clause it hangs from."""
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and depth == 0:
        for ancestor in verb.ancestors:
            if ancestor.pos_ == "VERB" and lexicon.is_cue_verb(ancestor.lemma_):
                return speaker_head(ancestor, lexicon, 1)
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child.i  # a relative "who" too: the mention is "who", its name the antecedent's
    if verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl"):
        return None  # "Asked about the deal, she said ...": a reduced passive has no source
    if _is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0].i
        return None
    if verb.dep_ == "relcl":
        return verb.head.i
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and depth < 3:  # "began by saying"
        return speaker_head(verb.head.head, lexicon, depth + 1)
    if verb.dep_ in _INHERIT_SUBJECT_DEPS and depth < 3 and verb.head.i != verb.i:
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head.i  # "a statement saying ..."
        return speaker_head(verb.head, lexicon, depth + 1)
    return None


def _clause_content(verb: Token) -> tuple[int, int] | None:
    """Token range of the reported clause of a speech/belief verb."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            return _without_trailing_frame(child)
    if not any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    head = verb.head
    if head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    # a cue hung under the clause it reports: "The rebels fled, the army said." (postposed) or
    # "The plan, officials said, will be announced." (interposed: the span runs over the cue)
    if verb.dep_ == "parataxis" or (verb.dep_ in ("ccomp", "advcl") and head.i < verb.i):
        start, end = _subtree_range(head)
        if verb.right_edge.i + 1 >= end - 1:  # the cue closes the clause
            end = verb.left_edge.i
        return (start, end) if end > start else None
    return None


def _without_trailing_frame(root: Token) -> tuple[int, int]:
    """The clause of `root` without a trailing temporal clause ("... is tough enough to be president
    after a woman told him ..."): the parser hangs it on the reported clause, but it frames the report."""
    start, end = _subtree_range(root)
    for child in root.rights:
        if child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _FRAME_SUBORDINATORS for c in child.children):
            return start, child.left_edge.i
    return start, end


def _cut_trailing_attribution(doc: Doc, start: int, end: int, lexicon: CueLexicon) -> int:
    """End a content before a trailing participial cue of the same speaker (", citing ...",
    ", adding that ..."): that is an attribution of its own."""
    for i in range(start + 1, end):
        token = doc[i]
        if token.tag_ == "VBG" and doc[i - 1].text == "," and lexicon.is_cue_verb(token.lemma_):
            return i - 1
    return end


def _infinitive_content(verb: Token) -> tuple[int, int] | None:
    for child in verb.children:
        is_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if child.dep_ == "xcomp" and child.i > verb.i and is_infinitive:
            objects = [c for c in verb.children if c.dep_ == "dobj" and c.i < child.i]
            start = objects[0].left_edge.i if objects else child.left_edge.i
            return start, child.right_edge.i + 1
    return None


def _prepositional_content(verb: Token, prepositions: frozenset[str]) -> tuple[int, int] | None:
    """"spoke about the ceasefire", "warned of famine": the object of the preposition."""
    for child in verb.children:
        if child.dep_ in ("prep", "prt") and child.lower_ in prepositions and child.i > verb.i:
            objects_of = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects_of:
                return _subtree_range(objects_of[0])
    return None


def _object_content(verb: Token) -> tuple[int, int] | None:
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if verb.lemma_ == "call":  # "called the deal a disaster", not "called the police"
        if not objects or not any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in verb.children):
            return None
    if not objects:
        return None
    start, end = _subtree_range(objects[0])
    for child in verb.children:  # "accused the army of shelling the town", not "... on Monday"
        if child.i >= end and (child.dep_ in _OBJECT_TAIL_DEPS
                               or (child.dep_ == "prep" and child.lower_ in _CONTENT_PREPOSITIONS)):
            end = child.right_edge.i + 1
    return start, end


def _verb_content(verb: Token, lexicon: CueLexicon) -> tuple[int, int] | None:
    lemma = verb.lemma_
    tokens = None
    if lexicon.takes_clause(lemma):
        tokens = _clause_content(verb)
    if tokens is None and lemma in lexicon.infinitive:
        tokens = _infinitive_content(verb)
    if tokens is None and lemma in lexicon.prepositions:
        tokens = _prepositional_content(verb, lexicon.prepositions[lemma])
    if tokens is None and lemma in lexicon.object:
        tokens = _object_content(verb)
    return tokens


def _cue_end(verb: Token, lexicon: CueLexicon) -> int:
    particle = lexicon.particles.get(verb.lemma_)
    if particle and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == particle:
        return verb.i + 2
    return verb.i + 1


def verb_attribution(verb: Token, lexicon: CueLexicon) -> Attribution:
    """The attribution of one cue verb (its content may be None: direct quotes supply their own)."""
    tokens = _verb_content(verb, lexicon)
    if tokens:
        end = _cut_trailing_attribution(verb.doc, tokens[0], tokens[1], lexicon) if tokens[0] > verb.i else tokens[1]
        tokens = (tokens[0], _close_partial_quote(verb.doc, tokens[0], end))
    content = _trim(verb.doc, *tokens) if tokens else None
    return Attribution(verb.i, _cue_end(verb, lexicon), verb.i, speaker_head(verb, lexicon), content, verb.lemma_,
                       verb.idx)


def _clause_anchor(token: Token) -> Token:
    """The verb a modifier belongs to ("20 people, according to X, were killed" -> killed)."""
    anchor = token.head
    steps = 0
    while anchor.pos_ not in ("VERB", "AUX") and anchor.dep_ != "ROOT" and steps < 6:
        anchor = anchor.head
        steps += 1
    return anchor


def phrase_attribution(doc: Doc, start: int, length: int) -> Attribution | None:
    """'according to X': X is the source, the modified clause without the phrase is the content."""
    last = doc[start + length - 1]
    objects = [c for c in last.children if c.dep_ == "pobj"]
    if not objects:
        return None
    source = objects[0]
    phrase_start, phrase_end = start, source.right_edge.i + 1
    sentence = doc[start].sent
    # the parser's sentence may cross a paragraph break: keep to the phrase's own paragraph
    sentence_start = max((t.i + 1 for t in doc[sentence.start:phrase_start] if "\n" in t.text),
                         default=sentence.start)
    sentence_end = min((t.i for t in doc[phrase_end:sentence.end] if "\n" in t.text), default=sentence.end)
    before = [t for t in doc[sentence_start:phrase_start] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[phrase_end:sentence_end] if not (t.is_punct or t.is_space)]
    if not before:  # "According to X, ..."
        tokens = (phrase_end, sentence_end)
    elif not after:  # "..., according to X."
        tokens = (sentence_start, phrase_start)
    else:  # in the middle: the clause it modifies, phrase included
        anchor = _clause_anchor(doc[start])
        clause_start, clause_end = _subtree_range(anchor)
        tokens = (min(clause_start, phrase_start), max(clause_end, phrase_end))
    content = _trim(doc, *tokens)
    if content is None:
        return None
    lemma = " ".join(t.lower_ for t in doc[start:start + length])
    return Attribution(start, start + length, start, source.i, content, lemma, doc[start].idx)


def noun_attribution(noun: Token) -> Attribution | None:
    """"his warning that ...", "Trump's claim that ...": the that-clause of a noun of saying."""
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    start, end = _subtree_range(clause)
    content = _trim(noun.doc, start, _close_partial_quote(noun.doc, start, end))
    if content is None:
        return None
    speaker = None
    for child in noun.children:
        if child.dep_ == "poss":
            speaker = child.i
        elif child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i < clause.i:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            speaker = objects[0].i if objects and speaker is None else speaker
    if speaker is None and noun.dep_ == "dobj":  # "the ministry issued a statement that ..."
        speaker = next((c.i for c in noun.head.children if c.dep_ in _SUBJECT_DEPS), None)
    return Attribution(noun.i, noun.i + 1, noun.i, speaker, content, noun.lemma_, noun.idx)


def _candidate_positions(doc: Doc, lexicon: CueLexicon) -> list[int]:
    """Token positions that may start a cue, read from the doc's arrays: creating a Python Token for
    every word costs more than the rest of the stage."""
    strings = doc.vocab.strings
    nouns = {strings[word] for word in lexicon.nouns}
    first_words = {strings[phrase[0]] for phrase in lexicon.phrases}
    positions = []
    for i, (pos, lemma, lower) in enumerate(doc.to_array([POS, LEMMA, LOWER]).tolist()):
        if (pos == VERB and lexicon.is_cue_verb(strings[lemma])) or (pos == NOUN and lemma in nouns) \
                or lower in first_words:
            positions.append(i)
    return positions


def find_attributions(doc: Doc, lexicon: CueLexicon) -> list[Attribution]:
    """Every cue verb and cue phrase of `doc`, in text order."""
    found: list[Attribution] = []
    for i in _candidate_positions(doc, lexicon):
        token = doc[i]
        attribution = None
        if token.pos_ == "VERB" and lexicon.is_cue_verb(token.lemma_):
            attribution = verb_attribution(token, lexicon)
        elif token.pos_ == "NOUN" and token.lemma_ in lexicon.nouns:
            attribution = noun_attribution(token)
        else:
            for phrase in lexicon.phrases:
                end = i + len(phrase)
                if end <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(phrase)):
                    attribution = phrase_attribution(doc, i, len(phrase))
                    break
        if attribution:
            found.append(attribution)
    return found
