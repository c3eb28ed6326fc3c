"""The actor lexicon: role nouns, modifiers, named organisations and communities.

The shipped lexicon is YAML in `data/` so that analysts can read and extend it; users pass their own
YAML (same format) or CSV files to add to it. Every phrase is stored as a tuple of spaCy tokens so
recognition is a dictionary lookup per token, whatever the size of the lexicon.
"""

from __future__ import annotations

import csv
import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import spacy

from newsevents.contract import ACTOR_TYPES
from newsevents.countries import country_names, demonyms
from ..lexicon_files import load_yaml

SHIPPED_FILES = ("roles.yaml", "organisations.yaml")
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Role:
    """A kind of actor named by a common noun ("troops", "protesters")."""

    key: str
    type: str
    cameo: str
    name: str  # template with {country}
    name_unknown: str  # the name when no country is known

    def name_for(self, country_name: str | None) -> str:
        if country_name and "{country}" in self.name:
            return self.name.format(country=country_name)
        return self.name_unknown

    def cameo_for(self, iso3: str | None) -> str:
        return f"{iso3}{self.cameo}" if iso3 else self.cameo


@dataclass(frozen=True)
class Organisation:
    """A named actor ("Al Shabaab", "MONUSCO", "Reuters")."""

    name: str
    type: str
    country: str | None
    cameo: str | None


@dataclass(frozen=True)
class Modifier:
    """A pre-modifier folded into a mention; `becomes` maps a head role to the role it turns it into."""

    heads: frozenset[str] | None
    becomes: Mapping[str, str]

    def applies_to(self, role_key: str) -> bool:
        return self.heads is None or role_key in self.heads


@dataclass
class Lexicon:
    roles: dict[str, Role] = field(default_factory=dict)
    role_phrases: dict[Phrase, str] = field(default_factory=dict)  # lower-cased tokens -> role key
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by name
    org_phrases: dict[Phrase, str] = field(default_factory=dict)  # exact tokens -> organisation name
    org_aliases: set[str] = field(default_factory=set)  # every alias as written, for the entity ruler
    modifiers: dict[Phrase, list[Modifier]] = field(default_factory=dict)  # lower-cased tokens
    communities: dict[Phrase, tuple[str, str]] = field(default_factory=dict)  # exact tokens -> (name, ISO3)
    demonyms: dict[Phrase, str] = field(default_factory=dict)  # lower-cased tokens -> ISO3
    country_names: dict[Phrase, str] = field(default_factory=dict)  # lower-cased tokens -> ISO3

    @functools.cached_property
    def longest(self) -> int:
        tables: list[Iterable[Phrase]] = [self.role_phrases, self.org_phrases, self.communities,
                                          self.modifiers, self.demonyms, self.country_names]
        return max((len(p) for table in tables for p in table), default=1)

    def role_by_unknown_name(self, name: str) -> Role | None:
        """The role whose country-less name is `name` (used to localise an actor later)."""
        for role in self.roles.values():
            if role.name_unknown == name:
                return role
        return None


@functools.cache
def _tokenizer() -> Any:
    """spaCy's English tokenizer alone: phrases split exactly as the pipeline splits the text."""
    return spacy.blank("en").tokenizer


def tokens_of(text: str) -> Phrase:
    return tuple(token.text for token in _tokenizer()(text.strip()))


def plural_forms(word: str) -> tuple[str, ...]:
    """The word and its regular English plural: lexicon entries list only the singular
    (in a phrase the last word is inflected: "prison warder" -> "prison warders")."""
    if " " in word:
        head, last = word.rsplit(" ", 1)
        return tuple(f"{head} {form}" for form in plural_forms(last))
    if "-" in word or not word.isalpha() or word.isupper():
        return (word,)
    if word.endswith("man"):
        return word, word[:-3] + "men"
    if word.endswith(("s", "x", "ch", "sh")):
        return word, word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word, word[:-1] + "ies"
    return word, word + "s"


def _check_type(actor_type: str, where: str) -> str:
    if actor_type not in ACTOR_TYPES:
        raise ValueError(f"{where}: unknown actor type {actor_type!r} (expected one of {ACTOR_TYPES})")
    return actor_type


def _add_roles(lexicon: Lexicon, roles: Mapping[str, Mapping[str, Any]], source: str) -> None:
    for key, spec in roles.items():
        old = lexicon.roles.get(key)
        if old is None and not {"type", "name"} <= set(spec):
            raise ValueError(f"{source}: new role {key!r} needs at least 'type' and 'name'")
        name = spec.get("name", old.name if old else "")
        lexicon.roles[key] = Role(
            key=key,
            type=_check_type(spec.get("type", old.type if old else ""), f"{source}: role {key}"),
            cameo=str(spec.get("cameo", old.cameo if old else "")),
            name=name,
            name_unknown=spec.get("name_unknown", old.name_unknown if old else name.replace(" ({country})", "")),
        )
        for word in spec.get("words", ()):
            for form in plural_forms(str(word)):
                lexicon.role_phrases[tuple(t.lower() for t in tokens_of(form))] = key


def _add_modifiers(lexicon: Lexicon, modifiers: Iterable[Mapping[str, Any]]) -> None:
    for spec in modifiers:
        heads = spec.get("heads")
        becomes = spec.get("becomes") or {}
        if isinstance(becomes, str):
            becomes = {head: becomes for head in heads or lexicon.roles}
        modifier = Modifier(heads=frozenset(heads) if heads else None, becomes=dict(becomes))
        for word in spec.get("words", ()):
            lexicon.modifiers.setdefault(tuple(t.lower() for t in tokens_of(str(word))), []).append(modifier)


def _add_organisation(lexicon: Lexicon, spec: Mapping[str, Any], source: str) -> None:
    name = str(spec["name"])
    old = lexicon.organisations.get(name)
    country = spec.get("country", old.country if old else None)
    lexicon.organisations[name] = Organisation(
        name=name,
        type=_check_type(spec.get("type", old.type if old else "other"), f"{source}: {name}"),
        country=str(country).upper() if country else None,
        cameo=spec.get("cameo", old.cameo if old else None),
    )
    for alias in [name, *spec.get("aliases", ())]:
        lexicon.org_phrases[tokens_of(str(alias))] = name
        lexicon.org_aliases.add(str(alias))


def _add_communities(lexicon: Lexicon, communities: Mapping[str, Sequence[str]]) -> None:
    for iso3, names in communities.items():
        for community in names:
            entry = (str(community), str(iso3).upper())
            lexicon.communities[tokens_of(str(community))] = entry
            if " " not in str(community) and not str(community).endswith("s"):
                lexicon.communities[(f"{community}s",)] = entry  # "Fulanis", "Pokots"


def _add_yaml(lexicon: Lexicon, data: Mapping[str, Any], source: str) -> None:
    _add_roles(lexicon, data.get("roles") or {}, source)
    _add_modifiers(lexicon, data.get("modifiers") or ())
    for spec in data.get("organisations") or ():
        _add_organisation(lexicon, spec, source)
    _add_communities(lexicon, data.get("communities") or {})


def _add_csv(lexicon: Lexicon, path: Path) -> None:
    """CSV rows `alias,name,type,country,cameo` add organisation aliases (header row required)."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            alias = (row.get("alias") or "").strip()
            if not alias:
                continue
            spec = {"name": (row.get("name") or alias).strip(), "aliases": [alias]}
            for column in ("type", "country", "cameo"):
                if (row.get(column) or "").strip():
                    spec[column] = row[column].strip()
            _add_organisation(lexicon, spec, str(path))


def _add_countries(lexicon: Lexicon) -> None:
    for word, iso3 in demonyms().items():
        if "," not in word:
            lexicon.demonyms[tuple(t.lower() for t in tokens_of(word))] = iso3
    for name, iso3 in country_names().items():
        lexicon.country_names[tuple(t.lower() for t in tokens_of(name))] = iso3


def load_lexicon(extra_files: Sequence[str | os.PathLike] = ()) -> Lexicon:
    """The shipped lexicon extended by the user's YAML or CSV files (later files win)."""
    lexicon = Lexicon()
    data_dir = resources.files("newsevents.actors") / "data"
    for name in SHIPPED_FILES:
        _add_yaml(lexicon, load_yaml((data_dir / name).read_text(encoding="utf-8"), name) or {}, name)
    for extra in extra_files:
        path = Path(extra)
        if path.suffix.lower() == ".csv":
            _add_csv(lexicon, path)
        else:
            _add_yaml(lexicon, load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}, str(path))
    _add_countries(lexicon)
    return lexicon
