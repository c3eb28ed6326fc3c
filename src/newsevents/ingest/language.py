"""Which language a text is in, decided only when the evidence is strong.

py3langid (BSD-3, its model ships inside the wheel, nothing is downloaded) scores a sample of
the text. Short texts carry too little evidence: "Rebels attacked." can score as anything, so
below `MIN_LETTERS` letters, or below `MIN_CONFIDENCE`, no language is decided and the text is
read as the pipeline's own language.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

SAMPLE_CHARS = 1000  # the opening of the text is enough evidence; about 1 ms a document
MIN_LETTERS = 120  # fewer letters than this in the sample: no decision
MIN_CONFIDENCE = 0.95  # py3langid's normalised probability needed to decide

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class LanguageGuess:
    code: str | None  # ISO 639-1, or None when undecided
    confidence: float


UNDECIDED = LanguageGuess(None, 0.0)


@functools.cache
def _identifier() -> Any:
    """The model, loaded once per process (about 1.5 s) on first use."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _identify(sample: str) -> tuple[str, float]:
    code, probability = _identifier().classify(sample)
    return str(code), float(probability)


def guess_language(text: str) -> LanguageGuess:
    """The language of `text` when it is long enough and the model is confident, else UNDECIDED."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDECIDED
    code, probability = _identify(sample)
    return LanguageGuess(code if probability >= MIN_CONFIDENCE else None, probability)
