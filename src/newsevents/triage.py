"""Relevance triage: skip the full parse for articles with no event language.

The spaCy parse is nearly all of the pipeline's cost. Most of a general news feed (sport, business,
politics) reports no event of the kinds newsevents codes, and an article that never uses a word
such as "killed", "clashes", "protesters" or "arrested" cannot yield one. The triage reads the raw
text once with a word scanner (a fraction of a millisecond per article) and lets only articles
whose distinct event words weigh at least a threshold through to the parser. The word list is a
YAML file (`data/triage.yaml`) written from ACLED's event vocabulary; users can replace it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from os import PathLike
from pathlib import Path

from .lexicon_files import load_yaml

DEFAULT_RULES = "data/triage.yaml"
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # lower-cased words; hyphenated words kept whole


@dataclass(frozen=True)
class TriageRules:
    """Term weights and the threshold an article's distinct terms must reach to be parsed.

    `words` are whole words, `stems` match any word that starts with them, `phrases` are tuples of
    such word patterns (a pattern ending in `*` is a stem) that must follow each other.
    """

    words: dict[str, float]
    stems: dict[str, float]
    phrases: dict[tuple[str, ...], float]
    threshold: float

    @classmethod
    def from_mapping(cls, data: object, source: str) -> TriageRules:
        if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
            raise ValueError(f"{source}: expected a mapping with `threshold` and a list of `groups`")
        words: dict[str, float] = {}
        stems: dict[str, float] = {}
        phrases: dict[tuple[str, ...], float] = {}
        for group in data["groups"]:
            weight = float(group["weight"])
            for term in group["terms"]:
                parts = tuple(_WORD.findall(str(term).lower().replace("*", "")))
                if not parts:
                    raise ValueError(f"{source}: the term {term!r} has no word in it")
                if len(parts) > 1 or " " in str(term).strip():
                    pieces = tuple(str(term).lower().split())
                    phrases[pieces] = max(weight, phrases.get(pieces, 0.0))
                elif str(term).endswith("*"):
                    stems[parts[0]] = max(weight, stems.get(parts[0], 0.0))
                else:
                    words[parts[0]] = max(weight, words.get(parts[0], 0.0))
        return cls(words, stems, phrases, float(data.get("threshold", 1.0)))


def load_triage_rules(path: str | PathLike | None = None) -> TriageRules:
    """The shipped rules, or the rules in a user's YAML file (which replaces them)."""
    if path is None:
        text = resources.files("newsevents").joinpath(DEFAULT_RULES).read_text("utf-8")
        return TriageRules.from_mapping(load_yaml(text, DEFAULT_RULES), DEFAULT_RULES)
    source = Path(path)
    return TriageRules.from_mapping(load_yaml(source.read_text("utf-8"), str(source)), str(source))


@dataclass(frozen=True)
class TriageVerdict:
    relevant: bool
    score: float
    terms: tuple[str, ...]  # the distinct terms that counted, in the order first seen


class Triage:
    """Decides, from the raw text alone, whether an article is worth parsing."""

    def __init__(self, rules: TriageRules | None = None):
        self.rules = rules or load_triage_rules()
        self._stem_lengths = sorted({len(stem) for stem in self.rules.stems}, reverse=True)
        self._phrase_starts = self._index_phrases(self.rules.phrases)
        self._stem_led_phrases = any(phrase[0].endswith("*") for phrase in self.rules.phrases)

    @staticmethod
    def _index_phrases(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
        """Phrases by their first word (a stem's phrases by the stem), so a word finds its phrases
        with one lookup."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            index.setdefault(phrase[0].rstrip("*"), []).append(phrase)
        return index

    def _word_matches(self, word: str, pattern: str) -> bool:
        return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern

    def _term_of(self, word: str) -> tuple[str, float] | None:
        weight = self.rules.words.get(word)
        if weight is not None:
            return word, weight
        for length in self._stem_lengths:  # longest first: "demonstration*" before "demonstrat*"
            if length > len(word):
                continue
            weight = self.rules.stems.get(word[:length])
            if weight is not None:
                return word[:length] + "*", weight
        return None

    def _phrase_at(self, words: list[str], i: int) -> tuple[str, float] | None:
        word = words[i]
        candidates = self._phrase_starts.get(word, [])
        if not candidates and self._stem_led_phrases:  # a stem-led phrase ("set*"): look the word up by its prefixes
            candidates = [p for length in self._stem_lengths if length <= len(word)
                          for p in self._phrase_starts.get(word[:length], []) if p[0].endswith("*")]
        for phrase in candidates:
            if i + len(phrase) <= len(words) and all(
                    self._word_matches(words[i + k], part) for k, part in enumerate(phrase)):
                return " ".join(phrase), self.rules.phrases[phrase]
        return None

    def verdict(self, text: str) -> TriageVerdict:
        """Score `text`; stops reading as soon as the threshold is reached."""
        words = _WORD.findall(text.lower())
        seen: dict[str, float] = {}
        score = 0.0
        for i in range(len(words)):
            for found in (self._phrase_at(words, i), self._term_of(words[i])):
                if found is None or found[0] in seen:
                    continue
                seen[found[0]] = found[1]
                score += found[1]
                if score >= self.rules.threshold:
                    return TriageVerdict(True, score, tuple(seen))
        return TriageVerdict(False, score, tuple(seen))

    def is_relevant(self, text: str) -> bool:
        return self.verdict(text).relevant
