"""Name keys: one ASCII-folded spelling per place name, so spelling variants meet in the index.

"Deir ez-Zor", "Deir Ezzor" and "Dayr az-Zawr" are one place written three ways in news. A key
folds case and diacritics, drops a leading Arabic article ("al-", "el-", "ar-" ...), removes spaces,
hyphens and apostrophes, collapses doubled letters and a final "h" after a vowel ("Raqqah" =
"Raqqa"), and writes "Saint"/"Mount"/"Fort" as "St"/"Mt"/"Ft". Keys are for lookup only; the
surface text decides what counts as a toponym.
"""

from __future__ import annotations

import functools
import re

from unidecode import unidecode

_LEADING_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|az|an|at|ad|ed|es|ez|ul)[\s\-‐'’`]+(?=\w{3})")
_WORD_ABBREVIATIONS = (
    (re.compile(r"\bsaint\b"), "st"), (re.compile(r"\bsainte\b"), "ste"),
    (re.compile(r"\bmount\b"), "mt"), (re.compile(r"\bfort\b"), "ft"),
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")


@functools.lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The lookup key of a place name ("" when nothing letter-like is left)."""
    text = unidecode(name).lower().strip()
    if text.startswith("the "):
        text = text[4:]
    text = _LEADING_ARTICLE.sub("", text)
    for pattern, short in _WORD_ABBREVIATIONS:
        text = pattern.sub(short, text)
    text = text.replace("st.", "st").replace("mt.", "mt").replace("ft.", "ft")
    text = _NON_ALNUM.sub("", text)
    text = _DOUBLED.sub(r"\1", text)
    return _FINAL_H.sub("", text)
