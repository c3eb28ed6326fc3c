"""The trigger lexicon: data/triggers.yaml (plus user files of the same format), loaded once.

The lexicon is data, not code, so that users can read what counts as an event and add words.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from os import PathLike
from pathlib import Path


from ..contract import ACLED_TAXONOMY
from ..lexicon_files import load_yaml

FAMILIES = ("violent", "protest", "modifier", "strategic", "political")


@dataclass(frozen=True)
class EventClass:
    """What a trigger means before the actors are known."""

    name: str
    family: str  # how mentions combine: violent, protest, modifier, strategic, political
    event_type: str
    sub_event_type: str | None
    cameo: str | None
    rank: int  # the most specific trigger of a happening has the highest rank


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    event_class: str


@dataclass(eq=False)  # compared and hashed by identity: one loaded lexicon is one value
class Lexicon:
    classes: dict[str, EventClass]
    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> class
    nouns: dict[str, str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    verb_forms: dict[str, str] = field(default_factory=dict)  # regular inflections -> class
    phrases_by_first: dict[str, list[Phrase]] = field(default_factory=dict)  # longest first
    unrealised_heads: frozenset[str] = frozenset()
    hedging_heads: frozenset[str] = frozenset()
    background_heads: frozenset[str] = frozenset()
    modal_auxiliaries: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    civilian_nouns: frozenset[str] = frozenset()
    civilian_targets: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    armed_person_nouns: frozenset[str] = frozenset()
    symbolic_objects: frozenset[str] = frozenset()
    crowd_verbs: frozenset[str] = frozenset()
    candidate_keys: frozenset[str] = frozenset()  # every word that can start a trigger (a fast filter)
    territory_nouns: frozenset[str] = frozenset()
    armed_targets: frozenset[str] = frozenset()

    def event_class(self, name: str) -> EventClass:
        return self.classes[name]


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb, so that a lemmatiser slip ("raped" -> "rap") still matches."""
    forms = {lemma, lemma + "s", lemma + "ing", lemma + "ed"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    if lemma.endswith(("sh", "ch", "ss", "x")):
        forms.add(lemma + "es")
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _check_class(name: str, spec: dict) -> EventClass:
    event_type = spec["event_type"]
    sub = spec.get("sub_event_type")
    if event_type not in ACLED_TAXONOMY:
        raise ValueError(f"trigger class {name}: unknown event_type {event_type!r}")
    if sub is not None and sub not in ACLED_TAXONOMY[event_type]:
        raise ValueError(f"trigger class {name}: {sub!r} is not a sub-event type of {event_type}")
    if spec["family"] not in FAMILIES:
        raise ValueError(f"trigger class {name}: family must be one of {FAMILIES}")
    cameo = spec.get("cameo")
    return EventClass(name, spec["family"], event_type, sub, None if cameo is None else str(cameo),
                      int(spec["rank"]))


def _add_file(lexicon: Lexicon, data: dict) -> None:
    for name, spec in (data.get("classes") or {}).items():
        lexicon.classes[name] = _check_class(name, spec)
    for name, entry in (data.get("triggers") or {}).items():
        if name not in lexicon.classes:
            raise ValueError(f"triggers for unknown class {name!r}")
        for key, index in (("verbs", lexicon.verbs), ("nouns", lexicon.nouns), ("words", lexicon.words)):
            for word in entry.get(key) or ():
                index[str(word).lower()] = name
        for verb in entry.get("verbs") or ():
            for form in verb_forms(str(verb).lower()):
                lexicon.verb_forms.setdefault(form, name)
        for text in entry.get("phrases") or ():
            words = tuple(str(text).lower().replace("-", " - ").split())
            if len(words) == 1:
                lexicon.words[words[0]] = name
                continue
            lexicon.phrases_by_first.setdefault(words[0], []).append(Phrase(words, name))
    for phrases in lexicon.phrases_by_first.values():
        phrases.sort(key=lambda p: -len(p.words))
    modality = data.get("modality") or {}
    for key in ("unrealised_heads", "hedging_heads", "background_heads", "modal_auxiliaries", "negators", "conditional_marks"):
        if key in modality:
            setattr(lexicon, key, getattr(lexicon, key) | frozenset(modality[key]))
    for key in ("civilian_nouns", "civilian_targets", "armed_targets", "person_nouns", "armed_person_nouns", "symbolic_objects",
                "crowd_verbs", "territory_nouns"):
        if key in data:
            setattr(lexicon, key, getattr(lexicon, key) | frozenset(str(w).lower() for w in data[key]))


def load_lexicon(extra_paths: Iterable[str | PathLike] = ()) -> Lexicon:
    """The packaged lexicon, extended by the YAML files in `extra_paths` (later files win)."""
    lexicon = Lexicon(classes={})
    packaged = resources.files(__package__).joinpath("data/triggers.yaml").read_text(encoding="utf-8")
    _add_file(lexicon, load_yaml(packaged, "triggers.yaml"))
    for path in extra_paths:
        _add_file(lexicon, load_yaml(Path(path).read_text(encoding="utf-8"), str(path)))
    lexicon.candidate_keys = frozenset(
        {*lexicon.verbs, *lexicon.verb_forms, *lexicon.nouns, *lexicon.words, *lexicon.phrases_by_first,
         *lexicon.crowd_verbs})
    return lexicon


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return load_lexicon()
