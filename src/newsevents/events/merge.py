"""One event per happening: mentions are grouped by sentence, then sentences into happenings.

Within a sentence, every material trigger describes one happening ("14 militants were killed during
clashes" is one battle); verbal triggers (statements, appeals...) there are only the frame of the
material one ("protesters denouncing the coup") and are dropped. Across sentences, a later sentence
joins the latest happening of a compatible kind unless it says it is another one ("separately",
"in another attack"), names another date, or is located at a place the happening was not.
Modifiers (arrests, dispersal, looting, later deaths) always join the happening they follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .detect import Mention

_VIOLENCE_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_MATERIAL = frozenset({"violent", "protest", "modifier"})
_SEPARATORS = ("separately", "meanwhile", "elsewhere", "in another", "in a separate", "in a different",
               "also on", "on the same day", "in an unrelated", "a separate", "another")


@dataclass
class Cluster:
    """Mentions of one happening, with the sentences they were read from."""

    mentions: list[Mention]
    sentences: list[int]
    family: str  # "material", "strategic:<class>" or "political:<cameo>"
    dates: set[str] = field(default_factory=set)  # the text dates of its sentences (ISO days)
    place_keys: set[str] = field(default_factory=set)  # place names seen in its sentences
    attached_place: str | None = None  # the place its first trigger is syntactically located at
    count_sentences: list[int] = field(default_factory=list)  # trigger-less sentences with its figures

    @property
    def primary(self) -> Mention:
        return max(self.mentions, key=lambda m: (m.rank, -m.start))

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(m.event_class.name for m in self.mentions)

    @property
    def only_modifiers(self) -> bool:
        return all(m.family == "modifier" or m.event_class.name in ("kill", "injure") for m in self.mentions)


def _family_key(mention: Mention) -> str:
    if mention.family in _MATERIAL:
        return "material"
    if mention.family == "strategic":  # a truce that was signed is one agreement
        return "strategic:" + (mention.event_class.sub_event_type or mention.event_class.name)
    return "political:" + (mention.event_class.cameo or "")[:2]


def sentence_clusters(mentions: list[Mention]) -> list[Cluster]:
    """Group realised mentions of each sentence into happenings (at most one per family key)."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.realised or mention.family == "political":
            by_sentence.setdefault(mention.sentence, []).append(mention)
    clusters: list[Cluster] = []
    for sentence, group in sorted(by_sentence.items()):
        material = any(m.family != "political" and m.realised for m in group)
        keyed: dict[str, Cluster] = {}
        for mention in group:
            if mention.family == "political" and (material or mention.negated):
                continue
            if not mention.realised and mention.family != "political":
                continue
            key = _family_key(mention)
            if key in keyed:
                keyed[key].mentions.append(mention)
            else:
                keyed[key] = Cluster([mention], [sentence], key)
        clusters.extend(keyed.values())
    return clusters


def _says_another(sentence_text: str) -> bool:
    lowered = sentence_text.lower()
    return any(lowered.startswith(s) or f", {s}" in lowered[:60] or f" {s} " in lowered[:40] for s in _SEPARATORS)


_KINDS = {"chemical": "remote", "suicide_bomb": "remote", "air_strike": "remote", "shelling": "remote",
          "grenade": "remote", "explosive": "remote", "territory": "territory", "abduction": "civilians",
          "sexual": "civilians", "protest": "crowd", "labour_strike": "crowd", "riot": "crowd", "mob": "crowd"}


def _kind(cluster: Cluster) -> str:
    """What sort of happening a cluster's main trigger describes; "generic" fits any violent one."""
    return _KINDS.get(cluster.primary.event_class.name, "generic")


def _compatible(earlier: Cluster, later: Cluster, later_text: str, document_place: str | None) -> bool:
    if earlier.family != later.family:
        return False
    if later.family != "material":
        return True
    if later.attached_place and later.attached_place not in (earlier.place_keys or {document_place}):
        return False  # "Police in Damascus arrested 15 people" after a battle in Aleppo
    if later.only_modifiers:
        return True
    if _says_another(later_text):
        return False
    if earlier.dates and later.dates and not earlier.dates & later.dates:
        return False  # told on other days ("on Sunday and Monday" shares a day with "on Monday")
    kinds = {_kind(earlier), _kind(later)}
    if len(kinds) == 2 and "generic" not in kinds:
        return False  # an air strike campaign after a ground offensive is another happening
    early_protest = any(m.family == "protest" for m in earlier.mentions)
    later_protest = any(m.family == "protest" for m in later.mentions)
    later_violent = any(m.family == "violent" and m.event_class.name not in ("kill", "injure", "attack", "clash")
                        for m in later.mentions)
    return not (early_protest and later_violent and not later_protest)


def merge_clusters(clusters: list[Cluster], sentence_texts: list[str], document_place: str | None = None
                   ) -> list[Cluster]:
    """Happenings of the document: each sentence cluster joins a compatible earlier one or starts one.

    `document_place`: the name of the document's main place, where a happening told without a place is.
    """
    merged: list[Cluster] = []
    for cluster in clusters:
        target = None
        for earlier in reversed(merged):
            if earlier.family == cluster.family:
                if _compatible(earlier, cluster, sentence_texts[cluster.sentences[0]], document_place):
                    target = earlier
                break
        if target is None:
            merged.append(cluster)
            continue
        target.mentions.extend(cluster.mentions)
        target.sentences.extend(s for s in cluster.sentences if s not in target.sentences)
        target.place_keys |= cluster.place_keys
        target.dates |= cluster.dates
    return merged


def attach_count_sentences(happenings: list[Cluster], candidates: list[int]) -> None:
    """Give a sentence without triggers that reports figures ("10,000 civilians had fled") to the
    material happening told just before it."""
    for index in candidates:
        before = [c for c in happenings if c.family == "material" and min(c.sentences) < index]
        if before:
            latest = max(before, key=lambda c: max(s for s in c.sentences if s < index))
            latest.count_sentences.append(index)


def salience(family: str, event_type: str, first_sentence: int, fatalities: int | None, mentions: int) -> float:
    """How much an article is about this happening: material violence, the lead, the dead."""
    score = {"material": 3.0, "strategic": 2.0}.get(family.split(":")[0], 0.0)
    if event_type in _VIOLENCE_TYPES:
        score += 0.5
    if event_type == "Other":
        score = min(score, 0.5)
    if first_sentence == 0:
        score += 1.5
    elif first_sentence == 1:
        score += 0.5
    score += 0.5 * math.log1p(fatalities or 0) + 0.2 * min(mentions, 5)
    return score
