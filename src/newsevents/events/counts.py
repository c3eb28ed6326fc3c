"""Casualty counts: fatalities, injured, displaced and arrested, read from numbers near their words.

ACLED codes the most conservative figure: "at least 12" is 12, "between 20 and 30" is 20, vague
quantities take fixed values ("dozens" 12, "scores" 20, "hundreds" 100), a singular victim is 1
("a man was killed"), and deaths with no figure are left unknown (None) with the phrase kept.
Figures in parentheses are alternatives from other sources ("1 (2 according to X)") and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12, "couple": 2, "pair": 2,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
           "k": 1000, "m": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
# Vague quantities, coded as ACLED does: the lowest figure the word allows.
VAGUE_QUANTITIES = {
    "dozens": 12, "tens": 10, "scores": 20, "hundreds": 100, "thousands": 1000, "several": 3,
    "few": 3, "many": 10, "numerous": 10, "multiple": 2, "some": 3, "tens of thousands": 10000,
    "hundreds of thousands": 100000, "millions": 1_000_000,
}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_SCALES) | {"and", "-"}

FATALITY_WORDS = frozenset({
    "kill", "killed", "dead", "die", "died", "death", "deaths", "body", "bodies", "fatality", "fatalities",
    "murder", "slay", "slain", "behead", "execute", "massacre", "life", "lives", "corpse", "toll", "lynch",
})
INJURY_WORDS = frozenset({"injure", "injured", "wound", "wounded", "hurt", "injury", "injuries", "hospitalise",
                          "hospitalize", "hospitalised", "hospitalized"})
DISPLACEMENT_WORDS = frozenset({"displace", "displaced", "flee", "fled", "homeless", "refugee", "evacuate",
                                "uproot", "idp", "idps"})
ARREST_WORDS = frozenset({"arrest", "arrested", "detain", "detained", "apprehend", "nab", "custody",
                          "detention"})
_CATEGORY_WORDS = (("fatalities", FATALITY_WORDS), ("injured", INJURY_WORDS),
                   ("displaced", DISPLACEMENT_WORDS), ("arrested", ARREST_WORDS))
_TALLY_WORDS = frozenset({"toll", "fatality", "fatalities"})
_SUBSET_PREPS = frozenset({"including", "among", "of", "include"})
_WINDOW_STOP = frozenset({";", ".", "(", ")", ":"})
_SINGULAR_PRONOUNS = frozenset({"him", "her", "he", "she"})
_PLACES = frozenset({"GPE", "LOC", "FAC", "ORG"})
_PERSONISH_SUFFIX = ("man", "woman", "er", "or", "ist", "ian", "ant", "ent", "child", "boy", "girl", "person")


def parse_number(text: str) -> int | None:
    """An integer from digits or English number words: "1,200", "3 million", "twenty-five"."""
    words = text.lower().replace("-", " ").replace(",", ",").split()
    if not words:
        return None
    joined = " ".join(words)
    if joined in VAGUE_QUANTITIES:
        return VAGUE_QUANTITIES[joined]
    total, current, seen = 0, 0, False
    for word in words:
        if _DIGITS.match(word) and len(word) <= 20:  # a longer digit run is no count (and overflows float)
            current += int(float(word.replace(",", "")))
            seen = True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            scale = _SCALES[word]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
            seen = True
        elif word != "and":
            return None
    return total + current if seen else None


@dataclass(frozen=True)
class CountPhrase:
    """One count as written (doc token range), kept apart from the totals so that each figure can be
    shown with its own source."""

    category: str
    value: int | None  # None: deaths told without a number
    start: int
    end: int


@dataclass
class Counts:
    fatalities: int | None = 0
    fatalities_text: str | None = None
    injured: int | None = None
    displaced: int | None = None
    arrested: int | None = None
    phrases: list[CountPhrase] = field(default_factory=list)  # every count read, in text order


@dataclass
class _Figure:
    category: str
    value: int
    noun: int  # token index of what was counted (one figure per counted noun)
    additive: bool  # "also", "another": adds to figures of other sentences
    tally: bool = False  # a stated total ("the death toll rose to 15"): replaces the other figures
    start: int = 0  # the count phrase ("more than 10,000 civilians") as doc token indexes
    end: int = 0


def _number_phrase(sentence: Span, i: int) -> tuple[int, int] | None:
    """(value, end token) of the number phrase starting at doc token i, if one starts there."""
    doc = sentence.doc
    token = doc[i]
    if token.lower_ in VAGUE_QUANTITIES and not (i + 1 < sentence.end and doc[i + 1].lower_ == "of" and
                                                 i + 2 < sentence.end and doc[i + 2].lower_ in VAGUE_QUANTITIES):
        if token.lower_ in ("some", "few", "many", "several", "multiple", "numerous") and token.dep_ not in (
                "amod", "nummod", "det", "nsubj", "nsubjpass", "dobj"):
            return None
        value = VAGUE_QUANTITIES[token.lower_]
        if i + 2 < sentence.end and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in ("thousands",):
            return value * 1000, i + 3
        return value, i + 1
    if not (token.like_num or token.lower_ in _UNITS) or token.lower_ in ("a", "an", "no", "and"):
        return None
    end = i
    while end < sentence.end and (doc[end].like_num or doc[end].lower_ in _NUMBER_WORDS):
        if doc[end].lower_ in ("and", "-") and not (end + 1 < sentence.end and (
                doc[end + 1].like_num or doc[end + 1].lower_ in _UNITS or doc[end + 1].lower_ in _SCALES)):
            break
        if doc[end].lower_ == "and" and doc[end - 1].lower_ not in _SCALES:
            break
        end += 1
    value = parse_number(" ".join(t.text for t in doc[i:end]))
    return (value, end) if value is not None else None


def _category_of_word(token: Token) -> str | None:
    lower, lemma = token.lower_, token.lemma_.lower()
    for category, words in _CATEGORY_WORDS:
        if lower in words or lemma in words:
            return category
    return None


def _category_by_syntax(number: Token) -> tuple[str | None, Token]:
    """The category of a figure from the parse: what is counted, and what happened to it."""
    noun = number.head if number.dep_ in ("nummod", "quantmod", "amod", "compound") else number
    if number.dep_ in ("quantmod",) and noun.dep_ == "nummod":
        noun = noun.head
    category = _category_of_word(noun) if noun.i != number.i else None
    if category:
        return category, noun
    for child in noun.children:
        if child.dep_ in ("amod", "acl", "relcl") and _category_of_word(child):
            return _category_of_word(child), noun
    governor = noun
    if governor.dep_ in ("conj", "appos") and governor.head.pos_ in ("NOUN", "PROPN", "NUM"):
        governor = governor.head
    if governor.dep_ == "pobj" and governor.head.lower_ == "of" and _category_of_word(governor.head.head):
        return _category_of_word(governor.head.head), noun  # "the bodies of three men"
    if governor.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "npadvmod"):
        category = harm_category(governor.head)
        if category and _is_perpetrator(governor, category):
            return _PERPETRATORS, noun  # "four men murdered a pastor": the four did it
        if category:
            return category, noun
    return None, noun


_PERPETRATORS = "perpetrators"  # a figure that counts who did the harm: not a casualty count


def _is_perpetrator(noun: Token, category: str) -> bool:
    """The subject of a harm verb that has its own object did the harm ("four men murdered a pastor");
    displacement is the subject's own ("thousands left their homes and fled")."""
    verb = noun.head
    return (noun.dep_ == "nsubj" and category != "displaced" and _category_of_word(verb) is not None
            and any(c.dep_ == "dobj" for c in verb.children))


def harm_category(verb: Token) -> str | None:
    """What a predicate did to its subject or object: "killed", "found dead", "hacked to death"."""
    category = _category_of_word(verb)
    if category or verb.pos_ not in ("VERB", "AUX"):
        return category
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ == "VERB" and _category_of_word(child):
            return _category_of_word(child)  # "left their homes and fled"
        if child.dep_ in ("acomp", "oprd", "xcomp", "advmod") and _category_of_word(child) == "fatalities":
            return "fatalities"  # "were found dead", "shot dead"
        if child.dep_ == "prep" and child.lower_ == "to" and any(
                g.lemma_.lower() == "death" for g in child.children):
            return "fatalities"  # "hacked to death"
    return None


def _category_by_window(sentence: Span, start: int, end: int, backward: bool) -> str | None:
    """Fallback on a short window: "(killing) at least 12", "12 (people were) killed".

    Looking back is only for a bare figure; "4 events" counts events, whatever precedes it.
    """
    doc = sentence.doc
    for j in range(end, min(end + 5, sentence.end)):
        if doc[j].text in _WINDOW_STOP or doc[j].like_num:
            break
        category = _category_of_word(doc[j])
        if category:
            return category
    for j in range(start - 1, max(start - 5, sentence.start - 1) if backward else start - 1, -1):
        if doc[j].text in _WINDOW_STOP or doc[j].like_num:
            break
        category = _category_of_word(doc[j])
        if category:
            return category
    return None


def _is_tally(sentence: Span, start: int) -> bool:
    """A stated total that supersedes the narrative figures: "the death toll rose to 15",
    "fatalities: 4", "fatalities coded as 3"."""
    doc = sentence.doc
    for j in range(start - 1, max(start - 6, sentence.start - 1), -1):
        if doc[j].text in (";", ".", "(", ")") or doc[j].like_num:
            return False
        if doc[j].lemma_.lower() in _TALLY_WORDS:
            return True
    return False


def _parenthesised(sentence: Span) -> set[int]:
    """Token indexes inside brackets (alternative figures from other sources)."""
    inside: set[int] = set()
    depth = 0
    for token in sentence:
        if token.text in ("(", "["):
            depth += 1
        elif token.text in (")", "]") and depth:
            depth -= 1
        elif depth:
            inside.add(token.i)
    return inside


_CALENDAR_WORDS = re.compile(
    r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
    r"\b(day|week|month|year|decade|century|ago|hour|minute)s?\b|\b(1[89]|20)\d\d\b|/")


def _is_subset(noun: Token) -> bool:
    """ "12 people including 3 soldiers", "two of the 12 victims": a part of a figure already counted."""
    if noun.dep_ != "pobj":
        return False
    prep = noun.head
    return prep.lower_ in _SUBSET_PREPS and (prep.lower_ != "of" or prep.head.like_num or prep.head.pos_ == "NUM")


def _is_calendar(token: Token) -> bool:
    """A number that is part of a date ("2 March 2020", "three days"), not a count of people.

    The statistical NER also calls "between 20 and 30" a DATE, so its label alone does not decide.
    """
    if token.ent_type_ != "DATE":
        return False
    doc = token.doc
    start = end = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return bool(_CALENDAR_WORDS.search(doc[start:end + 1].text))


_ADDITIVE_WORDS = frozenset({"also", "another", "additional", "further"})


def _figures(sentence: Span) -> list[_Figure]:
    doc = sentence.doc
    tokens = list(sentence)
    lowers = [t.lower_ for t in tokens]
    starts = [t.i for t, lower in zip(tokens, lowers)
              if lower in VAGUE_QUANTITIES or lower in _UNITS or t.like_num]
    if not starts:
        return []
    additive = not _ADDITIVE_WORDS.isdisjoint(lowers)
    figures: list[_Figure] = []
    bracketed = _parenthesised(sentence) if "(" in lowers or "[" in lowers else set()
    end_of_last = sentence.start
    for i in starts:
        if i < end_of_last:
            continue  # inside the number phrase just read ("two hundred")
        token = doc[i]
        if _is_calendar(token) or token.ent_type_ in ("TIME", "MONEY", "PERCENT", "ORDINAL") or i in bracketed:
            continue
        found = _number_phrase(sentence, i)
        if found is None:
            continue
        value, end = found
        end_of_last = end
        # "between 20 and 30", "20 to 30": the first (lower) figure of a range is kept
        if i > sentence.start + 1 and doc[i - 1].lower_ in ("and", "to", "-", "or") and doc[i - 2].like_num:
            continue
        head_token = doc[end - 1]
        category, noun = _category_by_syntax(head_token)
        if category == _PERPETRATORS:
            continue
        if category is None:
            category = _category_by_window(sentence, i, end, backward=noun.i == head_token.i)
        if category and not _is_subset(noun):
            tally = category == "fatalities" and noun.i == head_token.i and _is_tally(sentence, i)
            start, stop = _phrase_bounds(sentence, i, end, noun)
            figures.append(_Figure(category, value, noun.i, additive, tally, start, stop))
    return figures


def _phrase_bounds(sentence: Span, start: int, end: int, noun: Token) -> tuple[int, int]:
    """The count phrase around a number: its modifiers before it ("more than", "at least") and the
    counted noun right after it ("10,000 civilians", "dozens of people"), as the article wrote it."""
    doc = sentence.doc
    modifiers = [c.left_edge.i for c in doc[end - 1].children
                 if c.dep_ in ("quantmod", "advmod", "amod") and sentence.start <= c.left_edge.i < start]
    if noun.i == end - 1 and end < sentence.end and doc[end].lower_ == "of" and doc[end].head.i == noun.i:
        noun = next((c for c in doc[end].children if c.dep_ == "pobj"), noun)  # "dozens of people"
    stop = noun.i + 1 if end <= noun.i < end + 3 else end
    return min([start, *modifiers]), stop


def _is_plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or token.lower_ in ("they", "them", "people")


def _is_person(token: Token, person_nouns: frozenset[str]) -> bool:
    if token.pos_ == "PRON":
        return token.lower_ in _SINGULAR_PRONOUNS or token.lower_ in ("they", "them")
    return token.ent_type_ in ("PERSON", "NORP") or token.lemma_.lower() in person_nouns or (
        token.pos_ == "NOUN" and token.lower_.endswith(_PERSONISH_SUFFIX) and token.ent_type_ not in _PLACES)


def _victims_of(token: Token) -> list[Token]:
    victims = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj")]
    if not victims and token.dep_ == "conj" and token.head.pos_ == "VERB":
        victims = [c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")]  # "kidnapped, murdered"
    if token.pos_ == "ADJ" or token.dep_ in ("acomp", "oprd", "amod", "acl", "advmod"):
        victims += [token.head] if token.head.pos_ in ("NOUN", "PROPN", "PRON") else []
        if token.head.pos_ == "VERB":  # "shot dead a farmer", "was found dead"
            victims += [c for c in token.head.children if c.dep_ in ("nsubjpass", "dobj")]
    return victims


def _uncounted_victims(sentence: Span, counted: set[int], person_nouns: frozenset[str],
                       phrases: list[CountPhrase]) -> tuple[dict[str, int], dict[str, str]]:
    """Victims with no figure: each singular person ("a man", "a policeman and a civilian") is 1,
    a plural group is unknown. Each is also added to `phrases`."""
    known: dict[str, int] = {}
    unknown: dict[str, str] = {}
    for token in sentence:
        if token.pos_ not in ("VERB", "ADJ"):
            continue
        category = harm_category(token) if token.pos_ == "VERB" else _category_of_word(token)
        if category not in ("fatalities", "injured", "arrested") or token.pos_ not in ("VERB", "ADJ"):
            continue
        if any(c.dep_ == "neg" for c in token.children):
            continue
        for victim in _victims_of(token):
            group = [victim, *victim.conjuncts] if victim.dep_ != "conj" else [victim]
            for person in group:
                if person.i in counted or any(c.i in counted for c in person.children):
                    continue
                if person.pos_ not in ("NOUN", "PROPN", "PRON") or not _is_person(person, person_nouns):
                    continue
                if _is_plural(person):
                    unknown.setdefault(category, sentence.doc[victim.left_edge.i:token.i + 1].text)
                    first, last = sorted((victim.left_edge.i, token.i))
                    phrases.append(CountPhrase(category, None, first, max(last, victim.i) + 1))
                else:
                    known[category] = known.get(category, 0) + 1
                    phrases.append(CountPhrase(category, 1, person.left_edge.i, person.i + 1))
                counted.add(person.i)
    return known, unknown


def _negative_mentions(sentence: Span, phrases: list[CountPhrase]) -> set[str]:
    """Categories said to be zero: "no one was killed", "no casualties", "no injuries" (each also
    added to `phrases`, from the negation to the harm word)."""
    found: set[str] = set()
    for token in sentence:
        if token.lower_ not in ("no", "nobody", "none"):
            continue
        window = sentence.doc[token.i + 1:min(token.i + 5, sentence.end)]
        for other in window:
            categories = (("fatalities", "injured") if other.lemma_.lower() in ("casualty", "casualties")
                          else (_category_of_word(other),))
            for category in filter(None, categories):
                if category not in found:
                    phrases.append(CountPhrase(category, 0, token.i, other.i + 1))
                found.add(category)
    return found


def mentions_figures(sentence: Span) -> bool:
    """Whether a sentence speaks of casualties, displacement or arrests at all (a cheap test)."""
    return any(_category_of_word(token) for token in sentence)


@dataclass(frozen=True)
class CountVocabulary:
    """Nouns that tell people from things: a figure counts people ("12 villagers"), not "2016 bombings"."""

    person_nouns: frozenset[str] = frozenset()
    event_nouns: frozenset[str] = frozenset()


@dataclass
class _SentenceFigures:
    figures: list[_Figure]
    known: dict[str, int]
    unknown: dict[str, str]
    zeros: set[str]
    phrases: list[CountPhrase]


def _sentence_figures(sentence: Span, vocabulary: CountVocabulary) -> _SentenceFigures:
    doc = sentence.doc
    figures = [f for f in _figures(sentence)
               if doc[f.noun].lemma_.lower() not in vocabulary.event_nouns or _category_of_word(doc[f.noun])]
    phrases = [CountPhrase(f.category, f.value, f.start, f.end) for f in figures]
    known, unknown = _uncounted_victims(sentence, {f.noun for f in figures}, vocabulary.person_nouns, phrases)
    zeros = _negative_mentions(sentence, phrases)
    phrases.sort(key=lambda phrase: phrase.start)
    return _SentenceFigures(figures, known, unknown, zeros, phrases)


def count_casualties(sentences: list[Span], vocabulary: CountVocabulary = CountVocabulary(),
                     cache: dict[int, _SentenceFigures] | None = None) -> Counts:
    """The counts of one happening from the sentences it was read from (in text order).

    Within a sentence, figures for different counted groups add up ("2 soldiers and 5 rebels were
    killed"); across sentences a later figure restates an earlier one (the largest is kept) unless
    the sentence says it is more ("also", "another").
    """
    totals: dict[str, int | None] = {}
    texts: dict[str, str] = {}
    tally: int | None = None
    phrases: list[CountPhrase] = []
    cache = {} if cache is None else cache
    for sentence in sentences:
        if sentence.start not in cache:
            cache[sentence.start] = _sentence_figures(sentence, vocabulary)
        found = cache[sentence.start]
        phrases += found.phrases
        figures = found.figures
        tallies = [f for f in figures if f.tally]
        if tallies:
            tally = tallies[-1].value
            figures = [f for f in figures if f.category != "fatalities"]
        per_sentence: dict[str, int] = {}
        additive: dict[str, bool] = {}
        for figure in figures:
            per_sentence[figure.category] = per_sentence.get(figure.category, 0) + figure.value
            additive[figure.category] = figure.additive
        known, unknown = found.known, found.unknown
        for category, value in known.items():
            per_sentence[category] = per_sentence.get(category, 0) + value
        for category in found.zeros:
            per_sentence.setdefault(category, 0)
        for category, value in per_sentence.items():
            previous = totals.get(category)
            if previous is None:
                totals[category] = value
            elif additive.get(category):
                totals[category] = previous + value
            else:
                totals[category] = max(previous, value)
        for category, text in unknown.items():
            if category not in per_sentence and category not in totals:
                texts[category] = text
    counts = Counts(phrases=phrases)
    if tally is not None:
        totals["fatalities"] = tally
    counts.fatalities = totals.get("fatalities", None if "fatalities" in texts else 0)
    counts.fatalities_text = texts.get("fatalities") if counts.fatalities is None else None
    counts.injured = totals.get("injured")
    counts.displaced = totals.get("displaced")
    counts.arrested = totals.get("arrested")
    return counts
