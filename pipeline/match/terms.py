"""Text to terms: the content lemmas a matcher compares, with where each came from.

Stop words, punctuation and numbers are dropped. Sector terms from the glossary
(data/glossary.csv) and the phrases they stand for become one concept, on the catalogue's
side and the council's alike: abbreviations ("ICF" and "Infection Control Fund") and the
sector's other names for a thing ("immunisation" -> vaccination, "fit testing" -> PPE).
Terms match by lemma, so inflections and British/American spellings match too.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..catalogue import DATA_DIR

GLOSSARY_PATH = DATA_DIR / "glossary.csv"
CONCEPT_JOINER = "_"  # a glossary concept is one lemma: "local_resilience_forum"


@dataclass(frozen=True)
class Terms:
    """Content lemmas in reading order; `spans[i]` is the source text of `lemmas[i]`."""

    lemmas: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    text: str

    def source(self, start: int, end: int) -> str:
        """The source text behind lemmas[start:end]."""
        return self.text[self.spans[start][0]:self.spans[end - 1][1]]


class Termer:
    """Turns texts into Terms with one nlp pipeline and one glossary."""

    def __init__(self, nlp: Language, glossary_path: Path = GLOSSARY_PATH) -> None:
        self.nlp = nlp
        self.glossary = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.meanings: dict[str, list[str]] = {}
        entries = load_glossary(glossary_path)
        for term, expansion, kind in sorted(entries, key=lambda entry: entry[2] != "abbreviation"):
            if kind == "abbreviation":
                key = CONCEPT_JOINER.join(self._content(nlp(expansion)))
                self.meanings[key] = [key]
                patterns = [nlp(term), nlp(term.lower()), nlp(expansion)]
            else:
                key = f"synonym:{term.lower()}"
                self.meanings[key] = list(self(expansion).lemmas)
                patterns = [nlp(term), nlp(term.lower())]
            self.glossary.add(key, patterns)

    def __call__(self, text: str) -> Terms:
        return self.from_doc(self.nlp(text))

    def many(self, texts: list[str]) -> list[Terms]:
        return [self.from_doc(doc) for doc in self.nlp.pipe(texts)]

    def from_doc(self, doc: Doc) -> Terms:
        """Content lemmas. An abbreviation, or the phrase it stands for, becomes one concept
        lemma ("LRF" and "Local Resilience Forum" count once, as the same thing); a synonym
        becomes the lemmas of the catalogue's word for it."""
        found = filter_spans([Span(doc, start, end, label=key) for key, start, end in self.glossary(doc)])
        terms = {span.start: span for span in found}
        lemmas: list[str] = []
        spans: list[tuple[int, int]] = []
        index = 0
        while index < len(doc):
            span = terms.get(index)
            if span is not None:
                meaning = self.meanings[span.label_]
                lemmas.extend(meaning)
                spans.extend([(span.start_char, span.end_char)] * len(meaning))
                index = span.end
                continue
            token = doc[index]
            for lemma in self._content([token]):
                lemmas.append(lemma)
                spans.append((token.idx, token.idx + len(token.text)))
            index += 1
        return Terms(tuple(lemmas), tuple(spans), doc.text)

    @staticmethod
    def _content(tokens: Doc | list[Token]) -> list[str]:
        return [token.lemma_ for token in tokens if is_content(token)]


def is_content(token: Token) -> bool:
    if not any(char.isalpha() for char in token.text) or len(token.text) < 2:
        return False
    return token.lower_ not in STOP_WORDS and token.lemma_ not in STOP_WORDS


def load_glossary(path: Path = GLOSSARY_PATH) -> list[tuple[str, str, str]]:
    """(term, expansion, kind) rows. An abbreviation and its expansion become one concept;
    a synonym is read as its expansion's words."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["term"].strip(), row["expansion"].strip(), row["kind"].strip())
                for row in csv.DictReader(handle)]
