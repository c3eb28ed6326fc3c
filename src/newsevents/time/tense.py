"""Which way a bare weekday, month or day-month points: the grammar of the clause it sits in.

Returns one of four directions:
- "past": a past-tense or perfect clause ("attacked on Monday", "has met in March");
- "future": `will`/`shall`, a modal ("must be returned by Jan. 14"), an infinitive under a planning
  verb ("plans to meet on Monday", "expected to close by Dec. 15"), a deferral to a date ("extended
  to Nov. 16");
- "near": present tense, progressive or present passive ("meet Monday", "is expected Monday"): news
  uses these for arrangements, so a weekday is the next one and a date the nearest occurrence;
- "scheduled": a schedule word or an arranging verb in an otherwise past or verbless clause
  ("payable Dec. 15", "the Jan. 14 deadline", "planned a rally for Saturday"): a date takes the
  nearest occurrence, a weekday stays in the past;
- "unknown": no governing verb (a headline, a noun phrase): dates take the nearest occurrence and
  weekdays the last one.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

PAST, FUTURE, NEAR, SCHEDULED, UNKNOWN = "past", "future", "near", "scheduled", "unknown"

_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_PERFECT_AUX = frozenset({"has", "have", "had", "'ve", "having"})
_PAST_AUX = frozenset({"was", "were", "did", "had"})
_PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re", "be"})
_PLANNING_VERBS = frozenset({
    "plan", "schedule", "expect", "intend", "hope", "aim", "set", "due", "want", "agree", "promise",
    "vow", "threaten", "prepare", "propose", "decide", "seek", "try", "ask", "urge", "order", "likely",
    "ready", "able", "need", "wish", "slate", "anticipate", "tell", "call",
})
# words between the expression and its verb that make it a date still to come
_SCHEDULE_WORDS = frozenset({
    "payable", "due", "effective", "deadline", "record", "scheduled", "slated", "expire", "expiration",
    "upcoming", "summit", "ceremony", "hearing", "session", "vote", "election", "trial", "meeting",
    "conference", "deadlines", "date", "target", "planned",
})
_DEFERRAL_VERBS = frozenset({"extend", "postpone", "delay", "defer", "adjourn", "push", "reschedule", "move",
                             "give", "grant", "allow"})
# "could" and "might" are as often the past of "can" and "may" ("could not be reached Monday")
_PAST_MODALS = frozenset({"could", "might"})
_ARRANGING_VERBS = frozenset({"plan", "schedule", "slate"})
_TOWARDS = frozenset({"to", "until", "till", "through", "into"})
_SENTENCE_FUTURE = re.compile(r"\b(?:will|shall|'ll)\b", re.IGNORECASE)


def clause_direction(doc: Doc, start: int, end: int) -> str:
    """The direction ("past", "future", "near", "unknown") of the clause around chars start..end."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return UNKNOWN
    token = span.root
    path: list[Token] = []
    for _ in range(6):  # walk up to the governing verb
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        path.append(token)
        token = token.head
    schedule = any(t.lower_ in _SCHEDULE_WORDS or t.lemma_ in _SCHEDULE_WORDS for t in path[1:])
    towards = any(t.lower_ in _TOWARDS and t.dep_ == "prep" for t in path)
    if token.pos_ not in ("VERB", "AUX"):
        if schedule:
            return SCHEDULED
        return FUTURE if _SENTENCE_FUTURE.search(token.sent.text) else UNKNOWN
    if towards and token.lemma_ in _DEFERRAL_VERBS:
        return FUTURE
    direction = verb_direction(token)
    if schedule and direction in (PAST, UNKNOWN):
        return SCHEDULED
    return direction


def verb_direction(verb: Token, depth: int = 0) -> str:
    """The direction a verb's own tense and auxiliaries give."""
    auxes = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX:
        return FUTURE
    if any(a.tag_ == "MD" and a.lower_ not in _PAST_MODALS for a in auxes):  # must, may, would, should
        return PAST if words & _PERFECT_AUX else FUTURE
    if "to" in words:  # an infinitive: its governor decides
        if words & _PERFECT_AUX:
            return PAST
        governor = verb.head
        if governor is verb or depth > 2:
            return UNKNOWN
        if governor.lemma_ in _PLANNING_VERBS or governor.lower_ in ("going", "about"):
            return FUTURE
        return verb_direction(governor, depth + 1)
    if words & _PERFECT_AUX or words & _PAST_AUX:
        return PAST
    if verb.tag_ == "VBD":
        return SCHEDULED if verb.lemma_ in _ARRANGING_VERBS else PAST  # "planned a rally on Saturday"
    if verb.tag_ == "VBN":
        if words & _PRESENT_BE:
            return NEAR  # present passive: "is expected Monday"
        return SCHEDULED if verb.lemma_ in _PLANNING_VERBS else PAST  # "the talks set for Monday"
    if verb.tag_ == "VBG" and not words:  # a participle clause takes its head's tense
        head = verb.head
        if head is not verb and head.pos_ in ("VERB", "AUX") and depth <= 2:
            return verb_direction(head, depth + 1)
        return UNKNOWN
    if verb.tag_ in ("VBZ", "VBP", "VBG", "VB"):
        return NEAR
    return UNKNOWN
