"""The spaCy pipeline: blank English, norms and lemmas from spacy-lookups-data.

No trained pipeline is needed (none can be installed offline). Norms turn British
spellings into one form ("organised" -> "organized"); the lookup lemmatizer then maps
inflections to a lemma ("assessments" -> "assessment"), case-insensitively.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.tokens import Doc

MAX_TEXT = 2**31 - 1
_LOOKUPS = {"@misc": "spacy.LookupsDataLoader.v1", "lang": "en", "tables": ["lexeme_norm"]}


@Language.factory("norm_lemmatizer")
class NormLemmatizer:
    """Lemma of each token's norm, so case and spelling variants share one lemma."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.lemma_ = self.table.get(token.norm_, token.norm_)
        return doc


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    nlp = spacy.blank("en", config={"initialize": {"lookups": _LOOKUPS}})
    nlp.add_pipe("norm_lemmatizer")
    nlp.initialize()
    nlp.max_length = MAX_TEXT  # spaCy's own cap is for its trained parsers; documents are bounded by Limits.characters
    return nlp
