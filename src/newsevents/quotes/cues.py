"""The cue lexicon (data/cues.yaml plus optional user files), loaded once per process.

The words that attribute speech or belief are data, not code, so that a reader can see what counts
as an attribution and add to it without touching the parser logic.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from os import PathLike
from pathlib import Path
from ..lexicon_files import load_yaml


CONTENT_KINDS = ("speech", "quotation", "belief", "object", "infinitive", "nouns")


@dataclass(frozen=True)
class CueLexicon:
    """Cue lemmas by the kind of content they may take, plus particle verbs and cue phrases."""

    speech: frozenset[str]
    quotation: frozenset[str]
    belief: frozenset[str]
    object: frozenset[str]
    infinitive: frozenset[str]
    particles: dict[str, str]
    phrases: tuple[tuple[str, ...], ...]
    prepositions: dict[str, frozenset[str]] = field(default_factory=dict)
    nouns: frozenset[str] = frozenset()

    def is_cue_verb(self, lemma: str) -> bool:
        return (lemma in self.speech or lemma in self.quotation or lemma in self.belief or lemma in self.object
                or lemma in self.infinitive or lemma in self.prepositions)

    def takes_clause(self, lemma: str) -> bool:
        return lemma in self.speech or lemma in self.belief

    def introduces_direct_quote(self, lemma: str) -> bool:
        """Only speech verbs attribute a quotation ("'No,' he said"; not "'No,' he believed")."""
        return lemma in self.speech or lemma in self.quotation


def _read(path: Path | resources.abc.Traversable) -> dict:
    data = load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a cue lexicon must be a mapping")
    return data


def _merge(files: Iterable[dict]) -> CueLexicon:
    lists: dict[str, set[str]] = {kind: set() for kind in CONTENT_KINDS}
    particles: dict[str, str] = {}
    phrases: set[tuple[str, ...]] = set()
    prepositions: dict[str, set[str]] = {}
    for data in files:
        for lemma, words in (data.get("prepositions") or {}).items():
            prepositions.setdefault(str(lemma).lower(), set()).update(str(w).lower() for w in words)
        for kind in CONTENT_KINDS:
            lists[kind].update(str(word).lower() for word in data.get(kind) or ())
        particles.update({str(k).lower(): str(v).lower() for k, v in (data.get("particles") or {}).items()})
        phrases.update(tuple(str(w).lower() for w in phrase) for phrase in data.get("phrases") or ())
    return CueLexicon(
        speech=frozenset(lists["speech"]),
        quotation=frozenset(lists["quotation"]),
        belief=frozenset(lists["belief"]),
        object=frozenset(lists["object"]),
        infinitive=frozenset(lists["infinitive"]),
        particles=particles,
        # longest first, so "in the words of" is tried before any shorter phrase
        phrases=tuple(sorted(phrases, key=len, reverse=True)),
        prepositions={lemma: frozenset(words) for lemma, words in prepositions.items()},
        nouns=frozenset(lists["nouns"]),
    )


def load_cue_lexicon(extra_files: Iterable[str | PathLike] = ()) -> CueLexicon:
    """The packaged lexicon merged with user files of the same format."""
    packaged = resources.files("newsevents.quotes").joinpath("data/cues.yaml")
    return _merge([_read(packaged), *(_read(Path(p)) for p in extra_files)])


@functools.cache
def default_cue_lexicon() -> CueLexicon:
    """The packaged lexicon, read once per process."""
    return load_cue_lexicon()
