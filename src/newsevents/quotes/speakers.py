"""Who is speaking: the speaker mention at a cue, and the fullest name the article gives it.

The mention is read from the parse (the cue's subject, the agent of a passive cue, the object of
"according to"). Its name comes from a per-document index of person and organisation names built
in one pass over the entities and the actor mentions:
- a short person name ("Sabra", "Mr. Sabra") takes the longest person name in the article with the
  same surname, the nearest one before the mention when several differ ("Bill" vs "Hillary Clinton");
- a short organisation name ("the Observatory") takes the longest organisation or actor mention
  containing its head word ("the Syrian Observatory for Human Rights");
- he/she takes the most recent person speaker or person subject; they/it the most recent non-person
  speaker or organisation.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsevents.contract import Actor

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "it", "their", "its"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
TITLES = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "sen", "sen.",
    "rep", "rep.", "gov", "gov.", "president", "senator", "governor", "secretary", "minister",
    "general", "gen", "gen.", "col", "col.", "colonel", "captain", "capt.", "sir", "lord", "judge",
    "sheikh", "king", "queen", "prince", "pope", "rev", "rev.", "father", "chancellor", "mayor",
    "ambassador", "speaker", "commissioner", "lt.", "maj.", "sgt.", "candidate", "nominee",
})
# children of a speaker's head noun that are not part of the mention itself
_DETACHED_DEPS = frozenset({"appos", "relcl", "acl", "advcl", "punct", "parataxis", "prep_by"})
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE"})


@dataclass
class _NameEntry:
    start_char: int
    words: tuple[str, ...]  # the name without titles, lower-cased
    text: str  # the name as written, without titles


@dataclass
class SpeakerIndex:
    """Names of one document, for resolving short names and pronouns."""

    persons: list[_NameEntry] = field(default_factory=list)  # in text order
    person_subject_starts: list[int] = field(default_factory=list)
    organisations: list[_NameEntry] = field(default_factory=list)
    # speakers already resolved, in text order: (char start, full name, is_person)
    history: list[tuple[int, str, bool]] = field(default_factory=list)

    def person_names(self) -> set[str]:
        return {entry.text for entry in self.persons}


def _strip_titles(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end - 1 and doc[start].lower_ in TITLES:
        start += 1
    while end > start + 1 and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end]


def build_speaker_index(doc: Doc, actors: list[Actor]) -> SpeakerIndex:
    """One pass over the entities (and the actors' surface mentions) of `doc`."""
    index = SpeakerIndex()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            name = _strip_titles(ent)
            index.persons.append(_NameEntry(ent.start_char, tuple(t.lower_ for t in name), name.text))
            if ent.root.dep_ in ("nsubj", "nsubjpass"):
                index.person_subject_starts.append(ent.start_char)
        elif ent.label_ in _ORG_LABELS:
            index.organisations.append(_NameEntry(ent.start_char, tuple(t.lower_ for t in ent), ent.text))
    for actor in actors:
        words = tuple(actor.text.lower().split())
        index.organisations.append(_NameEntry(actor.span[0], words, actor.text))
        if actor.name and actor.name != actor.text:
            index.organisations.append(_NameEntry(actor.span[0], tuple(actor.name.lower().split()), actor.name))
    return index


def mention_span(head: Token) -> Span:
    """The noun phrase of a speaker without appositions, relative clauses or trailing punctuation."""
    detached: set[int] = set()
    for child in head.children:
        if child.dep_ in _DETACHED_DEPS:
            detached.update(t.i for t in child.subtree)
    kept = [t.i for t in head.subtree if t.i not in detached]
    start = min(kept)
    end = head.i
    kept_set = set(kept)
    while end + 1 in kept_set:
        end += 1
    doc = head.doc
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].tag_ == "POS"):
        end -= 1
    return doc[start:end + 1]


def role_of(head: Token, mention: Span) -> str | None:
    """The speaker's stated role: an apposition ("X, chief negotiator for Y,"), or the words before
    a person's name in the mention ("White House spokesman Josh Earnest")."""
    for child in head.children:
        if child.dep_ == "appos":
            tokens = [t for t in child.subtree if not t.is_punct or t.i not in (child.left_edge.i, child.right_edge.i)]
            if not tokens:  # an "apposition" that is a lone punctuation mark (parses of odd text)
                continue
            text = head.doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,\n")
            if text:
                return text
    person = _last_person(mention)
    if person is not None and person.start > mention.start:
        before = mention.doc[mention.start:person.start]
        words = [t for t in before if t.pos_ != "DET" and t.lower_ not in TITLES and not t.is_punct]
        if words:
            return before.text.strip(" ,")
    return None


def _last_person(mention: Span) -> Span | None:
    """The last PERSON entity inside a mention, read from the tokens (Span.ents scans the doc)."""
    end = None
    for token in reversed(mention):
        if token.ent_type_ == "PERSON":
            if end is None:
                end = token.i + 1
            if token.ent_iob_ == "B":
                return mention.doc[token.i:end]
        elif end is not None:
            return mention.doc[token.i + 1:end]
    return mention.doc[mention.start:end] if end is not None else None


def _fullest(entries: list[_NameEntry], words: tuple[str, ...], position: int) -> str | None:
    """The longest entry containing all `words`; among equals, the nearest one before `position`."""
    wanted = set(words)
    best_key: tuple[int, int, int] | None = None
    best_text: str | None = None
    for entry in entries:
        if not wanted.issubset(entry.words):
            continue
        before = entry.start_char <= position
        key = (len(entry.words), 1 if before else 0, entry.start_char if before else -entry.start_char)
        if best_key is None or key > best_key:
            best_key, best_text = key, entry.text
    return best_text


def _most_recent_person(index: SpeakerIndex, position: int) -> str | None:
    candidates: list[tuple[int, str]] = [(s, n) for s, n, is_person in index.history if is_person and s < position]
    where = bisect.bisect_left(index.person_subject_starts, position)
    if where:
        start = index.person_subject_starts[where - 1]
        entry = next(e for e in index.persons if e.start_char == start)
        candidates.append((start, entry.text))
    if not candidates:
        earlier = [e for e in index.persons if e.start_char < position]
        if earlier:
            candidates.append((earlier[-1].start_char, earlier[-1].text))
    if not candidates:
        return None
    start, name = max(candidates)
    words = tuple(name.lower().split())
    return _fullest(index.persons, words[-1:], start) or name


def _most_recent_group(index: SpeakerIndex, position: int) -> str | None:
    earlier = [(s, n) for s, n, is_person in index.history if not is_person and s < position]
    return earlier[-1][1] if earlier else None


def resolve_name(index: SpeakerIndex, mention: Span) -> tuple[str, bool]:
    """(fullest name, is a person) for a speaker mention."""
    position = mention.start_char
    lower = mention.text.lower()
    if len(mention) == 1 and lower in PERSON_PRONOUNS:
        return _most_recent_person(index, position) or mention.text, True
    if len(mention) == 1 and lower in GROUP_PRONOUNS:
        return _most_recent_group(index, position) or mention.text, False
    person = _last_person(mention)
    if person is not None:
        name = _strip_titles(person)
        surname = (name[-1].lower_,)
        words = tuple(t.lower_ for t in name)
        full = _fullest(index.persons, words, position) or _fullest(index.persons, surname, position)
        return full or name.text, True
    head = mention.root
    if head.pos_ == "PROPN" and len(mention) <= 2:  # a surname the NER missed ("Sabra" as ORG)
        full = _fullest(index.persons, (head.lower_,), position)
        if full:
            return full, True
    if head.pos_ == "PROPN" or head.text[:1].isupper():
        words = tuple(t.lower_ for t in mention if t.pos_ != "DET" and not t.is_punct)
        full = _fullest(index.organisations, words, position) if words else None
        if full and len(full) > len(mention.text):
            return full, False
    return mention.text, False


def remember(index: SpeakerIndex, position: int, name: str, is_person: bool) -> None:
    index.history.append((position, name, is_person))
