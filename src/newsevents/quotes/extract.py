"""The quotes stage: direct quotations and reported speech, each with its cue and speaker.

Order of work, all linear in the document:
1. the quotation-mark regions of the text (direct.py) and the cues of the parse (indirect.py);
2. each region takes the speech cue right after it (`"...," Sabra said`), right before it
   (`Sabra said: "..."`), the clause before a colon, or a signature dash (`"..." ― Maria Lopez`);
   a region opening a paragraph or a sentence with no cue of its own continues the previous direct
   quote's speaker (bare quote paragraphs); a quotation interrupted by its cue
   (`"Right now," Sabra added, "we have ..."`) is ONE attribution whose content runs from the first
   part to the last (so it spans the interrupting cue); 1-3 word regions without a cue are scare
   quotes, and regions inside a reported clause are partial quotes: neither is a quote;
3. every other cue with content is reported speech, except cues inside a quotation ("I think");
   transcript turns (`HOST: ...`) are attributions too;
4. speakers are resolved in text order, so pronouns can point back to earlier speakers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from newsevents.contract import Actor, Quote, Speaker, TextSpan

from .cues import CueLexicon, default_cue_lexicon
from .direct import QuoteRegion, find_quote_regions
from .indirect import Attribution, find_attributions, speaker_head
from .speakers import (RELATIVE_PRONOUNS, SpeakerIndex, build_speaker_index, mention_span, remember,
                       resolve_name, role_of)

_WINDOW = 15  # tokens searched for a cue before a quotation
_WINDOW_AFTER = 25  # ... and after it ("...," Texas delegate Bill Eastland, wearing a hat, said)
_SCARE_QUOTE_WORDS = 3
_POSTVERBAL_SPEAKER_DEPS = frozenset({"dobj", "attr", "nsubj", "npadvmod", "appos", "oprd", "dative"})
_SIGNATURE_TOKENS = 5  # at most this many capitalised words make the name after a signature dash
_SENTENCE_END = frozenset({".", "!", "?"})
_QUOTE_TOKENS = frozenset({'"', "“", "”", "«", "»", "``", "''", "‘", "’", "'", "„"})
_ENDS_OPEN_SENTENCE = re.compile(r"[,!?:;…—–-]$")
_DASH_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*(?=[A-Z])")
_TRANSCRIPT_TURN = re.compile(r"^[ \t]*([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}):[ \t]+(\S[^\n]*\S)", re.MULTILINE)
# upper-case line heads that are labels, not speakers
_NOT_SPEAKERS = frozenset({"UPDATE", "NOTE", "EDITOR'S NOTE", "WATCH", "READ MORE", "READ", "SEE ALSO",
                           "RELATED", "PHOTOS", "VIDEO", "CORRECTION", "CLARIFICATION", "SOURCE",
                           "SOURCES", "Q", "A", "PS", "P.S", "FACT CHECK", "BREAKING", "ADVERTISEMENT"})
_OPENING_CHARS = frozenset('"“«„‘\'`')
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_AFTER_SENTENCE = re.compile(r"(^|[.!?:”\"'’»]|\n)\s*$")


@dataclass
class _Found:
    """A quote before speaker resolution."""

    attribution: Attribution
    content: tuple[int, int]
    direct: bool
    region: QuoteRegion | None = None


class _Tokens:
    """Character -> token lookups for one document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access: read it once
        self.starts = doc.to_array(IDX).tolist()

    def at(self, char: int) -> int:
        return max(bisect.bisect_right(self.starts, char) - 1, 0)


def _is_boundary(token_text: str) -> bool:
    return token_text in _SENTENCE_END or token_text in _QUOTE_TOKENS or "\n" in token_text


def _cue_after(region: QuoteRegion, tokens: _Tokens, cues: dict[int, Attribution], lexicon: CueLexicon,
               next_quote_starts: frozenset[int]) -> Attribution | None:
    """`"...," Sabra said` / `"...," said Sabra` / `"..." he told the BBC.`"""
    doc = tokens.doc
    first = tokens.at(region.end - 1) + 1
    for i in range(first, min(first + _WINDOW_AFTER, len(doc))):
        token = doc[i]
        if token.text in _SENTENCE_END or "\n" in token.text or token.idx in next_quote_starts:
            return None
        attribution = cues.get(i)
        if attribution and lexicon.introduces_direct_quote(attribution.lemma):
            has_own_clause = attribution.content is not None and attribution.content[0] > token.idx
            return None if has_own_clause else attribution
    return None


def _cue_before(region: QuoteRegion, tokens: _Tokens, cues: dict[int, Attribution],
                lexicon: CueLexicon) -> Attribution | None:
    """`Sabra said: "..."` / `He told reporters, "..."` / `He said "..."`."""
    doc = tokens.doc
    mark = tokens.at(region.start)
    previous = mark - 1
    while previous >= 0 and doc[previous].is_space:
        previous -= 1
    if previous < 0:
        return None
    if previous in cues and lexicon.introduces_direct_quote(cues[previous].lemma):
        return cues[previous]
    if doc[previous].text not in (":", ","):
        return None
    for i in range(previous - 1, max(previous - _WINDOW, -1), -1):
        if _is_boundary(doc[i].text):
            break
        attribution = cues.get(i)
        if attribution and lexicon.introduces_direct_quote(attribution.lemma):
            own = attribution.content  # a cue with its own clause between it and the quote is not its cue
            return None if own is not None and doc[i].idx < own[0] < region.start else attribution
    return _colon_clause(doc[previous], lexicon) if doc[previous].text == ":" else None


def _colon_clause(colon: Token, lexicon: CueLexicon) -> Attribution | None:
    """`The ministry released the following statement: "..."`: a colon hands the quotation to the
    clause before it, whose verb is then the cue even when it is no speech verb."""
    verb = colon.head
    for _ in range(3):  # the colon may hang on the object ("the following statement")
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i > colon.i:
        return None
    return Attribution(verb.i, verb.i + 1, verb.i, speaker_head(verb, lexicon), None, verb.lemma_, verb.idx)


def _dash_attribution(region: QuoteRegion, tokens: _Tokens) -> Attribution | None:
    """`"..." ― Julie Martinez`: a quotation signed with a dash and a name."""
    match = _DASH_SIGNATURE.match(tokens.text, region.end)
    if not match:
        return None
    doc = tokens.doc
    dash = tokens.at(match.start(1))
    first = tokens.at(match.end())
    last = first
    while (last + 1 < min(len(doc), first + _SIGNATURE_TOKENS) and doc[last + 1].text[:1].isupper()
           and "\n" not in doc[last + 1].text):
        last += 1
    if doc[dash].text != match.group(1) or doc[first].idx != match.end():
        return None
    return Attribution(dash, dash + 1, dash, last, None, "―", doc[dash].idx, (first, last + 1))


def _transcript_turns(tokens: _Tokens) -> list[_Found]:
    """Interview transcripts: `TAPPER: Do you think ...` (an upper-case speaker, a colon, the turn)."""
    found = []
    text = tokens.text
    for match in _TRANSCRIPT_TURN.finditer(text):
        if match.group(1).strip(".") in _NOT_SPEAKERS:
            continue
        doc = tokens.doc
        name_start, name_end = tokens.at(match.start(1)), tokens.at(match.end(1) - 1) + 1
        colon = tokens.at(match.end(1))
        if doc[colon].text != ":" or doc[name_start].idx != match.start(1):
            continue
        attribution = Attribution(colon, colon + 1, colon, name_end - 1, None, ":", doc[colon].idx,
                                  (name_start, name_end))
        found.append(_Found(attribution, (match.start(2), match.end(2)), text[match.start(2)] in _OPENING_CHARS))
    return found


def _starts_sentence(text: str, region: QuoteRegion) -> bool:
    return bool(_AFTER_SENTENCE.search(text[max(0, region.start - 3):region.start])) or region.start == 0


def _direct_quotes(regions: list[QuoteRegion], tokens: _Tokens, cues: dict[int, Attribution],
                   lexicon: CueLexicon) -> list[_Found]:
    text = tokens.text
    found: list[_Found] = []
    # quotations long enough to be speech stop the search for a cue; scare quotes do not
    speech_starts = frozenset(r.start for r in regions if r.words(text) > _SCARE_QUOTE_WORDS)
    for region in regions:
        inner = text[region.inner_start:region.inner_end]
        after = _cue_after(region, tokens, cues, lexicon, speech_starts)
        before = _cue_before(region, tokens, cues, lexicon)
        if after and (_ENDS_OPEN_SENTENCE.search(inner) or text[region.end:region.end + 1] == ","):
            attribution = after
        else:
            attribution = before or after
        previous = found[-1] if found else None
        attribution = attribution or _dash_attribution(region, tokens)
        if attribution is None:
            if region.words(text) <= _SCARE_QUOTE_WORDS or not _starts_sentence(text, region):
                continue
            if previous is None or _paragraphs_between(text, previous.content[1], region.start) > 1:
                continue
            if _resumes_after_cue(text, previous, region):  # "A," he said. "B."
                previous.content, previous.region = (previous.content[0], region.inner_end), region
                continue
            attribution = previous.attribution  # a bare quote paragraph continues the previous speaker
        elif previous and previous.attribution.head == attribution.head and _resumes_after_cue(text, previous, region):
            previous.content, previous.region = (previous.content[0], region.inner_end), region  # "A," X added, "B."
            continue
        found.append(_Found(_speaker_outside(attribution, region, tokens), (region.inner_start, region.inner_end),
                            True, region))
    return found


def _speaker_outside(attribution: Attribution, region: QuoteRegion, tokens: _Tokens) -> Attribution:
    """A quotation does not speak itself: when the parser made a word inside the quotation the subject
    of an inverted cue (`"Full panic mode," said Leslie Wimes`), take the noun after the cue instead."""
    if attribution.speaker is None or attribution.speaker_tokens is not None:
        return attribution
    if not region.start <= tokens.doc[attribution.speaker].idx < region.end:
        return attribution
    verb = tokens.doc[attribution.head]
    after = [c for c in verb.children if c.i > verb.i and c.dep_ in _POSTVERBAL_SPEAKER_DEPS
             and c.pos_ in ("PROPN", "NOUN", "PRON")]
    return replace(attribution, speaker=after[0].i if after else None)


def _paragraphs_between(text: str, start: int, end: int) -> int:
    return len(_PARAGRAPH_BREAK.findall(text, start, end))


def _resumes_after_cue(text: str, previous: _Found, region: QuoteRegion) -> bool:
    """`"A," Sabra added, "B."` or `"A," he said. "B."`: the same quotation, interrupted only by
    its cue in the same paragraph (one attribution, as in PolNeAR and in most style guides)."""
    if not previous.direct or previous.region is None:
        return False
    between_start = previous.region.end
    cue = previous.attribution.cue_char
    return "\n" not in text[between_start:region.start] and between_start <= cue < region.start


def _covered(span: tuple[int, int], spans: list[tuple[int, int]], starts: list[int]) -> int:
    """Characters of `span` covered by the sorted `spans` (only those that can overlap are visited)."""
    covered = 0
    index = max(bisect.bisect_right(starts, span[0]) - 1, 0)
    while index < len(spans) and spans[index][0] < span[1]:
        covered += max(0, min(span[1], spans[index][1]) - max(span[0], spans[index][0]))
        index += 1
    return covered


def _inside(char: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    where = bisect.bisect_right(starts, char) - 1
    return where >= 0 and char < spans[where][1]


def _indirect_quotes(text: str, attributions: list[Attribution], direct: list[_Found],
                     regions: list[QuoteRegion]) -> list[_Found]:
    used_cues = {f.attribution.head for f in direct}
    # cues inside quotations ("I think ...") belong to the quoted words, not to the article
    quoted = [(r.inner_start, r.inner_end) for r in regions if r.words(text) > _SCARE_QUOTE_WORDS]
    quoted_starts = [span[0] for span in quoted]
    taken = sorted(f.content for f in direct)
    taken_starts = [span[0] for span in taken]
    found: list[_Found] = []
    for attribution in attributions:
        if attribution.content is None or attribution.head in used_cues:
            continue
        if _inside(attribution.cue_char, quoted, quoted_starts):
            continue
        content = attribution.content
        if _covered(content, taken, taken_starts) >= 0.5 * (content[1] - content[0]):
            continue  # the clause is (mostly) a quotation already attributed
        found.append(_Found(attribution, content, False))
    return found


def _actor_of(span: tuple[int, int], name: str, actors: list[Actor]) -> Actor | None:
    """The actor a speaker is: the one at the mention, else the one the full name names."""
    at_mention = [a for a in actors if a.span[0] < span[1] and span[0] < a.span[1]]
    if at_mention:
        return at_mention[0]
    return next((a for a in actors if name in (a.name, a.text)), None)


def _speaker(doc: Doc, attribution: Attribution, index: SpeakerIndex, actors: list[Actor]) -> Speaker | None:
    if attribution.speaker is None:
        return None
    head = doc[attribution.speaker]
    mention = doc[slice(*attribution.speaker_tokens)] if attribution.speaker_tokens else mention_span(head)
    named = mention
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":  # "Sabra, who said ..."
        named = mention_span(head.head.head)
    name, is_person = resolve_name(index, named)
    remember(index, mention.start_char, name, is_person)
    span = (mention.start_char, mention.end_char)
    actor = _actor_of(span, name, actors)
    return Speaker(mention.text, span, name, role=role_of(head, mention),
                   type=actor.type if actor else None, country=actor.country if actor else None)


def extract_quotes(doc: Doc, actors: list[Actor], lexicon: CueLexicon | None = None) -> list[Quote]:
    """Direct and indirect quotes of `doc`, in text order, each with its cue and speaker."""
    lexicon = lexicon or default_cue_lexicon()
    tokens = _Tokens(doc)
    text = tokens.text
    attributions = find_attributions(doc, lexicon)
    cues = {a.head: a for a in attributions}
    regions = find_quote_regions(text)
    direct = _direct_quotes(regions, tokens, cues, lexicon) + _transcript_turns(tokens)
    found = sorted(direct + _indirect_quotes(text, attributions, direct, regions), key=lambda f: f.content[0])
    index = build_speaker_index(doc, actors)
    speakers: dict[int, Speaker | None] = {}
    for item in sorted(found, key=lambda f: f.attribution.head):
        key = id(item.attribution)
        if key not in speakers:
            speakers[key] = _speaker(doc, item.attribution, index, actors)
    quotes = []
    for item in found:
        last_cue_token = doc[item.attribution.cue_end - 1]
        cue_start, cue_end = doc[item.attribution.cue_start].idx, last_cue_token.idx + len(last_cue_token)
        start, end = item.content
        quotes.append(Quote(
            speaker=speakers[id(item.attribution)],
            cue=TextSpan(text[cue_start:cue_end], (cue_start, cue_end)),
            content=TextSpan(text[start:end], (start, end)),
            direct=item.direct,
        ))
    return quotes
