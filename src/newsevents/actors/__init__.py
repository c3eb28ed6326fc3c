"""The actors stage: who acts and who is acted upon, typed with ACLED's actor categories.

`ActorRecognizer().recognise(doc)` returns every actor mention (contract `Actor`) in text order;
`entity_patterns()` feeds multi-word organisation names to the nlp entity ruler; `for_event()` adapts
an actor to the event it takes part in (event country, protest/riot context).
"""

from .lexicon import Lexicon, Organisation, Role, load_lexicon
from .recognise import ActorRecognizer

__all__ = ["ActorRecognizer", "Lexicon", "Organisation", "Role", "load_lexicon"]
