"""How well a text states or addresses each canonical action, from its words alone.

coverage  = share of the action's term weight found in the text, phrases counting fully
            and loose words half (so "rapidly complete deferred assessments" beats the
            same four words scattered);
precision = share of the text's term weight that belongs to the action;
score     = w * coverage + (1 - w) * precision, where w is lower for stated actions
            (a paraphrase may abridge the action but says little else) than for responses.
"""

from __future__ import annotations

from dataclasses import dataclass

from .index import CatalogueIndex
from .terms import CONCEPT_JOINER, Terms


@dataclass(frozen=True)
class TextScore:
    action_id: str
    score: float
    coverage: float
    precision: float
    phrases: tuple[str, ...]
    words: tuple[str, ...]
    shared: frozenset[str]

    def evidence(self) -> str:
        parts = []
        if self.phrases:
            parts.append("phrases: " + ", ".join(f'"{p}"' for p in self.phrases))
        if self.words:
            parts.append("terms: " + ", ".join(word.replace(CONCEPT_JOINER, " ") for word in self.words))
        return "; ".join(parts)


def score_text(terms: Terms, index: CatalogueIndex, coverage_weight: float,
               with_section: bool = False) -> dict[str, TextScore]:
    """A TextScore for every action sharing at least one term with the text; with_section
    counts the action's section name as part of the action (for responses, which name the
    topic rather than quote the action)."""
    record_lemmas = frozenset(terms.lemmas)
    record_mass = index.mass(record_lemmas)
    if not record_mass:
        return {}
    runs: dict[str, list[tuple[int, int]]] = {}
    for hit in index.phrase_hits(terms):
        runs.setdefault(hit.action_id, []).append((hit.start, hit.end))
    scores = {}
    for action_id, action_lemmas in (index.topic_sets if with_section else index.lemma_sets).items():
        shared = record_lemmas & action_lemmas
        if not shared:
            continue
        spans = runs.get(action_id, [])
        in_phrases = {lemma for start, end in spans for lemma in terms.lemmas[start:end]} & action_lemmas
        action_mass = index.mass(action_lemmas)
        coverage = (index.mass(in_phrases) + index.mass(shared)) / (2 * action_mass)
        precision = index.mass(shared) / record_mass
        score = coverage_weight * coverage + (1 - coverage_weight) * precision
        phrases = tuple(dict.fromkeys(terms.source(start, end) for start, end in spans))
        loose = tuple(sorted(shared - in_phrases))
        scores[action_id] = TextScore(action_id, score, coverage, precision, phrases, loose, shared)
    return scores
