"""The catalogue prepared for matching: each action's terms, term weights, a spaCy
PhraseMatcher whose patterns are the actions' consecutive content-lemma pairs, and a BM25
index of each action's terms with its section's name (for ranking responses).

Everything here is derived from the catalogue file, so a new year's catalogue brings its
own patterns. Weights are inverse document frequencies over the actions: a word that
appears in many actions ("care", "support") counts for less than a rare one ("shielding").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..catalogue import Catalogue
from ..models import Action
from .bm25 import Bm25
from .terms import Termer, Terms


@dataclass(frozen=True)
class PhraseHit:
    """Record lemmas [start, end) that also run consecutively in an action's text."""

    action_id: str
    start: int
    end: int


class CatalogueIndex:
    def __init__(self, catalogue: Catalogue, termer: Termer) -> None:
        self.catalogue = catalogue
        self.termer = termer
        self.vocab = termer.nlp.vocab
        texts = [action.text for action in catalogue.actions]
        self.terms: dict[str, Terms] = {
            action.action_id: terms for action, terms in zip(catalogue.actions, termer.many(texts))
        }
        self.lemma_sets = {action_id: frozenset(t.lemmas) for action_id, t in self.terms.items()}
        self.weights = _idf(self.lemma_sets.values())
        self.default_weight = math.log(len(catalogue.actions) + 1) + 1.0
        self._action_masses: dict[frozenset[str], float] = {}
        section_names = {key: termer(key[1]).lemmas for key in catalogue.sections}
        self.section_terms = {key: frozenset(lemmas) for key, lemmas in section_names.items()}
        topics = {  # an action's words plus its section's name: what responses talk about
            a.action_id: (*self.terms[a.action_id].lemmas, *section_names[(a.theme_no, a.section)])
            for a in catalogue.actions
        }
        self.topic_sets = {action_id: frozenset(lemmas) for action_id, lemmas in topics.items()}
        self.section_vocabulary = {  # a section's name and its actions' words
            key: frozenset().union(*(self.topic_sets[a.action_id] for a in catalogue.actions
                                     if (a.theme_no, a.section) == key))
            for key in catalogue.sections}
        self.relevance = Bm25(topics)
        self.phrases = PhraseMatcher(self.vocab, attr="ORTH")
        for action_id, terms in self.terms.items():
            pairs = {terms.lemmas[i:i + 2] for i in range(len(terms.lemmas) - 1)}
            self.phrases.add(action_id, [self._lemma_doc(pair) for pair in sorted(pairs)])

    @lru_cache(maxsize=4)
    def near_duplicates(self, threshold: float) -> dict[str, list[str]]:
        """Actions the national plan repeats in another theme (staff redeployment in Themes 1
        and 3, Infection Control Fund returns in Themes 1 and 4): weighted overlap of their
        terms at or above `threshold`. Within one theme, alike wording marks parallel actions
        on different topics (monitoring tracker data, monitoring testing data), not repeats.
        Computed once per threshold, not once per plan."""
        found: dict[str, list[str]] = {}
        theme = {a.action_id: a.theme_no for a in self.actions}
        for first in self.lemma_sets:
            for second in self.lemma_sets:
                a, b = self.lemma_sets[first], self.lemma_sets[second]
                if theme[first] != theme[second] and self.mass(a & b) >= threshold * self.mass(a | b):
                    found.setdefault(first, []).append(second)
        return found

    def place(self, action_id: str) -> tuple[int, str]:
        """The action's theme number and section."""
        action = self.catalogue.by_id[action_id]
        return action.theme_no, action.section

    @property
    def actions(self) -> tuple[Action, ...]:
        return self.catalogue.actions

    def weight(self, lemma: str) -> float:
        return self.weights.get(lemma, self.default_weight)

    def mass(self, lemmas: frozenset[str] | set[str]) -> float:
        weights, default = self.weights, self.default_weight
        return sum(weights.get(lemma, default) for lemma in lemmas)

    def action_mass(self, lemmas: frozenset[str]) -> float:
        """`mass` of an action's own (or its topic's) lemmas, summed once per set: every
        record is scored against every action."""
        found = self._action_masses.get(lemmas)
        if found is None:
            found = self._action_masses[lemmas] = self.mass(lemmas)
        return found

    def phrase_hits(self, terms: Terms) -> list[PhraseHit]:
        """Maximal runs of record lemmas that follow one another in an action's text."""
        hits: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.phrases(self._lemma_doc(terms.lemmas)):
            hits.setdefault(self.vocab.strings[match_id], []).append((start, end))
        merged = []
        for action_id, spans in hits.items():
            for start, end in _merge_spans(spans):
                merged.append(PhraseHit(action_id, start, end))
        return merged

    def _lemma_doc(self, lemmas: tuple[str, ...]) -> Doc:
        return Doc(self.vocab, words=list(lemmas), spaces=[True] * len(lemmas))


def _idf(lemma_sets) -> dict[str, float]:
    sets = list(lemma_sets)
    counts = Counter(lemma for lemmas in sets for lemma in lemmas)
    return {lemma: math.log((len(sets) + 1) / (count + 1)) + 1.0 for lemma, count in counts.items()}


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
