"""The events stage: who did what to whom, where, when and how many, as ACLED/CAMEO-coded Events.

`extract_events(doc, EventContext(published, times, places, actors, quotes))` returns one contract
`Event` per happening in the article, most important first. The trigger lexicon is
data/triggers.yaml (see docs/events.md to extend it).
"""

from .counts import parse_number
from .extract import EventContext, extract_events
from .lexicon import Lexicon, default_lexicon, load_lexicon

__all__ = ["EventContext", "Lexicon", "default_lexicon", "extract_events", "load_lexicon", "parse_number"]
