"""Okapi BM25 over the catalogue: how much a council's paragraph is about each action.

Each action is a document of its own lemmas plus its section name's (what responses talk
about). A paragraph is the query, every occurrence of a term counting, so a paragraph that
says "testing" three times is about testing. Unlike the share-of-action coverage used for
stated actions, BM25 does not favour short actions; it is the textbook ranking function,
with its textbook parameters. Plain words are stemmed (Snowball English), so a council's
"engagement" or "promotion" counts as the catalogue's "engage" or "promote"; glossary
concepts and other compound terms are kept whole.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Mapping

import snowballstemmer

K1 = 1.2  # term-frequency saturation
B = 0.75  # document-length normalisation


class Bm25:
    def __init__(self, documents: Mapping[str, Iterable[str]]) -> None:
        self.stemmer = snowballstemmer.stemmer("english")
        self.stem_of: dict[str, str] = {}  # each word is stemmed once: plans repeat their words
        self.counts = {key: Counter(self.stems(terms)) for key, terms in documents.items()}
        self.lengths = {key: sum(counts.values()) for key, counts in self.counts.items()}
        self.average_length = sum(self.lengths.values()) / len(self.lengths) if self.lengths else 0.0
        frequency = Counter(term for counts in self.counts.values() for term in counts)
        n = len(self.counts)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}

    def scores(self, query: Iterable[str]) -> dict[str, float]:
        """BM25 of every document sharing a term with the query (others score 0)."""
        wanted = Counter(term for term in self.stems(query) if term in self.idf)
        results = {}
        for key, counts in self.counts.items():
            shared = [term for term in wanted if term in counts]
            if shared:  # then the document, and so the average, has a length
                norm = K1 * (1 - B + B * self.lengths[key] / self.average_length)
                results[key] = sum(self.idf[term] * counts[term] * (K1 + 1) / (counts[term] + norm) * wanted[term]
                                   for term in shared)
        return results

    def stems(self, terms: Iterable[str]) -> list[str]:
        return [self.stem(term) for term in terms]

    def stem(self, term: str) -> str:
        found = self.stem_of.get(term)
        if found is None:
            found = self.stem_of[term] = self.stemmer.stemWord(term) if term.isalpha() else term
        return found
