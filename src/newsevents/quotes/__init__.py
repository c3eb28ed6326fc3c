"""The quotes stage: who said (or believes) what, with cue, speaker and content spans.

`extract_quotes(doc, actors)` returns contract `Quote`s in text order; `format_quotes_table`
renders them for the `newsevents quotes FILE` command. See docs/quotes.md.
"""

from .cues import CueLexicon, default_cue_lexicon, load_cue_lexicon
from .direct import QuoteRegion, find_quote_regions
from .extract import extract_quotes
from .table import format_quotes_table

__all__ = [
    "CueLexicon", "QuoteRegion", "default_cue_lexicon", "extract_quotes", "find_quote_regions",
    "format_quotes_table", "load_cue_lexicon",
]
