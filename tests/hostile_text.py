"""Hypothesis strategies for hostile article text, shared by the property tests.

Pure random Unicode rarely reaches the interesting code (events, quotes, dates need English
words around them), so a hostile text is a mix of ordinary news sentences written for these
tests and hostile fragments: control characters, bidi marks, combining characters, emoji,
odd code points, very long tokens, runs of punctuation and quotes, HTML-ish markup.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Sentences written for these tests (no evaluation data), chosen to wake every stage up:
# datelines, dates, places, actors, quotes, figures, event verbs.
NEWS_SENTENCES = (
    "KABUL, March 3 - Taliban militants attacked a police checkpoint in Helmand on Monday.",
    "Four policemen were killed and two wounded, a provincial spokesman said.",
    '"We will not surrender," the commander told reporters in Aleppo on Tuesday.',
    "The Syrian army recaptured eastern Aleppo from rebels, the monitor said.",
    "Police arrested 15 protesters in Nairobi on 7 May 2019.",
    "Hundreds of teachers marched through Lagos to demand higher pay last week.",
    "The UN Security Council urged calm, according to a statement issued on Friday.",
    "Gunmen killed nine villagers near Maiduguri in Borno State on Sunday night.",
    "About 10,000 people fled the fighting in two weeks of air strikes, aid workers said.",
    "French President Emmanuel Macron said Paris would send troops to Mali.",
    "Rebels shelled the port of Hodeidah, said Yemen's defence ministry.",
    "On 2016-11-28 at 10:30 a.m., a car bomb exploded in Baghdad, killing at least 12.",
    "'It was terrible', said Ahmed, 34, a shopkeeper.",
)

WEIRD_CHARACTERS = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f"  # C0/C1 controls, NEL
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width and BOM
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi marks and overrides
    "\u0300\u0301\u0308\u0327\u20dd\u0489"  # combining marks
    "\u2028\u2029\u00a0\u2003\u3000"  # line/paragraph separators, odd spaces
    "\u00ad\u034f\u180e"  # soft hyphen, grapheme joiner, Mongolian vowel separator
    "\ufffd\ufffe\uffff\U000e0001\U0010fffd"  # replacement, non-characters, tags, private use
    "\U0001f600\U0001f469\u200d\U0001f467\U0001f1f8\U0001f1fe\u2764\ufe0f"  # emoji, ZWJ, flags
    "\u0627\u0644\u0633\u0644\u0627\u0645\u05e9\u05dc\u05d5\u05dd"  # Arabic, Hebrew
    "\u4e2d\u6587\ud55c\u0905\u093f\u0e01\u0e34"  # CJK, Hangul, Devanagari, Thai
    "\u0130\u0131\u00df\ufb01\u1e9e\u2126\u212a"  # case-mapping oddities (İ ı ß ﬁ ẞ Ω K)
    "\u2019\u2018\u201c\u201d\u00ab\u00bb\u201e\u2039\u203a\u300c\u300d"  # typographic quotes
)

PUNCTUATION = "\"'`.,;:!?-\u2013\u2014()[]{}<>/\\|*&^%$#@~"

HTML_FRAGMENTS = (
    "<p>", "</p>", "<br/>", "<script>alert(1)</script>", "<a href=\"x\">", "&amp;", "&#x27;",
    "&nbsp;", "<!-- comment -->", "<![CDATA[", "]]>", "<div class='x'>", "</", "<",
)

# Code points outside the surrogate range only: a Python str from JSON or a file never holds lone
# surrogates once decoded with errors="replace", and the CLI cannot even write them as UTF-8.
any_character = st.characters(exclude_categories=("Cs",))
weird_character = st.sampled_from(WEIRD_CHARACTERS)

hostile_fragment = st.one_of(
    st.text(any_character, min_size=1, max_size=12),
    st.text(weird_character, min_size=1, max_size=8),
    st.text(st.sampled_from(PUNCTUATION), min_size=2, max_size=60),  # long runs of punctuation
    st.sampled_from(('"', "'", "\u201c", "\u201d", "\u00ab")).map(lambda q: q * 40),  # runs of quotes
    st.builds(lambda c, n: c * n, st.sampled_from("aZ9_-\u00e9\u0627"), st.integers(200, 3000)),  # long tokens
    st.sampled_from(HTML_FRAGMENTS),
    st.integers(-10**12, 10**12).map(str),
    st.sampled_from(("1999-02-30", "31/31/2020", "0000-00-00", "9999-12-31", "Feb 30", "the 45th",
                     "week 53", "10:99 p.m.", "5,000,000,000,000 people", "-3 killed")),
)
separator = st.sampled_from((" ", "", "\n", "\n\n", "\t", ". ", "\u200f", "\u00a0", "\r\n"))


@st.composite
def hostile_texts(draw: st.DrawFn, max_pieces: int = 14) -> str:
    """News sentences and hostile fragments interleaved, the news sometimes cut mid-word."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(NEWS_SENTENCES), hostile_fragment),
                           min_size=1, max_size=max_pieces))
    joined = ""
    for piece in pieces:
        joined += draw(separator) + piece
    if draw(st.booleans()):  # a sentence cut at a random point, as a truncated page would be
        cut = draw(st.integers(0, len(joined)))
        joined = joined[:cut] + draw(separator) + joined[cut:]
    return joined


def all_spans(out: dict) -> list[tuple[str, dict]]:
    """Every object with a `span` (and the evidence pairs) anywhere in an output document."""
    found: list[tuple[str, dict]] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            if "span" in value:
                found.append((where, value))
            if "evidence" in value and value["evidence"] is not None:
                found.append((where + ".evidence", {"span": value["evidence"]}))
            for key, inner in value.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, f"{where}[{i}]")

    walk(out, "$")
    return found


def assert_every_span(text: str, out: dict) -> None:
    """Every span anywhere (nested figures, speakers, triggers...) lies in the text and, where it
    carries its surface string, is exactly that slice of the text."""
    for where, item in all_spans(out):
        start, end = item["span"]
        assert isinstance(start, int) and isinstance(end, int), f"{where}: span {item['span']}"
        assert 0 <= start < end <= len(text), f"{where}: span {item['span']} outside a text of {len(text)}"
        if isinstance(item.get("text"), str):
            assert text[start:end] == item["text"], f"{where}: {item['text']!r} != {text[start:end]!r}"
